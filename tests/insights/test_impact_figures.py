"""Each impact figure against a hand-computed world (see impact_fixtures)."""

import datetime
from decimal import Decimal

import pytest

from community.models import Member
from insights.impact.economy import economy_by_month, top_categories, top_marketplaces
from insights.impact.income import income_against_minimum_wage
from insights.impact.reach import charity_reach, plan_against_paid
from insights.impact.retention import cohort_retention, stage_funnel
from insights.impact.turnover import turnover_against_threshold
from insights.models import ImpactSettings
from insights.periods import Month
from orders.models import Order
from tests.charity.factories import fund_with
from tests.factories import MemberFactory
from tests.insights.factories import jakarta
from tests.insights.impact_fixtures import income_world, reach_world, sale
from training.models import ChecklistItem, Enrollment, ItemCheck, Stage

pytestmark = pytest.mark.django_db
JANUARY = Month(2026, 1)


def test_income_counts_members_at_each_level_of_the_minimum_wage():
    income_world()

    figures = income_against_minimum_wage(end=JANUARY)

    january = figures["months"][-1]
    assert january["key"] == "2026-01"
    assert january["minimum_wage"] == 2_000_000
    assert january["selling"] == 3
    assert january["income_total"] == 2_000_000 + 999_999 + 500_000
    assert january["levels"] == {25: 3, 50: 1, 100: 1}
    december = figures["months"][-2]
    assert december["minimum_wage"] == 1_800_000
    assert december["levels"] == {25: 1, 50: 1, 100: 0}
    assert figures["months"][0]["key"] == "2025-02"
    assert figures["window"] == {25: 2, 50: 1, 100: 0}
    assert figures["members"] == []  # nobody's own figures unless asked


def test_income_per_member_counts_from_the_join_month():
    world = income_world()

    figures = income_against_minimum_wage(
        end=JANUARY,
        visible=Member.objects.filter(pk__in=[world["a"].pk, world["c"].pk]),
    )

    rows = {row["name"]: row for row in figures["members"]}
    assert set(rows) == {"Ani", "Citra"}
    assert rows["Ani"]["months_counted"] == 2
    assert rows["Ani"]["income"] == 2_900_000
    assert rows["Ani"]["average_income"] == 1_450_000
    assert rows["Ani"]["percent"] == 76
    assert rows["Citra"]["months_counted"] == 12
    assert rows["Citra"]["wage_total"] == 11 * 1_800_000 + 2_000_000
    assert rows["Citra"]["percent"] == 2


def test_income_without_a_minimum_wage_counts_nothing():
    member = MemberFactory(joined_on=datetime.date(2025, 1, 1))
    sale(member, jakarta(2026, 1, 10, 9, 0), income=5_000_000)

    figures = income_against_minimum_wage(end=JANUARY)

    assert figures["has_wage"] is False
    assert figures["months"][-1]["levels"] == {25: None, 50: None, 100: None}
    assert figures["window"] == {25: 0, 50: 0, 100: 0}


def test_income_uses_the_configured_kabupaten():
    income_world()
    ImpactSettings.objects.create(kabupaten="Bangkalan")

    figures = income_against_minimum_wage(end=JANUARY)

    assert figures["months"][-1]["minimum_wage"] == 9_000_000
    assert figures["months"][-2]["minimum_wage"] is None  # none before 2026
    assert figures["months"][-1]["levels"] == {25: 0, 50: 0, 100: 0}


def test_cohorts_count_sellers_in_the_nth_month_after_joining():
    joined = datetime.date(2025, 10, 15)
    x, y, z = (MemberFactory(joined_on=joined) for _ in range(3))
    MemberFactory(joined_on=datetime.date(2025, 11, 1))
    # 23:30 WIB on 30 November: November, one month after October.
    sale(x, jakarta(2025, 11, 30, 23, 30))
    sale(x, jakarta(2026, 1, 5, 9, 0))  # three months after
    sale(x, jakarta(2026, 1, 6, 9, 0))  # the same member counts once
    sale(y, jakarta(2025, 10, 20, 9, 0))  # the join month itself: no offset
    sale(y, jakarta(2025, 12, 1, 0, 30))  # two months after: not reported
    sale(y, jakarta(2026, 4, 2, 9, 0))  # six months after
    cancelled = sale(z, jakarta(2025, 11, 3, 9, 0))
    Order.objects.filter(pk=cancelled.pk).update(status=Order.Status.CANCELLED)

    rows = {row["key"]: row for row in cohort_retention(end=Month(2025, 12))}

    october = rows["2025-10"]
    assert october["size"] == 3
    assert october["after"][1] == {"count": 1, "percent": 33}
    assert october["after"][3] == {"count": 1, "percent": 33}
    assert october["after"][6] == {"count": 1, "percent": 33}
    november = rows["2025-11"]
    assert november["size"] == 1
    assert november["after"][1] == {"count": 0, "percent": 0}
    assert rows["2025-01"]["size"] == 0


def test_cohort_months_that_have_not_begun_show_nothing():
    now = Month.current()
    MemberFactory(joined_on=now.first_day)

    rows = cohort_retention(end=now)

    assert rows[-1]["size"] == 1
    assert rows[-1]["after"] == {1: None, 3: None, 6: None}


def _finish_stage(enrollment, stage, when):
    for item in stage.items.all():
        ItemCheck.objects.create(enrollment=enrollment, item=item, checked_at=when)


def test_funnel_counts_stages_and_median_days():
    stages = list(Stage.objects.order_by("position"))
    assert len(stages) == 4
    start = jakarta(2026, 1, 1, 8, 0)
    day = datetime.timedelta(days=1)

    def enrolled():
        return Enrollment.objects.create(
            trainee=MemberFactory(), started_at=start, last_activity_at=start
        )

    first = enrolled()
    _finish_stage(first, stages[0], start + 4 * day)
    _finish_stage(first, stages[1], start + 10 * day)
    for days in (2, 6, 8):
        _finish_stage(enrolled(), stages[0], start + days * day)
    half = enrolled()  # one item of stage 1 only: still in stage 1
    ItemCheck.objects.create(
        enrollment=half, item=stages[0].items.first(), checked_at=start + day
    )
    # An untick does not count as done.
    undone = enrolled()
    _finish_stage(undone, stages[0], start + 3 * day)
    ItemCheck.objects.filter(enrollment=undone).filter(
        pk=ItemCheck.objects.filter(enrollment=undone).first().pk
    ).update(unchecked_at=start + 5 * day, uncheck_reason="belum")
    done = enrolled()
    Enrollment.objects.filter(pk=done.pk).update(completed_at=start + 50 * day)

    funnel = stage_funnel()

    assert funnel["enrolled"] == 7
    assert funnel["independent"] == 1
    by_code = funnel["stages"]
    assert [stage["reached"] for stage in by_code] == [7, 4, 1, 0]
    assert [stage["finished"] for stage in by_code] == [4, 1, 0, 0]
    assert by_code[0]["median_days"] == 5.0  # 2, 4, 6, 8
    assert by_code[1]["median_days"] == 6.0  # day 4 → day 10
    assert by_code[2]["median_days"] is None


def test_funnel_never_counts_a_stage_as_finished_before_the_one_before():
    stages = list(Stage.objects.order_by("position"))
    start = jakarta(2026, 1, 1, 8, 0)
    enrollment = Enrollment.objects.create(
        trainee=MemberFactory(), started_at=start, last_activity_at=start
    )
    _finish_stage(enrollment, stages[1], start + datetime.timedelta(days=1))
    _finish_stage(enrollment, stages[0], start + datetime.timedelta(days=3))

    stages_out = stage_funnel()["stages"]

    assert stages_out[0]["median_days"] == 3.0
    assert stages_out[1]["median_days"] == 0.0
    assert ChecklistItem.objects.exists()


def test_economy_by_month_with_the_leader_margin_and_the_fund():
    member = MemberFactory()
    order = sale(member, jakarta(2026, 1, 10, 9, 0), gross=31_000, shipping_fee=9_000)
    # goods 1 000 + shipping 9 000 = 10 000; profit 30 000; charity 750.
    assert (order.goods_total, order.profit, order.charity_share) == (
        10_000,
        30_000,
        750,
    )
    sale(member, jakarta(2025, 12, 31, 23, 59), gross=3_000)
    ImpactSettings.objects.create(leader_margin_percent=Decimal("10"))
    entry = fund_with(5_000)
    fund_with(700, kind="contribution", member=member)
    out = fund_with(-1_200, kind="disbursement")
    from ledger.models import FundEntry

    FundEntry.objects.filter(pk__in=[entry.pk, out.pk]).update(
        created_at=jakarta(2026, 1, 15, 9, 0)
    )

    economy = economy_by_month(end=JANUARY, months=2)

    december, january = economy["months"]
    assert january["orders"] == 1
    assert january["goods_value"] == 10_000
    assert january["member_profit"] == 30_000
    assert january["leader_margin"] == 100  # 10 % of the member price 1 000
    assert january["charity_collected"] == 5_000
    assert january["charity_paid_out"] == 1_200
    assert december["goods_value"] == 1_000
    assert december["member_profit"] == 2_000
    assert economy["totals"]["goods_value"] == 11_000
    assert economy["totals"]["leader_margin"] == 200


def test_economy_hides_the_leader_margin_when_unknown():
    sale(MemberFactory(), jakarta(2026, 1, 10, 9, 0))

    economy = economy_by_month(end=JANUARY, months=1)

    assert economy["months"][0]["leader_margin"] is None
    assert economy["totals"]["leader_margin"] is None


def test_top_categories_and_marketplaces():
    member = MemberFactory()
    sale(member, jakarta(2026, 1, 10, 9, 0))
    sale(member, jakarta(2026, 1, 11, 9, 0))

    categories = top_categories(end=JANUARY)
    marketplaces = top_marketplaces(end=JANUARY)

    assert sum(row["goods_value"] for row in categories) == 2_000
    assert marketplaces == [
        {
            "marketplace": "shopee",
            "label": "Shopee",
            "orders": 2,
            "goods_value": 2_000,
            "profit": 2_000,
        }
    ]


def test_charity_reach_counts_each_family_once_and_no_names():
    world = reach_world()

    reach = charity_reach(year=2026)

    programs = {row["program"]: row for row in reach["programs"]}
    santunan = programs["Santunan keluarga"]
    assert (santunan["families"], santunan["people"]) == (2, 6)
    assert (santunan["cash"], santunan["goods"], santunan["total"]) == (
        150_000,
        120_000,
        270_000,
    )
    masjid = programs["Renovasi masjid"]
    assert (masjid["families"], masjid["places"], masjid["goods"]) == (0, 1, 500_000)
    assert reach["years"] == [
        {
            "year": 2026,
            "families": 2,
            "people": 6,
            "places": 1,
            "cash": 150_000,
            "goods": 620_000,
            "total": 770_000,
        }
    ]
    assert not any(name in repr(reach) for name in world["names"])
    assert charity_reach(year=2025) == {"programs": [], "years": []}


def test_plan_against_paid_puts_the_post_ramadan_program_first():
    reach_world()

    rows = plan_against_paid(year=2026)

    assert [row["program"] for row in rows] == ["Santunan keluarga", "Renovasi masjid"]
    santunan, masjid = rows
    assert santunan["after_ramadan"] is True
    assert (santunan["planned_units"], santunan["paid_units"]) == (3, 2)
    assert (santunan["budget"], santunan["paid"], santunan["paid_percent"]) == (
        300_000,
        270_000,
        90,
    )
    assert (masjid["budget"], masjid["paid"], masjid["paid_percent"]) == (
        1_000_000,
        500_000,
        50,
    )
    assert plan_against_paid(year=2025) == []


@pytest.mark.parametrize(
    ("gross", "level", "tax"),
    [
        (399_999_999, "ok", 0),
        (400_000_000, "near", 0),  # exactly 80 %
        (499_999_999, "near", 0),
        (500_000_000, "over", 0),  # at the threshold: nothing above it yet
        (600_000_000, "over", 500_000),  # 0,5 % of 100 juta
    ],
)
def test_turnover_levels_at_the_boundaries(gross, level, tax):
    member = MemberFactory()
    sale(member, jakarta(2026, 3, 1, 9, 0), gross=gross)
    sale(member, jakarta(2025, 12, 31, 23, 59), gross=9_000_000)  # last year

    figures = turnover_against_threshold(
        year=2026, visible=Member.objects.filter(pk=member.pk)
    )

    (row,) = figures["members"]
    assert row["gross"] == gross
    assert row["level"] == level
    assert row["tax"] == tax
    assert (figures["near"], figures["over"]) == (
        int(level == "near"),
        int(level == "over"),
    )


def test_turnover_threshold_is_configurable():
    member = MemberFactory()
    sale(member, jakarta(2026, 3, 1, 9, 0), gross=90_000)
    ImpactSettings.objects.create(tax_threshold=100_000, tax_warning_percent=90)

    figures = turnover_against_threshold(
        year=2026, visible=Member.objects.filter(pk=member.pk)
    )

    assert figures["members"][0]["level"] == "near"
    assert figures["members"][0]["percent"] == 90


def test_turnover_is_what_buyers_paid_with_fees_and_shipping():
    """Gross from the order fields equals Σ sale price × quantity of the lines."""
    from tests.catalog.factories import VariantFactory
    from tests.factories import ShopFactory
    from tests.insights.factories import make_sale

    member = MemberFactory()
    shop = ShopFactory(member=member)
    a, b = VariantFactory(base_price=20_000), VariantFactory(base_price=15_000)
    make_sale(
        member=member,
        shop=shop,
        lines=[(a, 2, 30_000), (b, 3, 14_000)],  # one line sold below base
        submitted_at=jakarta(2026, 5, 1, 9, 0),
        shipping_fee=9_000,
        marketplace_fee=4_000,
    )

    figures = turnover_against_threshold(
        year=2026, visible=Member.objects.filter(pk=member.pk)
    )

    assert figures["members"][0]["gross"] == 2 * 30_000 + 3 * 14_000


def test_own_rows_only_sum_the_visible_members_orders():
    """A plain member's report sums their own orders, not the community's."""
    world = income_world()
    own = Member.objects.filter(pk=world["b"].pk)

    everyone = income_against_minimum_wage(end=JANUARY, visible=own)
    alone = income_against_minimum_wage(end=JANUARY, visible=own, community=False)

    assert alone["members"] == everyone["members"]
    assert everyone["members_with_sales"] == 3
    assert alone["members_with_sales"] == 1
    assert alone["months"][-1]["selling"] == 1
    nobody = income_against_minimum_wage(end=JANUARY, community=False)
    assert nobody["members_with_sales"] == 0 and nobody["members"] == []


def test_own_turnover_only_sums_the_visible_members_orders():
    member, other = MemberFactory(), MemberFactory()
    sale(member, jakarta(2026, 3, 1, 9, 0), gross=450_000_000)
    sale(other, jakarta(2026, 3, 1, 9, 0), gross=600_000_000)
    own = Member.objects.filter(pk=member.pk)

    everyone = turnover_against_threshold(year=2026, visible=own)
    alone = turnover_against_threshold(year=2026, visible=own, community=False)

    assert alone["members"] == everyone["members"]
    assert (everyone["near"], everyone["over"]) == (1, 1)
    assert (alone["near"], alone["over"]) == (1, 0)
