"""The phone pages: upload → dry run → map a SKU → confirm → done; the order
pages show ship-by; the Beranda stock-out card and its checklist; and a
failure in the middle of a confirmation leaves nothing behind."""

import pytest
from django.test import Client
from django.urls import reverse

from imports import services
from imports.models import ImportBatch, ShopListing, StockOutNotice, StockOutShopCheck
from imports.stockout import stockout_broadcast
from orders.models import Order
from tests.factories import PASSWORD, ShopFactory
from tests.helpers import mark_paid
from tests.imports.conftest import SHOPEE_INCOME, SHOPEE_ORDERS, sample

pytestmark = pytest.mark.django_db


def client_for(member) -> Client:
    client = Client()
    assert client.login(username=member.user.username, password=PASSWORD)
    return client


def test_upload_map_confirm_on_the_pages(member, shopee_shop, catalog):
    client = client_for(member)
    page = client.get(reverse("imports:import_start"))
    assert page.status_code == 200 and shopee_shop.name in page.content.decode()
    response = client.post(
        reverse("imports:import_start"),
        {"shop": shopee_shop.pk, "file": sample(SHOPEE_ORDERS), "as_draft": "0"},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == "pending"
    review = client.get(reverse("imports:import_review", args=[batch.pk]))
    html = review.content.decode()
    assert 'id="count-create">3<' in html and "GAMIS-MERAH-L" in html
    assert not Order.objects.exists()

    client.post(
        reverse("imports:import_sku", args=[batch.pk]),
        {
            "count": "1",
            "sku-0": "GAMIS-MERAH-L",
            "name-0": "Gamis",
            "variation-0": "Merah / L",
            "variant-0": catalog["KG-GSS13-2"].pk,
        },
    )
    review = client.get(reverse("imports:import_review", args=[batch.pk]))
    assert 'id="count-create">4<' in review.content.decode()
    client.post(reverse("imports:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.created) == ("done", 4)
    assert batch.orders.count() == 4
    done = client.get(reverse("imports:import_review", args=[batch.pk])).content
    assert b"261106UVWX2468" in done and b'id="go-settle"' in done
    # Confirming twice imports nothing more.
    again = client.post(reverse("imports:import_confirm", args=[batch.pk]))
    assert again.status_code == 302 and Order.objects.count() == 4

    order = Order.objects.get(marketplace_order_no="261101ABCD1234")
    detail = client.get(reverse("orders:order_detail", args=[order.pk]))
    assert b'id="ship-by"' in detail.content
    listing = client.get(reverse("orders:order_list")).content
    assert b"ship-by" in listing and b'id="import-link"' in listing


def test_bad_file_shows_a_message_and_keeps_nothing(member, shopee_shop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(member).post(
        reverse("imports:import_start"),
        {
            "shop": shopee_shop.pk,
            "file": SimpleUploadedFile("x.xlsx", b"hello"),
            "as_draft": "0",
        },
    )
    assert response.status_code == 200
    assert "Kongsi" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_sku_form_with_nonsense_is_harmless(member, shopee_shop, catalog):
    batch = ImportBatch.objects.create(member=member, shop=shopee_shop)
    client = client_for(member)
    for count in ("x", "-1", "99999999999999999999"):
        response = client.post(
            reverse("imports:import_sku", args=[batch.pk]),
            {"count": count, "variant-0": "abc", "sku-0": "S"},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("imports:import_sku", args=[batch.pk]),
        {"count": "1", "variant-0": "abc", "sku-0": "S"},
    )
    assert response.status_code == 302
    from imports.models import SkuMapping

    assert not SkuMapping.objects.exists()


def test_another_members_batch_is_not_found(member, other_member, shopee_shop):
    batch = ImportBatch.objects.create(member=member, shop=shopee_shop)
    response = client_for(other_member).get(
        reverse("imports:import_review", args=[batch.pk])
    )
    assert response.status_code == 404


def test_nothing_half_written_when_confirmation_fails(
    member, shopee_shop, catalog, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # Fails after every order was written: all of it must roll back.
    monkeypatch.setattr(services, "_remember_listings", fail)
    with pytest.raises(RuntimeError):
        services.import_confirm(
            member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS)
        )
    assert not Order.objects.exists()
    assert not ImportBatch.objects.exists()
    catalog["KG-JSS01-1"].refresh_from_db()
    assert catalog["KG-JSS01-1"].stock == 20


def tiktok_export(status: str, resi: str = ""):
    from tests.imports.files import csv_file

    header = ["Order ID", "Order Status", "Seller SKU", "Product Name", "Quantity"]
    header += ["SKU Subtotal After Discount", "Tracking ID", "Shipping Provider Name"]
    header += ["Recipient", "Phone #", "Detail Address"]
    row = ["T1", status, "KG-KPL14-2", "Koko", 1, "IDR 99.000", resi, "J&T Express"]
    row += ["Hasan", "(+62)81233344407", "Dusun Jurgang"]
    return csv_file([header, ["Platform unique order ID."] + [""] * 10, row])


def test_complete_in_the_marketplace_completes_a_shipped_order(
    member, tiktok_shop, catalog, leader
):
    from orders import services as order_services
    from orders.models import OrderEvent

    services.import_confirm(
        member=member, shop=tiktok_shop, file=tiktok_export("To ship")
    )
    order = Order.objects.get(marketplace_order_no="T1")
    mark_paid(order)
    order_services.order_pack(order=order, actor=leader)
    order_services.order_ship(order=order, actor=leader, tracking_no="JX1")
    _plan, batch = services.import_confirm(
        member=member, shop=tiktok_shop, file=tiktok_export("Delivered", "JX1")
    )
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED and batch.updated == 1
    assert OrderEvent.objects.filter(order=order, params__source=batch.source).exists()


def test_income_file_alone_through_the_page(member, shopee_shop, catalog):
    services.import_confirm(member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS))
    client = client_for(member)
    client.post(
        reverse("imports:import_start"),
        {"shop": shopee_shop.pk, "income_file": sample(SHOPEE_INCOME), "as_draft": "0"},
    )
    batch = ImportBatch.objects.filter(status="pending").get()
    html = client.get(reverse("imports:import_review", args=[batch.pk])).content
    assert b"261101ABCD1234" in html
    client.post(reverse("imports:import_confirm", args=[batch.pk]))
    assert (
        Order.objects.get(marketplace_order_no="261101ABCD1234").marketplace_fee == 9650
    )


def test_beranda_stock_out_card_and_ticks(member, shopee_shop, catalog):
    services.import_confirm(member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS))
    second = ShopFactory(member=member, marketplace="tiktok", name="Toko Kedua")
    jamu = catalog["KG-JSS01-1"]
    assert ShopListing.objects.filter(shop=shopee_shop, variant=jamu).exists()
    assert stockout_broadcast(variant_ids=[jamu.pk], reason="out_of_stock") == 1
    assert stockout_broadcast(variant_ids=[jamu.pk], reason="out_of_stock") == 0
    client = client_for(member)
    home = client.get("/").content.decode()
    notice = StockOutNotice.objects.get()
    assert 'id="stockout-panel"' in home and notice.whatsapp_text[:20] in home
    # Only the shop whose export showed the item is on the checklist.
    assert shopee_shop.name in home and second.name not in home
    client.post(
        reverse("imports:stockout_tick", args=[notice.pk]), {"shop": [shopee_shop.pk]}
    )
    assert StockOutShopCheck.objects.filter(notice=notice, shop=shopee_shop).exists()
    assert 'id="stockout-panel"' not in client.get("/").content.decode()
    # Another member's shop cannot be ticked.
    other = ShopFactory()
    client.post(
        reverse("imports:stockout_tick", args=[notice.pk]), {"shop": [other.pk]}
    )
    assert StockOutShopCheck.objects.count() == 1


def test_admin_lists_and_fee_difference_action(member, shopee_shop, catalog, leader):
    from imports.models import FeeDifference

    services.import_confirm(member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS))
    order = Order.objects.first()
    difference = FeeDifference.objects.create(
        order=order, recorded_fee=0, marketplace_fee=9650
    )
    client = Client()
    client.force_login(leader)
    for model in ("importbatch", "skumapping", "feedifference", "stockoutnotice"):
        response = client.get(f"/admin/imports/{model}/")
        assert response.status_code == 200, model
    client.post(
        "/admin/imports/feedifference/",
        {"action": "mark_resolved", "_selected_action": [difference.pk]},
    )
    difference.refresh_from_db()
    assert difference.resolved_at is not None and difference.resolved_by == leader
