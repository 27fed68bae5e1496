"""Figures computed by hand for a seeded month equal the dashboard's and the API's."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FIGURES = ("orders", "goods_value", "profit", "charity", "charity_collected")


def _cells(rows) -> dict:
    return {
        (row["marketplace"], row["category"]): (row["orders"], row["goods_value"])
        for row in rows
    }


def _check(data: dict, expected: dict) -> None:
    for name in FIGURES:
        assert data[name] == expected[name], name
    for name, value in expected["previous"].items():
        assert data["previous"][name] == value, f"previous {name}"
    assert _cells(data["by_marketplace_category"]) == expected["cells"]
    assert [
        (row["product"], row["quantity"]) for row in data["top_products"]
    ] == expected["top_products"]


def test_api_community_figures_match_the_hand_computation(seeded, leader, api_as):
    response = api_as(leader).get("/api/v1/insights/summary/?month=2026-01")

    assert response.status_code == 200
    data = response.json()
    expected = seeded["community"]
    assert data["month"] == "2026-01"
    assert data["scope"] == "community"
    _check(data, expected)
    assert data["owed"] == expected["owed"]
    assert data["credit"] == expected["credit"]


def test_order_after_midnight_jakarta_belongs_to_the_new_month(seeded, leader, api_as):
    data = api_as(leader).get("/api/v1/insights/summary/?month=2026-02").json()

    assert data["orders"] == 1
    assert data["goods_value"] == 20000
    assert data["previous"]["orders"] == 3


def test_dashboard_shows_the_same_figures(seeded, leader, client):
    client.force_login(leader)

    response = client.get(reverse("insights:dashboard"), {"month": "2026-01"})

    assert response.status_code == 200
    expected = seeded["community"]
    current = response.context["current"]
    for name in FIGURES:
        assert current[name] == expected[name], name
    assert _cells(response.context["cross"]) == expected["cells"]
    assert response.context["owed"] == expected["owed"]
    assert response.context["credit"] == expected["credit"]
    assert response.context["open_settlements"]["count"] == 1
    assert response.context["open_settlements"]["total"] == 10123
    html = response.content.decode()
    assert 'id="figure-goods_value"' in html
    assert 'data-value="114000"' in html
    assert "<svg" in html and "insights-seg-0" in html
    assert "style=" not in html.split("<main", 1)[1]


def test_treasurer_sees_the_dashboard_too(seeded, treasurer, client):
    client.force_login(treasurer)

    response = client.get(reverse("insights:dashboard"), {"month": "2026-01"})

    assert response.status_code == 200
    assert response.context["current"]["orders"] == 3


def test_member_api_sees_only_own_figures(seeded, api_as):
    member = seeded["member"]

    data = api_as(member.user).get("/api/v1/insights/summary/?month=2026-01").json()

    assert data["scope"] == "member"
    _check(data, seeded["own"])
    assert data["owed"] == seeded["own"]["owed"]
    assert all(
        row["marketplace"] != "tokopedia" for row in data["by_marketplace_category"]
    )


def test_other_member_sees_none_of_the_first_members_sales(seeded, api_as):
    other = seeded["other_member"]

    data = api_as(other.user).get("/api/v1/insights/summary/?month=2026-01").json()

    assert data["orders"] == 1
    assert data["goods_value"] == 59000
    assert data["charity_collected"] == 0
    assert data["credit"] == 0
    assert {row["marketplace"] for row in data["by_marketplace_category"]} == {
        "tokopedia"
    }


def test_member_may_not_ask_for_another_members_figures(seeded, api_as):
    member, other = seeded["member"], seeded["other_member"]

    response = api_as(member.user).get(
        f"/api/v1/insights/summary/?month=2026-01&member={other.pk}"
    )

    assert response.status_code == 403
    assert "detail" in response.json()


def test_leader_may_look_at_one_member(seeded, leader, api_as):
    member = seeded["member"]

    data = (
        api_as(leader)
        .get(f"/api/v1/insights/summary/?month=2026-01&member={member.pk}")
        .json()
    )

    assert data["scope"] == "member"
    assert data["orders"] == seeded["own"]["orders"]


@pytest.mark.parametrize("month", ["2026-13", "januari", "2026-1", "1999-01"])
def test_bad_month_is_400(month, leader, api_as):
    response = api_as(leader).get("/api/v1/insights/summary/", {"month": month})

    assert response.status_code == 400
    assert "month" in response.json()


def test_anonymous_is_401(api):
    response = api.get("/api/v1/insights/summary/")

    assert response.status_code == 401


def test_member_order_list_shows_only_own_orders(seeded, client):
    member = seeded["member"]
    client.force_login(member.user)

    response = client.get(
        reverse("insights:order_list"),
        {"month": "2026-01", "member": seeded["other_member"].pk},
    )

    assert response.status_code == 200
    orders = list(response.context["page"].object_list)
    assert len(orders) == 2
    assert {order.member_id for order in orders} == {member.pk}
    assert response.context["totals"]["goods_value"] == 55000


def test_segment_link_lists_the_orders_behind_the_cell(seeded, leader, client):
    client.force_login(leader)

    response = client.get(
        reverse("insights:order_list"),
        {
            "month": "2026-01",
            "marketplace": "tokopedia",
            "category": seeded["hijab"].pk,
        },
    )

    orders = list(response.context["page"].object_list)
    assert len(orders) == 1
    assert orders[0].member_id == seeded["other_member"].pk
    assert response.context["totals"]["orders"] == 1


def test_every_dashboard_link_opens(seeded, client, django_user_model):
    """Each figure links to a list that opens (admin filters are accepted)."""
    boss = django_user_model.objects.create_superuser("boss", "b@example.org", "x")
    client.force_login(boss)
    response = client.get(reverse("insights:dashboard"), {"month": "2026-01"})
    links = [link for link in response.context["links"].values() if link]
    links += [row["url"] for row in response.context["cross"]]
    links += [row["url"] for row in response.context["top_products"]]

    for link in links:
        opened = client.get(link)
        assert opened.status_code == 200, link
        assert b"?e=1" not in opened.get("Location", "").encode()


def test_svg_coordinates_are_not_localised(seeded, leader, client):
    """Indonesian formats write 92,5 — SVG needs 92.5."""
    client.force_login(leader)

    html = client.get(reverse("insights:dashboard"), {"month": "2026-01"}).content
    chart = html.decode().split('<div class="insights-chart">', 1)[1].split("</svg>")[0]

    import re

    assert re.findall(r'(?:x|y|width)="[^"]*,', chart) == []
    assert re.search(r'<rect class="insights-seg-0" x="92" y="\d+(\.\d)?"', chart)
