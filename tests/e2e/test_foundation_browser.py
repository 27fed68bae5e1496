"""A member signs in on a 360×740 phone and lands on Beranda in Indonesian."""

import pytest

from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_on_a_phone_and_sees_beranda(phone_page):
    member = MemberFactory(full_name="Rahmat Hidayat")
    page = phone_page
    page.goto(page.base_url + "/")
    assert "/masuk/" in page.url
    assert page.locator("h1").inner_text() == "Masuk ke Kongsi"
    login(page, member.user.username, PASSWORD)
    assert page.url.rstrip("/") == page.base_url.rstrip("/")
    assert page.locator("h1").inner_text() == "Halo, Rahmat Hidayat"
    assert page.locator("html").get_attribute("lang") == "id"
    nav = page.locator("nav.bottom-nav")
    assert "Beranda" in nav.inner_text()
    assert not has_horizontal_scroll(page)
    path = screenshot(page, "foundation-beranda-360")
    assert path.stat().st_size > 1000


def test_wrong_password_says_so_in_indonesian(phone_page):
    member = MemberFactory()
    login(phone_page, member.user.username, "bukan-ini")
    assert "Nama pengguna atau kata sandi salah" in phone_page.content()
    assert not has_horizontal_scroll(phone_page)
