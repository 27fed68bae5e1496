"""Member pages (browse, product, zip) and the leader's tools."""

import io
import zipfile

import pytest

from catalog.audit import run_checks
from catalog.models import StockMovement, Variant
from catalog.photos import image_add
from catalog.services import stock_adjust
from tests.catalog.conftest import photo_bytes
from tests.catalog.factories import CategoryFactory, ProductFactory, VariantFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def test_list_shows_prices_margin_and_stock_in_words(member_client):
    product = ProductFactory(name="Gamis Syari")
    VariantFactory(product=product, base_price=95000, suggested_price=145000, stock=3)
    VariantFactory(product=ProductFactory(name="Petis Ikan"), stock=0)
    VariantFactory(product=ProductFactory(name="Kabel Data"), stock=80)
    page = member_client.get("/katalog/").content.decode()
    assert "Gamis Syari" in page
    assert "Rp 95.000" in page and "Rp 145.000" in page
    assert "Rp 50.000" in page and "(34%)" in page
    assert "sisa 3" in page and "habis" in page and "tersedia" in page


def test_search_by_name_sku_and_category(member_client):
    batik = CategoryFactory(name="Batik Madura", slug="batik-madura")
    VariantFactory(product=ProductFactory(name="Kemeja Batik", category=batik))
    VariantFactory(sku="KBL-TC", product=ProductFactory(name="Kabel Type C"))
    VariantFactory(product=ProductFactory(name="Keripik Tette"))
    found = member_client.get("/katalog/?q=kbl-tc").content.decode()
    assert "Kabel Type C" in found and "Keripik" not in found
    found = member_client.get("/katalog/?q=batik madura").content.decode()
    assert "Kemeja Batik" in found and "Kabel" not in found
    found = member_client.get("/katalog/?kategori=batik-madura").content.decode()
    assert "Kemeja Batik" in found and "Keripik" not in found
    nothing = member_client.get("/katalog/?q=zzz").content.decode()
    assert "zzz" in nothing and "Kemeja" not in nothing


def test_list_page_runs_constant_queries(member_client):
    VariantFactory()
    member_client.get("/katalog/")

    def grow():
        for _ in range(49):
            product = ProductFactory()
            VariantFactory(product=product)
            VariantFactory(product=product)

    count = assert_constant_queries(lambda: member_client.get("/katalog/"), grow)
    assert count <= 12


def test_inactive_product_is_404_for_members(member_client):
    product = ProductFactory(is_active=False)
    VariantFactory(product=product)
    assert member_client.get(f"/katalog/{product.slug}/").status_code == 404
    assert member_client.get(f"/katalog/{product.slug}/foto.zip").status_code == 404
    assert product.name not in member_client.get("/katalog/").content.decode()


def test_product_page_has_listing_kit_and_zip(
    member_client, django_capture_on_commit_callbacks
):
    product = ProductFactory(name="Hijab Voal", description="Adem dipakai.")
    VariantFactory(product=product, label="Hitam", suggested_price=35000)
    with django_capture_on_commit_callbacks(execute=True):
        image_add(product=product, upload=io.BytesIO(photo_bytes()), actor=None)
        image_add(
            product=product, upload=io.BytesIO(photo_bytes(fmt="PNG")), actor=None
        )
    page = member_client.get(f"/katalog/{product.slug}/").content.decode()
    assert 'id="kit-title-text"' in page and "Adem dipakai." in page
    assert 'data-copy-target="#kit-description-text"' in page
    assert "Salin" in page and "Rp 35.000" in page
    assert page.count("catalog/thumbs/") == 2
    response = member_client.get(f"/katalog/{product.slug}/foto.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        f"{product.slug}-1.jpg",
        f"{product.slug}-2.jpg",
    ]


def test_leader_tools_are_refused_to_members(member_client):
    for url in [
        "/katalog/kelola/",
        "/katalog/kelola/ubah-harga-stok/",
        "/katalog/kelola/stok-menipis/",
        "/katalog/kelola/ekspor.csv",
        "/katalog/kelola/impor/",
    ]:
        assert member_client.get(url).status_code == 403, url


def test_bulk_edit_writes_prices_and_stock_movements(client, leader):
    a = VariantFactory(stock=2, base_price=1000, suggested_price=2000)
    b = VariantFactory(stock=9, base_price=5000, suggested_price=8000)
    client.force_login(leader)
    form = {
        f"base_price-{a.pk}": "1000",
        f"suggested_price-{a.pk}": "2.500",
        f"stock-{a.pk}": "12",
        f"base_price-{b.pk}": "5000",
        f"suggested_price-{b.pk}": "8000",
        f"stock-{b.pk}": "9",
        "reason": "",
    }
    page = client.post("/katalog/kelola/ubah-harga-stok/", form)
    assert page.status_code == 200  # a stock change needs a reason
    assert Variant.objects.get(pk=a.pk).stock == 2
    form["reason"] = "Kiriman dari Surabaya"
    response = client.post("/katalog/kelola/ubah-harga-stok/", form)
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.suggested_price, a.stock) == (2500, 12)
    move = StockMovement.objects.get()
    assert (move.variant_id, move.quantity, move.reason, move.actor) == (
        a.pk,
        10,
        "Kiriman dari Surabaya",
        leader,
    )
    form[f"stock-{b.pk}"] = "-4"
    client.post("/katalog/kelola/ubah-harga-stok/", form)
    assert Variant.objects.get(pk=b.pk).stock == 9


def test_low_stock_list(client, leader):
    VariantFactory(product=ProductFactory(name="Hampir Habis"), stock=2)
    VariantFactory(product=ProductFactory(name="Banyak"), stock=50)
    client.force_login(leader)
    page = client.get("/katalog/kelola/stok-menipis/").content.decode()
    assert "Hampir Habis" in page and "Banyak" not in page


def test_audit_finds_stock_that_does_not_match_its_movements(leader):
    variant = VariantFactory(stock=0)
    stock_adjust(variant=variant, delta=5, actor=leader, reason="awal", kind="restock")
    assert all(not problems for _, problems in run_checks())
    Variant.objects.filter(pk=variant.pk).update(stock=7)  # a write around the service
    problems = dict(run_checks())["catalog: stock equals the sum of its movements"]
    assert problems and variant.sku in problems[0]


def test_demo_seed_is_idempotent(django_capture_on_commit_callbacks):
    from demo import seed_catalog

    with django_capture_on_commit_callbacks(execute=True):
        first = seed_catalog.seed({})
    counts = (
        len(first["products"]),
        Variant.objects.count(),
        StockMovement.objects.count(),
    )
    assert counts[0] >= 30
    with django_capture_on_commit_callbacks(execute=True):
        seed_catalog.seed({})
    assert counts == (
        len(first["products"]),
        Variant.objects.count(),
        StockMovement.objects.count(),
    )
    assert all(not problems for _, problems in run_checks())
