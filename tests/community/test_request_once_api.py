"""Idempotency-Key on the API's writes (community.request_once).

For each write the issue lists: the same key and body twice → one effect and
identical answers (the second marked ``Idempotent-Replayed``); the same key
with another body → 422 in Indonesian, nothing more written.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from charity.models import Disbursement
from community.models import RequestOnce
from community.request_once import request_once_purge
from community.tasks import request_once_purge_task
from ledger.models import CreditEntry, FundEntry
from orders.models import Order, OrderEvent
from returns.models import ReturnRequest
from settlements.models import BankStatement, Settlement, TransferProof
from tests.trust.world import STATEMENT, build_world
from training.models import ItemCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def jpeg(name="bukti.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def send(client, path, body, key, *, multipart=False):
    fmt = "multipart" if multipart else "json"
    return client.post(path, body() if callable(body) else body, format=fmt,
                       HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip


def assert_once(
    client, path, body, count, *, multipart=False, other=None, key="kunci-1"
):
    """Send twice with one key: one effect, the same answer; then another body."""
    before = count()
    first = send(client, path, body, key, multipart=multipart)
    assert 200 <= first.status_code < 300, first.content
    after = count()
    assert after > before
    second = send(client, path, body, key, multipart=multipart)
    assert second.status_code == first.status_code
    assert second.content == first.content
    assert second["Idempotent-Replayed"] == "true"
    assert count() == after
    if other is not None:
        third = send(client, path, other, key, multipart=multipart)
        assert third.status_code == 422
        assert "kunci baru" in third.json()["detail"]
        assert count() == after
    return first


def order_body(world, number="IDEM-1"):
    return {
        "shop": world.ids["shop"],
        "marketplace_order_no": number,
        "recipient_name": "Siti Rahma",
        "recipient_phone": "085712345678",
        "recipient_address": "Jl. Raya Juruan Laok 5, Sumenep",
        "courier": "jne",
        "shipping_fee": 0,
        "marketplace_fee": 0,
        "lines": [
            {"variant": world.ids["variant"], "quantity": 1, "sale_price": 31000}
        ],
        "draft": False,
    }


def test_order_create(world):
    client = client_for(world.users["a"])
    assert_once(
        client,
        "/api/v1/orders/",
        order_body(world),
        Order.objects.count,
        other=order_body(world, "IDEM-2"),
    )
    assert Order.objects.filter(marketplace_order_no="IDEM-1").count() == 1


def test_order_submit(world):
    client = client_for(world.users["a"])
    pk = world.ids["order_draft"]
    path = f"/api/v1/orders/{pk}/submit/"
    assert_once(
        client, path, {}, lambda: OrderEvent.objects.filter(order_id=pk).count()
    )
    # The same key on another path is another request.
    other = send(client, f"/api/v1/orders/{world.ids['order']}/cancel/", {},
                 "kunci-1")  # fmt: skip
    assert other.status_code == 422
    assert Order.objects.get(pk=pk).status == Order.Status.SUBMITTED


def test_settlement_create(world):
    client = client_for(world.users["a"])
    assert_once(
        client,
        "/api/v1/settlements/",
        {"orders": [world.ids["order"]]},
        Settlement.objects.count,
        other={"orders": [world.ids["order_draft"]]},
    )


def test_proof_upload(world):
    settlement = Settlement.objects.get(pk=world.ids["settlement_open"])
    client = client_for(world.users["a"])

    def body():
        return {
            "image": jpeg(),
            "bank": "BCA",
            "sender_name": "Anggota Satu",
            "amount": settlement.amount_due,
            "transferred_at": timezone.now().replace(microsecond=0).isoformat(),
        }

    fixed = body()
    fixed_bytes = fixed["image"].read()

    def same():
        return fixed | {"image": SimpleUploadedFile("bukti.jpg", fixed_bytes)}

    assert_once(
        client,
        f"/api/v1/settlements/{settlement.pk}/proof/",
        same,
        TransferProof.objects.count,
        multipart=True,
        other=lambda: same() | {"sender_name": "Orang Lain"},
    )


def test_return_request_and_approve(world):
    client = client_for(world.users["a"])
    body = {
        "order_line": world.ids["line_paid"],
        "quantity": 1,
        "reason": "defective",
        "note": "Tutup botol retak",
    }
    assert_once(
        client,
        "/api/v1/returns/",
        body,
        ReturnRequest.objects.count,
        other=body | {"note": "Lain"},
    )
    leader = client_for(world.users["leader"])
    assert_once(
        leader,
        f"/api/v1/returns/{world.ids['return']}/approve/",
        {"restock": False},
        CreditEntry.objects.count,
        key="kunci-2",
        other={"restock": True},
    )


def test_disbursement_approve_and_pay(world):
    leader = client_for(world.users["leader"])
    pk = world.ids["disbursement"]
    assert_once(
        leader,
        f"/api/v1/charity/disbursements/{pk}/approve/",
        {},
        lambda: Disbursement.objects.filter(pk=pk, status="approved").count(),
    )
    assert_once(
        leader,
        f"/api/v1/charity/disbursements/{pk}/pay/",
        {},
        FundEntry.objects.count,
        key="kunci-2",
    )


def test_statement_import(world):
    treasurer = client_for(world.users["treasurer"])
    content = STATEMENT.read_bytes().replace(b"2026-11", b"2026-10")

    def body():
        return {"file": SimpleUploadedFile("mutasi-okt.csv", content),
                "format": "generic"}  # fmt: skip

    assert_once(
        treasurer,
        "/api/v1/bank-statements/",
        body,
        BankStatement.objects.count,
        multipart=True,
        other=lambda: body() | {"format": "bca"},
    )


def test_training_tick(world):
    mentor = client_for(world.users["mentor_a"])
    body = {"item": world.ids["item_open"], "note": "Sudah gabung grup"}
    assert_once(
        mentor,
        f"/api/v1/training/enrollments/{world.ids['enrollment']}/checks/",
        body,
        ItemCheck.objects.count,
        other=body | {"note": "Lain"},
    )


def test_keys_are_per_user_and_refusals_do_not_use_a_key(world):
    a = client_for(world.users["a"])
    # Not enough stock: 400, and the key stays free for a fixed retry.
    too_many = order_body(world) | {
        "lines": [
            {"variant": world.ids["variant"], "quantity": 9999, "sale_price": 31000}
        ]  # fmt: skip
    }
    refused = send(a, "/api/v1/orders/", too_many, "k")
    assert refused.status_code == 400
    assert not RequestOnce.objects.exists()
    assert send(a, "/api/v1/orders/", order_body(world), "k").status_code == 201
    # Member B's "k" is B's own.
    b = client_for(world.users["b"])
    b_body = order_body(world) | {"shop": world.b_ids["shop"]}
    assert send(b, "/api/v1/orders/", b_body, "k").status_code == 201
    assert RequestOnce.objects.filter(key="k").count() == 2


def test_a_long_key_is_400_and_no_key_behaves_as_before(world):
    a = client_for(world.users["a"])
    long_key = send(a, "/api/v1/orders/", order_body(world), "x" * 256)
    assert long_key.status_code == 400
    assert "255" in long_key.json()["detail"]
    assert Order.objects.filter(marketplace_order_no="IDEM-1").count() == 0
    assert (
        a.post("/api/v1/orders/", order_body(world), format="json").status_code == 201
    )
    again = a.post("/api/v1/orders/", order_body(world), format="json")
    assert again.status_code == 400  # the unique order number, as before


def test_token_auth_is_remembered_too(world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.users["a"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert_once(client, "/api/v1/orders/", order_body(world), Order.objects.count)


def test_a_crash_before_the_reply_keeps_neither_the_write_nor_the_key(
    world, monkeypatch
):
    from orders.api import OrderViewSet

    original = OrderViewSet._detail

    def crash(self, order, **kwargs):
        raise RuntimeError("the process died before answering")

    monkeypatch.setattr(OrderViewSet, "_detail", crash)
    client = client_for(world.users["a"])
    client.raise_request_exception = False
    assert send(client, "/api/v1/orders/", order_body(world), "k").status_code == 500
    assert not Order.objects.filter(marketplace_order_no="IDEM-1").exists()
    assert not RequestOnce.objects.exists()
    monkeypatch.setattr(OrderViewSet, "_detail", original)
    assert_once(client, "/api/v1/orders/", order_body(world), Order.objects.count)


def test_keys_expire_after_24_hours(world):
    client = client_for(world.users["a"])
    send(client, "/api/v1/orders/", order_body(world), "old")
    RequestOnce.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert request_once_purge() == 1
    send(client, "/api/v1/orders/", order_body(world, "IDEM-9"), "old")
    assert request_once_purge_task.delay().get() == 0
    assert RequestOnce.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_key_in_parallel_makes_one_order():
    from tests.helpers import run_in_threads

    world = build_world()
    body = order_body(world, "PARALEL-1")
    user = world.users["a"]

    def post(_index):
        response = client_for(user).post(
            "/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="sama"
        )
        return response.status_code, response.content

    results = run_in_threads(post, 6)
    assert all(not isinstance(r, Exception) for r in results), results
    assert {status for status, _content in results} == {201}
    assert len({content for _status, content in results}) == 1
    assert Order.objects.filter(marketplace_order_no="PARALEL-1").count() == 1
    assert RequestOnce.objects.filter(key="sama").count() == 1
