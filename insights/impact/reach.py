"""Charity reach per program and year, and each program's plan against what
was paid. Counts and money only: no beneficiary's name ever leaves here.

A family (or person) reached is a distinct beneficiary with a paid
disbursement; places of worship are counted apart (``places``), and the people
reached are the household sizes of the families. The year is the Jakarta year
the disbursement was paid.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from charity.models import Beneficiary, Disbursement, Program
from insights.impact.months import percent

RAMADAN_WORDS = ("ramadan", "ramadhan", "lebaran", "idul fitri", "idulfitri")


def _paid():
    return Disbursement.objects.filter(status=Disbursement.Status.PAID)


def charity_reach(*, year: int | None = None) -> dict:
    """Per (year, program): families, people, places, cash and goods — one query.

    Grouped by beneficiary in the database, so each family counts once per
    program and year however many times it was helped; summed here.
    """
    paid = _paid()
    if year is not None:
        paid = paid.filter(paid_at__year=year)
    rows = (
        paid.annotate(year=ExtractYear("paid_at"))
        .values(
            "year",
            "program_id",
            "program__name",
            "beneficiary_id",
            "beneficiary__category",
            "beneficiary__household_size",
        )
        .annotate(cash=Sum("cash_amount"), goods=Sum("in_kind_value"))
        .order_by()
    )
    groups: dict[tuple[int, int], dict] = {}
    for row in rows:
        key = (row["year"], row["program_id"])
        group = groups.setdefault(
            key,
            {
                "year": row["year"],
                "program_id": row["program_id"],
                "program": row["program__name"],
                "families": 0,
                "people": 0,
                "places": 0,
                "cash": 0,
                "goods": 0,
            },
        )
        group["cash"] += int(row["cash"] or 0)
        group["goods"] += int(row["goods"] or 0)
        if row["beneficiary_id"] is None:
            continue
        if row["beneficiary__category"] == Beneficiary.Category.PLACE_OF_WORSHIP:
            group["places"] += 1
        else:
            group["families"] += 1
            group["people"] += int(row["beneficiary__household_size"] or 1)
    programs = sorted(
        groups.values(), key=lambda group: (-group["year"], group["program"])
    )
    for group in programs:
        group["total"] = group["cash"] + group["goods"]
    years: dict[int, dict] = {}
    for group in programs:
        total = years.setdefault(
            group["year"],
            {
                "year": group["year"],
                "families": 0,
                "people": 0,
                "places": 0,
                "cash": 0,
                "goods": 0,
                "total": 0,
            },
        )
        for name in ("families", "people", "places", "cash", "goods", "total"):
            total[name] += group[name]
    return {
        "programs": programs,
        "years": [years[key] for key in sorted(years, reverse=True)],
    }


def _is_after_ramadan(program: Program) -> bool:
    text = f"{program.name} {program.schedule_note}".lower()
    return any(word in text for word in RAMADAN_WORDS)


def plan_against_paid(*, year: int) -> list[dict]:
    """Programs of ``year`` (scheduled, or paid in it): planned vs paid — one query.

    The plan is the program's own ``planned_units`` × ``amount_per_unit`` (or
    its ``budget``); paid is what its paid disbursements of the year gave and
    to how many distinct beneficiaries. Post-Ramadan programs (their name or
    "when" note says Ramadan/Lebaran) come first.
    """
    paid_in_year = Q(disbursements__status=Disbursement.Status.PAID) & Q(
        disbursements__paid_at__year=year
    )
    programs = (
        Program.objects.exclude(status=Program.Status.CANCELLED)
        .filter(
            Q(scheduled_for__year=year)
            | Q(scheduled_for__isnull=True, created_at__year=year)
            | Q(
                pk__in=_paid().filter(paid_at__year=year).values("program_id"),
            )
        )
        .annotate(
            paid_cash=Sum("disbursements__cash_amount", filter=paid_in_year),
            paid_goods=Sum("disbursements__in_kind_value", filter=paid_in_year),
            paid_units=Count(
                "disbursements__beneficiary", filter=paid_in_year, distinct=True
            ),
        )
        .order_by("scheduled_for", "name", "pk")
    )
    rows = []
    for program in programs:
        paid = int(program.paid_cash or 0) + int(program.paid_goods or 0)
        budget = int(program.budget or 0)
        if not budget and program.planned_units and program.amount_per_unit:
            budget = program.planned_units * program.amount_per_unit
        rows.append(
            {
                "program_id": program.pk,
                "program": program.name,
                "when": program.schedule_note
                or (program.scheduled_for.isoformat() if program.scheduled_for else ""),
                "status": program.get_status_display(),
                "after_ramadan": _is_after_ramadan(program),
                "planned_units": program.planned_units,
                "paid_units": int(program.paid_units or 0),
                "budget": budget,
                "paid": paid,
                "paid_percent": percent(paid, budget),
            }
        )
    rows.sort(key=lambda row: not row["after_ramadan"])
    return rows
