"""Packing day on a 360×740 phone: the leader ticks 20 paid orders, downloads
one PDF of 20 A6 labels, prints the pick list, then types a resi on the
scan-to-pack page and the order becomes packed."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from community.role_permissions import sync_role_permissions
from orders import packing, services
from orders.labels import PAGE_HEIGHT, PAGE_WIDTH
from orders.models import Order
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, MemberFactory, ShopFactory, make_staff
from tests.helpers import mark_paid
from tests.orders.factories import VariantFactory, make_order
from tests.orders.label_fixtures import a4_labels, visible_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_prints_20_labels_the_pick_list_and_packs_by_scan(phone_page):
    sync_role_permissions()
    leader = make_staff("leader")
    members = [MemberFactory(full_name=f"Anggota {i}") for i in range(2)]
    shops = [
        ShopFactory(member=members[0], name="Toko Jamu Rahmat"),
        ShopFactory(member=members[1], name="Hijab Siti Store"),
    ]
    jamu = VariantFactory(sku="JAMU-1", bin_location="A-01", stock=100)
    hijab = VariantFactory(sku="HIJAB-2", bin_location="B-07", stock=100)
    now = timezone.now()
    orders = []
    for index in range(20):
        shop = shops[index % 2]
        order = make_order(
            member=shop.member,
            shop=shop,
            lines=[(jamu, 1 + index % 3, 30000), (hijab, 1, 50000)],
        )
        mark_paid(order, actor=leader, settlement_id=1)
        resi = f"JP{4400000000 + index}"
        packing.order_set_tracking_no(order=order, tracking_no=resi, actor=leader)
        if index % 4 == 0:  # every fourth came with the marketplace's A4 sheet
            services.order_attach_label(
                order=order,
                label=SimpleUploadedFile("l.pdf", a4_labels([(shop.name, resi)])),
                actor=leader,
            )
        Order.objects.filter(pk=order.pk).update(
            ship_by=now + timedelta(hours=index - 3, minutes=30)
        )
        orders.append(Order.objects.get(pk=order.pk))

    page = phone_page
    login(page, leader.username, PASSWORD)
    page.goto(page.base_url + "/pesanan/pengiriman/")
    assert "Kotak label" in page.inner_text("#to-pack")
    assert "terlambat" in page.inner_text("#to-pack")  # three are past ship-by
    assert page.inner_text("#ship-by-figures .figure .value >> nth=0") == "3"
    screenshot(page, "packing-inbox-360")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth)
        .slice(0, 5).map(e => e.className + ' ' + e.textContent.slice(0, 40))"""
    )
    assert not has_horizontal_scroll(page), wide

    page.check(".js-select-all")
    boxes = page.locator("#packing-form input[name=order]")
    expect(boxes).to_have_count(20)
    assert all(boxes.nth(i).is_checked() for i in range(20))
    with page.expect_download() as download_info:
        page.click("#print-labels")
    pdf = download_info.value.path().read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 20
    by_resi = {order.tracking_no: order for order in orders}
    seen = set()
    for pdf_page in reader.pages:
        assert float(pdf_page.mediabox.width) == pytest.approx(PAGE_WIDTH, abs=0.5)
        assert float(pdf_page.mediabox.height) == pytest.approx(PAGE_HEIGHT, abs=0.5)
        text = visible_text(pdf_page)
        resi = next(r for r in by_resi if r in text)
        assert by_resi[resi].shop.name in text
        seen.add(resi)
    assert seen == set(by_resi)

    # The pick list of the same ticked orders, in shelf order.
    page.goto(page.base_url + "/pesanan/pengiriman/")
    page.check(".js-select-all")
    page.click("#open-pick-list")
    page.wait_for_load_state("domcontentloaded")
    rows = page.locator("#pick-rows tbody tr")
    expect(rows).to_have_count(2)
    jamu_total = sum(1 + index % 3 for index in range(20))
    assert rows.nth(0).inner_text().split("\t")[:4] == [
        "A-01",
        jamu.display_name,
        "JAMU-1",
        str(jamu_total),
    ]
    assert "B-07" in rows.nth(1).inner_text()
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.click(".js-print")
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    assert not page.locator(".js-print").is_visible()
    screenshot(page, "packing-pick-list-print")
    page.emulate_media(media="screen")

    # Scan-to-pack, typed: lower case with a dash still finds the order.
    target = orders[5]
    page.goto(page.base_url + "/pesanan/pengiriman/pindai/")
    page.fill(
        "#scan-code", target.tracking_no.lower()[:6] + "-" + target.tracking_no[6:]
    )
    page.click("#scan-submit")
    page.wait_for_load_state("domcontentloaded")
    assert page.get_attribute("#scan-result", "data-tone") == "ok"
    assert target.marketplace_order_no in page.inner_text("#scanned-order")
    assert not has_horizontal_scroll(page)
    screenshot(page, "packing-scan-found-360")
    page.click("#mark-packed")
    page.wait_for_load_state("domcontentloaded")
    assert "Sudah dikemas" in page.inner_text("main")
    target.refresh_from_db()
    assert target.status == Order.Status.PACKED

    # The same parcel again, and a wrong code: both said plainly.
    page.fill("#scan-code", target.tracking_no)
    page.click("#scan-submit")
    page.wait_for_load_state("domcontentloaded")
    assert page.get_attribute("#scan-result", "data-tone") == "warn"
    assert "SUDAH DIKEMAS" in page.inner_text("#scan-result")
    assert page.locator("#mark-packed").count() == 0
    page.fill("#scan-code", "SALAH123")
    page.click("#scan-submit")
    page.wait_for_load_state("domcontentloaded")
    assert page.get_attribute("#scan-result", "data-tone") == "bad"
    assert "SALAH123" in page.inner_text("#scan-result")

    # Phones without BarcodeDetector get the vendored decoder from our own
    # static files (no CDN): it loads under the page's CSP and offers a reader.
    assert page.locator("#scan-start").is_visible()  # the camera is offered
    decoder = page.get_attribute("#scan-start", "data-decoder")
    assert decoder.startswith("/static/vendor/zxing/")
    loaded = page.evaluate(
        """(src) => new Promise((resolve) => {
            const script = document.createElement("script");
            script.src = src;
            script.onload = () => resolve(typeof ZXing.BrowserMultiFormatReader);
            script.onerror = () => resolve("error");
            document.head.appendChild(script);
        })""",
        decoder,
    )
    assert loaded == "function"
