"""Member income against the regional minimum wage (UMK).

A member's income in a month is Σ (profit − charity share) of their sold
orders submitted that month (Jakarta time): profit is already net of the
marketplace fee (``orders.money``), and the charity share goes to the fund.
"""

from django.db.models import F, QuerySet
from django.db.models.functions import TruncMonth

from community.models import Member
from insights.impact.config import impact_settings, minimum_wages, wage_for_year
from insights.impact.months import money, month_of, months_ending, percent
from insights.models import ImpactSettings
from insights.periods import JAKARTA, Month
from insights.selectors import sold_orders

LEVELS = (25, 50, 100)


def _income_rows(
    months: list[Month], members: QuerySet[Member] | None = None
) -> list[dict]:
    """(member, joined_on, month, income) of every member-month with a sale,
    of ``members`` only when given."""
    orders = sold_orders()
    if members is not None:
        orders = orders.filter(member__in=members)
    return list(
        orders.filter(
            submitted_at__gte=months[0].start, submitted_at__lt=months[-1].end
        )
        .annotate(month=TruncMonth("submitted_at", tzinfo=JAKARTA))
        .values("member_id", "member__joined_on", "month")
        .annotate(income=money(F("profit") - F("charity_share")))
        .order_by()
    )


def _reaches(income: int, wage: int, level: int) -> bool:
    return income * 100 >= wage * level


def income_against_minimum_wage(
    *,
    end: Month,
    months: int = 12,
    visible: QuerySet[Member] | None = None,
    settings: ImpactSettings | None = None,
    community: bool = True,
) -> dict:
    """Members earning ≥ 25/50/100 % of the UMK per month and over the window.

    - ``months``: per month the UMK in force, how many members sold, and how
      many earned at least each level of it;
    - ``window``: members whose income over the window reached each level of
      the UMK over the same months (counted from the month they joined, and
      only months with a UMK figure);
    - ``members``: the per-member figures of ``visible`` only (private: the
      view passes the member, a mentor's trainees, or everyone for the
      leader); None shows nobody.

    ``community=False`` (a viewer who sees only their own rows): ``months``,
    ``window`` and ``members_with_sales`` count ``visible`` alone, and only
    their orders are summed — not the whole community's year.

    Three queries: the settings and UMK figures, the grouped income, and the
    visible members' names.
    """
    config = settings or impact_settings()
    wages = minimum_wages(config.kabupaten)
    window = months_ending(end, months)
    keys = [month.key for month in window]
    wage_of = {month.key: wage_for_year(wages, month.year) for month in window}
    by_member: dict[int, dict] = {}
    scope = None
    if not community:
        scope = visible if visible is not None else Member.objects.none()
    for row in _income_rows(window, scope):
        entry = by_member.setdefault(
            row["member_id"],
            {"joined": month_of(row["member__joined_on"]), "income": {}},
        )
        entry["income"][month_of(row["month"]).key] = int(row["income"] or 0)

    month_rows = []
    for month in window:
        wage = wage_of[month.key]
        incomes = [
            entry["income"][month.key]
            for entry in by_member.values()
            if month.key in entry["income"]
        ]
        month_rows.append(
            {
                "month": month,
                "key": month.key,
                "minimum_wage": wage,
                "selling": len(incomes),
                "income_total": sum(incomes),
                "levels": {
                    level: (
                        sum(1 for income in incomes if _reaches(income, wage, level))
                        if wage
                        else None
                    )
                    for level in LEVELS
                },
            }
        )

    def entry_start(entry: dict) -> tuple[int, int]:
        joined = entry["joined"]
        return (joined.year, joined.month)

    def window_figures(entry: dict) -> dict:
        counted = [
            key
            for month, key in zip(window, keys, strict=True)
            if wage_of[key] and (month.year, month.month) >= entry_start(entry)
        ]
        income = sum(entry["income"].get(key, 0) for key in counted)
        wage_total = sum(wage_of[key] for key in counted)
        return {
            "months_counted": len(counted),
            "income": income,
            "wage_total": wage_total,
            "average_income": income // len(counted) if counted else 0,
            "percent": percent(income, wage_total),
        }

    window_counts = dict.fromkeys(LEVELS, 0)
    for entry in by_member.values():
        figures = window_figures(entry)
        if not figures["wage_total"]:
            continue
        for level in LEVELS:
            if _reaches(figures["income"], figures["wage_total"], level):
                window_counts[level] += 1

    members = []
    if visible is not None:
        for member in visible.order_by("full_name", "pk").only(
            "pk", "full_name", "joined_on", "mentor_id"
        ):
            entry = by_member.get(
                member.pk, {"joined": month_of(member.joined_on), "income": {}}
            )
            figures = window_figures(entry)
            members.append(
                {
                    "member": member,
                    "member_id": member.pk,
                    "name": member.full_name,
                    **figures,
                }
            )
    latest_wage = wage_for_year(wages, end.year)
    return {
        "kabupaten": config.kabupaten,
        "minimum_wage": latest_wage,
        "has_wage": any(wage_of.values()),
        "start": window[0],
        "end": end,
        "months": month_rows,
        "window": window_counts,
        "members_with_sales": len(by_member),
        "members": members,
        "levels": LEVELS,
    }
