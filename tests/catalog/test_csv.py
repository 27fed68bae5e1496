"""CSV import/export keyed by SKU, with a dry run; a bad row writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.csv_io import catalog_export_csv, catalog_import, catalog_import_plan
from catalog.models import Category, Product, StockMovement, Variant
from community.errors import KongsiError
from tests.catalog.factories import CategoryFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "sku,product,product_slug,category,label,base_price,suggested_price,stock,"
    "weight_grams,active,description\n"
)


def snapshot():
    return (
        list(Product.objects.order_by("pk").values()),
        list(Variant.objects.order_by("pk").values()),
        list(Category.objects.order_by("pk").values()),
        StockMovement.objects.count(),
    )


def test_good_file_upserts_by_sku(leader):
    hijab = CategoryFactory(name="Hijab")
    existing = VariantFactory(
        sku="HJB-1",
        stock=4,
        base_price=22000,
        suggested_price=35000,
        product=ProductFactory(name="Hijab Voal", slug="hijab-voal", category=hijab),
    )
    text = HEADER + (
        "HJB-1,Hijab Voal,hijab-voal,Hijab,Hitam,23000,36000,10,120,ya,\n"
        "hjb-2,Hijab Voal,hijab-voal,Hijab,Navy,23000,36000,5,120,ya,\n"
        'KRP-1,Keripik Tette,,Makanan Ringan,250 gr,"12.000",20000,40,270,ya,Gurih\n'
    )
    plan = catalog_import_plan(text)
    assert plan.ok, plan.errors
    assert plan.counts() == {"create": 2, "update": 1, "same": 0}
    assert plan.new_categories == ["Makanan Ringan"]
    changed = {c[0]: (c[1], c[2]) for c in plan.rows[0].changes}
    assert changed["stock"] == (4, 10) and changed["base_price"] == (22000, 23000)
    assert Variant.objects.count() == 1  # the dry run wrote nothing

    catalog_import(text=text, actor=leader)
    existing.refresh_from_db()
    assert (existing.label, existing.base_price, existing.stock) == ("Hitam", 23000, 10)
    navy = Variant.objects.get(sku="HJB-2")
    assert navy.product_id == existing.product_id and navy.stock == 5
    tette = Variant.objects.get(sku="KRP-1")
    assert tette.product.category.name == "Makanan Ringan"
    assert tette.base_price == 12000 and tette.product.description == "Gurih"
    reasons = set(StockMovement.objects.values_list("reason", flat=True))
    assert "Impor CSV" in reasons
    assert existing.movements.get().quantity == 6


def test_one_bad_row_writes_nothing_and_names_the_row(leader):
    VariantFactory(sku="HJB-1", stock=4)
    before = snapshot()
    text = HEADER + (
        "HJB-1,Hijab Voal,,Hijab,Hitam,23000,36000,10,120,ya,\n"
        "NEW-1,Baru,,Hijab,,10000,15000,3,100,ya,\n"
        "NEW-2,Baru Dua,,Hijab,,sepuluh ribu,15000,3,100,ya,\n"
    )
    plan = catalog_import_plan(text)
    assert [line for line, _ in plan.errors] == [4]
    assert "sepuluh ribu" in plan.errors[0][1]
    with pytest.raises(KongsiError) as caught:
        catalog_import(text=text, actor=leader)
    assert "4" in str(caught.value.message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (",Tanpa SKU,,Hijab,,1000,2000,1,0,ya,", "SKU"),
        ("X-1,Murah,,Hijab,,5000,4000,1,0,ya,", "base_price"),
        ("X-1,Minus,,Hijab,,5000,6000,-3,0,ya,", "-3"),
        ("X-1,Aktif,,Hijab,,5000,6000,3,0,mungkin,", "mungkin"),
    ],
)
def test_bad_rows_get_plain_messages(row, words):
    plan = catalog_import_plan(HEADER + row + "\n")
    assert plan.errors and plan.errors[0][0] == 2
    assert words in plan.errors[0][1]


def test_duplicate_sku_and_missing_columns():
    plan = catalog_import_plan(
        HEADER + "A-1,P,,K,,1,2,1,0,ya,\n" + "a-1,P,,K,,1,2,1,0,ya,\n"
    )
    assert plan.errors[0][0] == 3 and "2" in plan.errors[0][1]
    plan = catalog_import_plan("sku,product\nA-1,P\n")
    assert plan.errors[0][0] == 1 and "base_price" in plan.errors[0][1]


def test_export_then_import_changes_nothing(leader):
    VariantFactory(sku="A-1", label="Merah / XL", stock=3)
    VariantFactory(sku="B-1", is_active=False, stock=0)
    product = ProductFactory(description='Kain "halus", adem;\nbaris dua')
    VariantFactory(product=product, sku="C-1")
    VariantFactory(product=product, sku="C-2")
    before = snapshot()
    text = catalog_export_csv()
    plan = catalog_import_plan(text.lstrip("\ufeff"))
    assert plan.ok, plan.errors
    assert plan.counts() == {"create": 0, "update": 0, "same": 4}
    catalog_import(text=text, actor=leader)
    assert snapshot() == before


def test_semicolon_file_from_a_spreadsheet_is_read():
    VariantFactory(sku="A-1", stock=3, base_price=1000, suggested_price=2000)
    text = HEADER.replace(",", ";") + "A-1;Produk;;Kat;;1000;2000;7;0;ya;\n"
    plan = catalog_import_plan(text)
    assert plan.ok, plan.errors
    assert ("stock", 3, 7) in plan.rows[0].changes


def test_import_page_dry_run_then_confirm(client, leader, member):
    VariantFactory(sku="A-1", stock=3, base_price=1000, suggested_price=2000)
    text = catalog_export_csv().replace(",3,", ",8,")
    client.force_login(member.user)
    assert client.get("/katalog/kelola/impor/").status_code == 403
    client.force_login(leader)
    upload = SimpleUploadedFile("katalog.csv", text.encode("utf-8"), "text/csv")
    page = client.post("/katalog/kelola/impor/", {"file": upload}).content.decode()
    assert "A-1" in page and 'name="confirm"' in page
    assert Variant.objects.get(sku="A-1").stock == 3
    response = client.post("/katalog/kelola/impor/", {"confirm": "1"})
    assert response.status_code == 302
    assert Variant.objects.get(sku="A-1").stock == 8


def test_import_page_shows_row_errors(client, leader):
    client.force_login(leader)
    text = HEADER + "A-1,P,,K,,abc,2,1,0,ya,\n"
    upload = SimpleUploadedFile("katalog.csv", text.encode("utf-8"), "text/csv")
    page = client.post("/katalog/kelola/impor/", {"file": upload}).content.decode()
    assert "abc" in page and 'name="confirm"' not in page
    assert not Variant.objects.exists()
    binary = SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x00garbage", "text/csv")
    page = client.post("/katalog/kelola/impor/", {"file": binary}).content.decode()
    assert "CSV" in page
