"""Very long strings and HTML/JS in free-text fields.

A 10 000-character value is refused with a 400 and a message, writing
nothing; HTML is stored as text and every page that shows it (member pages,
Django admin change lists, the public /amal/ page) renders it escaped.
"""

import pytest
from django.utils import timezone

from catalog.models import Product
from charity.models import Beneficiary, Program
from community.models import Member, Shop
from orders.models import Order
from returns.models import ReturnRequest
from settlements.models import Settlement
from tests.bad_inputs.corpus import HOSTILE_TEXTS, LONG_TEXT
from tests.charity.factories import fund_with
from tests.returns.factories import paid_line, stocked_variant
from tests.settlements.factories import open_settlement

pytestmark = pytest.mark.django_db

RAW = ("<script>alert(1)", "<img src=x onerror")


def assert_escaped(page: str, *, shown: bool = True) -> None:
    for raw in RAW:
        assert raw not in page, f"unescaped {raw!r} in the page"
    if shown:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or (
            "&lt;img src=x onerror=alert(1)&gt;" in page
        ), "the hostile text should be shown, escaped"


def assert_refused(response) -> None:
    assert response.status_code == 400, (response.status_code, response.content[:200])
    body = response.json()
    assert body and any(str(value).strip() for value in body.values()), body


@pytest.fixture
def admin_client(leader):
    from django.test import Client

    admin = Client()
    admin.force_login(leader)
    return admin


def _order_payload(member, **changes):
    variant = stocked_variant(stock=20)
    shop = member.shops.first() or Shop.objects.create(
        member=member, marketplace="shopee", name="Toko"
    )
    payload = {
        "shop": shop.pk,
        "marketplace_order_no": "SHP-1",
        "recipient_name": "Budi",
        "recipient_phone": "081234567890",
        "recipient_address": "Jl. Mawar 1, Sumenep",
        "courier": "jne",
        "shipping_fee": 0,
        "marketplace_fee": 0,
        "lines": [{"variant": variant.pk, "quantity": 1, "sale_price": 30_000}],
        "draft": False,
    }
    payload.update(changes)
    return payload, variant


# --- 10 000 characters: 400, nothing written -------------------------------


@pytest.mark.parametrize(
    "field",
    ["marketplace_order_no", "recipient_name", "recipient_address", "courier"],
)
def test_long_order_text_refused(field, member, api_as):
    payload, variant = _order_payload(member, **{field: LONG_TEXT})
    assert_refused(api_as(member.user).post("/api/v1/orders/", payload, format="json"))
    assert not Order.objects.exists()
    variant.refresh_from_db()
    assert variant.stock == 20, "no stock reserved"


@pytest.mark.parametrize("field", ["name", "url"])
def test_long_shop_text_refused(field, member, api_as):
    payload = {"marketplace": "shopee", "name": "Toko", "url": "https://t.co/x"}
    payload[field] = LONG_TEXT if field == "name" else "https://t.co/" + LONG_TEXT
    before = Shop.objects.count()
    assert_refused(api_as(member.user).post("/api/v1/shops/", payload, format="json"))
    assert Shop.objects.count() == before


def test_long_return_note_refused(member, api_as):
    line = paid_line(member)
    response = api_as(member.user).post(
        "/api/v1/returns/",
        {
            "order_line": line.pk,
            "quantity": 1,
            "reason": "defective",
            "note": LONG_TEXT,
        },
        format="json",
    )
    assert_refused(response)
    assert not ReturnRequest.objects.exists()


def test_long_settlement_reject_reason_refused(member, treasurer, api_as):
    settlement = open_settlement(member)
    response = api_as(treasurer).post(
        f"/api/v1/settlements/{settlement.pk}/reject/",
        {"reason": LONG_TEXT},
        format="json",
    )
    assert_refused(response)
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER


@pytest.mark.parametrize("field", ["name", "description"])
def test_long_program_text_refused(field, leader, api_as):
    payload = {"name": "Sembako", "kind": "family_aid", "budget": 0, field: LONG_TEXT}
    response = api_as(leader).post("/api/v1/charity/programs/", payload, format="json")
    assert_refused(response)
    assert not Program.objects.filter(name__startswith="panjang").exists()
    assert not Program.objects.filter(description__startswith="panjang").exists()


@pytest.mark.parametrize("field", ["name", "address", "notes"])
def test_long_beneficiary_text_refused(field, leader, api_as):
    payload = {"name": "Ibu", "category": "poor_family", "household_size": 3}
    payload[field] = LONG_TEXT
    response = api_as(leader).post(
        "/api/v1/charity/beneficiaries/", payload, format="json"
    )
    assert_refused(response)
    assert not Beneficiary.objects.exists()


@pytest.mark.parametrize("field", ["name", "description"])
def test_long_product_text_refused(field, leader, api_as):
    category = stocked_variant().product.category
    payload = {
        "name": "Kopi",
        "category": category.pk,
        "description": "enak",
        "weight_grams": 250,
        "variants": [
            {"sku": "KOPI-1", "label": "250 g", "base_price": 1, "suggested_price": 2}
        ],
    }
    payload[field] = LONG_TEXT
    before = Product.objects.count()
    response = api_as(leader).post("/api/v1/products/", payload, format="json")
    assert_refused(response)
    assert Product.objects.count() == before


def test_long_member_name_refused(leader, api_as):
    before = Member.objects.count()
    response = api_as(leader).post(
        "/api/v1/members/",
        {
            "username": "panjang",
            "password": "rahasia-Panjang-123",
            "full_name": LONG_TEXT,
            "phone": "081234567891",
            "roles": ["member"],
            "mentor": None,
        },
        format="json",
    )
    assert_refused(response)
    assert Member.objects.count() == before


# --- HTML/JS: stored as text, rendered escaped -----------------------------


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_order_text_escaped_on_pages_and_admin(
    text, member, api_as, client, admin_client
):
    payload, _variant = _order_payload(
        member, recipient_name=text, recipient_address=text
    )
    response = api_as(member.user).post("/api/v1/orders/", payload, format="json")
    assert response.status_code == 201, response.content[:300]
    order = Order.objects.get()
    assert order.recipient_name == text, "stored as typed"
    client.force_login(member.user)
    for url in ("/pesanan/", f"/pesanan/{order.pk}/"):
        page = client.get(url)
        assert page.status_code == 200
        assert_escaped(page.content.decode(), shown=url != "/pesanan/")
    changelist = admin_client.get("/admin/orders/order/?q=")
    assert changelist.status_code == 200
    assert_escaped(changelist.content.decode(), shown=False)
    change = admin_client.get(f"/admin/orders/order/{order.pk}/change/")
    assert_escaped(change.content.decode())


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_shop_and_member_names_escaped(text, member, client, admin_client):
    Shop.objects.create(member=member, marketplace="shopee", name=text)
    Member.objects.filter(pk=member.pk).update(full_name=text)
    client.force_login(member.user)
    assert_escaped(client.get("/profil/").content.decode())
    for url in ("/admin/community/shop/", "/admin/community/member/"):
        page = admin_client.get(url)
        assert page.status_code == 200, url
        assert_escaped(page.content.decode())


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_return_note_escaped(text, member, leader, client, admin_client, api_as):
    line = paid_line(member)
    response = api_as(member.user).post(
        "/api/v1/returns/",
        {"order_line": line.pk, "quantity": 1, "reason": "defective", "note": text},
        format="json",
    )
    assert response.status_code == 201, response.content[:300]
    request = ReturnRequest.objects.get()
    client.force_login(member.user)
    assert_escaped(client.get(f"/retur/{request.pk}/").content.decode())
    page = admin_client.get(f"/admin/returns/returnrequest/{request.pk}/change/")
    assert_escaped(page.content.decode())


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_program_name_escaped_on_public_amal_page(text, leader, treasurer, client):
    from charity.services import (
        beneficiary_create,
        disbursement_approve,
        disbursement_pay,
        disbursement_propose,
        program_create,
    )

    fund_with(1_000_000)
    program = program_create(
        actor=leader, name=text, kind=Program.Kind.FAMILY_AID, budget=500_000
    )
    beneficiary = beneficiary_create(
        actor=leader, name=text, category="poor_family", household_size=2
    )
    disbursement = disbursement_propose(
        actor=treasurer, program=program, beneficiary=beneficiary, cash_amount=50_000
    )
    disbursement_approve(disbursement=disbursement, actor=leader)
    disbursement_pay(disbursement=disbursement, actor=treasurer)
    public = client.get("/amal/")
    assert public.status_code == 200
    assert_escaped(public.content.decode())
    assert timezone.now()
