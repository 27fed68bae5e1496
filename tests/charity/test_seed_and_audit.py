"""Demo data through the ledger (idempotent), audit checks, and the public page
never showing a seeded beneficiary's name."""

import pytest

from charity import audit, services
from charity.models import Beneficiary, Disbursement, Program
from ledger import audit as ledger_audit
from ledger.fund import fund_balance, fund_entries_sum
from ledger.models import FundBalance, FundEntry
from tests.charity.factories import ProgramFactory, fund_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    from demo import seed_charity, seed_community

    context = {"community": seed_community.seed({})}
    seed_charity.seed(context)
    return context


def _problems():
    return dict(ledger_audit.run_checks() + audit.run_checks())


def test_seed_is_idempotent_and_audit_clean(demo):
    from demo import seed_charity

    counts = (
        FundEntry.objects.count(),
        Disbursement.objects.count(),
        Beneficiary.objects.count(),
        Program.objects.count(),
        fund_balance(),
    )
    seed_charity.seed(demo)
    assert counts == (
        FundEntry.objects.count(),
        Disbursement.objects.count(),
        Beneficiary.objects.count(),
        Program.objects.count(),
        fund_balance(),
    )
    family = Program.objects.get(name=seed_charity.FAMILY_PROGRAM)
    assert family.budget == 5_000_000
    assert family.disbursements.filter(status="paid").count() == 50
    months = {
        entry.created_at.strftime("%Y-%m")
        for entry in FundEntry.objects.filter(kind="contribution")
    }
    assert len(months) >= 12
    assert fund_balance() == fund_entries_sum() > 0
    assert all(not problems for problems in _problems().values()), _problems()


def test_public_page_and_summary_hide_seeded_names(client, demo):
    names = list(Beneficiary.objects.values_list("name", flat=True))
    assert len(names) >= 59
    page = client.get("/amal/").content.decode()
    summary = client.get("/api/v1/charity/summary/").content.decode()
    report = client.get("/amal/laporan/").content.decode()
    for name in names:
        assert name not in page
        assert name not in summary
        assert name not in report
    assert "Rp 5.000.000" in page  # the family aid programme's total


def test_audit_finds_a_broken_balance_and_an_unposted_payment(treasurer, leader):
    fund_with(100_000)
    proposal = services.disbursement_propose(
        actor=treasurer, program=ProgramFactory(), cash_amount=10_000
    )
    services.disbursement_approve(disbursement=proposal, actor=leader)
    services.disbursement_pay(disbursement=proposal, actor=leader)
    assert all(not problems for problems in _problems().values())

    FundBalance.objects.update(balance=1)
    FundEntry.objects.filter(kind="disbursement").update(amount=-9_000)
    problems = _problems()
    assert any("≠ Σ entries" in p for p in problems[ledger_audit.FUND_BALANCE_CHECK])
    assert any(
        f"paid disbursement {proposal.pk}" in p
        for p in problems["paid disbursements posted once"]
    )
