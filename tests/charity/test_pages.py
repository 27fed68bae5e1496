"""Pages: the public /amal/ page (no names, constant queries, true totals),
"Kontribusi saya", the annual report, and the staff pages."""

import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse

from charity import services
from charity.models import Disbursement
from ledger.fund import fund_balance
from ledger.models import FundEntry
from tests.charity.factories import BeneficiaryFactory, ProgramFactory, fund_with
from tests.factories import MemberFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

SECRET_NAMES = ["Bu Warsini Rahasia", "Pak Darmo Rahasia", "Adik Yatim Rahasia"]


def _pay(treasurer, leader, *, program, beneficiary=None, cash=0, goods=0):
    proposal = services.disbursement_propose(
        actor=treasurer,
        program=program,
        beneficiary=beneficiary,
        cash_amount=cash,
        in_kind_description="sembako" if goods else "",
        in_kind_value=goods,
    )
    services.disbursement_approve(disbursement=proposal, actor=leader)
    return services.disbursement_pay(disbursement=proposal, actor=leader)


@pytest.fixture
def seeded(treasurer, leader):
    members = [MemberFactory() for _ in range(3)]
    for index, member in enumerate(members):
        fund_with(
            100_000 * (index + 1),
            kind="contribution",
            member=member,
            reference=f"settlement:{index + 1}",
        )
        fund_with(
            100 + index,
            kind="unique_code",
            member=member,
            reference=f"settlement:{index + 1}",
        )
    fund_with(1_000_000)
    family = ProgramFactory(name="Santunan keluarga setelah Ramadan")
    orphans = ProgramFactory(name="Santunan anak yatim", kind="orphan_aid")
    for name in SECRET_NAMES[:2]:
        _pay(
            treasurer,
            leader,
            program=family,
            beneficiary=BeneficiaryFactory(name=name),
            cash=50_000,
            goods=50_000,
        )
    _pay(
        treasurer,
        leader,
        program=orphans,
        beneficiary=BeneficiaryFactory(name=SECRET_NAMES[2], category="orphan"),
        cash=150_000,
    )
    return {"family": family, "orphans": orphans}


def _figures(html: str, testid: str) -> str:
    marker = f'data-testid="{testid}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def test_public_page_needs_no_login_and_shows_no_names(client, seeded):
    response = client.get("/amal/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in SECRET_NAMES:
        assert name not in html
    assert "<svg" in html and html.count('<rect class="bar"') == 12
    import re

    coordinates = re.findall(r'<rect class="bar" x="([^"]+)" y="([^"]+)"', html)
    assert all("," not in x + y for x, y in coordinates)  # never localized
    heights = re.findall(r'height="([0-9.]+)" rx=', html)
    assert max(float(h) for h in heights) > 100  # the tallest bar is drawn
    assert "Santunan keluarga setelah Ramadan" in html


def test_public_totals_equal_ledger_sums(client, seeded):
    html = client.get("/amal/").content.decode()
    income = sum(
        FundEntry.objects.filter(
            kind__in=["contribution", "unique_code", "donation"]
        ).values_list("amount", flat=True)
    )
    out = -sum(
        FundEntry.objects.filter(kind="disbursement").values_list("amount", flat=True)
    )
    assert income == 1_600_303 and out == 350_000
    assert _figures(html, "collected-total") == "Rp 1.600.303"
    assert _figures(html, "disbursed-total") == "Rp 350.000"
    assert _figures(html, "balance") == "Rp 1.250.303"
    assert fund_balance() == 1_250_303
    assert _figures(html, "beneficiaries-count") == "3"


def test_summary_api_has_no_names(client, seeded):
    body = client.get("/api/v1/charity/summary/").content.decode()
    for name in SECRET_NAMES:
        assert name not in body
    assert '"beneficiaries_count":3' in body.replace(" ", "")


NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@override_settings(CACHES=NO_CACHE)  # count the queries of the uncached path
def test_public_page_and_summary_constant_queries(client, seeded, treasurer, leader):
    def grow():
        member = MemberFactory()
        for month_index in range(5):
            fund_with(
                10_000 + month_index,
                kind="contribution",
                member=member,
                reference=f"settlement:{500 + month_index}",
            )
        program = ProgramFactory(name="Renovasi masjid")
        for _index in range(3):
            _pay(
                treasurer,
                leader,
                program=program,
                beneficiary=BeneficiaryFactory(category="place_of_worship"),
                cash=1_000,
            )
        FundEntry.objects.filter(reference="settlement:500").update(
            created_at="2025-01-15T10:00:00+07:00"
        )

    page = assert_constant_queries(lambda: client.get("/amal/"), grow)
    assert page <= 12
    api = assert_constant_queries(
        lambda: client.get("/api/v1/charity/summary/"), lambda: fund_with(5)
    )
    assert api <= 8


def test_annual_report_page_and_csv(client, seeded):
    from django.utils import formats, timezone

    year = timezone.localdate().year
    html = client.get(f"/amal/laporan/?year={year}").content.decode()
    assert _figures(html, "year-collected") == "Rp 1.600.303"
    assert _figures(html, "year-disbursed") == "Rp 350.000"
    for name in SECRET_NAMES:
        assert name not in html
    # Every payment out: its Jakarta day, program, goods, category and amount.
    paid = Disbursement.objects.filter(status="paid").select_related("beneficiary")
    orphan = paid.get(beneficiary__category="orphan")
    day = timezone.localtime(orphan.paid_at)
    month = formats.date_format(day, "M")
    assert (
        f"<tr><td>{day.day} {month}</td><td>Santunan anak yatim</td>"
        f"<td>{orphan.beneficiary.get_category_display()}</td><td>Rp 150.000</td></tr>"
    ) in html
    assert html.count('<span class="muted small">sembako</span>') == 2
    response = client.get(reverse("charity:annual_report_csv", args=[year]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    for name in SECRET_NAMES:
        assert name not in text
    rows = list(csv.reader(io.StringIO(text)))
    total_row = next(row for row in rows if row and row[1:3] == ["1600303", "350000"])
    assert total_row
    other_year = client.get(f"/amal/laporan/?year={year - 3}").content.decode()
    assert _figures(other_year, "year-collected") == "Rp 0"
    assert client.get("/amal/laporan/?year=abc").status_code == 200


def test_my_contributions_page_shows_only_own(client, member, other_member):
    fund_with(2_500, kind="contribution", member=member, reference="settlement:41")
    fund_with(321, kind="unique_code", member=member, reference="settlement:41")
    fund_with(
        8_888, kind="contribution", member=other_member, reference="settlement:42"
    )
    assert client.get("/amal/saya/").status_code == 302
    client.force_login(member.user)
    html = client.get("/amal/saya/").content.decode()
    assert _figures(html, "my-total") == "Rp 2.500"
    assert "Rp 321" in html
    assert "#41" in html and "#42" not in html and "8.888" not in html
    from django.template.loader import render_to_string

    from charity.views import home_panel_context
    from community.home import home_panels

    assert "charity" in [panel.key for panel in home_panels()]
    panel = render_to_string(
        "charity/panel_home.html", {"panel": home_panel_context(None, member)}
    )
    assert "Rp 2.500" in panel and "/amal/saya/" in panel


def test_staff_pages_load_and_member_is_refused(client, seeded, member, treasurer):
    disbursement = Disbursement.objects.first()
    urls = [
        "/amal/kelola/",
        "/amal/program/",
        "/amal/program/?units=50&amount_per_unit=100000",
        "/amal/program/baru/",
        f"/amal/program/{seeded['family'].pk}/",
        f"/amal/program/{seeded['family'].pk}/ubah/",
        "/amal/penerima/",
        "/amal/penerima/baru/",
        "/amal/penyaluran/baru/",
        f"/amal/penyaluran/{disbursement.pk}/",
        "/amal/donasi/",
    ]
    client.force_login(member.user)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(treasurer)
    for url in urls:
        assert client.get(url).status_code == 200, url
    plan = client.get("/amal/program/?units=50&amount_per_unit=100000").content
    assert "Rp 5.000.000" in plan.decode()
    beneficiaries = client.get("/amal/penerima/").content.decode()
    assert SECRET_NAMES[0] in beneficiaries


def test_page_flow_propose_approve_pay(client, treasurer, leader):
    fund_with(500_000)
    program = ProgramFactory()
    client.force_login(treasurer)
    response = client.post(
        "/amal/penyaluran/baru/",
        {"program": program.pk, "cash_amount": 120_000, "in_kind_value": 0},
    )
    assert response.status_code == 302
    proposal = Disbursement.objects.get()
    own = client.post(f"/amal/penyaluran/{proposal.pk}/setujui/")
    assert own.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    client.force_login(leader)
    assert client.post(f"/amal/penyaluran/{proposal.pk}/setujui/").status_code == 302
    assert client.post(f"/amal/penyaluran/{proposal.pk}/bayar/").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "paid"
    assert fund_balance() == 380_000
    again = client.post(f"/amal/penyaluran/{proposal.pk}/bayar/")
    assert again.status_code == 409
    assert fund_balance() == 380_000


def test_policy_page_leader_sets_new_rate_with_history(client, leader, member):
    client.force_login(member.user)
    assert client.get("/amal/kebijakan/").status_code == 200
    assert client.post("/amal/kebijakan/", {"rate_percent": "9"}).status_code == 403
    client.force_login(leader)
    response = client.post(
        "/amal/kebijakan/",
        {
            "rate_percent": "3",
            "minimum_per_order": "1000",
            "effective_from": "2030-01-01",
        },
    )
    assert response.status_code == 302
    html = client.get("/amal/kebijakan/").content.decode()
    history = html[html.index('data-testid="policy-history"') :]
    assert history.count("<li>") == 2
    assert "<strong>3%</strong>" in history and "<strong>2,5%</strong>" in history
    assert 'value="2030-01-01"' not in html  # the form starts from today
    assert 'type="date"' in html and 'value="20' in html


def test_donation_page_records_once(client, treasurer):
    client.force_login(treasurer)
    form = {"amount": 75_000, "donor": "Hamba Allah", "idempotency_key": "k-1"}
    assert client.post("/amal/donasi/", form).status_code == 302
    second = client.post("/amal/donasi/", form)
    assert second.status_code == 200
    assert FundEntry.objects.filter(kind="donation").count() == 1
    assert fund_balance() == 75_000


def test_login_page_links_public_page(client):
    html = client.get(reverse("login")).content.decode()
    assert 'href="/amal/"' in html


def test_admin_pages_load_for_staff(client, seeded, leader, treasurer):
    pages = [
        "/admin/ledger/fundentry/",
        "/admin/ledger/fundbalance/",
        "/admin/ledger/charitypolicy/",
        "/admin/charity/program/",
        "/admin/charity/beneficiary/",
        "/admin/charity/disbursement/",
    ]
    for user in (leader, treasurer):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)


def test_admin_approve_action_calls_service(client, treasurer, leader):
    fund_with(50_000)
    proposal = services.disbursement_propose(
        actor=treasurer, program=ProgramFactory(), cash_amount=20_000
    )
    client.force_login(treasurer)
    client.post(
        "/admin/charity/disbursement/",
        {"action": "approve_selected", "_selected_action": [proposal.pk]},
    )
    proposal.refresh_from_db()
    assert proposal.status == "proposed"  # the proposer cannot approve
    client.force_login(leader)
    client.post(
        "/admin/charity/disbursement/",
        {"action": "approve_selected", "_selected_action": [proposal.pk]},
    )
    client.post(
        "/admin/charity/disbursement/",
        {"action": "pay_selected", "_selected_action": [proposal.pk]},
    )
    proposal.refresh_from_db()
    assert proposal.status == "paid" and fund_balance() == 30_000


def test_public_fund_figures_read_the_months_and_follow_every_post(client, seeded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get("/amal/").content.decode()
    with CaptureQueriesContext(connection) as again:
        second = client.get("/amal/").content.decode()
    assert _figures(second, "collected-total") == _figures(first, "collected-total")
    # The figures come from the monthly sums, never from every fund entry.
    assert not [q for q in again.captured_queries if "charity_fundentry" in q["sql"]]

    fund_with(1_000, kind="donation", reference="donation:cache-test")
    fresh = client.get("/amal/").content.decode()
    assert _figures(fresh, "collected-total") == "Rp 1.601.303"
    assert _figures(fresh, "balance") == "Rp 1.251.303"
    summary = client.get("/api/v1/charity/summary/").json()
    assert summary["collected_total"] == 1_601_303
