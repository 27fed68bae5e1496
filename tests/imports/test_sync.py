"""Status sync, fees on settled orders, the API, stock-out broadcast, races and
the query count per order."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.services import stock_adjust, variant_update
from community.models import Notification
from imports.models import FeeDifference, SkuMapping, StockOutNotice, StockOutShopCheck
from imports.services import import_confirm, sku_map_set
from imports.stockout import notice_tick
from orders import services as order_services
from orders.models import Order, OrderEvent
from returns.models import ReturnRequest
from settlements.services import settlement_confirm, settlement_create
from tests.conftest import api_for
from tests.factories import make_staff
from tests.helpers import count_queries, mark_paid, run_in_threads
from tests.imports.conftest import SHOPEE_INCOME, SHOPEE_ORDERS, sample
from tests.imports.files import xlsx

HEADER = [
    "No. Pesanan",
    "Status Pesanan",
    "Alasan Pembatalan",
    "Nomor Referensi SKU",
    "Nama Produk",
    "Harga Setelah Diskon",
    "Jumlah",
    "Opsi Pengiriman",
    "No. Resi",
    "Pesanan Harus Dikirimkan Sebelum (Menghindari keterlambatan)",
    "Nama Penerima",
    "No. Telepon",
    "Alamat Pengiriman",
]


def export(*orders):
    """orders: (number, status, reason, resi, ship_by) of one KG-JSS01-1 line."""
    rows = [HEADER]
    for number, status, reason, resi, ship_by in orders:
        rows.append(
            [number, status, reason, "KG-JSS01-1", "Jamu", 35000, 1]
            + ["Reguler-J&T Express", resi, ship_by, "Siti", "081234567801", "Jl."]
        )
    return xlsx(rows)


@pytest.mark.django_db
def test_later_export_updates_resi_ship_by_and_cancels(member, shopee_shop, catalog):
    import_confirm(
        member=member,
        shop=shopee_shop,
        file=export(
            ("A1", "Perlu Dikirim", "", "", "2026-11-05 23:59"),
            ("A2", "Perlu Dikirim", "", "", "2026-11-05 23:59"),
        ),
    )
    assert catalog["KG-JSS01-1"].__class__.objects.get(sku="KG-JSS01-1").stock == 18
    plan, batch = import_confirm(
        member=member,
        shop=shopee_shop,
        file=export(
            ("A1", "Sedang Dikirim", "", "JP999", "2026-11-06 12:00"),
            ("A2", "Batal", "Pembeli berubah pikiran", "", "2026-11-05 23:59"),
        ),
    )
    assert (batch.created, batch.updated) == (0, 2)
    a1 = Order.objects.get(marketplace_order_no="A1")
    assert a1.tracking_no == "JP999" and a1.ship_by.hour == 5  # 12:00 WIB
    a2 = Order.objects.get(marketplace_order_no="A2")
    assert a2.status == Order.Status.CANCELLED
    event = OrderEvent.objects.get(order=a2, to_status="cancelled")
    assert batch.source in event.params["reason"]
    assert event.params["stock_released"] is True
    assert catalog["KG-JSS01-1"].__class__.objects.get(sku="KG-JSS01-1").stock == 19
    assert Order.objects.count() == 2  # never duplicated


@pytest.mark.django_db
def test_failed_delivery_after_shipping_opens_a_return(
    member, shopee_shop, catalog, leader
):
    import_confirm(
        member=member,
        shop=shopee_shop,
        file=export(("B1", "Perlu Dikirim", "", "", "")),
    )
    order = Order.objects.get()
    mark_paid(order)
    order_services.order_pack(order=order, actor=leader)
    order_services.order_ship(order=order, actor=leader, tracking_no="JP1")
    failed = export(("B1", "Batal", "Gagal kirim: alamat salah", "JP1", ""))
    _plan, batch = import_confirm(member=member, shop=shopee_shop, file=failed)
    request = ReturnRequest.objects.get()
    assert request.quantity == 1 and batch.source in request.note
    assert OrderEvent.objects.filter(
        order=order, params__failed_delivery=True, params__source=batch.source
    ).exists()
    import_confirm(
        member=member,
        shop=shopee_shop,
        file=export(("B1", "Batal", "Gagal kirim: alamat salah", "JP1", "")),
    )
    assert ReturnRequest.objects.count() == 1


@pytest.mark.django_db
def test_fee_on_a_confirmed_settlement_is_shown_not_changed(
    member, shopee_shop, catalog
):
    import_confirm(member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS))
    jamu = Order.objects.get(marketplace_order_no="261101ABCD1234")
    settlement = settlement_create(member=member, orders=[jamu], actor=member.user)
    settlement_confirm(settlement=settlement, actor=make_staff("leader"))
    profit = Order.objects.get(pk=jamu.pk).profit
    plan, _batch = import_confirm(
        member=member, shop=shopee_shop, file=sample(SHOPEE_INCOME)
    )
    jamu.refresh_from_db()
    assert (jamu.marketplace_fee, jamu.profit) == (0, profit)
    difference = FeeDifference.objects.get(order=jamu)
    assert (difference.difference, difference.settlement_id) == (9650, settlement.pk)
    import_confirm(member=member, shop=shopee_shop, file=sample(SHOPEE_INCOME))
    assert FeeDifference.objects.count() == 1


@pytest.mark.django_db
def test_api_dry_run_commit_and_sku_map(member, shopee_shop, catalog, other_member):
    client = api_for(member.user)
    body = {"file": sample(SHOPEE_ORDERS), "shop": shopee_shop.pk}
    dry = client.post("/api/v1/orders/imports/", body, format="multipart")
    assert dry.status_code == 200
    assert (dry.data["create"], dry.data["skip"]) == (3, 3)
    gamis = next(
        o for o in dry.data["orders"] if o["marketplace_order_no"] == "261106UVWX2468"
    )
    assert gamis["lines"][1]["variant"] is None
    assert gamis["problems"][0]["code"] == "unknown_sku"
    assert not Order.objects.exists()

    mapped = client.post(
        "/api/v1/orders/imports/sku-map/",
        {"sku": "gamis-merah-l", "variant": catalog["KG-GSS13-2"].pk},
        format="json",
    )
    assert mapped.status_code == 201 and mapped.data["sku"] == "GAMIS-MERAH-L"
    body = {"file": sample(SHOPEE_ORDERS), "shop": shopee_shop.pk, "commit": True}
    done = client.post("/api/v1/orders/imports/", body, format="multipart")
    assert done.status_code == 201 and done.data["create"] == 4
    assert all(o["id"] for o in done.data["orders"] if o["action"] == "create")
    again = client.post(
        "/api/v1/orders/imports/",
        body | {"file": sample(SHOPEE_ORDERS)},
        format="multipart",
    )
    assert (again.data["create"], again.data["update"]) == (0, 0)
    assert Order.objects.count() == 4

    junk = SimpleUploadedFile("x.xlsx", b"not a spreadsheet at all")
    bad = client.post(
        "/api/v1/orders/imports/",
        {"file": junk, "shop": shopee_shop.pk, "commit": True},
        format="multipart",
    )
    assert bad.status_code == 400 and "file" in bad.data
    foreign = api_for(other_member.user).post(
        "/api/v1/orders/imports/",
        {"file": sample(SHOPEE_ORDERS), "shop": shopee_shop.pk},
        format="multipart",
    )
    assert foreign.status_code == 400 and "shop" in foreign.data


@pytest.mark.django_db(transaction=True)
def test_stock_out_broadcast_and_checklist(member, shopee_shop, catalog):
    sku_map_set(member=member, sku="GAMIS-MERAH-L", variant=catalog["KG-GSS13-2"])
    import_confirm(member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS))
    jamu = catalog["KG-JSS01-1"]
    jamu.refresh_from_db()
    stock_adjust(variant=jamu, delta=-jamu.stock, actor=None, reason="habis")
    notice = StockOutNotice.objects.get(variant=jamu)
    assert notice.member == member and "KG-JSS01-1" in notice.whatsapp_text
    assert Notification.objects.filter(member=member, kind="stock_out").count() == 1
    variant_update(variant=catalog["KG-GSS13-2"], actor=None, is_active=False)
    assert StockOutNotice.objects.filter(
        variant=catalog["KG-GSS13-2"], reason="deactivated"
    ).exists()
    # An item nobody imported or mapped tells nobody.
    variant_update(variant=catalog["KG-TBM26-1"], actor=None, is_active=False)
    assert StockOutNotice.objects.count() == 2
    assert notice_tick(notice=notice, shop_ids=[str(shopee_shop.pk)]) == 1
    assert notice_tick(notice=notice, shop_ids=[str(shopee_shop.pk)]) == 0
    assert StockOutShopCheck.objects.get().shop == shopee_shop
    assert SkuMapping.objects.count() == 1


@pytest.mark.django_db
def test_queries_per_batch_do_not_grow_with_the_orders(member, shopee_shop, catalog):
    def file_of(count, prefix):
        return export(
            *[(f"{prefix}{i}", "Perlu Dikirim", "", "", "") for i in range(count)]
        )

    counts = [
        count_queries(
            lambda count=count: import_confirm(
                member=member, shop=shopee_shop, file=file_of(count, f"N{count}-")
            )
        )
        for count in (2, 6, 12)
    ]
    assert counts[0] == counts[1] == counts[2], counts
    assert Order.objects.count() == 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_racing_create_each_order_once(member, shopee_shop, catalog):
    data = sample(SHOPEE_ORDERS).read()

    def run(_index):
        upload = SimpleUploadedFile("Order.all.xlsx", data)
        _plan, batch = import_confirm(member=member, shop=shopee_shop, file=upload)
        return batch.created

    results = run_in_threads(run, 2)
    assert sorted(results) == [0, 3], results
    assert Order.objects.count() == 3
    jamu = catalog["KG-JSS01-1"].__class__.objects.get(sku="KG-JSS01-1")
    assert jamu.stock == 18


@pytest.mark.django_db
def test_bench_export_imports_with_constant_queries(member, catalog):
    """The bench entry at a small size: a batch of 20, 60 or 100 orders costs
    the same queries; the 5 000-row timing goal lives in bench/."""
    from bench import marketplace_import
    from tests.factories import ShopFactory

    skus = list(catalog)
    runs = [
        marketplace_import.run(
            rows=rows,
            member=member,
            shop=ShopFactory(member=member, marketplace="shopee"),
            skus=skus,
        )
        for rows in (40, 120, 200)
    ]
    assert [run["orders"] for run in runs] == [20, 60, 100]
    assert len({run["queries"] for run in runs}) == 1, runs


@pytest.mark.django_db
def test_lazada_export_imports_counted_units(member, catalog):
    from tests.factories import ShopFactory

    shop = ShopFactory(member=member, marketplace="lazada", name="Aminah Lazada")
    header = ["orderItemId", "orderNumber", "status", "sellerSku", "itemName"]
    header += ["paidPrice", "rtsSla", "trackingCode", "shippingProvider"]
    header += ["shippingName", "shippingPhone", "shippingAddress", "shippingCity"]
    unit = ["LZ9", "pending", "KG-TBM26-1", "Tongsis", 60000, "07 Nov 2026 23:59"]
    unit += ["", "LEX ID", "Agus", "6281911122209", "Jl. Cipto", "Sumenep"]
    rows = [header, ["1", *unit], ["2", *unit]]
    _plan, batch = import_confirm(
        member=member, shop=shop, file=xlsx(rows, sheet="sheet1")
    )
    order = Order.objects.get(shop=shop)
    line = order.lines.get()
    assert (batch.created, line.quantity, line.sale_price) == (1, 2, 60000)
    assert order.ship_by.isoformat() == "2026-11-07T16:59:00+00:00"
    assert order.courier == "other"
