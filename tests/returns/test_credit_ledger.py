"""The member credit ledger: append-only, balance = Σ entries, never negative."""

import pytest
from django.db.models import Sum

from community.errors import ConflictError
from ledger.audit import check_credit_balances_equal_entries
from ledger.credit import DuplicatePost, credit_balance, credit_lock, credit_post
from ledger.models import CreditBalance, CreditEntry
from tests.factories import MemberFactory
from tests.helpers import run_in_threads

pytestmark = pytest.mark.django_db


def post(member, amount, key, kind="adjustment"):
    return credit_post(
        member=member, amount=amount, kind=kind, reference="test", idempotency_key=key
    )


def test_posts_move_the_balance_and_keep_a_running_total(member):
    post(member, 100_000, "a", kind="return_credit")
    entry = post(member, -30_000, "b", kind="applied_to_settlement")
    assert entry.balance_after == 70_000
    assert credit_balance(member) == 70_000
    total = CreditEntry.objects.filter(member=member).aggregate(s=Sum("amount"))["s"]
    assert total == 70_000
    assert check_credit_balances_equal_entries() == []


def test_a_post_below_zero_is_refused_and_writes_nothing(member):
    post(member, 10_000, "a")
    with pytest.raises(ConflictError):
        post(member, -10_001, "b")
    assert credit_balance(member) == 10_000
    assert CreditEntry.objects.filter(member=member).count() == 1


def test_the_same_key_twice_is_refused(member):
    post(member, 5_000, "same")
    with pytest.raises(DuplicatePost):
        post(member, 5_000, "same")
    assert credit_balance(member) == 5_000


def test_members_are_apart(member, other_member):
    post(member, 5_000, "a")
    assert credit_balance(other_member) == 0
    assert credit_lock(other_member) == 0
    assert CreditBalance.objects.get(member=other_member).balance == 0


def test_me_endpoint_shows_the_balance(api_as, member):
    post(member, 12_345, "a")
    assert api_as(member.user).get("/api/v1/members/me/").json()["credit_balance"] == (
        12_345
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_spending_never_takes_more_than_the_balance():
    member = MemberFactory()
    post(member, 100_000, "start", kind="return_credit")

    def spend(index):
        return post(member, -30_000, f"spend-{index}", kind="applied_to_settlement")

    results = run_in_threads(spend, 8)
    succeeded = [r for r in results if isinstance(r, CreditEntry)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(succeeded) == 3 and len(refused) == 5, results
    assert credit_balance(member) == 10_000
    assert check_credit_balances_equal_entries() == []
