"""Member pages from the cache: a hit while nothing changed, a fresh page after any
committed write that the page shows, never a page that is stale after commit.

These tests commit (transaction=True): the versions move at commit.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from catalog.models import Category
from community.models import Notification
from orders.models import Order
from pagecache.models import PageVersion
from pagecache.watch import WATCHED
from tests.factories import MemberFactory, ShopFactory, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    from django.core.cache import cache

    cache.clear()


def _version(scope: str) -> int:
    row = PageVersion.objects.filter(scope=scope).first()
    return row.version if row else 0


def _client_for(user) -> Client:
    """A signed-in browser that has had its first page (and so its CSRF cookie)."""
    client = Client()
    client.force_login(user)
    client.get("/profil/")
    return client


def _order(member, shop, number: str) -> Order:
    return Order.objects.create(member=member, shop=shop, marketplace_order_no=number)


def test_every_watched_table_exists_so_a_renamed_table_cannot_hide():
    tables = set(connection.introspection.table_names())
    assert set(WATCHED) <= tables


def test_a_committed_write_bumps_its_members_version_and_a_rollback_does_not():
    shop = ShopFactory()
    member = shop.member
    scope = f"m:{member.pk}"
    before = _version(scope)

    _order(member, shop, "A-1")
    after_insert = _version(scope)
    assert after_insert > before

    with pytest.raises(RuntimeError), transaction.atomic():
        _order(member, shop, "A-2")
        raise RuntimeError("rolled back")
    assert _version(scope) == after_insert

    order = Order.objects.get(marketplace_order_no="A-1")
    Order.objects.filter(pk=order.pk).update(recipient_name="Siti")  # bulk UPDATE
    assert _version(scope) > after_insert


def test_a_row_found_through_its_parent_bumps_the_parents_member():
    shop = ShopFactory()
    order = _order(shop.member, shop, "B-1")
    scope = f"m:{shop.member.pk}"
    before = _version(scope)

    from orders.models import OrderEvent

    OrderEvent.objects.create(order=order, to_status="draft", params={"note": 1})

    assert _version(scope) > before


@pytest.mark.postgres
def test_one_transaction_bumps_each_scope_once_at_commit():
    shop = ShopFactory()
    scope = f"m:{shop.member.pk}"
    before = _version(scope)
    catalog_before = _version("catalog")

    with transaction.atomic():
        for n in range(5):
            _order(shop.member, shop, f"C-{n}")
        Category.objects.create(name="Kerudung", slug="kerudung")

    assert _version(scope) == before + 1
    assert _version("catalog") == catalog_before + 1


def test_member_page_is_served_from_cache_until_a_write_shows_on_it():
    shop = ShopFactory()
    client = _client_for(shop.member.user)
    _order(shop.member, shop, "SHP-111")

    first = client.get("/pesanan/")
    second = client.get("/pesanan/")
    assert first.status_code == second.status_code == 200
    assert "X-Kongsi-Page-Cache" not in first
    assert second["X-Kongsi-Page-Cache"] == "hit"
    assert second.content == first.content

    _order(shop.member, shop, "SHP-222")
    third = client.get("/pesanan/")
    assert "X-Kongsi-Page-Cache" not in third
    assert "SHP-222" in third.content.decode()


def test_a_phone_that_has_the_page_gets_304_without_a_body():
    shop = ShopFactory()
    client = _client_for(shop.member.user)
    client.get("/pesanan/")
    cached = client.get("/pesanan/")
    assert cached["X-Kongsi-Page-Cache"] == "hit"

    again = client.get("/pesanan/", headers={"if-none-match": cached["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    _order(shop.member, shop, "SHP-333")
    changed = client.get("/pesanan/", headers={"if-none-match": cached["ETag"]})
    assert changed.status_code == 200
    assert "SHP-333" in changed.content.decode()


def test_a_used_form_token_is_never_served_again_from_the_cache():
    """A cached page carries one-time form tokens: once one is used up, that
    page is rendered afresh (new tokens), so a second form post still acts."""
    from community.models import RequestOnce

    member = MemberFactory()
    client = _client_for(member.user)
    client.get("/")
    cached = client.get("/")
    assert cached["X-Kongsi-Page-Cache"] == "hit"

    RequestOnce.objects.create(
        user=member.user,
        kind=RequestOnce.Kind.FORM,
        key="token-used-once",
        fingerprint="x" * 64,
        status_code=302,
    )

    assert "X-Kongsi-Page-Cache" not in client.get("/")


def test_another_members_write_keeps_my_cached_page():
    shop = ShopFactory()
    other = ShopFactory()
    client = _client_for(shop.member.user)
    client.get("/pesanan/")

    _order(other.member, other, "OTHER-1")

    assert client.get("/pesanan/")["X-Kongsi-Page-Cache"] == "hit"


def test_a_notification_for_me_shows_on_beranda_at_once():
    member = MemberFactory()
    client = _client_for(member.user)
    client.get("/")
    assert client.get("/")["X-Kongsi-Page-Cache"] == "hit"

    Notification.objects.create(
        member=member, kind="news", message="Setoran Anda sudah diterima", key="t-1"
    )

    page = client.get("/")
    assert "X-Kongsi-Page-Cache" not in page
    assert "Setoran Anda sudah diterima" in page.content.decode()


def test_leader_and_mentor_pages_are_never_cached():
    leader = make_staff("leader")
    mentor = MemberFactory(roles=["member", "mentor"])
    for user in (leader, mentor.user):
        client = _client_for(user)
        client.get("/katalog/")
        assert "X-Kongsi-Page-Cache" not in client.get("/katalog/")


def test_two_browsers_of_one_member_get_their_own_csrf_tokens():
    member = MemberFactory()
    phone = _client_for(member.user)
    laptop = _client_for(member.user)
    phone.get("/pesanan/")

    page = laptop.get("/pesanan/")

    assert "X-Kongsi-Page-Cache" not in page


def test_a_page_with_a_flash_message_is_not_kept():
    shop = ShopFactory()
    client = _client_for(shop.member.user)
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    # Put a message in the client's cookie as a redirect after a POST would.
    request = HttpRequest()
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Pesanan tersimpan")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    with_message = client.get("/pesanan/")
    assert "Pesanan tersimpan" in with_message.content.decode()
    again = client.get("/pesanan/")
    assert "Pesanan tersimpan" not in again.content.decode()
    assert "X-Kongsi-Page-Cache" not in again  # the first answer was not kept


def test_public_charity_page_is_cached_until_the_fund_changes():
    client = Client()
    client.get("/amal/")  # the first visit brings the CSRF cookie
    client.get("/amal/")
    assert client.get("/amal/")["X-Kongsi-Page-Cache"] == "hit"

    from charity.models import Program

    Program.objects.create(name="Santunan yatim Ramadan", kind=Program.Kind.values[0])

    page = client.get("/amal/")
    assert "X-Kongsi-Page-Cache" not in page


@pytest.mark.postgres
def test_no_stale_page_after_commit_while_writes_and_reads_interleave():
    """A writer commits orders one by one while readers load the order list:
    every page read after an order's commit shows that order."""
    shop = ShopFactory()
    member, user = shop.member, shop.member.user
    committed = [0]  # how many orders are committed (set after each commit)
    lock = threading.Lock()
    stale: list[str] = []
    errors: list[BaseException] = []
    total = 25

    def writer():
        try:
            for n in range(1, total + 1):
                _order(member, shop, f"W-{n:04d}")  # autocommit: one transaction
                with lock:
                    committed[0] = n
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    def reader():
        client = _client_for(user)
        try:
            while True:
                with lock:
                    seen_committed = committed[0]
                body = client.get("/pesanan/").content.decode()
                if seen_committed and f"W-{seen_committed:04d}" not in body:
                    stale.append(f"W-{seen_committed:04d} missing")
                if seen_committed >= total:
                    return
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=reader) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert not stale, stale
    assert Order.objects.filter(member=member).count() == total
