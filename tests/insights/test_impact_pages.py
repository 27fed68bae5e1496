"""The impact page, PDF, downloads and settings: who sees what, and the
query count does not grow with the orders."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from insights.models import ImpactSettings, MinimumWage
from orders.models import Order
from tests.catalog.factories import VariantFactory
from tests.factories import MemberFactory, make_staff
from tests.helpers import assert_constant_queries
from tests.insights.factories import bulk_sales, jakarta
from tests.insights.impact_fixtures import income_world, sale
from training.models import Enrollment

pytestmark = pytest.mark.django_db
QUERY = {"month": "2026-01", "year": "2026"}


@pytest.fixture
def world():
    people = income_world()
    mentor = MemberFactory(full_name="Mentor Ani", roles=["member", "mentor"])
    people["a"].mentor = mentor
    people["a"].save(update_fields=["mentor"])
    people["mentor"] = mentor
    return people


def _names(response, key):
    return {row["name"] for row in response.context["report"][key]["members"]}


def test_the_leader_sees_every_member(world, client):
    client.force_login(make_staff("leader"))

    response = client.get(reverse("insights:impact"), QUERY)

    assert response.status_code == 200
    assert {"Ani", "Budi", "Citra"} <= _names(response, "income")
    assert response.context["report"]["economy"] is not None
    body = response.content.decode()
    assert 'id="income-window-25"' in body
    assert 'data-value="2"' in body


def test_a_member_sees_only_their_own_figures(world, client):
    client.force_login(world["b"].user)

    response = client.get(reverse("insights:impact"), QUERY)

    assert response.status_code == 200
    assert _names(response, "income") == {"Budi"}
    assert _names(response, "turnover") == {"Budi"}
    report = response.context["report"]
    assert report["economy"] is None and report["cohorts"] is None
    assert report["at_risk"] is None
    assert "Ani" not in response.content.decode()


def test_a_mentor_sees_their_trainees_and_themself(world, client):
    client.force_login(world["mentor"].user)

    response = client.get(reverse("insights:impact"), QUERY)

    assert _names(response, "income") == {"Ani", "Mentor Ani"}
    assert response.context["report"]["cohorts"] is not None


def test_the_treasurer_sees_the_community_but_no_member(world, client):
    client.force_login(make_staff("treasurer"))

    response = client.get(reverse("insights:impact"), QUERY)

    names = _names(response, "income")
    assert not names & {"Ani", "Budi", "Citra"}
    assert response.context["report"]["at_risk"] is None
    assert response.context["report"]["reach"] is not None


def test_pdf_for_the_community_roles_only(world, client):
    client.force_login(make_staff("leader"))
    response = client.get(reverse("insights:impact_pdf"), QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    client.force_login(world["b"].user)
    assert client.get(reverse("insights:impact_pdf"), QUERY).status_code == 403


def test_income_table_as_csv_has_the_hand_computed_counts(world, client):
    client.force_login(make_staff("leader"))

    response = client.get(
        reverse("insights:impact_table", args=["income-months"]),
        {**QUERY, "format": "csv"},
    )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert len(rows) == 13
    assert rows[-1] == ["2026-01", "2000000", "3", "3499999", "3", "1", "1"]


def test_member_table_as_xlsx_only_holds_own_rows(world, client):
    client.force_login(world["b"].user)

    response = client.get(
        reverse("insights:impact_table", args=["income-members"]), QUERY
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in values[1:]] == ["Budi"]
    assert values[1][2] == 999_999


def test_community_tables_refuse_a_plain_member(world, client):
    client.force_login(world["b"].user)

    for table in ("economy", "cohorts", "reach", "at-risk"):
        url = reverse("insights:impact_table", args=[table])
        assert client.get(url, QUERY).status_code == 403
    assert (
        client.get(reverse("insights:impact_table", args=["nope"])).status_code == 404
    )


def test_every_table_downloads_for_the_leader(world, client):
    client.force_login(make_staff("leader"))
    from insights.impact.tables import TABLES

    for table in TABLES:
        for kind in ("csv", "xlsx"):
            response = client.get(
                reverse("insights:impact_table", args=[table]),
                {**QUERY, "format": kind},
            )
            assert response.status_code == 200, (table, kind)


def test_the_leader_enters_the_minimum_wage_and_settings(client):
    leader = make_staff("leader")
    client.force_login(leader)
    url = reverse("insights:impact_settings")

    response = client.post(
        url, {"form": "wage", "kabupaten": "Sumenep", "year": 2027, "amount": 2_500_000}
    )
    assert response.status_code == 302
    client.post(
        url, {"form": "wage", "kabupaten": "Sumenep", "year": 2027, "amount": 2_600_000}
    )
    assert list(MinimumWage.objects.values_list("year", "amount")) == [
        (2027, 2_600_000)
    ]
    bad = client.post(
        url, {"form": "wage", "kabupaten": "Sumenep", "year": 2027, "amount": -5}
    )
    assert bad.status_code == 400
    response = client.post(
        url,
        {
            "form": "settings",
            "kabupaten": "Sumenep",
            "at_risk_days": 21,
            "tax_threshold": 500_000_000,
            "tax_rate_percent": "0.5",
            "tax_warning_percent": 80,
            "leader_margin_percent": "7.5",
        },
    )
    assert response.status_code == 302
    assert ImpactSettings.objects.get().at_risk_days == 21
    bad = client.post(url, {"form": "settings", "at_risk_days": 0})
    assert bad.status_code == 400
    assert ImpactSettings.objects.get().at_risk_days == 21


def test_only_the_leader_opens_the_settings(world, client):
    for user in (make_staff("treasurer"), world["mentor"].user, world["a"].user):
        client.force_login(user)
        assert client.get(reverse("insights:impact_settings")).status_code == 403
        client.post(
            reverse("insights:impact_settings"),
            {"form": "wage", "kabupaten": "X", "year": 2027, "amount": 1},
        )
    assert not MinimumWage.objects.filter(kabupaten="X").exists()


def test_report_queries_do_not_grow_with_orders_members_or_learners(client):
    income_world()
    leader = make_staff("leader")
    mentor = MemberFactory(roles=["member", "mentor"])
    client.force_login(leader)
    variants = [VariantFactory(base_price=20_000) for _ in range(3)]
    start = jakarta(2025, 3, 1)

    def grow():
        members = [MemberFactory(mentor=mentor) for _ in range(5)]
        for member in members:
            Enrollment.objects.create(
                trainee=member,
                mentor=mentor,
                started_at=start,
                last_activity_at=start,
            )
            sale(member, start)
        shops = [member.shops.first() for member in members]
        bulk_sales(
            [
                {
                    "member": shops[index % 5].member,
                    "shop": shops[index % 5],
                    "lines": [(variants[index % 3], 1, 30_000)],
                    "submitted_at": start + datetime.timedelta(hours=7 * index),
                    "status": Order.Status.COMPLETED,
                }
                for index in range(300)
            ]
        )

    def load():
        response = client.get(reverse("insights:impact"), QUERY)
        assert response.status_code == 200

    # No learner at risk yet: listing some must not add a query.
    count = assert_constant_queries(load, grow)
    assert count <= 30
    client.force_login(mentor.user)
    assert_constant_queries(load, grow)


def test_the_bench_counts_the_report_pages():
    from bench.queries import static_get_urls

    urls = {url for _name, url in static_get_urls()}

    assert {"/ringkasan/dampak/", "/ringkasan/dampak/pengaturan/"} <= urls


def test_the_demo_seeds_the_umk_once():
    from demo.seed_insights import seed
    from tests.factories import UserFactory

    UserFactory(username="ketua", roles=["leader"])

    seed({})
    result = seed({})

    assert MinimumWage.objects.count() == 2
    assert set(result["minimum_wages"].values()) == {2_300_000, 2_450_000}


def test_the_leader_enters_the_umk_in_admin(client):
    client.force_login(make_staff("leader"))

    response = client.post(
        reverse("admin:insights_minimumwage_add"),
        {"kabupaten": "Sumenep", "year": 2026, "amount": 2_450_000},
    )

    assert response.status_code == 302
    wage = MinimumWage.objects.get()
    assert (wage.kabupaten, wage.year, wage.amount) == ("Sumenep", 2026, 2_450_000)
    assert wage.created_by is not None
    assert client.get(reverse("admin:insights_impactsettings_add")).status_code == 200


def test_beranda_links_the_report_for_each_role(world, client):
    for user, text in (
        (make_staff("leader"), "Buka laporan dampak"),
        (world["mentor"].user, "Buka laporan dampak"),
        (world["b"].user, "Lihat angka saya"),
    ):
        client.force_login(user)
        body = client.get(reverse("community:home")).content.decode()
        assert 'id="impact-panel"' in body
        assert reverse("insights:impact") in body
        assert text in body


def test_another_mentor_sees_no_one_elses_trainee(world, client):
    other = MemberFactory(full_name="Mentor Lain", roles=["member", "mentor"])
    client.force_login(other.user)

    response = client.get(reverse("insights:impact"), QUERY)
    table = client.get(
        reverse("insights:impact_table", args=["income-members"]),
        {**QUERY, "format": "csv"},
    )

    assert _names(response, "income") == {"Mentor Lain"}
    assert _names(response, "turnover") == {"Mentor Lain"}
    assert "Ani" not in b"".join(table).decode("utf-8-sig")


def test_a_members_page_reads_only_their_own_orders(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["b"].user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("insights:impact"), QUERY)

    assert response.status_code == 200
    order_queries = [q["sql"] for q in queries if "orders_order" in q["sql"]]
    assert len(order_queries) == 2  # income and turnover
    for sql in order_queries:
        assert '"orders_order"."member_id" IN' in sql
