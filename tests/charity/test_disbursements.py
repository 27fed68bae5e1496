"""Two-person approved disbursements, paid under the fund lock."""

import io

import pytest
from PIL import Image

from charity import services
from charity.models import Disbursement
from community.errors import ConflictError, KongsiError, PermissionDeniedError
from ledger.fund import fund_balance, fund_entries_sum
from ledger.models import FundEntry
from tests.charity.factories import BeneficiaryFactory, ProgramFactory, fund_with
from tests.factories import make_staff
from tests.helpers import run_in_threads

pytestmark = pytest.mark.django_db


def _photo() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "bukti.jpg"
    return buffer


def _propose(actor, **kwargs):
    kwargs.setdefault("program", ProgramFactory())
    kwargs.setdefault("cash_amount", 100_000)
    return services.disbursement_propose(actor=actor, **kwargs)


def test_full_flow_posts_one_negative_entry(treasurer, leader):
    fund_with(500_000)
    beneficiary = BeneficiaryFactory()
    proposal = _propose(
        treasurer,
        beneficiary=beneficiary,
        cash_amount=50_000,
        in_kind_description="sembako",
        in_kind_value=75_000,
    )
    assert proposal.status == "proposed" and proposal.total == 125_000
    approved = services.disbursement_approve(disbursement=proposal, actor=leader)
    assert approved.status == "approved" and approved.approved_by == leader
    paid = services.disbursement_pay(
        disbursement=approved, actor=leader, proof=_photo()
    )
    paid.refresh_from_db()
    assert paid.status == "paid"
    assert paid.fund_entry.amount == -125_000
    assert paid.fund_entry.kind == "disbursement"
    assert paid.fund_entry.reference == f"disbursement:{paid.pk}"
    assert paid.proof.name.startswith("charity/proofs/")
    assert paid.proof.storage.__class__.__name__ == "FileSystemStorage"
    assert "private" in str(paid.proof.storage.location)
    assert fund_balance() == 375_000 == fund_entries_sum()


def test_proposer_approving_own_is_403_and_nothing_changes(treasurer):
    fund_with(500_000)
    proposal = _propose(treasurer)
    with pytest.raises(PermissionDeniedError) as info:
        services.disbursement_approve(disbursement=proposal, actor=treasurer)
    assert info.value.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    assert proposal.approved_by is None and proposal.approved_at is None
    assert fund_balance() == 500_000
    assert FundEntry.objects.filter(kind="disbursement").count() == 0


def test_member_cannot_propose(member):
    with pytest.raises(PermissionDeniedError):
        _propose(member.user)
    assert Disbursement.objects.count() == 0


def test_paying_more_than_balance_is_409_and_writes_nothing(treasurer, leader):
    fund_with(99_999)
    proposal = _propose(treasurer, cash_amount=100_000)
    services.disbursement_approve(disbursement=proposal, actor=leader)
    with pytest.raises(ConflictError) as info:
        services.disbursement_pay(disbursement=proposal, actor=leader, proof=_photo())
    assert info.value.status_code == 409
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert proposal.fund_entry is None and proposal.paid_at is None
    assert not proposal.proof
    assert fund_balance() == 99_999
    assert FundEntry.objects.filter(kind="disbursement").count() == 0


def test_unapproved_cannot_be_paid_and_paid_twice_is_409(treasurer, leader):
    fund_with(300_000)
    proposal = _propose(treasurer)
    with pytest.raises(ConflictError):
        services.disbursement_pay(disbursement=proposal, actor=leader)
    services.disbursement_approve(disbursement=proposal, actor=leader)
    services.disbursement_pay(disbursement=proposal, actor=treasurer)
    with pytest.raises(ConflictError):
        services.disbursement_pay(disbursement=proposal, actor=leader)
    assert fund_balance() == 200_000
    assert FundEntry.objects.filter(kind="disbursement").count() == 1


def test_approve_twice_and_reject_rules(treasurer, leader):
    proposal = _propose(treasurer)
    services.disbursement_approve(disbursement=proposal, actor=leader)
    with pytest.raises(ConflictError):
        services.disbursement_approve(disbursement=proposal, actor=leader)
    rejected = services.disbursement_reject(
        disbursement=proposal, actor=leader, reason="double"
    )
    assert rejected.status == "rejected" and "double" in rejected.memo
    with pytest.raises(ConflictError):
        services.disbursement_approve(disbursement=proposal, actor=leader)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"cash_amount": 0}, "cash_amount"),
        ({"cash_amount": -5}, "cash_amount"),
        ({"cash_amount": 0, "in_kind_value": 10_000}, "in_kind_description"),
        ({"cash_amount": 0, "in_kind_description": "beras"}, "in_kind_value"),
        ({"cash_amount": "1.5"}, "cash_amount"),
    ],
)
def test_bad_proposals_are_refused(treasurer, fields, field):
    with pytest.raises(KongsiError) as info:
        _propose(treasurer, **fields)
    assert info.value.field == field
    assert Disbursement.objects.count() == 0


def test_policy_set_by_leader_only_keeps_history(leader, treasurer):
    from datetime import date
    from decimal import Decimal

    from ledger.models import CharityPolicy
    from ledger.policy import policy_in_force

    with pytest.raises(PermissionDeniedError):
        services.policy_set(actor=treasurer, rate_percent="3", minimum_per_order=0)
    services.policy_set(
        actor=leader,
        rate_percent="3.5",
        minimum_per_order=1000,
        effective_from=date(2026, 1, 1),
    )
    assert CharityPolicy.objects.count() == 2
    assert policy_in_force(date(2025, 12, 31)).rate_percent == Decimal("2.5")
    assert policy_in_force(date(2026, 1, 2)).rate_percent == Decimal("3.5")
    for bad in ("-1", "101", "abc", "2.555"):
        with pytest.raises(KongsiError) as info:
            services.policy_set(actor=leader, rate_percent=bad)
        assert info.value.field == "rate_percent"
    assert CharityPolicy.objects.count() == 2


def test_planning_helper_sets_budget_and_says_if_covered(leader):
    fund_with(4_000_000)
    plan = services.program_plan(units=50, amount_per_unit=100_000)
    assert plan["budget"] == 5_000_000
    assert plan["covered"] is False and plan["shortfall"] == 1_000_000
    program = services.program_create(
        actor=leader,
        name="Santunan setelah Ramadan",
        kind="family_aid",
        planned_units=50,
        amount_per_unit=100_000,
        schedule_note="setelah Ramadan",
    )
    assert program.budget == 5_000_000 and program.planned_units == 50
    fund_with(1_000_000)
    assert services.program_plan(units=50, amount_per_unit=100_000)["covered"]


def test_donation_recorded_once_per_form_key(treasurer, member):
    entry = services.donation_record(
        actor=treasurer, amount=250_000, donor="Hamba Allah", idempotency_key="abc"
    )
    assert entry.kind == "donation" and entry.amount == 250_000
    with pytest.raises(ConflictError):
        services.donation_record(actor=treasurer, amount=250_000, idempotency_key="abc")
    with pytest.raises(PermissionDeniedError):
        services.donation_record(actor=member.user, amount=1_000)
    with pytest.raises(KongsiError):
        services.donation_record(actor=treasurer, amount=0)
    assert fund_balance() == 250_000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payouts_exceeding_balance_one_pays():
    """Two approved payouts of 70.000 against a fund of 100.000, paid at once."""
    treasurer = make_staff("treasurer")
    leader = make_staff("leader")
    fund_with(100_000)
    program = ProgramFactory()
    proposals = []
    for _index in range(2):
        proposal = _propose(treasurer, program=program, cash_amount=70_000)
        services.disbursement_approve(disbursement=proposal, actor=leader)
        proposals.append(proposal)

    def pay(index):
        return services.disbursement_pay(disbursement=proposals[index], actor=leader)

    results = run_in_threads(pay, 2)
    paid = [r for r in results if isinstance(r, Disbursement)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(paid) == 1 and len(refused) == 1, results
    assert fund_balance() == 30_000 == fund_entries_sum()
    statuses = sorted(Disbursement.objects.values_list("status", flat=True))
    assert statuses == ["approved", "paid"]
    assert FundEntry.objects.filter(kind="disbursement").count() == 1
