"""The leader's Ringkasan and the member's panel on a 360 px phone: no sideways
scroll, the SVG chart drawn, no CSP violation."""

import datetime

import pytest

from community.models import Marketplace
from insights.periods import Month
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.catalog.factories import CategoryFactory, ProductFactory, VariantFactory
from tests.factories import PASSWORD, MemberFactory, ShopFactory, make_staff
from tests.insights.factories import make_sale

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sales(member):
    month = Month.current()
    for index, (marketplace, category) in enumerate(
        [
            (Marketplace.SHOPEE, "Hijab dan Kerudung Muslimah"),
            (Marketplace.TIKTOK, "Makanan Ringan Khas Madura"),
            (Marketplace.TOKOPEDIA, "Batik Tulis Sumenep"),
        ]
    ):
        variant = VariantFactory(
            product=ProductFactory(
                name=f"Produk panjang sekali namanya {index}",
                category=CategoryFactory(name=category, slug=f"cat-{index}"),
            ),
            stock=index,
        )
        make_sale(
            member=member,
            shop=ShopFactory(member=member, marketplace=marketplace),
            lines=[(variant, 2, 35000)],
            submitted_at=month.start + datetime.timedelta(minutes=index + 1),
        )


def _collect_csp_errors(page) -> list[str]:
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


def test_leader_reads_the_overview_on_a_phone(phone_page):
    member = MemberFactory(full_name="Siti Aminah")
    _sales(member)
    leader = make_staff("leader")
    page = phone_page
    errors = _collect_csp_errors(page)
    login(page, leader.username, PASSWORD)

    page.goto(page.base_url + "/ringkasan/")

    assert "Ringkasan" in page.locator("h1").inner_text()
    assert page.locator("#segment-table tbody tr").count() == 3
    assert page.locator(".insights-chart rect.insights-seg-0").count() >= 1
    assert page.locator("#figure-orders .value").get_attribute("data-value") == "3"
    assert not has_horizontal_scroll(page)
    assert errors == []
    screenshot(page, "insights-ringkasan-360")
    chart = page.locator(".insights-chart svg").first
    assert chart.bounding_box()["width"] > 300
    chart.screenshot(path="test-artifacts/insights-chart-360.png")


def test_member_panel_fits_a_phone(phone_page):
    member = MemberFactory(full_name="Rahmat")
    _sales(member)
    page = phone_page
    errors = _collect_csp_errors(page)
    login(page, member.user.username, PASSWORD)

    page.goto(page.base_url + "/")

    assert page.locator("#insights-panel").is_visible()
    assert page.locator("#my-orders").get_attribute("data-value") == "3"
    assert page.locator("#insights-panel polyline").count() == 1
    assert not has_horizontal_scroll(page)
    assert errors == []
    screenshot(page, "insights-beranda-360")
