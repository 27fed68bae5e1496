"""The whole happy path of one order, through the services."""

import pytest

from catalog.models import StockMovement
from orders.models import Order
from orders.services import (
    order_complete,
    order_pack,
    order_ship,
)
from tests.helpers import mark_paid
from tests.orders.factories import VariantFactory, make_order

pytestmark = pytest.mark.django_db


def test_an_order_goes_from_submitted_to_completed(member, leader):
    variant = VariantFactory(stock=5, base_price=20000)
    order = make_order(member=member, lines=[(variant, 2, 30000)])
    assert order.status == Order.Status.SUBMITTED
    variant.refresh_from_db()
    assert variant.stock == 3
    assert order.goods_total == 40000
    assert order.profit == 20000
    assert order.charity_share == 500
    mark_paid(order, actor=leader, settlement_id=7)
    order_pack(order=order, actor=leader)
    order_ship(order=order, actor=leader, tracking_no=" jp 1234 5678 ")
    order_complete(order=order, actor=member.user)
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
    assert order.tracking_no == "JP12345678"
    assert [e.to_status for e in order.events.all()] == [
        "draft",
        "submitted",
        "paid",
        "packed",
        "shipped",
        "completed",
    ]
    assert order.events.get(to_status="paid").params == {"settlement": 7}
    assert StockMovement.objects.filter(reference=f"order:{order.pk}").count() == 1
