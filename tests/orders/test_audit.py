"""orders/audit.py finds money and stock that do not add up."""

import pytest

from orders import services
from orders.audit import run_checks
from orders.models import Order
from tests.orders.factories import VariantFactory, make_order

pytestmark = pytest.mark.django_db


def problems():
    return dict(run_checks())


def test_clean_orders_pass_and_tampering_is_found(member, leader):
    variant = VariantFactory(stock=20)
    kept = make_order(member=member, lines=[(variant, 2, 30000)])
    cancelled = make_order(member=member, lines=[(variant, 1, 30000)])
    services.order_cancel(order=cancelled, actor=member.user)
    make_order(member=member, lines=[(variant, 1, 30000)], draft=True)
    assert all(found == [] for found in problems().values())

    Order.objects.filter(pk=kept.pk).update(charity_share=1)
    kept.lines.update(quantity=3)
    found = problems()
    assert len(found["orders: stored money equals the lines"]) == 1
    assert f"order {kept.pk}" in found["orders: stock held equals the movements"][0]
