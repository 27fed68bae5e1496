"""The fund's monthly sums (``ledger.FundMonth``): the database keeps them with
every entry, on Jakarta months, and the public pages read only them."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from charity import selectors
from ledger.audit import FUND_MONTHS_CHECK, run_checks
from ledger.fund import fund_post
from ledger.fund_months import (
    check_fund_months_equal_entries,
    fill_fund_months,
)
from ledger.models import FundEntry, FundMonth
from tests.charity.factories import fund_with
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _months() -> dict:
    return {
        (f"{row.month:%Y-%m}", row.kind): (row.amount, row.entries)
        for row in FundMonth.objects.filter(entries__gt=0)
    }


def _back_date(entry, when: datetime.datetime) -> None:
    FundEntry.objects.filter(pk=entry.pk).update(created_at=when)


def test_every_post_moves_its_month_and_kind():
    member = MemberFactory()
    fund_with(10_000, kind="contribution", member=member, reference="settlement:1")
    fund_with(37, kind="unique_code", member=member, reference="settlement:1")
    fund_with(250_000)
    fund_with(5_000)
    entry = FundEntry.objects.filter(kind="donation").first()
    month = f"{timezone.localtime(entry.created_at):%Y-%m}"
    assert _months() == {
        (month, "contribution"): (10_000, 1),
        (month, "unique_code"): (37, 1),
        (month, "donation"): (255_000, 2),
    }
    assert check_fund_months_equal_entries() == []


def test_months_are_jakarta_months_and_follow_a_back_dated_entry():
    last_of_january = fund_with(1_000)
    first_of_february = fund_with(2_000)
    # 23:59 WIB on 31 January is January's; 00:30 WIB on 1 February is February's.
    _back_date(last_of_january, datetime.datetime(2026, 1, 31, 16, 59, tzinfo=UTC))
    _back_date(first_of_february, datetime.datetime(2026, 1, 31, 17, 30, tzinfo=UTC))
    assert _months() == {
        ("2026-01", "donation"): (1_000, 1),
        ("2026-02", "donation"): (2_000, 1),
    }
    assert check_fund_months_equal_entries() == []
    totals, months = selectors.fund_figures(year=2026)
    assert totals["collected"] == 3_000
    assert [row["collected"] for row in months[:3]] == [1_000, 2_000, 0]
    assert selectors.fund_figures(year=2025)[0]["collected"] == 0
    assert 2026 in selectors.report_years()


def test_a_deleted_entry_leaves_its_month_and_a_rollback_leaves_nothing():
    kept = fund_with(4_000)
    gone = fund_with(6_000)
    FundEntry.objects.filter(pk=gone.pk).delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        fund_with(9_999)
        raise RuntimeError
    month = f"{timezone.localtime(kept.created_at):%Y-%m}"
    assert _months() == {(month, "donation"): (4_000, 1)}
    assert check_fund_months_equal_entries() == []


def test_totals_and_months_fold_every_kind():
    member = MemberFactory()
    fund_with(100_000, kind="contribution", member=member, reference="settlement:7")
    fund_with(123, kind="unique_code", member=member, reference="settlement:7")
    fund_with(50_000)
    fund_post(amount=-30_000, kind="disbursement", reference="d", idempotency_key="d")
    fund_post(amount=-5, kind="adjustment", reference="a", idempotency_key="a")
    totals, months = selectors.fund_figures()
    assert totals == {
        "collected": 150_123,
        "contributions": 100_000,
        "unique_codes": 123,
        "donations": 50_000,
        "disbursed": 30_000,
        "adjustments": -5,
    }
    assert [(row["collected"], row["disbursed"]) for row in months] == [
        (150_123, 30_000)
    ]


def test_audit_names_a_month_that_differs_from_its_entries():
    fund_with(1_000)
    FundMonth.objects.update(amount=F("amount") + 1)
    problems = dict(run_checks())[FUND_MONTHS_CHECK]
    assert (
        len(problems) == 1
        and "Rp 1001 in 1 entries ≠ Σ entries Rp 1000" in (problems[0])
    )
    fill_fund_months()
    assert dict(run_checks())[FUND_MONTHS_CHECK] == []


def test_public_page_never_reads_the_entries(client):
    fund_with(70_000)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/amal/").content.decode()
    assert "Rp 70.000" in page
    assert not [q for q in queries.captured_queries if "charity_fundentry" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        client.get("/amal/laporan/")
    assert not [q for q in queries.captured_queries if "charity_fundentry" in q["sql"]]


def test_deleting_entries_leaves_no_empty_or_negative_month_row():
    # As a database flush may run: the month table emptied first, then the
    # entries deleted (SQLite's flush deletes row by row, firing the trigger).
    first = fund_post(
        amount=5000, kind="donation", reference="d:1", idempotency_key="d1"
    )
    fund_post(amount=7000, kind="donation", reference="d:2", idempotency_key="d2")
    FundMonth.objects.all().delete()
    FundEntry.objects.filter(pk=first.pk).delete()
    assert not FundMonth.objects.exists()
    # Rebuilt, then the month's entries deleted one by one: the row goes with
    # the last one instead of staying at 0.
    fill_fund_months()
    assert list(FundMonth.objects.values_list("amount", "entries")) == [(7000, 1)]
    FundEntry.objects.all().delete()
    assert not FundMonth.objects.exists()
    assert check_fund_months_equal_entries() == []
