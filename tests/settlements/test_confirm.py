"""settlements_confirm, the one writer of a confirmed settlement: a batch with
refusals and reasons, role checks, events, and side effects after commit."""

import pytest

from community.errors import PermissionDeniedError
from ledger.models import FundEntry
from orders.models import Order
from settlements.bulk_matching import Line, classify
from settlements.confirm import Confirmation, settlements_confirm
from settlements.models import Settlement, SettlementEvent
from settlements.signals import settlements_confirmed
from tests.factories import MemberFactory
from tests.settlements.factories import open_settlement
from training.models import ItemCheck

pytestmark = pytest.mark.django_db


def test_a_batch_confirms_what_it_can_and_says_why_it_refused_the_rest(treasurer):
    good = open_settlement(MemberFactory())
    closed = open_settlement(MemberFactory())
    Settlement.objects.filter(pk=closed.pk).update(status="rejected")
    stale = open_settlement(MemberFactory())
    order = stale.links.get().order
    Order.objects.filter(pk=order.pk).update(status="cancelled")
    result = settlements_confirm(
        confirmations=[
            Confirmation(good.pk),
            Confirmation(closed.pk),
            Confirmation(stale.pk),
            Confirmation(good.pk),
        ],
        via="manual",
        actor=treasurer,
    )
    assert [s.pk for s in result.confirmed] == [good.pk]
    reasons = {r.settlement_id: r.reason for r in result.refused}
    assert reasons[closed.pk]
    assert "pesanan" in reasons[stale.pk].lower()  # "an order of this settlement"
    assert len(result.refused) == 3  # the second mention of ``good`` too
    good.refresh_from_db()
    assert good.status == "confirmed" and good.confirmed_via == "manual"
    assert Settlement.objects.get(pk=stale.pk).status == "awaiting_transfer"
    assert set(FundEntry.objects.values_list("reference", flat=True)) == {
        f"settlement:{good.pk}"
    }
    event = SettlementEvent.objects.get(settlement=good, to_status="confirmed")
    assert (event.from_status, event.actor, event.params) == (
        "awaiting_transfer",
        treasurer,
        {"via": "manual"},
    )
    assert not SettlementEvent.objects.filter(
        settlement_id__in=[closed.pk, stale.pk], to_status="confirmed"
    ).exists()


def test_a_member_cannot_confirm_even_through_a_new_caller(member):
    settlement = open_settlement(member)
    for via in ("manual", "statement", "credit"):
        with pytest.raises(PermissionDeniedError):
            settlements_confirm(
                confirmations=[Confirmation(settlement.pk, 1)],
                via=via,
                actor=member.user,
            )
    settlement.refresh_from_db()
    assert settlement.status == "awaiting_transfer"
    assert not FundEntry.objects.exists()


def test_every_settlement_change_has_an_event(member, leader):
    settlement = open_settlement(member)
    second = open_settlement(member)
    from settlements import services

    services.settlement_reject(settlement=second, actor=leader, reason="tidak masuk")
    services.settlement_confirm(settlement=settlement, actor=leader)
    assert list(
        SettlementEvent.objects.filter(settlement=settlement).values_list(
            "from_status", "to_status"
        )
    ) == [("", "awaiting_transfer"), ("awaiting_transfer", "confirmed")]
    rejected = SettlementEvent.objects.filter(settlement=second).last()
    assert (rejected.to_status, rejected.params) == (
        "rejected",
        {"reason": "tidak masuk"},
    )


def test_only_staff_reject(member, other_member):
    from settlements import services

    settlement = open_settlement(member)
    with pytest.raises(PermissionDeniedError):
        services.settlement_reject(settlement=settlement, actor=member.user, reason="x")
    assert Settlement.objects.get(pk=settlement.pk).status == "awaiting_transfer"


def test_a_failing_receiver_after_commit_cannot_undo_the_payment(
    leader, django_capture_on_commit_callbacks
):
    from tests.training.factories import make_trainee

    trainee = make_trainee().trainee
    settlement = open_settlement(trainee)

    def broken(**kwargs):
        raise RuntimeError("training is down")

    settlements_confirmed.connect(broken, weak=False, dispatch_uid="test-broken")
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            settlements_confirm(
                confirmations=[Confirmation(settlement.pk)],
                via="manual",
                actor=leader,
            )
            # Nothing of training ran inside the payment's transaction.
            assert not ItemCheck.objects.filter(
                item__auto_code="first_settlement"
            ).exists()
    finally:
        settlements_confirmed.disconnect(dispatch_uid="test-broken")
    assert len(callbacks) == 1
    settlement.refresh_from_db()
    assert settlement.status == "confirmed"
    assert settlement.links.get().order.status == "paid"
    # The working receiver still ticked after commit.
    assert ItemCheck.objects.filter(
        enrollment__trainee=trainee, item__auto_code="first_settlement"
    ).exists()


def test_a_training_failure_after_commit_leaves_the_payment(
    leader, monkeypatch, django_capture_on_commit_callbacks
):
    from training import receivers

    def broken(**kwargs):
        raise RuntimeError("no training today")

    monkeypatch.setattr(receivers, "item_auto_check", broken)
    settlement = open_settlement(MemberFactory())
    with django_capture_on_commit_callbacks(execute=True):
        settlements_confirm(
            confirmations=[Confirmation(settlement.pk)], via="manual", actor=leader
        )
    assert Settlement.objects.get(pk=settlement.pk).status == "confirmed"
    assert FundEntry.objects.filter(reference=f"settlement:{settlement.pk}").exists()


# -- the classifier of statement matching --------------------------------------


def L(pk, amount, direction="credit"):  # noqa: N802
    return Line(pk, amount, direction)


def test_classifier_one_candidate_first_line_pays_later_ones_wait_for_doubles():
    lines = [L(1, 100), L(2, 100), L(3, 200), L(4, 300), L(5, 400, "debit")]
    decided = classify(lines, {100: [7], 300: [8, 9]})
    assert decided.matches == {100: (L(1, 100), 7)}
    assert decided.rest == {100: [L(2, 100)], 200: [L(3, 200)]}
    assert decided.ambiguous == [L(4, 300)]
    assert decided.ignored == [L(5, 400, "debit")]


def test_classifier_with_no_lines_decides_nothing():
    decided = classify([], {100: [1]})
    assert (decided.matches, decided.rest, decided.ambiguous, decided.ignored) == (
        {},
        {},
        [],
        [],
    )
