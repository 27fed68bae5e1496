"""``orders_mark_paid``, the one paid transition: what it writes per order,
and that it refuses a batch whole."""

import pytest
from django.utils import timezone

from community.errors import ConflictError
from orders.models import Order, OrderEvent
from orders.services import order_cancel, orders_mark_paid
from tests.orders.factories import make_order

pytestmark = pytest.mark.django_db


def _state(order: Order) -> tuple:
    order.refresh_from_db()
    event = order.events.order_by("-pk").first()
    return (
        order.status,
        order.paid_at is not None,
        event.from_status,
        event.to_status,
        event.params,
        event.actor_id,
    )


def test_many_write_what_one_writes(member, leader):
    single = make_order(member=member)
    orders_mark_paid(pairs=[(single.pk, 5)], actor=leader)
    batch = [make_order(member=member) for _ in range(3)]
    now = timezone.now()
    orders_mark_paid(pairs=[(order.pk, 5) for order in batch], actor=leader, now=now)
    expected = _state(single)
    assert expected == ("paid", True, "submitted", "paid", {"settlement": 5}, leader.pk)
    for order in batch:
        assert _state(order) == expected
        assert order.paid_at == now
    assert OrderEvent.objects.filter(to_status="paid").count() == 4


def test_an_order_no_longer_submitted_refuses_the_whole_batch(member, leader):
    waiting = make_order(member=member)
    cancelled = make_order(member=member)
    order_cancel(order=cancelled, actor=member.user)
    with pytest.raises(ConflictError):
        orders_mark_paid(
            pairs=[(waiting.pk, 1), (cancelled.pk, 1)],
            actor=leader,
            now=timezone.now(),
        )
    waiting.refresh_from_db()
    assert waiting.status == "submitted" and waiting.paid_at is None
    assert not OrderEvent.objects.filter(to_status="paid").exists()


def test_an_order_named_twice_refuses_the_batch(member, leader):
    order = make_order(member=member)
    with pytest.raises(ConflictError):
        orders_mark_paid(
            pairs=[(order.pk, 1), (order.pk, 2)], actor=leader, now=timezone.now()
        )
    order.refresh_from_db()
    assert order.status == "submitted"
