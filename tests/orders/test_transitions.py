"""Every transition: legal ones move, illegal ones change nothing; stock is
reserved once and released once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import StockMovement
from community.errors import ConflictError, PermissionDeniedError
from orders import services
from orders.models import Order
from orders.tasks import order_cancel_unpaid_task
from tests.helpers import mark_paid, run_in_threads
from tests.orders.factories import VariantFactory, make_order

S = Order.Status
pytestmark = pytest.mark.django_db


def order_in(status, *, member, leader, variant=None):
    """Return an order brought to ``status`` through the services."""
    variant = variant or VariantFactory(stock=10)
    order = make_order(
        member=member,
        lines=[(variant, 2, 30000)],
        draft=status in (S.DRAFT,) or status == "cancelled_draft",
    )
    if status == S.CANCELLED:
        services.order_cancel(order=order, actor=member.user)
    if status in (S.PAID, S.PACKED, S.SHIPPED, S.COMPLETED):
        mark_paid(order, actor=leader, settlement_id=1)
    if status in (S.PACKED, S.SHIPPED, S.COMPLETED):
        services.order_pack(order=order, actor=leader)
    if status in (S.SHIPPED, S.COMPLETED):
        services.order_ship(order=order, actor=leader, tracking_no="JNE123")
    if status == S.COMPLETED:
        services.order_complete(order=order, actor=leader)
    order.refresh_from_db()
    assert order.status == status
    return order


def attempts(member, leader):
    """Each transition service with a caller allowed to try it."""
    return {
        S.SUBMITTED: lambda o: services.order_submit(order=o, actor=member.user),
        S.CANCELLED: lambda o: services.order_cancel(order=o, actor=leader),
        S.PAID: lambda o: mark_paid(o, actor=leader, settlement_id=9),
        S.PACKED: lambda o: services.order_pack(order=o, actor=leader),
        S.SHIPPED: lambda o: services.order_ship(
            order=o, actor=leader, tracking_no="X9"
        ),
        S.COMPLETED: lambda o: services.order_complete(order=o, actor=leader),
    }


ILLEGAL = [
    (start, target)
    for start in S.values
    for target in S.values
    if target != S.DRAFT and target not in services.ALLOWED_TRANSITIONS[start]
]


@pytest.mark.parametrize(("start", "target"), ILLEGAL)
def test_an_illegal_transition_is_refused_and_changes_nothing(
    start, target, member, leader
):
    variant = VariantFactory(stock=10)
    order = order_in(start, member=member, leader=leader, variant=variant)
    variant.refresh_from_db()
    stock_before = variant.stock
    events_before = list(order.events.values_list("pk", flat=True))
    movements_before = StockMovement.objects.count()
    with pytest.raises(ConflictError):
        attempts(member, leader)[target](order)
    order.refresh_from_db()
    variant.refresh_from_db()
    assert order.status == start
    assert list(order.events.values_list("pk", flat=True)) == events_before
    assert variant.stock == stock_before
    assert StockMovement.objects.count() == movements_before


def test_the_allowed_path_is_exactly_the_documented_one():
    assert {
        "draft": {"submitted", "cancelled"},
        "submitted": {"paid", "cancelled"},
        "paid": {"packed"},
        "packed": {"shipped"},
        "shipped": {"completed"},
        "completed": set(),
        "cancelled": set(),
    } == services.ALLOWED_TRANSITIONS


def test_shipping_needs_a_resi_and_the_leader(member, leader):
    order = order_in(S.PACKED, member=member, leader=leader)
    with pytest.raises(PermissionDeniedError):
        services.order_ship(order=order, actor=member.user, tracking_no="A1")
    with pytest.raises(Exception, match="resi"):
        services.order_ship(order=order, actor=leader, tracking_no="  ")
    order.refresh_from_db()
    assert order.status == S.PACKED
    assert order.tracking_no == ""


def test_a_member_may_not_pack_their_own_order(member, leader):
    order = order_in(S.PAID, member=member, leader=leader)
    with pytest.raises(PermissionDeniedError):
        services.order_pack(order=order, actor=member.user)
    order.refresh_from_db()
    assert order.status == S.PAID


def test_cancel_releases_exactly_the_reserved_stock_once(member, leader):
    first = VariantFactory(stock=10)
    second = VariantFactory(stock=4)
    order = make_order(member=member, lines=[(first, 3, 30000), (second, 4, 30000)])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stock, second.stock) == (7, 0)
    services.order_cancel(order=order, actor=member.user, reason="buyer cancelled")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stock, second.stock) == (10, 4)
    with pytest.raises(ConflictError):
        services.order_cancel(order=order, actor=leader)
    first.refresh_from_db()
    assert first.stock == 10
    releases = StockMovement.objects.filter(
        reference=f"order:{order.pk}", kind="release"
    )
    assert sorted(releases.values_list("variant_id", "quantity")) == sorted(
        [(first.pk, 3), (second.pk, 4)]
    )
    event = order.events.get(to_status=S.CANCELLED)
    assert event.params["reason"] == "buyer cancelled"
    assert event.params["stock_released"] is True


def test_cancelling_a_draft_touches_no_stock(member):
    variant = VariantFactory(stock=5)
    order = make_order(member=member, lines=[(variant, 2, 30000)], draft=True)
    services.order_cancel(order=order, actor=member.user)
    variant.refresh_from_db()
    assert variant.stock == 5
    assert not StockMovement.objects.filter(reference=f"order:{order.pk}").exists()


def test_auto_cancel_releases_old_unpaid_orders_once(member, leader, settings):
    settings.ORDER_PAYMENT_HOURS = 48
    variant = VariantFactory(stock=10)
    old = make_order(member=member, lines=[(variant, 2, 30000)])
    fresh = make_order(member=member, lines=[(variant, 1, 30000)])
    paid = make_order(member=member, lines=[(variant, 3, 30000)])
    mark_paid(paid, actor=leader, settlement_id=1)
    long_ago = timezone.now() - timedelta(hours=49)
    Order.objects.filter(pk__in=[old.pk, paid.pk]).update(submitted_at=long_ago)
    variant.refresh_from_db()
    assert variant.stock == 4

    assert order_cancel_unpaid_task.delay().get() == [old.pk]
    assert order_cancel_unpaid_task.delay().get() == []

    variant.refresh_from_db()
    assert variant.stock == 6
    old.refresh_from_db()
    fresh.refresh_from_db()
    paid.refresh_from_db()
    assert (old.status, fresh.status, paid.status) == (S.CANCELLED, S.SUBMITTED, S.PAID)
    assert old.events.get(to_status=S.CANCELLED).actor is None
    assert old.events.get(to_status=S.CANCELLED).params["automatic"] is True
    assert (
        StockMovement.objects.filter(reference=f"order:{old.pk}", kind="release")
        .get()
        .quantity
        == 2
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_cancels_at_once_release_the_stock_once(member, leader):
    variant = VariantFactory(stock=10)
    order = make_order(member=member, lines=[(variant, 4, 30000)])

    def cancel(index):
        actor = member.user if index % 2 else leader
        return services.order_cancel(order=Order.objects.get(pk=order.pk), actor=actor)

    results = run_in_threads(cancel, 4)
    assert sum(isinstance(result, Order) for result in results) == 1
    assert all(isinstance(result, Order | ConflictError) for result in results), results
    variant.refresh_from_db()
    assert variant.stock == 10
    assert (
        StockMovement.objects.filter(
            reference=f"order:{order.pk}", kind="release"
        ).count()
        == 1
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_orders_racing_for_the_last_items_never_oversell(member):
    variant = VariantFactory(stock=3)
    shop = member.shops.create(marketplace="shopee", name="Toko Balapan")

    def submit(index):
        return make_order(
            member=member,
            shop=shop,
            number=f"RACE-{index}",
            lines=[(variant, 1, 30000)],
        )

    results = run_in_threads(submit, 6)
    assert sum(isinstance(result, Order) for result in results) == 3
    variant.refresh_from_db()
    assert variant.stock == 0
