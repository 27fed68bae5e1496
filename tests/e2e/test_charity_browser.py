"""The treasurer proposes a disbursement, the leader approves and pays it, and the
logged-out public page shows the new totals — on a 360 px phone."""

import pytest
from django.contrib.auth.models import Group

from charity.models import Disbursement
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.charity.factories import BeneficiaryFactory, ProgramFactory, fund_with
from tests.factories import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _text(page, testid: str) -> str:
    return page.locator(f'[data-testid="{testid}"]').first.inner_text().strip()


def test_two_people_pay_out_and_public_page_shows_it(phone_page):
    for name in ("leader", "treasurer", "mentor", "member"):
        Group.objects.get_or_create(name=name)
    treasurer = make_staff("treasurer")
    leader = make_staff("leader")
    fund_with(1_000_000)
    program = ProgramFactory(name="Santunan setelah Ramadan")
    beneficiary = BeneficiaryFactory(name="Ibu Rahasia Sekali")
    page = phone_page

    page.goto(page.base_url + "/amal/")
    assert _text(page, "balance") == "Rp 1.000.000"
    assert _text(page, "disbursed-total") == "Rp 0"

    login(page, treasurer.username, PASSWORD)
    page.goto(page.base_url + "/amal/penyaluran/baru/")
    page.select_option("#id_program", str(program.pk))
    page.select_option("#id_beneficiary", str(beneficiary.pk))
    page.fill("#id_cash_amount", "40000")
    page.fill("#id_in_kind_description", "Sembako beras 5 kg")
    page.fill("#id_in_kind_value", "60000")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("domcontentloaded")
    disbursement = Disbursement.objects.get()
    assert disbursement.status == "proposed"
    assert _text(page, "total") == "Rp 100.000"
    assert page.locator('[data-testid="approve"]').count() == 0  # not for the proposer
    assert not has_horizontal_scroll(page)

    page.context.clear_cookies()
    login(page, leader.username, PASSWORD)
    page.goto(page.base_url + f"/amal/penyaluran/{disbursement.pk}/")
    page.click('[data-testid="approve"]')
    page.wait_for_load_state("domcontentloaded")
    page.click('[data-testid="pay"]')
    page.wait_for_load_state("domcontentloaded")
    disbursement.refresh_from_db()
    assert disbursement.status == "paid"
    assert disbursement.approved_by_id == leader.pk
    screenshot(page, "charity-disbursement-paid-360")

    page.context.clear_cookies()
    page.goto(page.base_url + "/amal/")
    assert _text(page, "balance") == "Rp 900.000"
    assert _text(page, "disbursed-total") == "Rp 100.000"
    assert _text(page, "collected-total") == "Rp 1.000.000"
    assert _text(page, "beneficiaries-count") == "1"
    assert "Ibu Rahasia Sekali" not in page.content()
    assert "Santunan setelah Ramadan" in page.content()
    assert page.locator("svg rect.bar").count() == 12
    assert not has_horizontal_scroll(page)
    screenshot(page, "charity-public-360")
