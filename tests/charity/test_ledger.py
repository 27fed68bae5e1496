"""The fund ledger: balance row equals Σ entries, never below zero, each key once."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from community.errors import ConflictError, KongsiError
from ledger.fund import DuplicatePost, fund_balance, fund_entries_sum, fund_post
from ledger.models import CharityPolicy, FundBalance, FundEntry
from ledger.policy import charity_share_for, policy_in_force
from tests.helpers import run_in_threads

pytestmark = pytest.mark.django_db


def _post(amount, kind="donation", key=None, **kwargs):
    return fund_post(
        amount=amount,
        kind=kind,
        reference=kwargs.pop("reference", "test"),
        idempotency_key=key or f"test:{kind}:{amount}:{FundEntry.objects.count()}",
        **kwargs,
    )


def test_migration_created_default_policy_and_balance_row():
    policy = policy_in_force()
    assert policy.rate_percent == Decimal("2.50")
    assert policy.minimum_per_order == 0
    assert str(policy.effective_from) == "2020-01-01"
    assert FundBalance.objects.get(pk=1).balance == 0


def test_balance_equals_sum_of_entries(member, leader):
    _post(10_000, "contribution", member=member, reference="settlement:1")
    _post(37, "unique_code", member=member, reference="settlement:1")
    _post(250_000, "donation", actor=leader)
    _post(-100_000, "disbursement", actor=leader)
    _post(-7, "adjustment", actor=leader)
    assert fund_balance() == 160_030
    assert fund_entries_sum() == 160_030
    assert FundBalance.objects.get().balance == 160_030
    assert FundEntry.objects.count() == 5


def test_post_below_zero_is_refused_and_writes_nothing():
    _post(50_000, "donation")
    with pytest.raises(ConflictError) as info:
        _post(-50_001, "disbursement")
    assert "Rp 50.000" in str(info.value)
    assert fund_balance() == 50_000
    assert FundEntry.objects.count() == 1
    _post(-50_000, "disbursement")
    assert fund_balance() == 0


def test_duplicate_key_refused_and_balance_unchanged(member):
    first = _post(5_000, "contribution", key="settlement:9:contribution", member=member)
    with pytest.raises(DuplicatePost):
        _post(5_000, "contribution", key="settlement:9:contribution", member=member)
    assert issubclass(DuplicatePost, ConflictError)
    assert list(FundEntry.objects.values_list("pk", flat=True)) == [first.pk]
    assert fund_balance() == 5_000


@pytest.mark.parametrize(
    ("amount", "kind"),
    [(-1, "contribution"), (-1, "donation"), (-1, "unique_code"), (1, "disbursement")],
)
def test_wrong_sign_is_refused(amount, kind):
    with pytest.raises(KongsiError):
        _post(amount, kind)
    assert FundEntry.objects.count() == 0


def test_unknown_kind_and_float_refused():
    with pytest.raises(KongsiError):
        _post(100, "gift")
    with pytest.raises(KongsiError):
        _post(1.5, "donation")
    assert FundEntry.objects.count() == 0


def test_balance_check_constraint_holds_in_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        FundBalance.objects.filter(pk=1).update(balance=-1)


def test_balance_row_recreated_when_missing():
    FundBalance.objects.all().delete()
    assert fund_balance() == 0
    _post(1_000, "donation")
    assert fund_balance() == 1_000


def test_policy_in_force_by_date_and_share(leader):
    CharityPolicy.objects.create(
        rate_percent=Decimal("5"), minimum_per_order=500, effective_from="2025-03-01"
    )
    from datetime import date

    assert policy_in_force(date(2025, 2, 28)).rate_percent == Decimal("2.50")
    new = policy_in_force(date(2025, 3, 1))
    assert new.rate_percent == Decimal("5")
    assert charity_share_for(100_000, new) == 5_000
    assert charity_share_for(1_000, new) == 500  # at least the minimum
    assert charity_share_for(-10_000, new) == 500
    old = policy_in_force(date(2024, 1, 1))
    assert charity_share_for(10_020, old) == 251  # 250.5 → half up
    assert charity_share_for(-5, old) == 0


def test_default_policy_when_table_empty_is_read_without_a_write(
    django_assert_num_queries,
):
    CharityPolicy.objects.all().delete()
    with django_assert_num_queries(2):  # the latest in force, the earliest
        policy = policy_in_force()
    assert policy.rate_percent == Decimal("2.5")
    assert policy.minimum_per_order == 0
    assert charity_share_for(10_020, policy) == 251
    assert not CharityPolicy.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_never_below_zero():
    fund_post(amount=100_000, kind="donation", reference="seed", idempotency_key="s")

    def spend(i):
        return fund_post(
            amount=-60_000,
            kind="disbursement",
            reference=f"d{i}",
            idempotency_key=f"race:{i}",
        )

    results = run_in_threads(spend, 4)
    paid = [r for r in results if isinstance(r, FundEntry)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(paid) == 1 and len(refused) == 3
    assert fund_balance() == 40_000 == fund_entries_sum()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_same_key_posts_once():
    def post(i):
        return fund_post(
            amount=1_000, kind="contribution", reference="x", idempotency_key="same"
        )

    results = run_in_threads(post, 4)
    assert sum(isinstance(r, FundEntry) for r in results) == 1
    assert sum(isinstance(r, DuplicatePost) for r in results) == 3
    assert fund_balance() == 1_000
