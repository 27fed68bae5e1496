"""Real-thread races on PostgreSQL: credit is never spent or given twice."""

import pytest
from django.core.management import call_command

from community.errors import ConflictError
from ledger.credit import credit_balance, credit_post
from ledger.models import CreditEntry
from returns.models import ReturnRequest
from returns.services import return_approve
from settlements.models import Settlement
from settlements.services import settlement_create
from tests.factories import MemberFactory, make_staff
from tests.helpers import run_in_threads
from tests.orders.factories import make_order
from tests.returns.factories import make_return, paid_line, stocked_variant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_settlements_at_once_never_use_more_than_the_credit():
    member = MemberFactory()
    credit_post(
        member=member,
        amount=100_000,
        kind="adjustment",
        reference="test",
        idempotency_key="race-start",
    )
    # No profit, so no charity share: each order owes exactly Rp 80.000.
    orders = [
        make_order(
            member=member, lines=[(stocked_variant(base_price=80_000), 1, 80_000)]
        )
        for _ in range(2)
    ]
    assert [order.goods_total + order.charity_share for order in orders] == [
        80_000,
        80_000,
    ]

    def create(index):
        return settlement_create(
            member=member, orders=[orders[index]], actor=member.user
        )

    results = run_in_threads(create, 2)
    assert all(isinstance(result, Settlement) for result in results), results
    applied = sorted(s.credit_applied for s in Settlement.objects.all())
    assert applied == [20_000, 80_000]
    assert sum(applied) == 100_000
    assert credit_balance(member) == 0
    taken = CreditEntry.objects.filter(kind="applied_to_settlement")
    assert sorted(entry.amount for entry in taken) == [-80_000, -20_000]
    covered = Settlement.objects.get(credit_applied=80_000)
    assert covered.status == "confirmed" and covered.amount_due == 0
    call_command("audit_money")


def test_two_leaders_approving_one_return_credit_it_once():
    member = MemberFactory()
    leaders = [make_staff("leader"), make_staff("leader")]
    request = make_return(paid_line(member, quantity=2, base_price=30_000), quantity=2)

    def approve(index):
        return return_approve(return_request=request, actor=leaders[index])

    results = run_in_threads(approve, 2)
    approved = [r for r in results if isinstance(r, ReturnRequest)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(approved) == 1 and len(refused) == 1, results
    assert CreditEntry.objects.filter(kind="return_credit").count() == 1
    assert credit_balance(member) == 60_000
    request.refresh_from_db()
    assert request.status == "credited" and request.decided_by in leaders
    call_command("audit_money")


def test_two_returns_of_the_last_items_at_once_only_one_passes():
    member = MemberFactory()
    line = paid_line(member, quantity=2)

    def ask(index):
        return make_return(line, quantity=2)

    results = run_in_threads(ask, 3)
    created = [r for r in results if isinstance(r, ReturnRequest)]
    assert len(created) == 1, results
    assert ReturnRequest.objects.filter(order_line=line).count() == 1
