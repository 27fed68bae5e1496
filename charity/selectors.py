"""Reads of the charity app, for pages, API and reports.

The public figures never carry a beneficiary's name: they are aggregates only,
each computed by one query whatever the number of entries.
"""

import re
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone

from community.figures import figure_of, sum_of
from ledger.fund import fund_balance
from ledger.models import CharityPolicy, FundBalance, FundEntry, FundMonth

from .models import Beneficiary, Disbursement, Program

INCOME_KINDS = (
    FundEntry.Kind.CONTRIBUTION,
    FundEntry.Kind.UNIQUE_CODE,
    FundEntry.Kind.DONATION,
)
MEMBER_KINDS = (FundEntry.Kind.CONTRIBUTION, FundEntry.Kind.UNIQUE_CODE)
SETTLEMENT_REFERENCE = re.compile(r"^settlement:(\d+)")


def _month_key(value) -> str:
    if hasattr(value, "astimezone") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year:04d}-{value.month:02d}"


def _months_in(year: int | None):
    """The fund's monthly sums (``ledger.FundMonth``), of one year or all.

    Kept by a database trigger in the same transaction as every entry, so a
    figure read from them is never behind the ledger, and reading them costs
    a few rows a month whatever the number of entries.
    """
    months = FundMonth.objects.filter(entries__gt=0)
    if year is not None:
        months = months.filter(month__year=year)
    return months


def fund_figures(*, year: int | None = None) -> tuple[dict, list[dict]]:
    """``(fund_totals, fund_by_month)`` of one year or all — one query.

    Both fold the same (month, kind) sums: a dozen rows a year.
    """
    totals = dict.fromkeys(FundEntry.Kind.values, 0)
    merged: dict[str, dict] = {}
    if year is not None:
        for number in range(1, 13):
            key = f"{year:04d}-{number:02d}"
            merged[key] = {"month": key, "collected": 0, "disbursed": 0}
    for month, kind, amount in _months_in(year).values_list("month", "kind", "amount"):
        amount = int(amount)
        totals[kind] = totals.get(kind, 0) + amount
        key = _month_key(month)
        item = merged.setdefault(key, {"month": key, "collected": 0, "disbursed": 0})
        if kind in INCOME_KINDS:
            item["collected"] += amount
        elif kind == FundEntry.Kind.DISBURSEMENT:
            item["disbursed"] -= amount
    figures = {
        "collected": sum(totals[kind] for kind in INCOME_KINDS),
        "contributions": totals[FundEntry.Kind.CONTRIBUTION],
        "unique_codes": totals[FundEntry.Kind.UNIQUE_CODE],
        "donations": totals[FundEntry.Kind.DONATION],
        "disbursed": -totals[FundEntry.Kind.DISBURSEMENT],
        "adjustments": totals[FundEntry.Kind.ADJUSTMENT],
    }
    return figures, [merged[key] for key in sorted(merged)]


def fund_totals(*, year: int | None = None) -> dict:
    """Collected (in), disbursed (out, positive) and adjustments — one query."""
    return fund_figures(year=year)[0]


def fund_by_month(*, year: int | None = None) -> list[dict]:
    """``[{month: "YYYY-MM", collected, disbursed}]`` oldest first — one query.

    A year lists all twelve months; without one, the months with entries.
    """
    return fund_figures(year=year)[1]


def _paid(year: int | None):
    paid = Disbursement.objects.filter(status=Disbursement.Status.PAID)
    if year is not None:
        paid = paid.filter(paid_at__year=year)
    return paid


def fund_by_program(*, year: int | None = None) -> list[dict]:
    """Paid out per program with the number of distinct beneficiaries — one query."""
    rows = (
        _paid(year)
        .values("program_id", "program__name", "program__kind")
        .annotate(
            cash=Sum("cash_amount"),
            goods=Sum("in_kind_value"),
            beneficiaries=Count("beneficiary", distinct=True),
            disbursements=Count("pk"),
        )
        .order_by("program__name", "program_id")
    )
    kinds = dict(Program.Kind.choices)
    return [
        {
            "program_id": row["program_id"],
            "program": row["program__name"],
            "kind": row["program__kind"],
            "kind_label": str(kinds.get(row["program__kind"], "")),
            "disbursed": int(row["cash"] or 0) + int(row["goods"] or 0),
            "cash": int(row["cash"] or 0),
            "in_kind": int(row["goods"] or 0),
            "beneficiaries": row["beneficiaries"],
            "disbursements": row["disbursements"],
        }
        for row in rows
    ]


def beneficiaries_by_category(*, year: int | None = None) -> list[dict]:
    """How many distinct beneficiaries were helped, per category — one query."""
    paid = _paid(year).values("pk")
    rows = (
        Beneficiary.objects.filter(disbursements__in=paid)
        .values("category")
        .annotate(count=Count("pk", distinct=True))
        .order_by("category")
    )
    labels = dict(Beneficiary.Category.choices)
    return [
        {
            "category": row["category"],
            "label": str(labels.get(row["category"], row["category"])),
            "count": row["count"],
        }
        for row in rows
    ]


def public_summary() -> dict:
    """Everything the public page and ``charity/summary/`` show. No names."""
    balance = fund_balance()
    totals, by_month = fund_figures()
    by_category = beneficiaries_by_category()
    return {
        "balance": balance,
        "collected_total": totals["collected"],
        "disbursed_total": totals["disbursed"],
        "adjustments_total": totals["adjustments"],
        "contributions_total": totals["contributions"],
        "unique_codes_total": totals["unique_codes"],
        "donations_total": totals["donations"],
        "by_month": by_month,
        "by_program": fund_by_program(),
        "by_category": by_category,
        "beneficiaries_count": sum(item["count"] for item in by_category),
    }


def annual_report(year: int) -> dict:
    """The figures of one calendar year, plus the paid disbursements (no names)."""
    totals, by_month = fund_figures(year=year)
    by_category = beneficiaries_by_category(year=year)
    disbursements = list(
        _paid(year)
        .select_related("program", "beneficiary")
        .order_by("paid_at", "pk")
        .only(
            "pk",
            "paid_at",
            "cash_amount",
            "in_kind_value",
            "in_kind_description",
            "program__name",
            "beneficiary__category",
        )
    )
    return {
        "year": year,
        "totals": totals,
        "by_month": by_month,
        "by_program": fund_by_program(year=year),
        "by_category": by_category,
        "beneficiaries_count": sum(item["count"] for item in by_category),
        "disbursements": disbursements,
        "balance_now": fund_balance(),
    }


def report_years() -> list[int]:
    """Years that have fund entries, newest first (this year always included)."""
    years = {
        value.year for value in _months_in(None).dates("month", "year", order="DESC")
    }
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def member_contributions(member) -> dict:
    """The member's contributions grouped per settlement, newest first.

    ``total`` is the member's share of profit (the ``charity_contributed``
    figure); the transfer unique codes they also gave are counted apart.
    """
    entries = FundEntry.objects.filter(member=member, kind__in=MEMBER_KINDS).order_by(
        "-created_at", "-pk"
    )
    groups: dict[str, dict] = {}
    for entry in entries.only("amount", "kind", "reference", "created_at"):
        match = SETTLEMENT_REFERENCE.match(entry.reference or "")
        key = entry.reference or f"entry:{entry.pk}"
        group = groups.setdefault(
            key,
            {
                "reference": key,
                "settlement": int(match.group(1)) if match else None,
                "date": entry.created_at,
                "contribution": 0,
                "unique_code": 0,
            },
        )
        group[entry.kind] += entry.amount
    rows = list(groups.values())
    contribution_total = sum(row["contribution"] for row in rows)
    unique_code_total = sum(row["unique_code"] for row in rows)
    return {
        "rows": rows,
        "total": contribution_total,
        "unique_code_total": unique_code_total,
        "given_total": contribution_total + unique_code_total,
    }


def member_contributed_total(member) -> int:
    """Σ the member's profit-share contributions (``charity_contributed``)."""
    return figure_of(member, contributed_expression)


def contributed_expression(member_ref):
    return sum_of(
        FundEntry.objects.filter(member=member_ref, kind=FundEntry.Kind.CONTRIBUTION),
        "amount",
    )


def fund_balance_expression(member_ref):
    """The fund's balance (the same for everyone), for Beranda's one query."""
    return sum_of(FundBalance.objects.filter(pk=FundBalance.SINGLETON_PK), "balance")


def policy_history() -> list[CharityPolicy]:
    return list(
        CharityPolicy.objects.select_related("created_by").order_by(
            "-effective_from", "-created_at", "-pk"
        )
    )


def program_list():
    return (
        Program.objects.select_related("created_by")
        .annotate(
            paid_total=Sum(
                "disbursements__cash_amount",
                filter=Q(disbursements__status=Disbursement.Status.PAID),
            ),
            paid_goods=Sum(
                "disbursements__in_kind_value",
                filter=Q(disbursements__status=Disbursement.Status.PAID),
            ),
        )
        .order_by("-created_at", "-pk")
    )


def beneficiary_list():
    return Beneficiary.objects.all()


def disbursement_list():
    return Disbursement.objects.select_related(
        "program", "beneficiary", "proposed_by", "approved_by", "paid_by"
    )


def disbursements_waiting():
    return disbursement_list().filter(
        status__in=[Disbursement.Status.PROPOSED, Disbursement.Status.APPROVED]
    )


def this_year() -> int:
    return timezone.localdate().year


def parse_year(value, default: int | None = None) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default or this_year()
    if 2000 <= year <= date.max.year and year <= this_year() + 1:
        return year
    return default or this_year()
