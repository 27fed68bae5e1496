"""Each role's Beranda and the settlement page on a 360×740 phone: the amount
and the first next step (or the first task) are on the first screen, above the
bottom menu, and nothing scrolls sideways."""

import pytest
from django.utils import timezone

from orders.models import Order
from settlements.services import settlement_upload_proof
from tests.browser import PHONE, has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, MemberFactory, make_staff
from tests.helpers import mark_paid
from tests.settlements.factories import bank_account, open_settlement, submitted_order
from tests.settlements.test_api import photo
from tests.trust.world import ensure_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOTTOM_MENU = 64  # px of the fixed bottom navigation


def no_english(page) -> None:
    from tests.trust.test_phone_pages import english_on, english_phrases

    found = english_on(
        page.evaluate("() => document.body.innerText"), english_phrases()
    )
    assert not found, f"{page.url}: English {found}"


def on_first_screen(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    assert box["y"] >= 0, f"{selector} starts above the screen: {box}"
    bottom = PHONE["height"] - BOTTOM_MENU
    assert box["y"] + box["height"] <= bottom, f"{selector} is below the fold: {box}"
    return box


@pytest.fixture
def community():
    ensure_reference_data()
    member = MemberFactory(full_name="Rahmat Hidayat")
    bank_account()
    bank_account(bank="BRI", account_number="001201000456301")
    return member


def test_member_beranda_and_settlement_page(phone_page, community):
    member = community
    settlement = open_settlement(member, orders=[submitted_order(member)])
    submitted_order(member)
    page = phone_page
    login(page, member.user.username, PASSWORD)

    page.goto(page.base_url + "/")
    on_first_screen(page, "#home-outstanding")
    on_first_screen(page, "#current-step")
    assert not has_horizontal_scroll(page)
    screenshot(page, "role-home-member-360")

    page.goto(page.base_url + f"/setor/{settlement.pk}/")
    on_first_screen(page, "#amount-due")
    step = on_first_screen(page, "#current-step")
    amount = page.locator("#amount-due").inner_text()
    assert amount.replace(" ", "") == f"Rp{settlement.amount_due:,}".replace(",", ".")
    assert "Transfer " + amount in page.locator("#current-step").inner_text()
    # The breakdown's amounts stand in one right-aligned column.
    rights = {
        round(box["x"] + box["width"])
        for box in (cell.bounding_box() for cell in page.locator(".money-sum dd").all())
    }
    assert len(rights) == 1, rights
    assert step["y"] < page.locator(".bank-accounts").bounding_box()["y"]
    assert not has_horizontal_scroll(page)
    screenshot(page, "role-settlement-awaiting-360")

    page.goto(page.base_url + "/setor/baru/")
    on_first_screen(page, "#current-step")
    on_first_screen(page, "#create-settlement-step")
    assert not has_horizontal_scroll(page)
    screenshot(page, "role-settlement-create-360")
    page.click("#create-settlement-step")  # sends the page's form of ticked orders
    page.wait_for_selector("#amount-due")
    assert member.settlements.count() == 2


def paid(member, count: int) -> list[Order]:
    orders = []
    for _ in range(count):
        order = submitted_order(member)
        mark_paid(order)
        orders.append(order)
    return orders


def test_leader_beranda_and_select_all_on_the_packing_page(phone_page, community):
    leader = make_staff("leader")
    orders = paid(community, 3)
    page = phone_page
    login(page, leader.username, PASSWORD)
    page.goto(page.base_url + "/")
    card = page.locator("#work-orders_pack")
    on_first_screen(page, "#work-orders_pack")
    assert card.locator(".count").inner_text() == "3"
    assert not has_horizontal_scroll(page)
    no_english(page)
    screenshot(page, "role-home-leader-360")

    card.click()
    page.wait_for_selector("#select-all-paid")
    no_english(page)
    page.check("#select-all-paid")
    boxes = page.locator('input[name="order"]')
    assert boxes.count() == 3
    assert all(boxes.nth(i).is_checked() for i in range(3))
    boxes.nth(0).uncheck()
    assert not page.locator("#select-all-paid").is_checked()
    page.check("#select-all-paid")
    page.click("button[value=pack]")
    page.wait_for_load_state("domcontentloaded")
    assert {o.status for o in Order.objects.filter(pk__in=[o.pk for o in orders])} == {
        Order.Status.PACKED
    }


def test_treasurer_beranda_and_reconciliation_page(phone_page, community):
    treasurer = make_staff("treasurer")
    settlement = open_settlement(community)
    settlement_upload_proof(
        settlement=settlement,
        actor=community.user,
        image=photo(),
        bank="BRI",
        sender_name="Rahmat Hidayat",
        amount=settlement.amount_due,
        transferred_at=timezone.now(),
    )
    page = phone_page
    login(page, treasurer.username, PASSWORD)
    page.goto(page.base_url + "/")
    on_first_screen(page, "#work-proofs")
    assert not has_horizontal_scroll(page)
    no_english(page)
    screenshot(page, "role-home-treasurer-360")

    page.click("#work-proofs")
    page.wait_for_selector(f"#proof-{settlement.pk}")
    assert not has_horizontal_scroll(page)
    no_english(page)
    screenshot(page, "role-reconciliation-360")
    page.click(f"#proof-{settlement.pk} button.primary")
    page.wait_for_selector(".message.success")
    settlement.refresh_from_db()
    assert settlement.status == "confirmed"
