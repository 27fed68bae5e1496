"""Prepared queries (community/prepared.py) answer what their querysets answer.

Every ``PreparedQuery`` of the project is run twice on the same data: through
the ORM (its builder with the real values) and prepared (compiled once with
placeholders, the values put in afterwards). The rows must be equal, for
several members and months, so a placeholder that lands in the wrong parameter
or a converter that is skipped fails here, on SQLite and on PostgreSQL.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community import figures
from community.prepared import PreparedQuery, aggregate_values
from insights import selectors
from insights.periods import Month
from orders.models import Order

pytestmark = pytest.mark.django_db

PREPARED = {
    name: value
    for name, value in vars(selectors).items()
    if isinstance(value, PreparedQuery)
}


def _values_for(prepared: PreparedQuery, member, month: Month) -> dict:
    known = {
        "member_id": member.pk,
        "previous_start": month.previous.start,
        "month_start": month.start,
        "month_end": month.end,
        "since": month.previous.start,
    }
    missing = set(prepared.placeholders) - set(known)
    assert not missing, f"give this test a value for {missing}"
    return {name: known[name] for name in prepared.placeholders}


def _static_for(prepared: PreparedQuery) -> dict:
    return (
        {"limit": 3}
        if prepared
        in (
            selectors.TOP_PRODUCTS,
            selectors.MEMBER_TOP_PRODUCTS,
        )
        else {}
    )


def test_every_insights_query_is_covered():
    assert len(PREPARED) >= 10


@pytest.mark.parametrize("name", sorted(PREPARED))
@pytest.mark.parametrize("month_key", ["2025-12", "2026-01", "2026-02", "2026-03"])
def test_prepared_rows_equal_the_orm(seeded, name, month_key):
    prepared = PREPARED[name]
    month = Month.parse(month_key)
    for member in (seeded["member"], seeded["other_member"]):
        values = _values_for(prepared, member, month)
        static = _static_for(prepared)
        expected = list(prepared.build(**values, **static))
        assert prepared.rows(static=static, **values) == expected
        # A second run reuses the compiled SQL with other values.
        assert prepared.rows(static=static, **values) == expected


def test_values_change_the_answer_not_just_the_first_run(seeded):
    january, february = Month.parse("2026-01"), Month.parse("2026-02")
    member = seeded["member"]
    first = selectors.month_figures(month=january, member=member)["current"]
    second = selectors.month_figures(month=february, member=member)["current"]
    other = selectors.month_figures(month=january, member=seeded["other_member"])
    # The seeded month: the member sold 2 orders in January, none in February.
    assert first["orders"] == 2
    assert second["orders"] == 0
    assert other["current"]["orders"] == 1
    assert first["goods_value"] == 55000


def test_a_placeholder_that_is_no_parameter_is_refused(db):
    # A slice's bound is SQL text, not a parameter: it must be static.
    def build(limit_as_placeholder):
        return Order.objects.values("pk")[: abs(limit_as_placeholder) % 5]

    prepared = PreparedQuery(build, limit_as_placeholder=int)
    with pytest.raises(ValueError, match="not SQL parameters"):
        prepared.rows(limit_as_placeholder=2)


def test_static_arguments_compile_one_query_each(seeded):
    month = Month.parse("2026-01")
    one = selectors.top_products(month=month, limit=1)
    two = selectors.top_products(month=month, limit=2)
    assert len(one) == 1
    assert len(two) == 2
    assert one[0] == two[0]


def test_aggregate_values_is_aggregate(seeded):
    orders = Order.objects.filter(member=seeded["member"])
    from django.db.models import Count, Sum

    expected = orders.aggregate(n=Count("pk"), profit=Sum("profit"))
    assert list(aggregate_values(orders, n=Count("pk"), profit=Sum("profit"))) == [
        expected
    ]
    none = Order.objects.filter(pk=-1)
    assert list(aggregate_values(none, n=Count("pk"), profit=Sum("profit"))) == [
        {"n": 0, "profit": None}
    ]


def test_member_figures_are_prepared_and_right(seeded):
    member = seeded["member"]
    figures.member_figures(member, figures.HOME_FIGURES)  # compiled here
    with CaptureQueriesContext(connection) as queries:
        values = figures.member_figures(member, figures.HOME_FIGURES)
    assert len(queries) == 1
    assert values["credit_balance"] == 5000
    assert values["charity_contributed"] == 750
    # The member's one submitted order in no settlement (31 January): goods
    # 15.000 + charity 250; the others are paid, completed, cancelled or draft.
    assert values["outstanding"] == 15250
    assert values["unsettled_orders"] == 1
    assert figures.member_figures(seeded["other_member"])["outstanding"] == (
        20250 + 10123
    )


def test_weekly_sales_buckets_by_jakarta_monday(seeded):
    rows = selectors.MEMBER_WEEKLY.rows(
        member_id=seeded["member"].pk, since=Month.parse("2025-12").start
    )
    weeks = {}
    for row in rows:
        week = row["week"]
        if isinstance(week, datetime.datetime):
            week = week.date()
        weeks[week] = row["orders"]
    # 31 Dec 2025 (Wed) → week of 29 Dec; 10 Jan (Sat) → 5 Jan; 31 Jan (Sat) → 26 Jan.
    assert weeks == {
        datetime.date(2025, 12, 29): 1,
        datetime.date(2026, 1, 5): 1,
        datetime.date(2026, 1, 26): 1,
    }
