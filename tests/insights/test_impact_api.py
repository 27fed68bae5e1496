"""``GET /api/v1/insights/impact/``: the page's figures and rules as JSON."""

import pytest

from tests.conftest import api_for
from tests.factories import make_staff
from tests.insights.impact_fixtures import income_world

pytestmark = pytest.mark.django_db
URL = "/api/v1/insights/impact/?month=2026-01&year=2026"


def test_the_leader_gets_every_section():
    income_world()

    response = api_for(make_staff("leader")).get(URL)

    assert response.status_code == 200
    data = response.json()
    assert data["month"] == "2026-01"
    assert data["income"]["window"] == {"25": 2, "50": 1, "100": 0}
    assert data["income"]["months"][-1]["levels"] == {"25": 3, "50": 1, "100": 1}
    names = {row["name"] for row in data["income"]["members"]}
    assert {"Ani", "Budi", "Citra"} <= names
    assert data["economy"]["months"][-1]["month"] == "2026-01"
    assert data["at_risk"] == {"days": 14, "rows": []}


def test_a_member_gets_only_their_own_rows():
    people = income_world()

    data = api_for(people["b"].user).get(URL).json()

    assert [row["name"] for row in data["income"]["members"]] == ["Budi"]
    assert data["income"]["members"][0]["income"] == 999_999
    assert data["income"]["window"] is None
    assert data["economy"] is None and data["cohorts"] is None
    assert data["at_risk"] is None
    assert "near" not in data["turnover"]


def test_bad_month_or_year_is_a_400_and_anonymous_a_401(api):
    people = income_world()
    client = api_for(people["a"].user)

    bad_month = client.get("/api/v1/insights/impact/?month=2026-13")
    bad_year = client.get("/api/v1/insights/impact/?year=abc")

    assert bad_month.status_code == 400 and "month" in bad_month.json()
    assert bad_year.status_code == 400 and "year" in bad_year.json()
    assert api.get(URL).status_code == 401
