"""On a 360×740 phone a member finds a product, copies its listing text and
downloads the photo zip: the catalog's "under a minute" promise."""

import io
import zipfile

import pytest

from catalog.photos import image_add
from tests.browser import has_horizontal_scroll, login, screenshot
from tests.catalog.conftest import photo_bytes
from tests.catalog.factories import CategoryFactory, ProductFactory, VariantFactory
from tests.factories import PASSWORD, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_searches_copies_the_listing_and_downloads_photos(phone_page):
    member = MemberFactory(full_name="Rahmat Hidayat")
    hijab = CategoryFactory(name="Hijab", slug="hijab")
    product = ProductFactory(
        name="Pashmina Ceruty Baby Doll",
        slug="pashmina-ceruty",
        category=hijab,
        description="Jatuh dan tidak menerawang.",
    )
    VariantFactory(product=product, label="Dusty Pink", stock=3)
    VariantFactory(product=ProductFactory(name="Keripik Tette"), stock=20)
    for colour in [(210, 160, 170), (120, 120, 120)]:
        image_add(
            product=product, upload=io.BytesIO(photo_bytes(colour=colour)), actor=None
        )

    page = phone_page
    login(page, member.user.username, PASSWORD)
    page.goto(page.base_url + "/katalog/")
    page.fill("input[name=q]", "pashmina")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    cards = page.locator("#product-list .product-card")
    assert cards.count() == 1
    assert "sisa 3" in cards.first.inner_text()
    assert not has_horizontal_scroll(page)
    screenshot(page, "catalog-search-360")

    cards.first.click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("h1").inner_text() == "Pashmina Ceruty Baby Doll"
    assert page.locator(".photo-strip img").count() == 2
    page.click("#copy-description")
    page.wait_for_function("() => window.kongsiLastCopied !== undefined")
    copied = page.evaluate("() => window.kongsiLastCopied")
    assert copied.startswith("Pashmina Ceruty Baby Doll")
    assert "Jatuh dan tidak menerawang." in copied and "Dusty Pink" in copied
    page.click("#copy-title")
    page.wait_for_function(
        "() => window.kongsiLastCopied === 'Pashmina Ceruty Baby Doll - Hijab'"
    )
    assert not has_horizontal_scroll(page)
    screenshot(page, "catalog-product-360")

    with page.expect_download() as download_info:
        page.click("#download-zip")
    download = download_info.value
    assert download.suggested_filename == "pashmina-ceruty-foto.zip"
    archive = zipfile.ZipFile(download.path())
    assert sorted(archive.namelist()) == [
        "pashmina-ceruty-1.jpg",
        "pashmina-ceruty-2.jpg",
    ]
