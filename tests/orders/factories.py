"""Factories and helpers for orders tests (settlements tests may use them too)."""

from catalog.models import Variant
from community.models import Member, Shop
from orders.models import Order
from orders.services import order_create
from tests.catalog.factories import VariantFactory
from tests.factories import ShopFactory

__all__ = ["VariantFactory", "make_order"]


def make_order(
    *,
    member: Member,
    shop: Shop | None = None,
    lines: list[tuple[Variant, int, int]] | None = None,
    draft: bool = False,
    number: str | None = None,
    shipping_fee: int = 0,
    marketplace_fee: int = 0,
) -> Order:
    """Log an order through the service (stock really reserved when submitted).

    ``lines`` are (variant, quantity, sale price); by default one line of a new
    variant (base 20.000, suggested 30.000, stock 10) × 1 at 30.000.
    """
    shop = shop or ShopFactory(member=member)
    if lines is None:
        lines = [(VariantFactory(), 1, 30000)]
    make_order.counter += 1
    return order_create(
        member=member,
        shop=shop,
        marketplace_order_no=number or f"2601{make_order.counter:08d}",
        recipient_name="Budi Santoso",
        recipient_phone="081234567890",
        recipient_address="Jl. Merdeka No. 10, Sumenep",
        courier="jne",
        shipping_fee=shipping_fee,
        marketplace_fee=marketplace_fee,
        lines=[
            {"variant": variant.pk, "quantity": quantity, "sale_price": price}
            for variant, quantity, price in lines
        ],
        draft=draft,
        actor=member.user,
    )


make_order.counter = 0
