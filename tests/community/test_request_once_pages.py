"""One-time form tokens on the pages (community.request_once).

Each form the issue lists is sent twice with the token its page wrote (a
double tap, or "back" and send again): one effect, and the second answer is
the first one's redirect with a plain message.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from charity.models import Disbursement
from community.models import RequestOnce
from ledger.models import CreditEntry, FundEntry
from orders.models import Order, OrderEvent
from returns.models import ReturnRequest
from settlements.models import BankStatement, Settlement, TransferProof
from tests.community.test_request_once_api import jpeg
from tests.trust.world import STATEMENT, build_world
from training.models import ItemCheck

pytestmark = pytest.mark.django_db

ALREADY = "Formulir ini sudah terkirim tadi"


@pytest.fixture
def world():
    return build_world()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_on(client, page: str, anchor: str = "<main") -> str:
    """Return the first form token after ``anchor`` on ``page``."""
    html = client.get(page).content.decode()
    found = re.search(
        r'name="form_token" value="([a-z0-9]+)"', html[html.index(anchor) :]
    )
    assert found, f"no form token after {anchor} on {page}"
    return found.group(1)


def assert_once(client, page, url, data, count, *, action=None):
    """Send the page's form twice with its token: one effect, one result."""
    token = token_on(client, page, action or f'action="{url}"')
    before = count()
    first = client.post(url, data() | {"form_token": token})
    assert first.status_code == 302, first.content.decode()[:2000]
    after = count()
    assert after > before
    again = client.post(url, data() | {"form_token": token}, follow=True)
    assert again.redirect_chain[0] == (first["Location"], 302)
    assert ALREADY in again.content.decode()
    assert count() == after
    return first


def order_form(world, number="HALAMAN-1", name="Siti Rahma"):
    return {
        "action": "submit",
        "shop": world.ids["shop"],
        "marketplace_order_no": number,
        "recipient_block": "",
        "recipient_name": name,
        "recipient_phone": "085712345678",
        "recipient_address": "Jl. Raya Juruan Laok 5",
        "courier": "jnt",
        "shipping_fee": "",
        "marketplace_fee": "1000",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-variant": str(world.ids["variant"]),
        "lines-0-quantity": "2",
        "lines-0-sale_price": "",
    }


def test_every_post_form_carries_a_fresh_token(world):
    client = client_for(world.users["a"])
    html = client.get("/pesanan/baru/").content.decode()
    tokens = re.findall(r'name="form_token" value="([a-z0-9]+)"', html)
    assert len(tokens) >= 2 and len(set(tokens)) == len(tokens)  # page + footer
    again = client.get("/pesanan/baru/").content.decode()
    assert not set(tokens) & set(re.findall(r'value="([a-z0-9]{32})"', again))


def test_order_create_double_submit_and_back_and_resubmit(world):
    client = client_for(world.users["a"])
    first = assert_once(
        client, "/pesanan/baru/", "/pesanan/baru/", lambda: order_form(world),
        Order.objects.count, action="<main",
    )  # fmt: skip
    order = Order.objects.get(marketplace_order_no="HALAMAN-1")
    assert first["Location"] == f"/pesanan/{order.pk}/"
    # "Back", change a field, send again with the old page's token: the first
    # result, nothing new.
    token = RequestOnce.objects.get(kind="form").key
    edited = order_form(world, number="HALAMAN-2", name="Orang Lain")
    back = client.post("/pesanan/baru/", edited | {"form_token": token})
    assert back["Location"] == f"/pesanan/{order.pk}/"
    assert not Order.objects.filter(marketplace_order_no="HALAMAN-2").exists()


def test_a_form_with_errors_keeps_its_token_for_the_corrected_send(world):
    client = client_for(world.users["a"])
    token = token_on(client, "/pesanan/baru/")
    wrong = order_form(world) | {"recipient_name": ""}
    assert client.post("/pesanan/baru/", wrong | {"form_token": token}).status_code
    assert not RequestOnce.objects.exists()
    fixed = client.post("/pesanan/baru/", order_form(world) | {"form_token": token})
    assert fixed.status_code == 302
    assert Order.objects.filter(marketplace_order_no="HALAMAN-1").count() == 1


def test_order_submit(world):
    pk = world.ids["order_draft"]
    assert_once(
        client_for(world.users["a"]),
        f"/pesanan/{pk}/",
        f"/pesanan/{pk}/kirim/",
        dict,
        lambda: OrderEvent.objects.filter(order_id=pk).count(),
    )


def test_settlement_create(world):
    assert_once(
        client_for(world.users["a"]),
        "/setor/baru/",
        "/setor/baru/",
        lambda: {"orders": [world.ids["order"]]},
        Settlement.objects.count,
        action="<main",
    )


def test_proof_upload(world):
    settlement = Settlement.objects.get(pk=world.ids["settlement_open"])
    url = f"/setor/{settlement.pk}/bukti/"
    assert_once(
        client_for(world.users["a"]),
        url,
        url,
        lambda: {
            "image": jpeg(),
            "bank": "BRI",
            "sender_name": "Anggota Satu",
            "amount": settlement.amount_due,
            "transferred_at": "2026-11-20T10:00",
        },
        TransferProof.objects.count,
        action="<main",
    )


def test_return_request(world):
    order = Order.objects.get(pk=world.ids["order_paid"])
    url = f"/retur/ajukan/{order.pk}/"
    assert_once(
        client_for(world.users["a"]),
        url,
        url,
        lambda: {
            "order_line": world.ids["line_paid"],
            "quantity": 1,
            "reason": "wrong_item",
            "note": "Warna beda",
        },
        ReturnRequest.objects.count,
        action="<main",
    )


def test_return_approve(world):
    pk = world.ids["return"]
    assert_once(
        client_for(world.users["leader"]),
        f"/retur/{pk}/",
        f"/retur/{pk}/terima/",
        dict,
        CreditEntry.objects.count,
    )


def test_disbursement_approve_and_pay(world):
    pk = world.ids["disbursement"]
    client = client_for(world.users["leader"])
    assert_once(
        client,
        f"/amal/penyaluran/{pk}/",
        f"/amal/penyaluran/{pk}/setujui/",
        dict,
        lambda: Disbursement.objects.filter(pk=pk, status="approved").count(),
    )
    assert_once(
        client,
        f"/amal/penyaluran/{pk}/",
        f"/amal/penyaluran/{pk}/bayar/",
        dict,
        FundEntry.objects.count,
    )


def test_statement_import_in_admin(world):
    content = STATEMENT.read_bytes().replace(b"2026-11", b"2026-10")
    url = "/admin/settlements/bankstatement/import/"
    first = assert_once(
        client_for(world.users["treasurer"]),
        url,
        url,
        lambda: {
            "file": SimpleUploadedFile("mutasi-okt.csv", content),
            "format": "generic",
        },
        BankStatement.objects.count,
        action='id="statement-import-form"',
    )
    assert first["Location"].endswith(
        f"?statement={BankStatement.objects.latest('pk').pk}"
    )


def test_training_tick(world):
    enrollment, item = world.ids["enrollment"], world.ids["item_open"]
    assert_once(
        client_for(world.users["mentor_a"]),
        f"/belajar/murid/{enrollment}/",
        f"/belajar/murid/{enrollment}/centang/{item}/",
        lambda: {"note": "Sudah gabung grup"},
        ItemCheck.objects.count,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_tap_in_parallel_logs_one_order():
    from tests.helpers import run_in_threads

    world = build_world()
    user = world.users["a"]
    token = "paralel0123456789abcdef"

    def tap(_index):
        client = client_for(user)
        response = client.post(
            "/pesanan/baru/", order_form(world) | {"form_token": token}
        )
        return response.status_code, response["Location"]

    results = run_in_threads(tap, 5)
    assert all(not isinstance(r, Exception) for r in results), results
    order = Order.objects.get(marketplace_order_no="HALAMAN-1")
    assert set(results) == {(302, f"/pesanan/{order.pk}/")}
    assert RequestOnce.objects.filter(key=token).count() == 1
