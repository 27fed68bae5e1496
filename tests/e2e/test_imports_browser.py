"""On a 360×740 phone: a member uploads a Shopee export, fixes the one unknown
SKU in the dry run, confirms, and sees the orders ready to settle."""

import pytest
from playwright.sync_api import expect

from community.role_permissions import sync_role_permissions
from orders.models import Order
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.catalog.factories import ProductFactory, VariantFactory
from tests.factories import PASSWORD, MemberFactory, ShopFactory
from tests.imports.conftest import CATALOG, SHOPEE_ORDERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_imports_a_shopee_export(phone_page):
    sync_role_permissions()
    member = MemberFactory(full_name="Siti Aminah")
    shop = ShopFactory(member=member, marketplace="shopee", name="Aminah Shop")
    variants = {}
    for sku, (name, label, base, suggested) in CATALOG.items():
        variants[sku] = VariantFactory(
            product=ProductFactory(name=name),
            sku=sku,
            label=label,
            base_price=base,
            suggested_price=suggested,
            stock=20,
        )
    page = phone_page
    login(page, member.user.username, PASSWORD)
    page.goto(page.base_url + "/pesanan/")
    page.click("#import-link")
    page.select_option("#id_shop", str(shop.pk))
    page.set_input_files("#id_file", str(SHOPEE_ORDERS))
    page.click("#import-check")

    expect(page.locator("#count-create")).to_have_text("3")
    gamis = page.locator(".import-order[data-number='261106UVWX2468']")
    expect(gamis).to_contain_text("GAMIS-MERAH-L")
    assert not has_horizontal_scroll(page)
    screenshot(page, "import-dry-run")

    page.select_option("#variant-0", str(variants["KG-GSS13-2"].pk))
    page.click("#save-sku")
    expect(page.locator("#count-create")).to_have_text("4")
    expect(gamis).to_have_attribute("data-action", "create")
    assert Order.objects.count() == 0

    page.click("#import-confirm")
    expect(page.locator("#done-created")).to_have_text("4")
    assert Order.objects.filter(shop=shop, status="submitted").count() == 4
    page.click("#go-settle")
    for number in ("261101ABCD1234", "261102EFGH5678", "261106UVWX2468"):
        expect(page.locator("body")).to_contain_text(number)
    assert not has_horizontal_scroll(page)
    screenshot(page, "import-ready-to-settle")
