"""Exports: XLSX opens with openpyxl and its totals equal the ledger sums; access."""

import csv
import io

import pytest
from django.db.models import Sum
from django.urls import reverse
from openpyxl import load_workbook

from ledger.models import CreditEntry, FundEntry

pytestmark = pytest.mark.django_db

URL = "/ringkasan/unduh/file/"


def _content(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _sheet_rows(response, index=0) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(_content(response)), read_only=True)
    sheet = workbook.worksheets[index]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _column(rows, header) -> list:
    position = rows[0].index(header)
    return [row[position] for row in rows[1:]]


def test_fund_ledger_xlsx_totals_equal_the_ledger(seeded, treasurer, client):
    client.force_login(treasurer)

    response = client.get(URL, {"kind": "fund", "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet_rows(response)
    ledger_total = FundEntry.objects.aggregate(total=Sum("amount"))["total"]
    assert ledger_total == 827
    assert len(rows) - 1 == FundEntry.objects.count()
    assert sum(_column(rows, rows[0][3])) == ledger_total  # the amount column
    totals = dict(_sheet_rows(response, 1)[1:])
    assert ledger_total in totals.values()


def test_credit_ledger_xlsx_totals_equal_the_ledger(seeded, leader, client):
    client.force_login(leader)

    response = client.get(URL, {"kind": "credit", "format": "xlsx"})

    rows = _sheet_rows(response)
    header = rows[0][4]
    assert (
        sum(_column(rows, header))
        == CreditEntry.objects.aggregate(total=Sum("amount"))["total"]
        == 5000
    )


def test_orders_xlsx_with_date_and_member_filter(seeded, leader, client):
    client.force_login(leader)
    member = seeded["member"]

    response = client.get(
        URL,
        {
            "kind": "orders",
            "format": "xlsx",
            "date_from": "2026-01-01",
            "date_to": "2026-01-31",
            "member": member.pk,
        },
    )

    rows = _sheet_rows(response)
    # January, this member, not drafts: the paid one, the 23:30 one, the cancelled.
    assert len(rows) - 1 == 3
    goods = rows[0][7]
    assert sum(_column(rows, goods)) == 40000 + 15000 + 100000


def test_member_csv_export_holds_only_own_orders(seeded, client):
    member, other = seeded["member"], seeded["other_member"]
    client.force_login(member.user)

    response = client.get(URL, {"kind": "orders", "format": "csv", "member": other.pk})

    assert response.status_code == 200
    text = _content(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    names = {row[2] for row in rows[1:]}
    assert names == {member.full_name}
    assert len(rows) - 1 == 4  # two in January, one in December, one cancelled


@pytest.mark.parametrize("kind", ["fund", "credit", "settlements", "statement_lines"])
def test_member_may_not_export_the_community_ledgers(kind, member, client):
    client.force_login(member.user)

    response = client.get(URL, {"kind": kind, "format": "csv"})

    assert response.status_code == 403


def test_member_may_not_open_the_dashboard(member, client):
    client.force_login(member.user)

    response = client.get(reverse("insights:dashboard"))

    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("insights:dashboard"))

    assert response.status_code == 302
    assert "/login" in response["Location"] or "masuk" in response["Location"]


def test_bad_dates_are_400_with_a_message(leader, client):
    client.force_login(leader)

    response = client.get(
        URL,
        {
            "kind": "fund",
            "format": "csv",
            "date_from": "2026-02-01",
            "date_to": "2026-01-01",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["date_from"]


def test_formula_text_is_neutralised(seeded, leader, client):
    from ledger.fund import fund_post

    fund_post(
        amount=1000,
        kind=FundEntry.Kind.DONATION,
        reference="=HYPERLINK(1)",
        idempotency_key="formula",
    )
    client.force_login(leader)

    response = client.get(URL, {"kind": "fund", "format": "csv"})

    text = _content(response).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
