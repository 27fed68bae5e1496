"""A member pays by transfer; the treasurer's bank statement confirms it."""

import io

import pytest

from settlements.models import Settlement
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, MemberFactory, make_staff
from tests.settlements.factories import bank_account, submitted_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (20, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_member_pays_and_statement_import_confirms(phone_page, browser, live_server):
    member = MemberFactory(full_name="Rahmat Hidayat")
    orders = [submitted_order(member), submitted_order(member)]
    bank_account()
    treasurer = make_staff("treasurer")
    page = phone_page

    login(page, member.user.username, PASSWORD)
    page.goto(page.base_url + "/setor/")
    page.click("#start-settlement")
    page.click("#create-settlement")
    page.wait_for_selector("#amount-due")
    assert "Menunggu transfer" in page.content()
    assert not has_horizontal_scroll(page)
    screenshot(page, "settlements-amount-due-360")
    settlement = Settlement.objects.get()
    page.click("#copy-amount")
    # Copying is asynchronous (the clipboard API answers with a promise).
    page.wait_for_function("() => window.kongsiLastCopied !== undefined")
    assert page.evaluate("window.kongsiLastCopied") == str(settlement.amount_due)

    page.click("#send-proof")
    page.set_input_files(
        "#id_image",
        files=[{"name": "bukti.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}],
    )
    page.fill("#id_bank", "BRI")
    page.fill("#id_sender_name", "Rahmat Hidayat")
    page.fill("#id_amount", str(settlement.amount_due))
    page.fill("#id_transferred_at", "2026-11-20T10:00")
    page.click("#submit-proof")
    page.wait_for_selector("#amount-due")
    assert "Bukti terkirim" in page.content()
    assert not has_horizontal_scroll(page)

    # The treasurer imports a statement holding that amount in Django admin.
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    admin = context.new_page()
    admin.goto(live_server.url + "/masuk/")
    admin.fill("#id_username", treasurer.username)
    admin.fill("#id_password", PASSWORD)
    admin.click("button[type=submit].primary")
    admin.wait_for_load_state("domcontentloaded")
    admin.goto(live_server.url + "/admin/settlements/bankstatement/")
    admin.click("#import-statement")
    csv = (
        "date,description,amount,type\n"
        "2026-11-19,TARIKAN ATM,500000,DB\n"
        f"2026-11-20,TRSF E-BANKING CR RAHMAT HIDAYAT,{settlement.amount_due},CR\n"
    )
    admin.set_input_files(
        "#id_file",
        files=[{"name": "mutasi.csv", "mimeType": "text/csv", "buffer": csv.encode()}],
    )
    admin.click("#statement-import-submit")
    admin.wait_for_selector("#statement-summary")
    assert admin.inner_text("#summary-matched") == "1"
    context.close()

    page.goto(page.base_url + f"/setor/{settlement.pk}/")
    assert "Lunas" in page.inner_text(".badge.status-confirmed")
    statuses = page.locator(".settlement-orders .badge").all_inner_texts()
    assert len(statuses) == len(orders)
    assert all("dibayar" in text.lower() for text in statuses), statuses
    assert page.locator(".settlement-orders .order-status-paid").count() == len(orders)
    assert not has_horizontal_scroll(page)
    screenshot(page, "settlements-paid-360")
