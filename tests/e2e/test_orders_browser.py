"""On a 360×740 phone: a member logs an order with two lines by pasting the
recipient block; the leader packs it and ships it with a resi; the member sees
the resi and the tracking link."""

import pytest
from playwright.sync_api import expect

from community.role_permissions import sync_role_permissions
from orders.models import Order
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, MemberFactory, ShopFactory, make_staff
from tests.helpers import mark_paid
from tests.orders.factories import VariantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCK = """Alamat Pengiriman
Siti Rahma
(+62) 857-1234-5678
Perum Griya Asri C2/5, Kota Sumenep, JAWA TIMUR, ID 69417"""


def test_member_logs_an_order_and_the_leader_ships_it(phone_page):
    # An earlier transactional test may have flushed the role groups.
    sync_role_permissions()
    member = MemberFactory(full_name="Rahmat Hidayat")
    shop = ShopFactory(member=member, name="Rahmat Jamu Sapi")
    leader = make_staff("leader")
    jamu = VariantFactory(
        product__name="Jamu Sapi",
        label="500 ml",
        base_price=20000,
        suggested_price=30000,
        stock=10,
    )
    hijab = VariantFactory(
        product__name="Hijab Segi Empat",
        label="Merah",
        base_price=35000,
        suggested_price=50000,
        stock=5,
    )
    page = phone_page
    login(page, member.user.username, PASSWORD)
    page.goto(page.base_url + "/pesanan/baru/")
    assert page.locator("h1").inner_text() == "Catat pesanan"
    page.select_option("#id_shop", str(shop.pk))
    page.fill("#id_marketplace_order_no", "2601150ABCD")
    page.fill("#id_recipient_block", BLOCK)
    expect(page.locator("#id_recipient_name")).to_have_value("Siti Rahma")
    assert page.input_value("#id_recipient_phone") == "085712345678"
    assert "Kota Sumenep" in page.input_value("#id_recipient_address")

    page.select_option("#id_courier", "jnt")
    page.fill("#id_lines-0-search", "jamu")
    assert page.input_value("#id_lines-0-variant") == str(jamu.pk)
    assert page.input_value("#id_lines-0-sale_price") == "30000"
    page.fill("#id_lines-0-quantity", "2")
    page.click("button.js-add-line")
    page.select_option("#id_lines-1-variant", str(hijab.pk))
    assert page.input_value("#id_lines-1-sale_price") == "50000"
    page.fill("#id_lines-1-sale_price", "55000")
    page.fill("#id_marketplace_fee", "2000")
    # goods 2×20.000 + 35.000 = 75.000; profit 20.000 + 20.000 − 2.000 = 38.000
    assert page.inner_text("#preview-goods") == "Rp 75.000"
    assert page.inner_text("#preview-profit") == "Rp 38.000"
    assert page.inner_text("#preview-charity") == "Rp 950"
    assert "Amal (2,5% dari keuntungan)" in page.inner_text("#money-preview")
    assert not has_horizontal_scroll(page)
    screenshot(page, "orders-catat-pesanan-360")
    # Leave the last box first, as a thumb does before reaching the button.
    page.locator("#id_marketplace_fee").blur()
    with page.expect_navigation():
        page.click("#submit-order")
    assert "/baru/" not in page.url, page.inner_text("main")
    assert "Menunggu setoran" in page.inner_text("main")

    order = Order.objects.get()
    assert (order.goods_total, order.profit, order.charity_share) == (75000, 38000, 950)
    assert sorted(order.lines.values_list("variant_id", "quantity")) == sorted(
        [(jamu.pk, 2), (hijab.pk, 1)]
    )
    jamu.refresh_from_db()
    assert jamu.stock == 8
    mark_paid(order, actor=leader, settlement_id=1)

    login(page, leader.username, PASSWORD)
    page.goto(page.base_url + f"/pesanan/{order.pk}/")
    page.click("#pack-button")
    page.wait_for_load_state("domcontentloaded")
    assert "Sudah dikemas" in page.inner_text("main")
    page.fill("#id_tracking_no", "jp1234567890")
    page.click("#ship-button")
    page.wait_for_load_state("domcontentloaded")
    assert "Sudah dikirim" in page.inner_text("main")
    assert not has_horizontal_scroll(page)

    login(page, member.user.username, PASSWORD)
    page.goto(page.base_url + f"/pesanan/{order.pk}/")
    assert page.input_value("#tracking-no") == "JP1234567890"
    link = page.locator("#tracking-link")
    assert link.inner_text() == "Lacak paket"
    assert link.get_attribute("href") == "https://jet.co.id/track?awb=JP1234567890"
    timeline = page.inner_text(".timeline")
    assert "Resi: JP1234567890" in timeline
    assert not has_horizontal_scroll(page)
    screenshot(page, "orders-detail-shipped-360")
