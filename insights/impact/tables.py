"""Every table of the impact report as CSV or XLSX, through the existing
export writers (``insights.exports.csv_response`` / ``xlsx_response``), so the
same header row, BOM, totals sheet and formula escaping apply.

``TableDataset`` has the interface those writers read from a ``Dataset``
(title, headers, columns, rows(), totals()) over rows already computed by a
selector instead of a queryset.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insights.impact import access
from insights.impact.at_risk import trainees_at_risk
from insights.impact.economy import economy_by_month, top_categories, top_marketplaces
from insights.impact.income import LEVELS, income_against_minimum_wage
from insights.impact.reach import charity_reach, plan_against_paid
from insights.impact.retention import OFFSETS, cohort_retention, stage_funnel
from insights.impact.turnover import turnover_against_threshold


@dataclass
class TableDataset:
    key: str
    title: str
    headers: list[str]
    columns: list[str]
    data: list[dict]
    money_columns: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[tuple]:
        for row in self.data:
            yield tuple(row.get(name) for name in self.columns)

    def totals(self) -> dict:
        totals = {"rows": len(self.data)}
        for name in self.money_columns:
            totals[name] = sum(int(row.get(name) or 0) for row in self.data)
        return totals


def _table(key, title, spec, data, money=()) -> TableDataset:
    return TableDataset(
        key=key,
        title=str(title),
        headers=[str(header) for _column, header in spec],
        columns=[column for column, _header in spec],
        data=data,
        money_columns=list(money),
    )


def _income_months(params) -> TableDataset:
    figures = income_against_minimum_wage(end=params["end"])
    data = [
        {
            "month": row["key"],
            "minimum_wage": row["minimum_wage"],
            "selling": row["selling"],
            "income_total": row["income_total"],
            **{f"at_{level}": row["levels"][level] for level in LEVELS},
        }
        for row in figures["months"]
    ]
    spec = [
        ("month", _("Month")),
        ("minimum_wage", _("Minimum wage (Rp)")),
        ("selling", _("Members who sold")),
        ("income_total", _("Members' income (Rp)")),
        *[
            (f"at_{level}", _("Earn ≥ %(level)s%% of it") % {"level": level})
            for level in LEVELS
        ],
    ]
    return _table("income-months", _("Income vs minimum wage"), spec, data)


def _income_members(params) -> TableDataset:
    # Only the visible members' rows are written: only their orders are summed.
    figures = income_against_minimum_wage(
        end=params["end"], visible=params["visible"], community=False
    )
    data = [
        {
            "name": row["name"],
            "months_counted": row["months_counted"],
            "income": row["income"],
            "average_income": row["average_income"],
            "percent": row["percent"],
        }
        for row in figures["members"]
    ]
    spec = [
        ("name", _("Member")),
        ("months_counted", _("Months counted")),
        ("income", _("Income (Rp)")),
        ("average_income", _("Income per month (Rp)")),
        ("percent", _("% of minimum wage")),
    ]
    return _table(
        "income-members", _("Income per member"), spec, data, money=["income"]
    )


def _cohorts(params) -> TableDataset:
    data = []
    for row in cohort_retention(end=params["end"]):
        item = {"cohort": row["key"], "size": row["size"]}
        for offset in OFFSETS:
            cell = row["after"][offset]
            item[f"after_{offset}"] = cell["count"] if cell else None
        data.append(item)
    spec = [
        ("cohort", _("Joined in")),
        ("size", _("Members")),
        *[
            (f"after_{offset}", _("Still selling after %(n)s months") % {"n": offset})
            for offset in OFFSETS
        ],
    ]
    return _table("cohorts", _("Who stays"), spec, data)


def _funnel(params) -> TableDataset:
    funnel = stage_funnel()
    spec = [
        ("title", _("Stage")),
        ("reached", _("Reached")),
        ("finished", _("Finished")),
        ("median_days", _("Median days")),
    ]
    data = list(funnel["stages"]) + [
        {"title": _("Independent"), "reached": funnel["independent"]}
    ]
    return _table("funnel", _("Learning stages"), spec, data)


def _at_risk(params) -> TableDataset:
    mentor = params["at_risk_mentor"]
    risk = trainees_at_risk(mentor=mentor)
    data = [
        {
            "name": row["trainee"].full_name,
            "mentor": row["mentor"].full_name if row["mentor"] else "",
            "days_without_sale": row["days_without_sale"],
            "days_without_progress": row["days_without_progress"],
            "suggestion": row["suggestion"],
            "whatsapp_url": row["whatsapp_url"],
        }
        for row in risk["rows"]
    ]
    spec = [
        ("name", _("Learner")),
        ("mentor", _("Mentor")),
        ("days_without_sale", _("Days without a sale")),
        ("days_without_progress", _("Days without progress")),
        ("suggestion", _("Next step")),
        ("whatsapp_url", _("WhatsApp link")),
    ]
    return _table("at-risk", _("Learners who need help"), spec, data)


def _economy(params) -> TableDataset:
    economy = economy_by_month(end=params["end"])
    columns = [
        "orders",
        "goods_value",
        "member_profit",
        "leader_margin",
        "charity_collected",
        "charity_paid_out",
    ]
    data = [
        {"month": row["key"], **{k: row[k] for k in columns}}
        for row in economy["months"]
    ]
    spec = [
        ("month", _("Month")),
        ("orders", _("Orders")),
        ("goods_value", _("Goods value (Rp)")),
        ("member_profit", _("Members' profit (Rp)")),
        ("leader_margin", _("Leader's margin (Rp, estimate)")),
        ("charity_collected", _("Charity collected (Rp)")),
        ("charity_paid_out", _("Charity paid out (Rp)")),
    ]
    return _table("economy", _("Community economy"), spec, data, money=columns[1:])


def _categories(params) -> TableDataset:
    spec = [
        ("category", _("Category")),
        ("quantity", _("Items")),
        ("goods_value", _("Goods value (Rp)")),
    ]
    return _table(
        "categories",
        _("Top categories"),
        spec,
        top_categories(end=params["end"]),
        money=["goods_value"],
    )


def _marketplaces(params) -> TableDataset:
    spec = [
        ("label", _("Marketplace")),
        ("orders", _("Orders")),
        ("goods_value", _("Goods value (Rp)")),
        ("profit", _("Members' profit (Rp)")),
    ]
    return _table(
        "marketplaces",
        _("Top marketplaces"),
        spec,
        top_marketplaces(end=params["end"]),
        money=["goods_value", "profit"],
    )


def _reach(params) -> TableDataset:
    spec = [
        ("year", _("Year")),
        ("program", _("Program")),
        ("families", _("Families")),
        ("people", _("People")),
        ("places", _("Places of worship")),
        ("cash", _("Cash (Rp)")),
        ("goods", _("Goods (Rp)")),
    ]
    return _table(
        "reach",
        _("Charity reach"),
        spec,
        charity_reach()["programs"],
        money=["cash", "goods"],
    )


def _plan(params) -> TableDataset:
    spec = [
        ("program", _("Program")),
        ("when", _("When")),
        ("planned_units", _("Planned families/people")),
        ("paid_units", _("Reached")),
        ("budget", _("Plan (Rp)")),
        ("paid", _("Paid (Rp)")),
    ]
    return _table(
        "plan",
        _("Plan against paid"),
        spec,
        plan_against_paid(year=params["year"]),
        money=["budget", "paid"],
    )


def _turnover(params) -> TableDataset:
    figures = turnover_against_threshold(
        year=params["year"], visible=params["visible"], community=False
    )
    spec = [
        ("name", _("Member")),
        ("gross", _("Gross sales this year (Rp)")),
        ("percent", _("% of the threshold")),
        ("tax", _("Tax estimate (Rp)")),
    ]
    return _table(
        "turnover", _("Turnover and tax"), spec, figures["members"], money=["gross"]
    )


COMMUNITY, PERSONAL, AT_RISK = "community", "personal", "at_risk"

# key → (label, who may download, builder)
TABLES: dict[str, tuple] = {
    "income-months": (
        gettext_lazy("Income vs minimum wage"),
        COMMUNITY,
        _income_months,
    ),
    "income-members": (gettext_lazy("Income per member"), PERSONAL, _income_members),
    "cohorts": (gettext_lazy("Who stays"), COMMUNITY, _cohorts),
    "funnel": (gettext_lazy("Learning stages"), COMMUNITY, _funnel),
    "at-risk": (gettext_lazy("Learners who need help"), AT_RISK, _at_risk),
    "economy": (gettext_lazy("Community economy"), COMMUNITY, _economy),
    "categories": (gettext_lazy("Top categories"), COMMUNITY, _categories),
    "marketplaces": (gettext_lazy("Top marketplaces"), COMMUNITY, _marketplaces),
    "reach": (gettext_lazy("Charity reach"), COMMUNITY, _reach),
    "plan": (gettext_lazy("Plan against paid"), COMMUNITY, _plan),
    "turnover": (gettext_lazy("Turnover and tax"), PERSONAL, _turnover),
}


def may_download(user, key: str) -> bool:
    audience = TABLES[key][1]
    if audience == COMMUNITY:
        return access.may_see_community(user)
    if audience == AT_RISK:
        return access.at_risk_scope(user)[0]
    return access.visible_members(user) is not None


def table_for(user, key: str, *, end, year) -> TableDataset:
    """Build one table for ``user`` (the caller checked ``may_download``)."""
    builder: Callable = TABLES[key][2]
    return builder(
        {
            "end": end,
            "year": year,
            "visible": access.visible_members(user),
            "at_risk_mentor": access.at_risk_scope(user)[1],
        }
    )


def tables_for(user) -> list[tuple[str, str]]:
    """(key, label) of the tables ``user`` may download."""
    return [
        (key, str(spec[0])) for key, spec in TABLES.items() if may_download(user, key)
    ]
