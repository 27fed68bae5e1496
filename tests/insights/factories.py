"""Sales rows for insights tests, written directly (insights only reads).

The figures an order carries (goods total, profit, charity share) are set the
way ``orders.money`` computes them, so a hand computation in a test can be
checked against what the dashboard and the API show.
"""

import datetime
from decimal import Decimal

from catalog.models import Variant
from community.models import Member, Shop
from insights.periods import JAKARTA
from orders.models import Order, OrderLine

RATE = Decimal("2.50")


def jakarta(*args) -> datetime.datetime:
    """An aware datetime on the Jakarta wall clock."""
    return datetime.datetime(*args, tzinfo=JAKARTA)


def order_figures(lines, *, shipping_fee=0, marketplace_fee=0) -> dict:
    base = sum(variant.base_price * quantity for variant, quantity, _ in lines)
    margin = sum(
        (price - variant.base_price) * quantity for variant, quantity, price in lines
    )
    profit = margin - marketplace_fee
    charity = int(
        (Decimal(max(profit, 0)) * RATE / 100).quantize(Decimal("1"), "ROUND_HALF_UP")
    )
    return {
        "goods_total": base + shipping_fee,
        "profit": profit,
        "charity_share": charity,
    }


_counter = {"n": 0}


def build_sale(
    *,
    member: Member,
    shop: Shop,
    lines: list[tuple[Variant, int, int]],
    submitted_at: datetime.datetime,
    status: str = Order.Status.SUBMITTED,
    shipping_fee: int = 0,
    marketplace_fee: int = 0,
) -> tuple[Order, list[OrderLine]]:
    """Return an unsaved order and its unsaved lines (for bulk_create)."""
    _counter["n"] += 1
    order = Order(
        member=member,
        shop=shop,
        marketplace_order_no=f"INS{_counter['n']:08d}",
        status=status,
        shipping_fee=shipping_fee,
        marketplace_fee=marketplace_fee,
        charity_rate=RATE,
        charity_minimum=0,
        created_at=submitted_at,
        submitted_at=submitted_at,
        tracking_no=(  # one resi per parcel (unique per courier)
            f"RESI{_counter['n']}" if status in ("shipped", "completed") else ""
        ),
        **order_figures(
            lines, shipping_fee=shipping_fee, marketplace_fee=marketplace_fee
        ),
    )
    order_lines = [
        OrderLine(
            order=order,
            variant=variant,
            quantity=quantity,
            unit_base_price=variant.base_price,
            sale_price=price,
        )
        for variant, quantity, price in lines
    ]
    return order, order_lines


def make_sale(**kwargs) -> Order:
    order, lines = build_sale(**kwargs)
    order.save()
    for line in lines:
        line.order = order
    OrderLine.objects.bulk_create(lines)
    return order


def bulk_sales(specs: list[dict]) -> list[Order]:
    """Create many sales in two queries (orders, then lines)."""
    built = [build_sale(**spec) for spec in specs]
    orders = Order.objects.bulk_create([order for order, _ in built])
    lines = []
    for order, order_lines in zip(orders, (lines for _, lines in built), strict=True):
        for line in order_lines:
            line.order = order
            lines.append(line)
    OrderLine.objects.bulk_create(lines)
    return orders
