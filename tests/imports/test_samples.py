"""Each sample export imports exactly what a member would have typed; a second
import of the same file changes nothing."""

import pytest

from imports.models import ImportBatch, SkuMapping
from imports.services import import_confirm, import_dry_run, sku_map_set
from orders.models import Order, OrderEvent
from tests.imports.conftest import (
    SHOPEE_INCOME,
    SHOPEE_ORDERS,
    TIKTOK_ORDERS,
    sample,
)

pytestmark = pytest.mark.django_db


def _by_number(shop):
    return {
        order.marketplace_order_no: order
        for order in Order.objects.filter(shop=shop).prefetch_related("lines__variant")
    }


def _lines(order):
    return sorted(
        (line.variant.sku, line.quantity, line.sale_price) for line in order.lines.all()
    )


def test_shopee_dry_run_names_every_problem(member, shopee_shop, catalog):
    plan = import_dry_run(member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS))

    actions = {order.number: (order.action, order.reason) for order in plan.orders}
    assert actions == {
        "261101ABCD1234": ("create", ""),
        "261102EFGH5678": ("create", ""),
        "261103IJKL9012": ("create", ""),
        "261104MNOP3456": ("skip", "cancelled"),
        "261105QRST7890": ("skip", "unpaid"),
        "261106UVWX2468": ("skip", "unknown_sku"),
    }
    unknown = plan.unknown_lines
    assert [(line.sku, line.variation) for line in unknown] == [
        ("GAMIS-MERAH-L", "Merah / L")
    ]
    assert not Order.objects.exists()
    assert not ImportBatch.objects.exists()


def test_shopee_orders_import_exactly_and_twice_changes_nothing(
    member, shopee_shop, catalog
):
    sku_map_set(
        member=member,
        sku="GAMIS-MERAH-L",
        variant=catalog["KG-GSS13-2"],
    )
    plan, batch = import_confirm(
        member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS)
    )
    assert (batch.created, batch.updated, batch.skipped) == (4, 0, 2)
    orders = _by_number(shopee_shop)
    assert set(orders) == {
        "261101ABCD1234",
        "261102EFGH5678",
        "261103IJKL9012",
        "261106UVWX2468",
    }
    jamu = orders["261101ABCD1234"]
    assert jamu.status == Order.Status.SUBMITTED
    assert _lines(jamu) == [("KG-JSS01-1", 2, 35000)]
    assert (jamu.recipient_name, jamu.recipient_phone) == (
        "Siti Aminah",
        "081234567801",
    )
    assert jamu.recipient_address.startswith("Jl. Raya Batuan No. 12")
    assert jamu.courier == "jnt"
    assert jamu.tracking_no == ""
    assert jamu.ship_by.isoformat() == "2026-11-05T16:59:00+00:00"
    # Order-level money repeats on three rows; the lines are never summed into it.
    hijab = orders["261102EFGH5678"]
    assert _lines(hijab) == [
        ("KG-HSE10-1", 1, 35000),
        ("KG-HSE10-2", 2, 35000),
        ("KG-PRH17-1", 1, 20000),
    ]
    assert hijab.tracking_no == "JP1234567890"
    assert hijab.profit == (35000 - 22000) * 3 + (20000 - 12000)
    kabel = orders["261103IJKL9012"]
    assert (kabel.courier, kabel.tracking_no) == ("spx", "SPXID061234567890")
    assert _lines(orders["261106UVWX2468"]) == [
        ("KG-GSS13-2", 1, 145000),
        ("KG-MKJ16-1", 1, 165000),
    ]
    # Stock was reserved for every submitted line.
    catalog["KG-HSE10-2"].refresh_from_db()
    assert catalog["KG-HSE10-2"].stock == 18
    # The import is named on each order's history.
    assert OrderEvent.objects.filter(
        order=jamu, params__source=batch.source, params__imported=True
    ).exists()

    events = OrderEvent.objects.count()
    plan, again = import_confirm(
        member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS)
    )
    assert (again.created, again.updated) == (0, 0)
    assert Order.objects.count() == 4
    assert OrderEvent.objects.count() == events
    assert {o.reason for o in plan.orders} == {"already_logged", "cancelled", "unpaid"}


def test_drafts_reserve_nothing(member, shopee_shop, catalog):
    import_confirm(
        member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS), as_draft=True
    )
    statuses = set(Order.objects.values_list("status", flat=True))
    assert statuses == {Order.Status.DRAFT}
    catalog["KG-JSS01-1"].refresh_from_db()
    assert catalog["KG-JSS01-1"].stock == 20


def test_shopee_income_fills_fees_and_profit(member, shopee_shop, catalog):
    import_confirm(member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS))
    plan, batch = import_confirm(
        member=member, shop=shopee_shop, file=sample(SHOPEE_INCOME)
    )
    orders = _by_number(shopee_shop)
    assert orders["261101ABCD1234"].marketplace_fee == 5600 + 2800 + 1250
    assert orders["261101ABCD1234"].profit == (35000 - 25000) * 2 - 9650
    assert orders["261102EFGH5678"].marketplace_fee == 16250
    assert orders["261103IJKL9012"].marketplace_fee == 7550
    assert batch.updated == 3
    # The charity share follows the new profit with the order's own policy.
    order = orders["261101ABCD1234"]
    from orders.money import LineMoney, PolicySnapshot, order_money

    expected = order_money(
        lines=[LineMoney(2, 25000, 35000)],
        shipping_fee=0,
        marketplace_fee=9650,
        policy=PolicySnapshot(order.charity_rate, order.charity_minimum),
    )
    assert order.charity_share == expected.charity_share
    _plan, again = import_confirm(
        member=member, shop=shopee_shop, file=sample(SHOPEE_INCOME)
    )
    assert again.updated == 0


def test_orders_and_income_together(member, shopee_shop, catalog):
    import_confirm(
        member=member,
        shop=shopee_shop,
        file=sample(SHOPEE_ORDERS),
        income_file=sample(SHOPEE_INCOME),
    )
    orders = _by_number(shopee_shop)
    assert orders["261102EFGH5678"].marketplace_fee == 16250


def test_tiktok_sample(member, tiktok_shop, catalog):
    plan, batch = import_confirm(
        member=member, shop=tiktok_shop, file=sample(TIKTOK_ORDERS)
    )
    assert (batch.created, batch.skipped) == (2, 1)
    orders = _by_number(tiktok_shop)
    koko = orders["579123456789012345"]
    assert _lines(koko) == [("KG-KPL14-2", 1, 99000)]
    assert koko.recipient_phone == "081233344407"
    assert koko.recipient_address == (
        "Dusun Jurgang RT 03, Juruan Daya, Batuputih, Kab. Sumenep, Jawa Timur, 69482"
    )
    batik = orders["579123456789012346"]
    assert _lines(batik) == [("KG-KBM19-3", 2, 140000)]
    assert (batik.courier, batik.tracking_no) == ("jnt", "JX3456789012")
    assert OrderEvent.objects.filter(
        order=batik, params__tokopedia_invoice="INV/20261110/MPL/3456789013"
    ).exists()


def test_shopee_file_refused_for_a_tiktok_shop(member, tiktok_shop, catalog):
    from community.errors import KongsiError

    with pytest.raises(KongsiError) as error:
        import_dry_run(member=member, shop=tiktok_shop, file=sample(SHOPEE_ORDERS))
    assert error.value.field == "shop"


def test_mapping_by_name_when_no_sku(member, shopee_shop, catalog):
    sku_map_set(
        member=member,
        product_name="Gamis Syari Set Khimar",
        variation="Merah / L",
        variant=catalog["KG-GSS13-2"],
    )
    assert SkuMapping.objects.get().marketplace_sku == ""
