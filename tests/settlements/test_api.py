"""The settlements API, exactly as API.md."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from ledger.models import FundEntry
from orders.models import Order
from settlements.models import BankStatementLine, Settlement
from tests.factories import MemberFactory
from tests.helpers import assert_constant_queries
from tests.settlements.factories import open_settlement, settlement_due, submitted_order

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def photo(name="bukti.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 60), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_member_creates_a_settlement(member, api_as):
    first, second = submitted_order(member), submitted_order(member)
    response = api_as(member.user).post(
        "/api/v1/settlements/", {"orders": [first.pk, second.pk]}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    for key in (
        "id", "orders", "goods_total", "charity_share", "credit_applied",
        "unique_code", "amount_due", "status",
    ):  # fmt: skip
        assert key in body
    assert sorted(body["orders"]) == [first.pk, second.pk]
    assert body["status"] == "awaiting_transfer"
    assert body["goods_total"] == first.goods_total + second.goods_total
    assert body["amount_due"] == (
        body["goods_total"] + body["charity_share"] + body["unique_code"]
    )
    assert Settlement.objects.get().pk == body["id"]


@pytest.mark.parametrize("payload", [{}, {"orders": []}, {"orders": ["x"]}])
def test_bad_create_input_is_400(member, api_as, payload):
    response = api_as(member.user).post("/api/v1/settlements/", payload, format="json")
    assert response.status_code == 400
    assert "orders" in response.json()
    assert not Settlement.objects.exists()


def test_another_members_order_is_400_and_nothing_written(member, api_as):
    foreign = submitted_order(MemberFactory())
    response = api_as(member.user).post(
        "/api/v1/settlements/", {"orders": [foreign.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "orders" in response.json()
    assert not Settlement.objects.exists()


def test_member_b_gets_404_on_member_a_settlement(member, other_member, api_as):
    settlement = open_settlement(member)
    client = api_as(other_member.user)
    base = f"/api/v1/settlements/{settlement.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base + "cancel/").status_code == 404
    response = client.post(
        base + "proof/",
        {
            "image": photo(),
            "bank": "BRI",
            "sender_name": "B",
            "amount": 1,
            "transferred_at": "2026-11-20T10:00:00+07:00",
        },
        format="multipart",
    )
    assert response.status_code == 404
    assert client.get("/api/v1/settlements/").json()["count"] == 0
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER


def test_member_gets_403_on_confirm_and_reject(member, api_as):
    settlement = open_settlement(member)
    client = api_as(member.user)
    assert (
        client.post(f"/api/v1/settlements/{settlement.pk}/confirm/").status_code == 403
    )
    response = client.post(
        f"/api/v1/settlements/{settlement.pk}/reject/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER
    assert not FundEntry.objects.exists()


def test_proof_then_confirm_then_confirm_again(member, treasurer, api_as):
    settlement = open_settlement(member)
    response = api_as(member.user).post(
        f"/api/v1/settlements/{settlement.pk}/proof/",
        {
            "image": photo(),
            "bank": "BRI",
            "sender_name": "Rahmat",
            "amount": settlement.amount_due,
            "transferred_at": "2026-11-20T10:00:00+07:00",
        },
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "proof_uploaded"
    assert len(response.json()["proofs"]) == 1
    staff = api_as(treasurer)
    confirmed = staff.post(f"/api/v1/settlements/{settlement.pk}/confirm/")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    assert Order.objects.get(pk=confirmed.json()["orders"][0]).status == "paid"
    entries = FundEntry.objects.count()
    again = staff.post(f"/api/v1/settlements/{settlement.pk}/confirm/")
    assert again.status_code == 409
    assert "detail" in again.json()
    assert FundEntry.objects.count() == entries
    # the proof photo: the member and staff may see it, another member not
    proof_url = confirmed.json()["proofs"][0]["image_url"]
    for user, expected in (
        (member.user, 200),
        (treasurer, 200),
        (MemberFactory().user, 404),
    ):
        page = Client()
        page.force_login(user)
        assert page.get(proof_url).status_code == expected


def test_a_bad_proof_photo_is_400(member, api_as):
    settlement = open_settlement(member)
    response = api_as(member.user).post(
        f"/api/v1/settlements/{settlement.pk}/proof/",
        {
            "image": SimpleUploadedFile("x.jpg", b"not an image"),
            "bank": "BRI",
            "sender_name": "R",
            "amount": 10,
            "transferred_at": "2026-11-20T10:00:00+07:00",
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "image" in response.json()
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER


def test_reject_needs_a_reason_and_cancel_is_for_the_owner(member, leader, api_as):
    settlement = open_settlement(member)
    staff = api_as(leader)
    url = f"/api/v1/settlements/{settlement.pk}/"
    assert staff.post(url + "reject/", {"reason": ""}, format="json").status_code == 400
    assert staff.post(url + "cancel/").status_code == 403
    response = staff.post(
        url + "reject/", {"reason": "Uang belum masuk"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert api_as(member.user).post(url + "cancel/").status_code == 409
    mine = open_settlement(member, orders=list(Order.objects.filter(member=member)))
    response = api_as(member.user).post(f"/api/v1/settlements/{mine.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_list_runs_constant_queries(member, leader, api_as):
    client = api_as(leader)
    open_settlement(member)
    client.get("/api/v1/settlements/")  # warm caches (content types, groups)

    def grow():
        for _ in range(5):
            open_settlement(MemberFactory())

    assert_constant_queries(lambda: client.get("/api/v1/settlements/"), grow)
    assert client.get("/api/v1/settlements/").json()["count"] == 6


def test_bank_statement_import_lines_and_manual_match(member, treasurer, api_as):
    settlement = settlement_due(member, 87233, code=233)
    other = open_settlement(MemberFactory())
    client = api_as(treasurer)
    with open(DATA / "generic-2026-11.csv", "rb") as handle:
        response = client.post(
            "/api/v1/bank-statements/",
            {"file": handle, "format": "generic"},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in (
        "format", "lines", "credits", "matched", "ambiguous", "unmatched", "duplicates"
    )} == {  # fmt: skip
        "format": "generic", "lines": 7, "credits": 5, "matched": 1,
        "ambiguous": 0, "unmatched": 4, "duplicates": 0,
    }  # fmt: skip
    settlement.refresh_from_db()
    assert settlement.status == "confirmed"
    lines = client.get(f"/api/v1/bank-statements/{body['id']}/lines/").json()
    assert lines["count"] == 7
    matched = [ln for ln in lines["results"] if ln["match_status"] == "matched"]
    assert [ln["settlement"] for ln in matched] == [settlement.pk]
    line = BankStatementLine.objects.get(amount=310089)
    response = client.post(
        f"/api/v1/bank-statements/lines/{line.pk}/match/",
        {"settlement": other.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["settlement"] == other.pk
    other.refresh_from_db()
    assert other.status == "confirmed"
    again = client.post(
        f"/api/v1/bank-statements/lines/{line.pk}/match/",
        {"settlement": other.pk},
        format="json",
    )
    assert again.status_code == 409
    with open(DATA / "generic-2026-11.csv", "rb") as handle:
        repeat = client.post(
            "/api/v1/bank-statements/", {"file": handle}, format="multipart"
        )
    assert repeat.status_code == 201
    assert (repeat.json()["duplicates"], repeat.json()["matched"]) == (7, 0)


def test_bank_statements_are_staff_only(member, api_as):
    client = api_as(member.user)
    assert client.get("/api/v1/bank-statements/").status_code == 403
    with open(DATA / "generic-2026-11.csv", "rb") as handle:
        response = client.post(
            "/api/v1/bank-statements/", {"file": handle}, format="multipart"
        )
    assert response.status_code == 403
    assert (
        client.post(
            "/api/v1/bank-statements/lines/1/match/", {"settlement": 1}
        ).status_code
        == 403
    )


def test_a_broken_statement_is_400_naming_the_line(treasurer, api_as):
    bad = SimpleUploadedFile(
        "x.csv", b"date,description,amount,type\n2026-11-03,A,abc,CR\n"
    )
    response = api_as(treasurer).post(
        "/api/v1/bank-statements/", {"file": bad}, format="multipart"
    )
    assert response.status_code == 400
    assert "2" in response.json()["file"][0]
