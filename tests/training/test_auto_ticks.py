"""Automatic items tick themselves once, from the orders/settlements signals."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from community.models import Member
from orders.signals import order_completed, order_submitted
from settlements.signals import settlements_confirmed
from tests.factories import ShopFactory
from tests.helpers import mark_paid, run_in_threads
from tests.training.factories import (
    auto_item,
    fake_order,
    fake_settlement,
    make_trainee,
    tick_directly,
)
from training.models import ChecklistItem, Enrollment, ItemCheck
from training.services import item_auto_check


@pytest.fixture(autouse=True)
def ticks_at_once(monkeypatch):
    """The receivers tick after the sender's commit; these tests send the
    signals inside the test's transaction, so run those callbacks at once."""
    from training import receivers

    monkeypatch.setattr(
        receivers.transaction, "on_commit", lambda fn, robust=False: fn()
    )


def ticks(enrollment, code):
    return ItemCheck.objects.filter(enrollment=enrollment, item=auto_item(code))


@pytest.mark.django_db
def test_first_order_ticks_once_from_the_order_submitted_signal():
    enrollment = make_trainee()
    trainee = enrollment.trainee
    order_submitted.send(sender=None, order=fake_order(trainee, 11), actor=None)
    order_submitted.send(sender=None, order=fake_order(trainee, 12), actor=None)
    check = ticks(enrollment, "first_order").get()
    assert check.source == ItemCheck.Source.AUTOMATIC
    assert check.reference == "order:11"
    assert check.checked_by is None and check.unchecked_at is None
    enrollment.refresh_from_db()
    assert enrollment.last_activity_at >= check.checked_at


@pytest.mark.django_db
def test_first_settlement_ticks_once_from_the_settlements_confirmed_signal():
    enrollment = make_trainee()
    for pk in (5, 6):
        settlements_confirmed.send(
            sender=None,
            settlements=[fake_settlement(enrollment.trainee, pk)],
            actor=None,
        )
    assert ticks(enrollment, "first_settlement").get().reference == "settlement:5"


@pytest.mark.django_db
def test_an_event_of_a_member_without_enrolment_does_nothing(member):
    order_submitted.send(sender=None, order=fake_order(member, 1), actor=None)
    assert not ItemCheck.objects.exists()


def _completed_orders(member, count):
    order_model = apps.get_model("orders", "Order")
    shop = ShopFactory(member=member)
    return [
        order_model.objects.create(
            member=member,
            shop=shop,
            marketplace_order_no=f"DONE-{member.pk}-{index}",
            status="completed",
            tracking_no=f"JNE{shop.pk}X{index}",  # one resi per parcel
            charity_rate=Decimal("2.5"),
            submitted_at=timezone.now(),
            completed_at=timezone.now(),
        )
        for index in range(count)
    ]


@pytest.mark.django_db
def test_five_completed_orders_tick_the_item_only_at_the_fifth():
    enrollment = make_trainee()
    trainee = enrollment.trainee
    orders = _completed_orders(trainee, 4)
    order_completed.send(sender=None, order=orders[-1], actor=None)
    assert not ticks(enrollment, "five_completed").exists()
    fifth = _completed_orders(trainee, 1)[0]
    order_completed.send(sender=None, order=fifth, actor=None)
    assert ticks(enrollment, "five_completed").get().reference == f"order:{fifth.pk}"
    sixth = _completed_orders(trainee, 1)[0]
    order_completed.send(sender=None, order=sixth, actor=None)
    assert ticks(enrollment, "five_completed").count() == 1


@pytest.mark.django_db
def test_the_last_automatic_tick_finishes_training_and_activates_the_member():
    enrollment = make_trainee()
    last = auto_item("first_settlement")
    tick_directly(enrollment, ChecklistItem.objects.exclude(pk=last.pk))
    settlements_confirmed.send(
        sender=None, settlements=[fake_settlement(enrollment.trainee, 9)], actor=None
    )
    enrollment.refresh_from_db()
    trainee = Member.objects.get(pk=enrollment.trainee_id)
    assert enrollment.completed_at is not None
    assert trainee.status == Member.Status.ACTIVE
    assert trainee.became_active_on is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_orders_logged_concurrently_tick_first_order_once():
    enrollment = make_trainee()
    member_id = enrollment.trainee_id

    def log_order(index):
        ticked = item_auto_check(
            auto_code="first_order", references={member_id: f"order:{index}"}
        )
        return ticked[0] if ticked else None

    results = run_in_threads(log_order, 2)
    assert not [r for r in results if isinstance(r, Exception)], results
    created = [r for r in results if r is not None]
    assert len(created) == 1
    assert (
        ItemCheck.objects.filter(
            enrollment=enrollment, item__auto_code="first_order"
        ).count()
        == 1
    )
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is None


@pytest.mark.django_db
def test_real_orders_tick_first_order_and_five_completed(leader):
    from orders import services as orders
    from tests.orders.factories import make_order

    enrollment = make_trainee()
    trainee = enrollment.trainee
    shop = ShopFactory(member=trainee)
    first = make_order(member=trainee, shop=shop)
    assert ticks(enrollment, "first_order").get().reference == f"order:{first.pk}"
    placed = [first] + [make_order(member=trainee, shop=shop) for _ in range(4)]
    assert ticks(enrollment, "first_order").count() == 1
    for index, order in enumerate(placed):
        mark_paid(order, actor=leader, settlement_id=index + 1)
        orders.order_pack(order=order, actor=leader)
        orders.order_ship(order=order, actor=leader, tracking_no=f"JNE00{index}")
        assert not ticks(enrollment, "five_completed").exists()
        orders.order_complete(order=order, actor=leader)
    assert ticks(enrollment, "five_completed").get().reference == (
        f"order:{placed[-1].pk}"
    )
