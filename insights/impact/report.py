"""The impact report for one viewer: every section, or None where their role
may not see it (see ``insights.impact.access``)."""

from insights.impact import access
from insights.impact.at_risk import trainees_at_risk
from insights.impact.config import impact_settings
from insights.impact.economy import economy_by_month, top_categories, top_marketplaces
from insights.impact.income import income_against_minimum_wage
from insights.impact.reach import charity_reach, plan_against_paid
from insights.impact.retention import cohort_retention, stage_funnel
from insights.impact.turnover import turnover_against_threshold
from insights.periods import Month


def impact_report(*, user, end: Month, year: int) -> dict:
    """All figures ``user`` may see for the 12 months up to ``end`` and ``year``."""
    community = access.may_see_community(user)
    visible = access.visible_members(user)
    may_see_risk, mentor = access.at_risk_scope(user)
    settings = impact_settings()  # read once for every section
    # A viewer without the community figures gets their own rows only, so
    # only their own orders are summed.
    income = income_against_minimum_wage(
        end=end, visible=visible, settings=settings, community=community
    )
    # The most-earning first: the page shows the top of these lists, the
    # table downloads hold everyone.
    income["members"].sort(key=lambda row: (-(row["percent"] or -1), row["name"]))
    turnover = turnover_against_threshold(
        year=year, visible=visible, settings=settings, community=community
    )
    turnover["members"].sort(key=lambda row: (-row["gross"], row["name"]))
    report = {
        "end": end,
        "year": year,
        "community": community,
        "income": income,
        "turnover": turnover,
        "at_risk": (
            trainees_at_risk(mentor=mentor, settings=settings) if may_see_risk else None
        ),
        "cohorts": None,
        "funnel": None,
        "economy": None,
        "categories": None,
        "marketplaces": None,
        "reach": None,
        "plan": None,
    }
    if community:
        report.update(
            cohorts=cohort_retention(end=end),
            funnel=stage_funnel(),
            economy=economy_by_month(end=end, settings=settings),
            categories=top_categories(end=end),
            marketplaces=top_marketplaces(end=end),
            reach=charity_reach(),
            plan=plan_against_paid(year=year),
        )
    return report
