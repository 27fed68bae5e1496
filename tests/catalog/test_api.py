"""The catalog API as in API.md: paths, fields, access rules, query counts."""

import pytest

from catalog.models import Category, Product, StockMovement, Variant
from tests.catalog.factories import CategoryFactory, ProductFactory, VariantFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_categories_read_by_anyone_signed_in_written_by_leader(
    api, api_as, member, leader
):
    CategoryFactory(name="Hijab")
    assert api.get("/api/v1/categories/").status_code == 401
    body = api_as(member.user).get("/api/v1/categories/").json()
    assert body["count"] == 1 and body["results"][0]["name"] == "Hijab"
    assert (
        api_as(member.user).post("/api/v1/categories/", {"name": "X"}).status_code
        == 403
    )
    parent = Category.objects.get()
    response = api_as(leader).post(
        "/api/v1/categories/", {"name": "Pashmina", "parent": parent.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["parent"] == parent.pk
    assert Category.objects.get(name="Pashmina").slug == "pashmina"


def test_leader_creates_a_product_with_variants_and_initial_stock(api_as, leader):
    category = CategoryFactory()
    payload = {
        "name": "Jamu Sapi Super",
        "category": category.pk,
        "description": "Jamu asli Madura",
        "weight_grams": 600,
        "variants": [
            {
                "sku": "js-500",
                "label": "500 ml",
                "base_price": 25000,
                "suggested_price": 35000,
                "stock": 12,
            },
            {
                "sku": "JS-1000",
                "label": "1 liter",
                "base_price": 42000,
                "suggested_price": 60000,
                "stock": 0,
            },
        ],
    }
    response = api_as(leader).post("/api/v1/products/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Jamu Sapi Super" and body["slug"] == "jamu-sapi-super"
    assert [v["sku"] for v in body["variants"]] == ["JS-500", "JS-1000"]
    first = body["variants"][0]
    assert (first["base_price"], first["suggested_price"], first["stock"]) == (
        25000,
        35000,
        12,
    )
    assert first["margin"] == 10000
    move = StockMovement.objects.get()
    assert (move.kind, move.quantity, move.actor) == ("restock", 12, leader)


def test_product_create_refuses_bad_input_and_writes_nothing(api_as, leader):
    category = CategoryFactory()
    VariantFactory(sku="TAKEN")
    cases = [
        {"name": "A", "category": category.pk, "variants": []},
        {
            "name": "A",
            "category": category.pk,
            "variants": [{"sku": "TAKEN", "base_price": 1, "suggested_price": 2}],
        },
        {
            "name": "A",
            "category": category.pk,
            "variants": [{"sku": "N1", "base_price": 5000, "suggested_price": 4000}],
        },
        {
            "name": "A",
            "category": category.pk,
            "variants": [{"sku": "N1", "base_price": -1, "suggested_price": 4000}],
        },
    ]
    for payload in cases:
        response = api_as(leader).post("/api/v1/products/", payload, format="json")
        assert response.status_code == 400, payload
        assert "variants" in response.json()
    assert Product.objects.count() == 1
    assert not StockMovement.objects.exists()


def test_member_may_not_write(api_as, member):
    variant = VariantFactory()
    client = api_as(member.user)
    assert client.post("/api/v1/products/", {}, format="json").status_code == 403
    assert (
        client.patch(
            f"/api/v1/products/{variant.product_id}/", {"name": "x"}, format="json"
        ).status_code
        == 403
    )
    response = client.patch(
        f"/api/v1/variants/{variant.pk}/", {"stock": 0}, format="json"
    )
    assert response.status_code == 403
    variant.refresh_from_db()
    assert variant.stock == 10


def test_patch_variant_stock_writes_a_movement_with_a_reason(api_as, leader):
    variant = VariantFactory(stock=10, base_price=20000, suggested_price=30000)
    client = api_as(leader)
    response = client.patch(
        f"/api/v1/variants/{variant.pk}/",
        {"stock": 25, "stock_reason": "Kiriman baru datang", "suggested_price": 32000},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (
        response.json()["stock"] == 25 and response.json()["suggested_price"] == 32000
    )
    response = client.patch(
        f"/api/v1/variants/{variant.pk}/", {"stock": 20}, format="json"
    )
    assert response.json()["stock"] == 20
    moves = list(
        StockMovement.objects.order_by("pk").values_list("quantity", "reason", "kind")
    )
    assert moves == [
        (15, "Kiriman baru datang", "correction"),
        (-5, "Koreksi stok lewat API", "correction"),
    ]
    bad = client.patch(f"/api/v1/variants/{variant.pk}/", {"stock": -1}, format="json")
    assert bad.status_code == 400 and "stock" in bad.json()
    below = client.patch(
        f"/api/v1/variants/{variant.pk}/", {"suggested_price": 100}, format="json"
    )
    assert below.status_code == 400
    assert Variant.objects.get(pk=variant.pk).suggested_price == 32000


def test_patch_product_changes_fields_and_variant_prices(api_as, leader):
    variant = VariantFactory(stock=3)
    response = api_as(leader).patch(
        f"/api/v1/products/{variant.product_id}/",
        {
            "name": "Nama Baru",
            "variants": [
                {
                    "id": variant.pk,
                    "base_price": 21000,
                    "suggested_price": 33000,
                    "stock": 9,
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Nama Baru"
    variant.refresh_from_db()
    assert (variant.base_price, variant.suggested_price, variant.stock) == (
        21000,
        33000,
        9,
    )
    assert StockMovement.objects.get().quantity == 6


def test_members_see_only_active_products_and_search(api_as, member, leader):
    hijab = CategoryFactory(name="Hijab", slug="hijab")
    VariantFactory(product=ProductFactory(name="Pashmina Ceruty", category=hijab))
    VariantFactory(sku="KRP-01", product=ProductFactory(name="Keripik Tette"))
    hidden = VariantFactory(product=ProductFactory(name="Lama", is_active=False))
    client = api_as(member.user)
    names = [p["name"] for p in client.get("/api/v1/products/").json()["results"]]
    assert names == ["Keripik Tette", "Pashmina Ceruty"]
    assert [
        p["name"]
        for p in client.get("/api/v1/products/?search=krp-0").json()["results"]
    ] == ["Keripik Tette"]
    assert [
        p["name"]
        for p in client.get("/api/v1/products/?search=hijab").json()["results"]
    ] == ["Pashmina Ceruty"]
    assert [
        p["name"]
        for p in client.get(f"/api/v1/products/?category={hijab.pk}").json()["results"]
    ] == ["Pashmina Ceruty"]
    assert client.get(f"/api/v1/products/{hidden.product_id}/").status_code == 404
    assert (
        api_as(leader).get(f"/api/v1/products/{hidden.product_id}/").status_code == 200
    )


def test_listing_kit(api_as, member):
    product = ProductFactory(name="Hijab Segi Empat Voal", description="Adem.")
    VariantFactory(
        product=product, label="Hitam", suggested_price=35000, base_price=22000
    )
    VariantFactory(
        product=product, label="Navy", suggested_price=37000, base_price=22000
    )
    response = api_as(member.user).get(f"/api/v1/products/{product.pk}/listing-kit/")
    assert response.status_code == 200
    kit = response.json()
    assert kit["title"].startswith("Hijab Segi Empat Voal")
    assert "Adem." in kit["description"] and "Hitam, Navy" in kit["description"]
    assert kit["suggested_price"] == 35000 and kit["suggested_price_max"] == 37000
    assert kit["image_urls"] == []
    assert kit["zip_url"].endswith(f"/katalog/{product.slug}/foto.zip")


def test_product_list_api_runs_constant_queries(api_as, member):
    client = api_as(member.user)
    VariantFactory()
    client.get("/api/v1/products/")  # warm the per-user role cache

    def grow():
        for _ in range(49):
            product = ProductFactory()
            VariantFactory(product=product)
            VariantFactory(product=product)

    count = assert_constant_queries(
        lambda: client.get("/api/v1/products/?page_size=100"), grow
    )
    assert count <= 10
    assert client.get("/api/v1/products/?page_size=100").json()["count"] == 50
