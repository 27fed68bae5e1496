"""Helpers for returns tests: paid order lines, photos, returns."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.services import stock_adjust
from orders.models import Order, OrderLine
from orders.services import order_cancel
from returns.services import return_request_create
from tests.catalog.factories import VariantFactory
from tests.helpers import mark_paid
from tests.orders.factories import make_order


def stocked_variant(*, base_price: int = 20_000, stock: int = 10):
    """A variant whose stock came in through the catalog service (audit-clean)."""
    variant = VariantFactory(
        base_price=base_price, suggested_price=base_price + 10_000, stock=0
    )
    stock_adjust(
        variant=variant, delta=stock, actor=None, reason="Stok awal", kind="restock"
    )
    return variant


def paid_line(member, *, quantity: int = 3, base_price: int = 20_000) -> OrderLine:
    """Return the only line of a new order of the member, marked paid.

    ``orders_mark_paid`` is what a confirmed settlement calls; the settlement id
    is not checked by orders, so returns tests need no settlement.
    """
    variant = stocked_variant(base_price=base_price)
    order = make_order(member=member, lines=[(variant, quantity, base_price + 10_000)])
    mark_paid(order, actor=None, settlement_id=0)
    return order.lines.get()


def submitted_line(member, *, quantity: int = 2) -> OrderLine:
    order = make_order(member=member, lines=[(stocked_variant(), quantity, 30_000)])
    return order.lines.get()


def cancelled_line(member) -> OrderLine:
    line = submitted_line(member)
    order_cancel(order=line.order, actor=member.user)
    assert Order.objects.get(pk=line.order_id).status == Order.Status.CANCELLED
    return line


def photo_file(name: str = "rusak.jpg", *, fmt: str = "JPEG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def make_return(line, *, quantity: int = 1, reason: str = "defective", photos=()):
    member = line.order.member
    return return_request_create(
        member=member,
        actor=member.user,
        order_line_id=line.pk,
        quantity=quantity,
        reason=reason,
        note="Jahitan lepas",
        photos=photos,
    )
