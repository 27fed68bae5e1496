"""The orders API exactly as API.md: shapes, bad input, visibility, roles."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import StockMovement
from orders.models import Order, OrderEvent, OrderLine
from tests.factories import ShopFactory
from tests.helpers import assert_constant_queries, mark_paid
from tests.orders.factories import VariantFactory, make_order

pytestmark = pytest.mark.django_db


def body(shop, *lines, **overrides):
    data = {
        "shop": shop.pk,
        "marketplace_order_no": "260101ABCDEF",
        "recipient_name": "Budi Santoso",
        "recipient_phone": "081234567890",
        "recipient_address": "Jl. Merdeka 10, Sumenep",
        "courier": "jne",
        "shipping_fee": 0,
        "marketplace_fee": 1500,
        "lines": [
            {"variant": v.pk, "quantity": q, "sale_price": p} for v, q, p in lines
        ],
        "draft": False,
    }
    data.update(overrides)
    return data


def nothing_written(variant, stock):
    variant.refresh_from_db()
    assert variant.stock == stock
    assert Order.objects.count() == 0
    assert OrderLine.objects.count() == 0
    assert OrderEvent.objects.count() == 0
    assert not StockMovement.objects.exists()


def test_create_reserves_stock_and_returns_the_money(api_as, member, shop):
    variant = VariantFactory(stock=10, base_price=20000)
    response = api_as(member.user).post(
        "/api/v1/orders/", body(shop, (variant, 2, 30000)), format="json"
    )
    assert response.status_code == 201, response.data
    data = response.data
    assert data["status"] == "submitted"
    line = data["lines"][0]
    assert {
        k: line[k] for k in ("variant", "quantity", "unit_base_price", "sale_price")
    } == {
        "variant": variant.pk,
        "quantity": 2,
        "unit_base_price": 20000,
        "sale_price": 30000,
    }
    assert isinstance(line["id"], int)
    # goods 40.000; profit 20.000 − 1.500 = 18.500; charity 462,5 → 463
    assert (data["goods_total"], data["profit"], data["charity_share"]) == (
        40000,
        18500,
        463,
    )
    assert [e["to_status"] for e in data["events"]] == ["draft", "submitted"]
    variant.refresh_from_db()
    assert variant.stock == 8


def test_draft_true_creates_a_draft_without_stock(api_as, member, shop):
    variant = VariantFactory(stock=10)
    response = api_as(member.user).post(
        "/api/v1/orders/",
        body(shop, (variant, 2, 30000), draft=True, recipient_name=""),
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["status"] == "draft"
    variant.refresh_from_db()
    assert variant.stock == 10
    order_id = response.data["id"]
    client = api_as(member.user)
    refused = client.post(f"/api/v1/orders/{order_id}/submit/")
    assert refused.status_code == 400
    assert refused.data == {"recipient_name": ["Tulis nama penerima."]}
    Order.objects.filter(pk=order_id).update(recipient_name="Budi")
    submitted = client.post(f"/api/v1/orders/{order_id}/submit/")
    assert submitted.status_code == 200
    assert submitted.data["status"] == "submitted"
    variant.refresh_from_db()
    assert variant.stock == 8


def test_multipart_with_a_pdf_label(api_as, member, shop):
    variant = VariantFactory(stock=10)
    data = body(shop, (variant, 1, 30000))
    data["lines"] = json.dumps(
        [{"variant": variant.pk, "quantity": 1, "sale_price": 30000}]
    )
    data["label"] = SimpleUploadedFile(
        "label.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "application/pdf"
    )
    response = api_as(member.user).post("/api/v1/orders/", data, format="multipart")
    assert response.status_code == 201, response.data
    order = Order.objects.get(pk=response.data["id"])
    assert order.label.name.endswith(".pdf")
    assert response.data["label"].endswith(f"/pesanan/{order.pk}/label/")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"lines": [{"quantity": 0}]}, "lines", "paling sedikit 1"),
        ({"lines": [{"sale_price": -1}]}, "lines", "tidak boleh di bawah nol"),
        ({"shipping_fee": -5}, "shipping_fee", "tidak boleh di bawah nol"),
        ({"marketplace_fee": -5}, "marketplace_fee", "tidak boleh di bawah nol"),
        ({"lines": [{"variant": 999999}]}, "lines", "tidak ada di katalog"),
        ({"inactive": True}, "lines", "tidak dijual"),
        ({"lines": [{"quantity": 11}]}, "lines", "tinggal 10"),
        ({"other_shop": True}, "shop", "toko Anda sendiri"),
        ({"marketplace_order_no": "  "}, "marketplace_order_no", "Tulis nomor pesanan"),
        ({"lines": []}, "lines", "Tambahkan paling sedikit satu barang"),
    ],
)
def test_bad_input_is_400_in_indonesian_and_writes_nothing(
    api_as, member, shop, other_member, change, field, message
):
    variant = VariantFactory(stock=10, product__name="Jamu Sapi", label="500 ml")
    data = body(shop, (variant, 1, 30000))
    line = dict(data["lines"][0])
    if "lines" in change:
        data["lines"] = [{**line, **item} for item in change["lines"]]
    elif change.get("inactive"):
        variant.is_active = False
        variant.save()
    elif change.get("other_shop"):
        data["shop"] = ShopFactory(member=other_member).pk
    else:
        data.update(change)
    response = api_as(member.user).post("/api/v1/orders/", data, format="json")
    assert response.status_code == 400, response.data
    assert list(response.data) == [field]
    assert message in response.data[field][0]
    nothing_written(variant, 10)


def test_not_enough_stock_names_the_variant_and_what_is_left(api_as, member, shop):
    variant = VariantFactory(stock=3, product__name="Jamu Sapi", label="500 ml")
    response = api_as(member.user).post(
        "/api/v1/orders/", body(shop, (variant, 5, 30000)), format="json"
    )
    assert response.status_code == 400
    assert response.data == {
        "lines": ["Stok Jamu Sapi — 500 ml tidak cukup: tinggal 3."]
    }
    nothing_written(variant, 3)


def test_duplicate_order_number_in_the_same_shop(api_as, member, shop):
    variant = VariantFactory(stock=10)
    client = api_as(member.user)
    first = client.post(
        "/api/v1/orders/", body(shop, (variant, 1, 30000)), format="json"
    )
    assert first.status_code == 201
    second = client.post(
        "/api/v1/orders/",
        body(shop, (variant, 1, 30000), marketplace_order_no="260101abcdef"),
        format="json",
    )
    assert second.status_code == 400
    assert "sudah dicatat" in second.data["marketplace_order_no"][0]
    assert Order.objects.count() == 1
    variant.refresh_from_db()
    assert variant.stock == 9
    # The same number in another shop is another order.
    other_shop = ShopFactory(member=member)
    third = client.post(
        "/api/v1/orders/", body(other_shop, (variant, 1, 30000)), format="json"
    )
    assert third.status_code == 201


def _png(size=(10, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_label_that_is_not_a_pdf_or_photo_is_refused(api_as, member, shop):
    variant = VariantFactory(stock=10)
    data = body(shop, (variant, 1, 30000))
    data["lines"] = json.dumps([{"variant": variant.pk, "quantity": 1}])
    data["label"] = SimpleUploadedFile(
        "label.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
    )
    response = api_as(member.user).post("/api/v1/orders/", data, format="multipart")
    assert response.status_code == 400
    assert "PDF atau foto" in response.data["label"][0]
    nothing_written(variant, 10)


def test_a_too_large_label_is_413(api_as, member, shop, settings):
    settings.KONGSI_MAX_DOCUMENT_BYTES = 1000
    variant = VariantFactory(stock=10)
    data = body(shop, (variant, 1, 30000))
    data["lines"] = json.dumps([{"variant": variant.pk, "quantity": 1}])
    data["label"] = SimpleUploadedFile(
        "label.pdf", b"%PDF-1.4\n" + b"0" * 2000, "application/pdf"
    )
    response = api_as(member.user).post("/api/v1/orders/", data, format="multipart")
    assert response.status_code == 413
    assert "terlalu besar" in response.data["label"][0]
    nothing_written(variant, 10)


ACTIONS = ["submit", "cancel", "pack", "ship", "complete"]


@pytest.mark.parametrize("action", ACTIONS)
def test_another_member_gets_404_for_every_action(
    api_as, member, other_member, leader, action
):
    variant = VariantFactory(stock=10)
    order = make_order(member=member, lines=[(variant, 1, 30000)])
    response = api_as(other_member.user).post(
        f"/api/v1/orders/{order.pk}/{action}/", {"tracking_no": "X1"}, format="json"
    )
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == "submitted"
    assert order.events.count() == 2


def test_another_member_gets_404_on_read_and_does_not_see_it_listed(
    api_as, member, other_member
):
    order = make_order(member=member)
    client = api_as(other_member.user)
    assert client.get(f"/api/v1/orders/{order.pk}/").status_code == 404
    assert client.get("/api/v1/orders/").data["count"] == 0
    own = api_as(member.user).get(f"/api/v1/orders/{order.pk}/")
    assert own.status_code == 200
    assert [e["to_status"] for e in own.data["events"]] == ["draft", "submitted"]


def test_roles_403_and_states_409(api_as, member, leader, treasurer):
    order = make_order(member=member)
    owner = api_as(member.user)
    assert owner.post(f"/api/v1/orders/{order.pk}/pack/").status_code == 403
    staff = api_as(treasurer)
    assert staff.get(f"/api/v1/orders/{order.pk}/").status_code == 200
    assert staff.post(f"/api/v1/orders/{order.pk}/pack/").status_code == 403
    conflict = api_as(leader).post(f"/api/v1/orders/{order.pk}/pack/")
    assert conflict.status_code == 409
    assert "detail" in conflict.data
    order.refresh_from_db()
    assert order.status == "submitted"


def test_the_leader_packs_ships_and_completes(api_as, member, leader):
    order = make_order(member=member)
    mark_paid(order, actor=leader, settlement_id=3)
    client = api_as(leader)
    assert client.post(f"/api/v1/orders/{order.pk}/pack/").data["status"] == "packed"
    missing = client.post(f"/api/v1/orders/{order.pk}/ship/", {}, format="json")
    assert missing.status_code == 400
    shipped = client.post(
        f"/api/v1/orders/{order.pk}/ship/", {"tracking_no": "jp001"}, format="json"
    )
    assert shipped.status_code == 200
    assert shipped.data["tracking_no"] == "JP001"
    assert (
        shipped.data["tracking_url"]
        == "https://www.jne.co.id/tracking-package?resi=JP001"
    )
    done = api_as(member.user).post(f"/api/v1/orders/{order.pk}/complete/")
    assert done.status_code == 200
    assert done.data["status"] == "completed"


def test_the_owner_cancels_and_the_stock_comes_back(api_as, member):
    variant = VariantFactory(stock=5)
    order = make_order(member=member, lines=[(variant, 2, 30000)])
    response = api_as(member.user).post(
        f"/api/v1/orders/{order.pk}/cancel/", {"reason": "pembeli batal"}, format="json"
    )
    assert response.status_code == 200
    assert response.data["status"] == "cancelled"
    variant.refresh_from_db()
    assert variant.stock == 5
    again = api_as(member.user).post(f"/api/v1/orders/{order.pk}/cancel/")
    assert again.status_code == 409


def test_list_filters_by_status_and_runs_constant_queries(api_as, member, leader):
    shop = ShopFactory(member=member)
    variant = VariantFactory(stock=1000)
    make_order(member=member, shop=shop, lines=[(variant, 1, 30000)])
    client = api_as(member.user)

    def grow():
        for _index in range(49):
            make_order(member=member, shop=shop, lines=[(variant, 1, 30000)])

    client.get("/api/v1/orders/")  # warm up: the roles are cached on the user

    queries = assert_constant_queries(
        lambda: client.get("/api/v1/orders/?page_size=100"), grow
    )
    assert queries <= 10
    assert client.get("/api/v1/orders/?page_size=100").data["count"] == 50
    assert client.get("/api/v1/orders/?status=draft").data["count"] == 0
    assert client.get("/api/v1/orders/?status=nope").status_code == 400
    assert api_as(leader).get("/api/v1/orders/").data["count"] == 50
