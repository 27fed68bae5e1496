"""Settlement services: create (credit, code), confirm, reject, cancel, expire."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.errors import ConflictError, KongsiError, PermissionDeniedError
from ledger.credit import credit_balance, credit_post
from ledger.models import CreditEntry, FundEntry
from orders.models import Order, OrderEvent
from settlements import services
from settlements.models import Settlement, SettlementOrder
from settlements.selectors import member_outstanding
from settlements.signals import settlements_confirmed
from tests.factories import MemberFactory
from tests.settlements.factories import open_settlement, submitted_order

pytestmark = pytest.mark.django_db


def give_credit(member, amount):
    credit_post(
        member=member,
        amount=amount,
        kind="return_credit",
        reference="return:test",
        idempotency_key=f"test-credit:{member.pk}:{amount}",
    )


def test_create_adds_up_goods_charity_and_a_code(member):
    first = submitted_order(member, base_price=20000, sale_price=30000)
    second = submitted_order(member, base_price=15000, sale_price=25000, quantity=2)
    settlement = services.settlement_create(
        member=member, orders=[second, first], actor=member.user
    )
    assert settlement.goods_total == first.goods_total + second.goods_total
    assert settlement.charity_share == first.charity_share + second.charity_share
    assert settlement.charity_share > 0
    assert settlement.credit_applied == 0
    assert 1 <= settlement.unique_code <= 999
    assert settlement.amount_due == (
        settlement.goods_total + settlement.charity_share + settlement.unique_code
    )
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER
    assert set(
        SettlementOrder.objects.filter(
            settlement=settlement, is_active=True
        ).values_list("order_id", flat=True)
    ) == {first.pk, second.pk}
    assert member_outstanding(member) == settlement.amount_due


def test_codes_differ_for_equal_totals(member, other_member):
    amounts = {open_settlement(MemberFactory()).amount_due for _ in range(15)}
    assert len(amounts) == 15


def test_an_order_in_an_open_settlement_cannot_be_settled_again(member):
    order = submitted_order(member)
    services.settlement_create(member=member, orders=[order], actor=member.user)
    with pytest.raises(KongsiError) as error:
        services.settlement_create(member=member, orders=[order], actor=member.user)
    assert error.value.field == "orders"
    assert Settlement.objects.count() == 1


def test_another_members_order_is_refused(member, other_member):
    order = submitted_order(other_member)
    with pytest.raises(KongsiError):
        services.settlement_create(member=member, orders=[order], actor=member.user)
    assert Settlement.objects.count() == 0


def test_partial_credit_is_applied_and_returned_on_reject(member, leader):
    give_credit(member, 5000)
    settlement = open_settlement(member)
    assert settlement.credit_applied == 5000
    assert settlement.amount_due == (
        settlement.goods_total
        + settlement.charity_share
        - 5000
        + settlement.unique_code
    )
    assert credit_balance(member) == 0
    entry = CreditEntry.objects.get(idempotency_key=f"settlement:{settlement.pk}:apply")
    assert entry.amount == -5000
    with pytest.raises(KongsiError):
        services.settlement_reject(settlement=settlement, actor=leader, reason="  ")
    services.settlement_reject(settlement=settlement, actor=leader, reason="Tidak ada")
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.REJECTED
    assert settlement.reject_reason == "Tidak ada"
    assert credit_balance(member) == 5000
    assert not SettlementOrder.objects.filter(settlement=settlement, is_active=True)
    order = settlement.links.get().order
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED
    # the order can be settled again
    again = services.settlement_create(member=member, orders=[order], actor=member.user)
    assert again.credit_applied == 5000


def test_credit_covering_everything_confirms_at_once_without_code(member):
    give_credit(member, 1_000_000)
    order = submitted_order(member)
    settlement = services.settlement_create(
        member=member, orders=[order], actor=member.user
    )
    assert settlement.status == Settlement.Status.CONFIRMED
    assert settlement.confirmed_via == Settlement.Via.CREDIT
    assert settlement.unique_code == 0
    assert settlement.amount_due == 0
    assert settlement.credit_applied == order.goods_total + order.charity_share
    assert credit_balance(member) == 1_000_000 - settlement.credit_applied
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert (
        FundEntry.objects.get(
            idempotency_key=f"settlement:{settlement.pk}:contribution"
        ).amount
        == order.charity_share
    )
    assert not FundEntry.objects.filter(kind="unique_code").exists()


def test_confirm_marks_orders_paid_posts_fund_once_and_signals(
    member, treasurer, django_capture_on_commit_callbacks
):
    settlement = open_settlement(member)
    received = []
    settlements_confirmed.connect(
        lambda **kw: received.extend(s.pk for s in kw["settlements"]),
        weak=False,
        dispatch_uid="test-confirm",
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.settlement_confirm(settlement=settlement, actor=treasurer)
    finally:
        settlements_confirmed.disconnect(dispatch_uid="test-confirm")
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.CONFIRMED
    assert settlement.confirmed_by == treasurer
    assert settlement.confirmed_via == "manual"
    assert received == [settlement.pk]
    order = settlement.links.get().order
    assert order.status == Order.Status.PAID
    entries = {
        e.kind: e
        for e in FundEntry.objects.filter(reference=f"settlement:{settlement.pk}")
    }
    assert entries["contribution"].amount == settlement.charity_share
    assert entries["unique_code"].amount == settlement.unique_code
    assert entries["contribution"].member == member
    events_before = OrderEvent.objects.filter(order=order).count()
    # retried: refused, nothing posted twice
    with pytest.raises(ConflictError):
        services.settlement_confirm(settlement=settlement, actor=treasurer)
    assert (
        FundEntry.objects.filter(reference=f"settlement:{settlement.pk}").count() == 2
    )
    assert OrderEvent.objects.filter(order=order).count() == events_before


def test_unique_code_stays_out_of_the_fund_when_the_setting_is_off(
    member, treasurer, settings
):
    settings.UNIQUE_CODE_TO_CHARITY = False
    settlement = open_settlement(member)
    services.settlement_confirm(settlement=settlement, actor=treasurer)
    kinds = set(FundEntry.objects.values_list("kind", flat=True))
    assert kinds == {"contribution"}


@pytest.mark.parametrize("closer", ["reject", "cancel", "expire"])
def test_closed_settlements_cannot_be_confirmed(member, leader, closer):
    settlement = open_settlement(member)
    if closer == "reject":
        services.settlement_reject(settlement=settlement, actor=leader, reason="x")
    elif closer == "cancel":
        services.settlement_cancel(settlement=settlement, actor=member.user)
    else:
        Settlement.objects.filter(pk=settlement.pk).update(
            created_at=timezone.now() - timedelta(hours=73)
        )
        assert services.settlement_expire_overdue() == [settlement.pk]
    with pytest.raises(ConflictError):
        services.settlement_confirm(settlement=settlement, actor=leader)
    assert not FundEntry.objects.exists()


def test_cancel_only_by_owner_and_only_while_waiting(member, other_member, leader):
    settlement = open_settlement(member)
    with pytest.raises(PermissionDeniedError):
        services.settlement_cancel(settlement=settlement, actor=other_member.user)
    services.settlement_confirm(settlement=settlement, actor=leader)
    with pytest.raises(ConflictError):
        services.settlement_cancel(settlement=settlement, actor=member.user)


def test_expiry_leaves_recent_and_proofed_settlements(member, settings):
    old = open_settlement(member)
    recent = open_settlement(member)
    Settlement.objects.filter(pk=old.pk).update(
        created_at=timezone.now()
        - timedelta(hours=settings.SETTLEMENT_EXPIRY_HOURS + 1)
    )
    from settlements.tasks import settlement_expire_task

    assert settlement_expire_task.delay().get() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == Settlement.Status.EXPIRED
    assert recent.status == Settlement.Status.AWAITING_TRANSFER
    assert settlement_expire_task.delay().get() == 0
