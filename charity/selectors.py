"""Reads of the charity app, for pages, API and reports.

The public figures never carry a beneficiary's name: they are aggregates only,
each computed by one query whatever the number of entries.
"""

import re
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from community.figures import figure_of, sum_of
from ledger.fund import fund_balance
from ledger.models import CharityPolicy, FundBalance, FundEntry

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


def _entries_in(year: int | None):
    entries = FundEntry.objects.all()
    if year is not None:
        entries = entries.filter(created_at__year=year)
    return entries


def fund_totals(*, year: int | None = None) -> dict:
    """Collected (in), disbursed (out, positive) and adjustments — one query."""
    totals = _entries_in(year).aggregate(
        collected=Sum("amount", filter=Q(kind__in=INCOME_KINDS)),
        contributions=Sum("amount", filter=Q(kind=FundEntry.Kind.CONTRIBUTION)),
        unique_codes=Sum("amount", filter=Q(kind=FundEntry.Kind.UNIQUE_CODE)),
        donations=Sum("amount", filter=Q(kind=FundEntry.Kind.DONATION)),
        disbursed=Sum("amount", filter=Q(kind=FundEntry.Kind.DISBURSEMENT)),
        adjustments=Sum("amount", filter=Q(kind=FundEntry.Kind.ADJUSTMENT)),
    )
    return {
        "collected": int(totals["collected"] or 0),
        "contributions": int(totals["contributions"] or 0),
        "unique_codes": int(totals["unique_codes"] or 0),
        "donations": int(totals["donations"] or 0),
        "disbursed": -int(totals["disbursed"] or 0),
        "adjustments": int(totals["adjustments"] or 0),
    }


def fund_by_month(*, year: int | None = None) -> list[dict]:
    """``[{month: "YYYY-MM", collected, disbursed}]`` oldest first — one query."""
    rows = (
        _entries_in(year)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            collected=Sum("amount", filter=Q(kind__in=INCOME_KINDS)),
            disbursed=Sum("amount", filter=Q(kind=FundEntry.Kind.DISBURSEMENT)),
        )
        .order_by("month")
    )
    merged: dict[str, dict] = {}
    for row in rows:
        key = _month_key(row["month"])
        item = merged.setdefault(key, {"month": key, "collected": 0, "disbursed": 0})
        item["collected"] += int(row["collected"] or 0)
        item["disbursed"] += -int(row["disbursed"] or 0)
    if year is not None:
        for number in range(1, 13):
            key = f"{year:04d}-{number:02d}"
            merged.setdefault(key, {"month": key, "collected": 0, "disbursed": 0})
    return [merged[key] for key in sorted(merged)]


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


FUND_FIGURES_SECONDS = 3600


def _fund_figures() -> tuple[int, dict, list[dict]]:
    """The balance, totals and months, the last two cached per fund state.

    Every post to the fund moves the balance row (``fund_post`` saves its
    ``updated_at``), so (balance, updated_at) names one state of the ledger:
    the aggregates over every entry are recomputed only when it changes.
    """
    row = (
        FundBalance.objects.filter(pk=FundBalance.SINGLETON_PK)
        .values_list("balance", "updated_at")
        .first()
    )
    balance, stamp = row if row else (0, None)
    key = (
        f"charity:fund-figures:{timezone.localdate():%Y-%m}:{balance}:"
        f"{stamp.isoformat() if stamp else '-'}"
    )
    cached = cache.get(key)
    if cached is None:
        cached = (fund_totals(), fund_by_month())
        cache.set(key, cached, FUND_FIGURES_SECONDS)
    totals, by_month = cached
    return int(balance), totals, by_month


def public_summary() -> dict:
    """Everything the public page and ``charity/summary/`` show. No names."""
    balance, totals, by_month = _fund_figures()
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
    totals = fund_totals(year=year)
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
        "by_month": fund_by_month(year=year),
        "by_program": fund_by_program(year=year),
        "by_category": by_category,
        "beneficiaries_count": sum(item["count"] for item in by_category),
        "disbursements": disbursements,
        "balance_now": fund_balance(),
    }


def report_years() -> list[int]:
    """Years that have fund entries, newest first (this year always included)."""
    years = {
        value.year
        for value in FundEntry.objects.dates("created_at", "year", order="DESC")
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
