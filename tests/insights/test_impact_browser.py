"""The impact report on a 360 px phone: no sideways scroll, the key figures,
the SVG charts drawn without a CSP violation, the WhatsApp button."""

import datetime

import pytest

from insights.periods import JAKARTA, jakarta_now
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, MemberFactory, make_staff
from tests.insights.impact_fixtures import income_world, reach_world
from training.models import Enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return errors


def test_leader_reads_the_impact_report_on_a_phone(phone_page):
    income_world()
    reach_world()
    leader = make_staff("leader")
    mentor = MemberFactory(full_name="Pak Fauzi", roles=["member", "mentor"])
    quiet = jakarta_now() - datetime.timedelta(days=30)
    trainee = MemberFactory(
        full_name="Siti Aminah Binti Abdurrahman", mentor=mentor, status="trainee"
    )
    Enrollment.objects.create(
        trainee=trainee,
        mentor=mentor,
        started_at=quiet.astimezone(JAKARTA),
        last_activity_at=quiet,
    )
    page = phone_page
    errors = _csp_errors(page)
    login(page, leader.username, PASSWORD)

    page.goto(page.base_url + "/ringkasan/dampak/?month=2026-01&year=2026")

    assert "Dampak" in page.locator("h1").inner_text()
    window = page.locator("#income-window-25 .value")
    assert window.get_attribute("data-value") == "2"
    assert page.locator("#income-window-100 .value").get_attribute("data-value") == "0"
    assert page.locator("#income-members tbody tr").count() >= 3
    assert page.locator("#impact-income svg rect").count() >= 1
    link = page.locator("#at-risk-list a").first
    assert link.get_attribute("href").startswith(f"https://wa.me/{trainee.phone}?text=")
    assert "2 keluarga" in page.locator("#impact-reach").inner_text()
    assert page.locator("#plan-list li").count() == 2
    assert not has_horizontal_scroll(page)
    assert errors == []
    screenshot(page, "insights-impact-360")


def test_member_sees_only_their_own_impact_on_a_phone(phone_page):
    people = income_world()
    page = phone_page
    login(page, people["b"].user.username, PASSWORD)

    page.goto(page.base_url + "/ringkasan/dampak/?month=2026-01&year=2026")

    assert page.locator("#income-members tbody tr").count() == 1
    assert "Budi" in page.locator("#income-members").inner_text()
    assert page.locator("#impact-economy").count() == 0
    assert page.locator("#turnover-members tbody tr").count() == 1
    assert not has_horizontal_scroll(page)
    screenshot(page, "insights-impact-member-360")


def test_leader_enters_the_umk_on_a_phone(phone_page):
    leader = make_staff("leader")
    page = phone_page
    login(page, leader.username, PASSWORD)

    page.goto(page.base_url + "/ringkasan/dampak/pengaturan/")
    form = page.locator("#wage-form")
    form.locator("input[name=kabupaten]").fill("Sumenep")
    form.locator("input[name=year]").fill("2026")
    form.locator("input[name=amount]").fill("2450000")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")

    assert "Rp 2.450.000" in page.locator("#wage-list").inner_text()
    assert not has_horizontal_scroll(page)
    screenshot(page, "insights-impact-settings-360")
    page.goto(page.base_url + "/ringkasan/dampak/?month=2026-01")
    assert "Rp 2.450.000" in page.locator("#impact-income").inner_text()
