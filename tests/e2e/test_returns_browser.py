"""A member asks for a return with a photo on a phone, the leader approves it,
and the member's next settlement shows the credit taken off."""

import io

import pytest

from ledger.credit import credit_balance
from returns.models import ReturnRequest
from settlements.models import Settlement
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, MemberFactory, make_staff
from tests.returns.factories import paid_line
from tests.settlements.factories import submitted_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_return_with_photo_becomes_credit_on_the_next_settlement(
    phone_page, browser, live_server
):
    member = MemberFactory(full_name="Rahmat Hidayat")
    leader = make_staff("leader")
    line = paid_line(member, quantity=2, base_price=25_000)
    next_order = submitted_order(member, base_price=60_000, sale_price=60_000)
    page = phone_page

    # The member opens the paid order and asks for a return with a photo.
    login(page, member.user.username, PASSWORD)
    page.goto(page.base_url + f"/pesanan/{line.order_id}/")
    page.click("#ask-return")
    page.wait_for_selector("text=Ajukan retur")
    page.check(f"input[name=order_line][value='{line.pk}']")
    page.fill("#id_quantity", "1")
    page.click("label.reason-choice:has(input[value=defective])")
    page.fill("#id_note", "Retak di sudut")
    page.set_input_files(
        "#id_photos",
        files=[{"name": "retak.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}],
    )
    assert not has_horizontal_scroll(page)
    screenshot(page, "returns-ask-360")
    page.click("button[type=submit].primary")
    page.wait_for_selector("#return-status")
    assert page.locator("#return-status").inner_text() == "Menunggu ketua"
    request = ReturnRequest.objects.get()
    assert request.photos.count() == 1 and request.reason == "defective"

    # The leader sees it in the queue with its photo and approves it.
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID"
    )
    leader_page = context.new_page()
    leader_page.base_url = live_server.url
    login(leader_page, leader.username, PASSWORD)
    leader_page.goto(live_server.url + "/retur/antrian/")
    thumb = leader_page.locator("img.thumb").first
    thumb.wait_for()
    # The thumbnail is lazy-loaded: bring it into view and wait until the
    # browser has finished with it (loaded or broken) before judging it.
    thumb.scroll_into_view_if_needed()
    handle = thumb.element_handle()
    leader_page.wait_for_function("(img) => img.complete", arg=handle)
    assert leader_page.evaluate("(img) => img.naturalWidth > 0", handle)
    assert not has_horizontal_scroll(leader_page)
    screenshot(leader_page, "returns-queue-360")
    leader_page.click(f"a[href='/retur/{request.pk}/']")
    leader_page.wait_for_load_state()
    assert "Rp 25.000" in leader_page.content()
    leader_page.click("#approve-button")
    leader_page.wait_for_selector(".message.success")
    assert "Rp 25.000" in leader_page.locator(".message.success").inner_text()
    context.close()
    assert credit_balance(member) == 25_000

    # The member's Beranda and Saldo saya show the credit ...
    page.goto(page.base_url + "/")
    assert "Rp 25.000" in page.locator("#home-credit-balance").inner_text()
    page.goto(page.base_url + "/retur/saldo/")
    assert page.locator("#credit-balance").inner_text() == "Rp 25.000"

    # ... and the next settlement takes it off what she transfers.
    page.goto(page.base_url + "/setor/")
    page.click("#start-settlement")
    page.wait_for_load_state()
    assert "Rp 25.000" in page.content()
    page.click("#create-settlement")
    page.wait_for_selector("#amount-due")
    settlement = Settlement.objects.get()
    assert settlement.credit_applied == 25_000
    assert settlement.amount_due == (
        next_order.goods_total
        + next_order.charity_share
        - 25_000
        + settlement.unique_code
    )
    breakdown = page.content()
    assert "Rp 25.000" in breakdown
    assert not has_horizontal_scroll(page)
    screenshot(page, "returns-credit-in-settlement-360")
    assert credit_balance(member) == 0
