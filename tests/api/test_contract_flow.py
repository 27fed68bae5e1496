"""The REST contract of ../shared/API.md, driven end to end through the API only.

One community's life: the leader registers a member and stocks the catalog, the
member opens a shop, logs an order, settles it by transfer with a proof, the
treasurer imports the bank statement that confirms it, the leader ships it, the
member returns a defective item and the credit pays part of the next settlement;
the charity fund and training follow. Every step asserts the contract's paths,
field names, status codes and money.
"""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from rest_framework.test import APIClient

from tests.factories import make_staff

pytestmark = pytest.mark.django_db
User = get_user_model()


def token_client(username: str, password: str) -> APIClient:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
    )
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def photo(name="bukti.png") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def paginated(body: dict) -> list:
    assert set(body) >= {"count", "next", "previous", "results"}, body
    return body["results"]


@pytest.fixture
def people(db):
    leader_user = make_staff("leader")
    leader_user.set_password("ketua-rahasia-1")
    leader_user.save()
    treasurer_user = make_staff("treasurer")
    treasurer_user.set_password("bendahara-rahasia-1")
    treasurer_user.save()
    leader = token_client(leader_user.username, "ketua-rahasia-1")
    treasurer = token_client(treasurer_user.username, "bendahara-rahasia-1")
    mentor_body = leader.post(
        "/api/v1/members/",
        {
            "username": "pendamping1",
            "password": "Sapi-madura-77",
            "full_name": "Ahmad Fauzi",
            "phone": "0812 1111 0001",
            "roles": ["member", "mentor"],
            "mentor": None,
        },
        format="json",
    )
    assert mentor_body.status_code == 201, mentor_body.content
    member_body = leader.post(
        "/api/v1/members/",
        {
            "username": "anggota1",
            "password": "Keripik-pedas-88",
            "full_name": "Rahmat Hidayat",
            "phone": "+62 812 1111 0002",
            "roles": ["member"],
            "mentor": mentor_body.json()["id"],
        },
        format="json",
    )
    assert member_body.status_code == 201, member_body.content
    other_body = leader.post(
        "/api/v1/members/",
        {
            "username": "anggota2",
            "password": "Batik-tulis-99",
            "full_name": "Laila",
            "phone": "0812 1111 0003",
            "roles": ["member"],
            "mentor": None,
        },
        format="json",
    )
    assert other_body.status_code == 201
    return {
        "leader": leader,
        "leader_user": leader_user,
        "treasurer": treasurer,
        "treasurer_user": treasurer_user,
        "mentor": token_client("pendamping1", "Sapi-madura-77"),
        "mentor_id": mentor_body.json()["id"],
        "member": token_client("anggota1", "Keripik-pedas-88"),
        "member_id": member_body.json()["id"],
        "other": token_client("anggota2", "Batik-tulis-99"),
        "anonymous": APIClient(),
    }


def test_members_me_and_shops(people):
    me = people["member"].get("/api/v1/members/me/")
    assert me.status_code == 200
    body = me.json()
    assert set(body) >= {
        "id",
        "username",
        "full_name",
        "phone",
        "roles",
        "status",
        "mentor",
        "credit_balance",
        "charity_contributed",
        "outstanding",
    }
    assert body["status"] == "trainee" and body["mentor"] == people["mentor_id"]
    assert body["phone"] == "6281211110002" and body["roles"] == ["member"]
    shop = people["member"].post(
        "/api/v1/shops/",
        {
            "marketplace": "shopee",
            "name": "Rahmat Jamu",
            "url": "https://shopee.co.id/r",
        },
        format="json",
    )
    assert shop.status_code == 201
    assert set(shop.json()) >= {"id", "marketplace", "name", "url"}
    assert people["other"].get(f"/api/v1/shops/{shop.json()['id']}/").status_code == 404
    assert people["anonymous"].get("/api/v1/shops/").status_code == 401
    assert people["member"].get("/api/v1/members/").status_code == 403


def make_catalog(leader: APIClient) -> dict:
    category = leader.post(
        "/api/v1/categories/", {"name": "Jamu", "parent": None}, format="json"
    )
    assert category.status_code == 201, category.content
    product = leader.post(
        "/api/v1/products/",
        {
            "name": "Jamu Sapi Super",
            "category": category.json()["id"],
            "description": "Jamu untuk sapi agar nafsu makan naik.",
            "weight_grams": 500,
            "variants": [
                {
                    "sku": "JS-500",
                    "label": "500 ml",
                    "base_price": 40000,
                    "suggested_price": 55000,
                    "stock": 10,
                },
                {
                    "sku": "JS-1L",
                    "label": "1 liter",
                    "base_price": 70000,
                    "suggested_price": 95000,
                    "stock": 3,
                },
            ],
        },
        format="json",
    )
    assert product.status_code == 201, product.content
    body = product.json()
    variants = {variant["sku"]: variant for variant in body["variants"]}
    return {"category": category.json(), "product": body, "variants": variants}


def test_catalog_contract(people):
    catalog = make_catalog(people["leader"])
    product = catalog["product"]
    assert (
        people["member"].post("/api/v1/products/", {}, format="json").status_code == 403
    )
    listing = people["member"].get("/api/v1/products/", {"search": "sapi"}).json()
    results = paginated(listing)
    assert [row["id"] for row in results] == [product["id"]]
    variant = results[0]["variants"][0]
    assert set(variant) >= {
        "id",
        "sku",
        "label",
        "base_price",
        "suggested_price",
        "stock",
    }
    assert isinstance(variant["base_price"], int)
    kit = people["member"].get(f"/api/v1/products/{product['id']}/listing-kit/")
    assert kit.status_code == 200
    assert "Jamu Sapi Super" in str(kit.json())
    image = people["leader"].post(
        f"/api/v1/products/{product['id']}/images/",
        {"image": photo()},
        format="multipart",
    )
    assert image.status_code == 201, image.content
    not_image = io.BytesIO(b"this is not a photo")
    not_image.name = "foto.jpg"
    refused = people["leader"].post(
        f"/api/v1/products/{product['id']}/images/",
        {"image": not_image},
        format="multipart",
    )
    assert refused.status_code == 400
    patched = people["leader"].patch(
        f"/api/v1/variants/{catalog['variants']['JS-500']['id']}/",
        {"suggested_price": 60000},
        format="json",
    )
    assert patched.status_code == 200 and patched.json()["suggested_price"] == 60000


def log_order(people, catalog, shop_id, number, lines, **extra) -> dict:
    body = {
        "shop": shop_id,
        "marketplace_order_no": number,
        "recipient_name": "Bu Sulastri",
        "recipient_phone": "081299990000",
        "recipient_address": "Jl. Raya Sumenep 12, Sumenep",
        "courier": "jne",
        "shipping_fee": 0,
        "marketplace_fee": 0,
        "lines": lines,
        "draft": False,
    }
    body.update(extra)
    return people["member"].post("/api/v1/orders/", body, format="json")


def test_order_settlement_statement_return_credit_flow(people, settings):
    settings.UNIQUE_CODE_TO_CHARITY = True
    catalog = make_catalog(people["leader"])
    small = catalog["variants"]["JS-500"]
    shop = (
        people["member"]
        .post(
            "/api/v1/shops/",
            {"marketplace": "tokopedia", "name": "Rahmat Store"},
            format="json",
        )
        .json()
    )

    # An order: 2 × 500 ml sold at 55.000 (base 40.000), shipping 0, fee 5.000.
    order = log_order(
        people,
        catalog,
        shop["id"],
        "TKP-001",
        [{"variant": small["id"], "quantity": 2, "sale_price": 55000}],
        marketplace_fee=5000,
    )
    assert order.status_code == 201, order.content
    order = order.json()
    assert order["status"] == "submitted"
    assert order["goods_total"] == 80000
    assert order["profit"] == 2 * 15000 - 5000
    assert order["charity_share"] == 625  # 25.000 × 2.5 %
    line = order["lines"][0]
    assert set(line) >= {"id", "variant", "quantity", "unit_base_price", "sale_price"}
    assert line["unit_base_price"] == 40000

    duplicate = log_order(
        people,
        catalog,
        shop["id"],
        "TKP-001",
        [{"variant": small["id"], "quantity": 1, "sale_price": 55000}],
    )
    assert duplicate.status_code == 400
    assert "marketplace_order_no" in duplicate.json()
    too_many = log_order(
        people,
        catalog,
        shop["id"],
        "TKP-002",
        [
            {
                "variant": catalog["variants"]["JS-1L"]["id"],
                "quantity": 4,
                "sale_price": 95000,
            }
        ],
    )
    assert too_many.status_code == 400
    assert "1 liter" in str(too_many.json()) or "JS-1L" in str(too_many.json())
    assert people["other"].get(f"/api/v1/orders/{order['id']}/").status_code == 404
    detail = people["member"].get(f"/api/v1/orders/{order['id']}/").json()
    assert "events" in detail and len(detail["events"]) >= 1
    # Packing before payment is a state conflict.
    assert (
        people["leader"].post(f"/api/v1/orders/{order['id']}/pack/").status_code == 409
    )

    # Settle it.
    settlement = people["member"].post(
        "/api/v1/settlements/", {"orders": [order["id"]]}, format="json"
    )
    assert settlement.status_code == 201, settlement.content
    settlement = settlement.json()
    assert set(settlement) >= {
        "id",
        "orders",
        "goods_total",
        "charity_share",
        "credit_applied",
        "unique_code",
        "amount_due",
        "status",
    }
    assert settlement["goods_total"] == 80000 and settlement["charity_share"] == 625
    assert settlement["credit_applied"] == 0
    assert 1 <= settlement["unique_code"] <= 999
    assert settlement["amount_due"] == 80625 + settlement["unique_code"]
    assert settlement["status"] == "awaiting_transfer"
    assert (
        people["other"].get(f"/api/v1/settlements/{settlement['id']}/").status_code
        == 404
    )
    assert (
        people["member"]
        .post(f"/api/v1/settlements/{settlement['id']}/confirm/")
        .status_code
        == 403
    )
    proof = people["member"].post(
        f"/api/v1/settlements/{settlement['id']}/proof/",
        {
            "image": photo(),
            "bank": "BRI",
            "sender_name": "Rahmat Hidayat",
            "amount": settlement["amount_due"],
            "transferred_at": "2026-11-20T10:15:00+07:00",
        },
        format="multipart",
    )
    assert proof.status_code in (200, 201), proof.content
    assert proof.json()["status"] == "proof_uploaded"

    # The treasurer imports a generic statement with that amount.
    csv = (
        "date,description,amount,type\n"
        f"2026-11-20,TRSF E-BANKING CR RAHMAT HIDAYAT,{settlement['amount_due']},CR\n"
        "2026-11-20,BIAYA ADM,6500,DB\n"
    ).encode()
    upload = io.BytesIO(csv)
    upload.name = "mutasi.csv"
    statement = people["treasurer"].post(
        "/api/v1/bank-statements/",
        {"file": upload, "format": "generic"},
        format="multipart",
    )
    assert statement.status_code == 201, statement.content
    summary = statement.json()
    assert set(summary) >= {
        "id",
        "format",
        "lines",
        "credits",
        "matched",
        "ambiguous",
        "unmatched",
        "duplicates",
    }
    assert (summary["lines"], summary["credits"], summary["matched"]) == (2, 1, 1)
    again = io.BytesIO(csv)
    again.name = "mutasi.csv"
    second = people["treasurer"].post(
        "/api/v1/bank-statements/",
        {"file": again, "format": "auto"},
        format="multipart",
    )
    assert second.status_code == 201, second.content
    assert second.json()["matched"] == 0
    lines = people["treasurer"].get(f"/api/v1/bank-statements/{summary['id']}/lines/")
    assert lines.status_code == 200
    assert people["member"].get(
        f"/api/v1/bank-statements/{summary['id']}/lines/"
    ).status_code in (403, 404)

    confirmed = people["member"].get(f"/api/v1/settlements/{settlement['id']}/").json()
    assert confirmed["status"] == "confirmed"
    assert (
        people["leader"]
        .post(f"/api/v1/settlements/{settlement['id']}/confirm/")
        .status_code
        == 409
    )
    assert (
        people["member"].get(f"/api/v1/orders/{order['id']}/").json()["status"]
        == "paid"
    )

    # Charity got the share and the code.
    summary = people["anonymous"].get("/api/v1/charity/summary/")
    assert summary.status_code == 200
    charity = summary.json()
    assert set(charity) >= {
        "balance",
        "collected_total",
        "disbursed_total",
        "by_month",
        "by_program",
        "beneficiaries_count",
    }
    assert charity["balance"] >= 625 + settlement["unique_code"]
    mine = people["member"].get("/api/v1/charity/my-contributions/")
    assert mine.status_code == 200
    assert "625" in str(mine.json())

    # Fulfilment.
    leader = people["leader"]
    assert (
        leader.post(f"/api/v1/orders/{order['id']}/pack/").json()["status"] == "packed"
    )
    assert (
        leader.post(
            f"/api/v1/orders/{order['id']}/ship/", {}, format="json"
        ).status_code
        == 400
    )
    shipped = leader.post(
        f"/api/v1/orders/{order['id']}/ship/",
        {"tracking_no": "JNE123456789"},
        format="json",
    )
    assert shipped.status_code == 200 and shipped.json()["status"] == "shipped"

    # A defective item comes back: credit 40.000 on approval.
    over = people["member"].post(
        "/api/v1/returns/",
        {
            "order_line": line["id"],
            "quantity": 3,
            "reason": "defective",
            "note": "pecah",
        },
        format="json",
    )
    assert over.status_code == 400
    assert people["other"].post(
        "/api/v1/returns/",
        {"order_line": line["id"], "quantity": 1, "reason": "defective", "note": ""},
        format="json",
    ).status_code in (400, 404)
    ret = people["member"].post(
        "/api/v1/returns/",
        {
            "order_line": line["id"],
            "quantity": 1,
            "reason": "defective",
            "note": "Botol pecah",
        },
        format="json",
    )
    assert ret.status_code == 201, ret.content
    assert ret.json()["status"] == "requested"
    assert (
        people["member"]
        .post(
            f"/api/v1/returns/{ret.json()['id']}/approve/",
            {"restock": False},
            format="json",
        )
        .status_code
        == 403
    )
    approved = leader.post(
        f"/api/v1/returns/{ret.json()['id']}/approve/", {"restock": True}, format="json"
    )
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "credited"
    credit = people["member"].get("/api/v1/credit/").json()
    assert credit["balance"] == 40000
    assert set(credit["entries"][0]) >= {
        "id",
        "amount",
        "kind",
        "reference",
        "created_at",
        "memo",
    }

    # The credit pays part of the next settlement.
    next_order = log_order(
        people,
        catalog,
        shop["id"],
        "TKP-003",
        [{"variant": small["id"], "quantity": 1, "sale_price": 55000}],
    ).json()
    next_settlement = (
        people["member"]
        .post("/api/v1/settlements/", {"orders": [next_order["id"]]}, format="json")
        .json()
    )
    owed = next_order["goods_total"] + next_order["charity_share"]
    assert next_settlement["credit_applied"] == 40000
    assert (
        next_settlement["amount_due"] == owed - 40000 + next_settlement["unique_code"]
    )
    assert people["member"].get("/api/v1/credit/").json()["balance"] == 0
    cancelled = people["member"].post(
        f"/api/v1/settlements/{next_settlement['id']}/cancel/"
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert people["member"].get("/api/v1/credit/").json()["balance"] == 40000
    me = people["member"].get("/api/v1/members/me/").json()
    assert me["credit_balance"] == 40000
    assert me["charity_contributed"] == 625


def test_charity_and_training_contract(people):
    leader, treasurer = people["leader"], people["treasurer"]
    policy = people["member"].get("/api/v1/charity/policy/")
    assert policy.status_code == 200
    assert Decimal(str(policy.json()["rate_percent"])) == Decimal("2.5")
    assert (
        people["member"]
        .put(
            "/api/v1/charity/policy/",
            {
                "rate_percent": "3.0",
                "minimum_per_order": 500,
                "effective_from": "2026-12-01",
            },
            format="json",
        )
        .status_code
        == 403
    )
    assert people["member"].get("/api/v1/charity/programs/").status_code == 403
    program = treasurer.post(
        "/api/v1/charity/programs/",
        {
            "name": "Santunan anak yatim",
            "kind": "orphan_aid",
            "description": "",
            "scheduled_for": "2027-04-01",
            "budget": 500000,
        },
        format="json",
    )
    assert program.status_code == 201, program.content
    beneficiary = treasurer.post(
        "/api/v1/charity/beneficiaries/",
        {
            "name": "Keluarga Bapak Rahasia",
            "category": "orphan",
            "address": "Dusun Barat",
            "household_size": 4,
            "notes": "",
        },
        format="json",
    )
    assert beneficiary.status_code == 201, beneficiary.content
    disbursement = treasurer.post(
        "/api/v1/charity/disbursements/",
        {
            "program": program.json()["id"],
            "beneficiary": beneficiary.json()["id"],
            "cash_amount": 100000,
            "in_kind_description": "",
            "in_kind_value": 0,
        },
        format="json",
    )
    assert disbursement.status_code == 201, disbursement.content
    assert disbursement.json()["status"] == "proposed"
    did = disbursement.json()["id"]
    assert (
        treasurer.post(f"/api/v1/charity/disbursements/{did}/approve/").status_code
        == 403
    )
    assert (
        leader.post(f"/api/v1/charity/disbursements/{did}/approve/").json()["status"]
        == "approved"
    )
    assert leader.post(f"/api/v1/charity/disbursements/{did}/pay/").status_code == 409
    public = people["anonymous"].get("/api/v1/charity/summary/").content.decode()
    assert "Keluarga Bapak Rahasia" not in public

    stages = people["member"].get("/api/v1/training/stages/")
    assert stages.status_code == 200
    stage_list = (
        stages.json()["results"] if isinstance(stages.json(), dict) else stages.json()
    )
    assert len(stage_list) == 4
    first_items = stage_list[0]["items"]
    assert set(first_items[0]) >= {"id", "title", "auto"}
    enrollments = paginated(
        people["mentor"].get("/api/v1/training/enrollments/").json()
    )
    assert len(enrollments) == 1
    enrollment = enrollments[0]
    assert set(enrollment) >= {
        "id",
        "trainee",
        "mentor",
        "current_stage",
        "progress_percent",
        "items",
    }
    assert enrollment["trainee"] == people["member_id"]
    manual = next(item for item in first_items if not item["auto"])
    assert people["member"].post(
        f"/api/v1/training/enrollments/{enrollment['id']}/checks/",
        {"item": manual["id"], "note": "sendiri"},
        format="json",
    ).status_code in (403, 404)
    assert people["other"].get("/api/v1/training/enrollments/").json()["count"] == 0
    ticked = people["mentor"].post(
        f"/api/v1/training/enrollments/{enrollment['id']}/checks/",
        {"item": manual["id"], "note": "HP sudah siap"},
        format="json",
    )
    assert ticked.status_code == 201, ticked.content
    later = stage_list[3]["items"]
    later_manual = next(item for item in later if not item["auto"])
    assert (
        people["mentor"]
        .post(
            f"/api/v1/training/enrollments/{enrollment['id']}/checks/",
            {"item": later_manual["id"], "note": ""},
            format="json",
        )
        .status_code
        == 409
    )
    auto_item = next(
        item for stage in stage_list for item in stage["items"] if item["auto"]
    )
    assert (
        people["mentor"]
        .post(
            f"/api/v1/training/enrollments/{enrollment['id']}/checks/",
            {"item": auto_item["id"], "note": ""},
            format="json",
        )
        .status_code
        == 400
    )
    untick = people["mentor"].delete(
        f"/api/v1/training/enrollments/{enrollment['id']}/checks/{manual['id']}/",
        {"reason": "salah centang"},
        format="json",
    )
    assert untick.status_code in (200, 204)

    summary = leader.get("/api/v1/insights/summary/", {"month": "2026-11"})
    assert summary.status_code == 200
    assert people["anonymous"].get("/api/v1/insights/summary/").status_code == 401


def test_schema_and_docs(people):
    schema = people["anonymous"].get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in (
        "/api/v1/orders/",
        "/api/v1/settlements/{id}/proof/",
        "/api/v1/bank-statements/",
        "/api/v1/returns/{id}/approve/",
        "/api/v1/credit/",
        "/api/v1/charity/summary/",
        "/api/v1/training/enrollments/{id}/checks/",
        "/api/v1/insights/summary/",
        "/api/v1/products/{id}/listing-kit/",
        "/api/v1/members/me/",
    ):
        assert path in text, path
