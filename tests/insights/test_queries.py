"""The dashboard, the panel and the API run a fixed number of queries."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from community.models import Marketplace, Member
from insights.periods import Month
from settlements.models import Settlement
from tests.catalog.factories import VariantFactory
from tests.factories import MemberFactory, ShopFactory
from tests.helpers import assert_constant_queries
from tests.insights.factories import bulk_sales
from training.models import Enrollment

pytestmark = pytest.mark.django_db


def _specs(count: int, shops, variants, month: Month) -> list[dict]:
    return [
        {
            "member": shops[index % len(shops)].member,
            "shop": shops[index % len(shops)],
            "lines": [
                (variants[index % len(variants)], 1 + index % 3, 30000),
                (variants[(index + 1) % len(variants)], 1, 28000),
            ],
            "submitted_at": month.start + datetime.timedelta(minutes=7 * index + 1),
        }
        for index in range(count)
    ]


@pytest.fixture
def sales_world(db):
    month = Month.current()
    members = [MemberFactory() for _ in range(3)]
    shops = [
        ShopFactory(member=member, marketplace=marketplace)
        for member, marketplace in zip(
            members,
            [Marketplace.SHOPEE, Marketplace.TOKOPEDIA, Marketplace.TIKTOK],
            strict=True,
        )
    ]
    variants = [VariantFactory(base_price=20000) for _ in range(4)]
    bulk_sales(_specs(10, shops, variants, month))
    return {"month": month, "shops": shops, "variants": variants, "members": members}


def _grow(world):
    def grow():
        bulk_sales(_specs(990, world["shops"], world["variants"], world["month"]))

    return grow


def test_dashboard_queries_do_not_grow_from_10_to_1000_orders(
    sales_world, leader, client
):
    client.force_login(leader)
    url = reverse("insights:dashboard")

    def load():
        response = client.get(url)
        assert response.status_code == 200

    count = assert_constant_queries(load, _grow(sales_world))

    assert count <= 15
    response = client.get(url)
    assert response.context["current"]["orders"] == 1000


def test_dashboard_queries_do_not_grow_with_members_stock_or_trainees(
    sales_world, leader, client
):
    """The watch lists (members, low stock, stalled trainees, open money) too."""
    client.force_login(leader)
    url = reverse("insights:dashboard")
    stale = timezone.now() - datetime.timedelta(days=settings.KONGSI_STALLED_DAYS + 1)

    def load():
        response = client.get(url)
        assert response.status_code == 200

    def grow():
        for index in range(40):
            trainee = MemberFactory(status=Member.Status.TRAINEE)
            Enrollment.objects.create(
                trainee=trainee,
                mentor=sales_world["members"][0],
                last_activity_at=stale,
            )
            VariantFactory(stock=index % 3)
        Settlement.objects.create(
            member=sales_world["members"][1],
            goods_total=1000,
            charity_share=0,
            unique_code=5,
            amount_due=1005,
        )

    load()  # warm the per-user role cache, so both counts are alike
    count = assert_constant_queries(load, grow)

    assert count <= 15
    context = client.get(url).context
    assert context["stalled"]["count"] == 40
    assert len(context["stalled"]["enrollments"]) == 8
    assert context["low_stock"]["count"] >= 40
    assert context["activity"]["total"] == Member.objects.count()


def test_api_summary_queries_do_not_grow(sales_world, leader, api_as):
    client = api_as(leader)

    def load():
        assert client.get("/api/v1/insights/summary/").status_code == 200

    load()  # warm the per-user role cache, so both counts are alike
    assert_constant_queries(load, _grow(sales_world))
    assert client.get("/api/v1/insights/summary/").json()["orders"] == 1000


def test_beranda_panel_queries_do_not_grow(sales_world, client):
    member = sales_world["members"][0]
    client.force_login(member.user)
    url = reverse("community:home")

    def load():
        assert client.get(url).status_code == 200

    count = assert_constant_queries(load, _grow(sales_world))
    # Issue 11: every page ≤ 15 queries. Beranda's panels share one query for
    # the member's money figures and counts (community.figures).
    assert count <= 15, count


def test_order_list_queries_do_not_grow(sales_world, leader, client):
    client.force_login(leader)
    url = reverse("insights:order_list")

    def load():
        assert client.get(url).status_code == 200

    assert_constant_queries(load, _grow(sales_world))
