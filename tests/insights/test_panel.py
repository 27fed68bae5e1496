"""The member's Beranda panel: own figures this month and a 12-week sparkline."""

import datetime

import pytest
from django.urls import reverse

from community.models import Marketplace
from insights.periods import Month, jakarta_now
from orders.models import Order
from tests.catalog.factories import ProductFactory, VariantFactory
from tests.factories import ShopFactory
from tests.insights.factories import make_sale

pytestmark = pytest.mark.django_db


def test_panel_shows_only_the_members_own_month(member, other_member, client):
    month = Month.current()
    scarf = VariantFactory(
        product=ProductFactory(name="Hijab Pashmina"), base_price=20000
    )
    mine = ShopFactory(member=member, marketplace=Marketplace.LAZADA)
    theirs = ShopFactory(member=other_member, marketplace=Marketplace.SHOPEE)
    # Mine: 2 × (30.000 − 20.000) = 20.000 profit, unsettled → owe 40.000 + 500.
    make_sale(
        member=member,
        shop=mine,
        lines=[(scarf, 2, 30000)],
        submitted_at=month.start + datetime.timedelta(minutes=1),
    )
    # Someone else's big sale never shows in my panel.
    make_sale(
        member=other_member,
        shop=theirs,
        lines=[(scarf, 9, 90000)],
        submitted_at=month.start + datetime.timedelta(minutes=2),
        status=Order.Status.PAID,
    )
    client.force_login(member.user)

    response = client.get(reverse("community:home"))

    assert response.status_code == 200
    panels = [
        p["context"] for p in response.context["panels"] if "sparkline" in p["context"]
    ]
    assert len(panels) == 1
    panel = panels[0]
    assert panel["figures"]["orders"] == 1
    assert panel["figures"]["profit"] == 20000
    assert panel["owed"] == 40500
    assert panel["best_marketplace"]["marketplace"] == "lazada"
    assert [row["product"] for row in panel["top_products"]] == ["Hijab Pashmina"]
    assert [row["quantity"] for row in panel["top_products"]] == [2]
    assert len(panel["weekly"]) == 12
    this_week = jakarta_now().date() - datetime.timedelta(days=jakarta_now().weekday())
    assert panel["weekly"][-1]["week"] == this_week
    assert sum(week["profit"] for week in panel["weekly"]) == 20000
    html = response.content.decode()
    assert 'id="insights-panel"' in html
    assert "<polyline" in html
    assert 'id="my-profit" data-value="20000"' in html
