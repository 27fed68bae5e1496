"""``orders.bulk.orders_create_many`` and ``catalog.services.stock_reserve_batch``:
the batch path writes what ``order_create`` would, order by order."""

import pytest

from catalog.models import StockMovement
from catalog.services import stock_reserve_batch
from community.errors import KongsiError
from imports.services import import_confirm
from orders import services as order_services
from orders.audit import check_order_money, check_order_stock
from orders.bulk import NewOrder, orders_create_many
from orders.models import Order, OrderEvent
from tests.imports.conftest import SHOPEE_ORDERS, sample
from tests.training.factories import auto_item, make_trainee
from training.models import ItemCheck

pytestmark = pytest.mark.django_db


def new(number, variant, quantity=1, price=35000):
    return NewOrder(
        marketplace_order_no=number,
        lines=[{"variant": variant.pk, "quantity": quantity, "sale_price": price}],
        recipient_name="Siti",
        recipient_phone="081234567801",
        recipient_address="Jl. Raya",
        courier="jnt",
        tracking_no=f"jp {number}",
    )


def test_imported_orders_pass_the_money_and_stock_audit(member, shopee_shop, catalog):
    import_confirm(member=member, shop=shopee_shop, file=sample(SHOPEE_ORDERS))
    assert check_order_money() == []
    assert check_order_stock() == []
    order = Order.objects.get(marketplace_order_no="261102EFGH5678")
    order_services.order_cancel(order=order, actor=member.user)
    assert check_order_stock() == []
    catalog["KG-HSE10-2"].refresh_from_db()
    assert catalog["KG-HSE10-2"].stock == 20
    events = list(
        OrderEvent.objects.filter(order__marketplace_order_no="261101ABCD1234")
        .order_by("pk")
        .values_list("from_status", "to_status")
    )
    assert events == [("", "draft"), ("draft", "submitted"), ("submitted", "submitted")]


def test_stock_goes_to_the_orders_in_file_order(member, shopee_shop, catalog):
    jamu = catalog["KG-JSS01-1"]
    result = orders_create_many(
        member=member,
        shop=shopee_shop,
        orders=[new("X1", jamu, 15), new("X2", jamu, 10), new("X3", jamu, 5)],
        draft=False,
        actor=member.user,
        source="test",
    )
    assert set(result.created) == {"X1", "X3"}
    assert result.refused["X2"].code == "out_of_stock"
    jamu.refresh_from_db()
    assert jamu.stock == 0
    assert Order.objects.get(marketplace_order_no="X1").tracking_no == "JPX1"
    references = set(
        StockMovement.objects.filter(variant=jamu).values_list("reference", flat=True)
    )
    assert references == {f"order:{o.pk}" for o in result.created.values()}


def test_duplicates_and_inactive_items_are_refused_alone(member, shopee_shop, catalog):
    jamu, tongsis = catalog["KG-JSS01-1"], catalog["KG-TBM26-1"]
    tongsis.is_active = False
    tongsis.save()
    orders_create_many(
        member=member,
        shop=shopee_shop,
        orders=[new("Y1", jamu)],
        draft=True,
        actor=member.user,
        source="test",
    )
    result = orders_create_many(
        member=member,
        shop=shopee_shop,
        orders=[new("y1", jamu), new("Y2", tongsis), new("Y3", jamu), new("Y3", jamu)],
        draft=True,
        actor=member.user,
        source="test",
    )
    assert set(result.created) == {"Y3"}
    assert {n: e.code for n, e in result.refused.items()} == {
        "y1": "duplicate",
        "Y2": "inactive",
        "Y3": "duplicate",
    }
    assert Order.objects.filter(marketplace_order_no__iexact="y3").count() == 1


def test_another_members_shop_is_refused(member, other_member, shopee_shop, catalog):
    with pytest.raises(KongsiError):
        orders_create_many(
            member=other_member,
            shop=shopee_shop,
            orders=[new("Z1", catalog["KG-JSS01-1"])],
            draft=True,
            actor=other_member.user,
            source="test",
        )


def test_first_imported_order_ticks_training(
    shopee_shop, catalog, django_capture_on_commit_callbacks
):
    enrollment = make_trainee()
    shop = type(shopee_shop).objects.create(
        member=enrollment.trainee, marketplace="shopee", name="Toko Latihan"
    )
    # Training ticks after the import's commit.
    with django_capture_on_commit_callbacks(execute=True):
        orders_create_many(
            member=enrollment.trainee,
            shop=shop,
            orders=[new("T1", catalog["KG-JSS01-1"]), new("T2", catalog["KG-JSS01-1"])],
            draft=False,
            actor=enrollment.trainee.user,
            source="test",
        )
    assert ItemCheck.objects.filter(
        enrollment=enrollment, item=auto_item("first_order")
    ).exists()


def test_a_resi_already_used_refuses_that_order_alone(member, shopee_shop, catalog):
    jamu = catalog["KG-JSS01-1"]
    orders_create_many(
        member=member,
        shop=shopee_shop,
        orders=[new("R1", jamu)],
        draft=True,
        actor=member.user,
        source="test",
    )
    again = new("R2", jamu)
    again.tracking_no = "JP-R1"  # R1's resi, typed with a dash
    twin = new("R3", jamu)
    twin.tracking_no = "jp r4"
    result = orders_create_many(
        member=member,
        shop=shopee_shop,
        orders=[again, twin, new("R4", jamu)],
        draft=True,
        actor=member.user,
        source="test",
    )

    assert result.refused["R2"].code == "resi_taken"
    assert "JPR1" in str(result.refused["R2"])
    assert set(result.created) == {"R3"}
    assert result.refused["R4"].code == "resi_taken"  # R3 took JPR4 first
    assert Order.objects.filter(tracking_no="JPR1").count() == 1


def test_stock_reserve_batch_is_all_or_none(catalog):
    jamu, peci = catalog["KG-JSS01-1"], catalog["KG-PRH17-1"]
    with pytest.raises(KongsiError):
        stock_reserve_batch(
            reservations=[("order:1", [(jamu.pk, 5)]), ("order:2", [(peci.pk, 21)])],
            actor=None,
        )
    jamu.refresh_from_db()
    assert jamu.stock == 20 and not StockMovement.objects.exists()
    movements = stock_reserve_batch(
        reservations=[("order:1", [(jamu.pk, 5)]), ("order:2", [(jamu.pk, 3)])],
        actor=None,
    )
    assert [(m.reference, m.quantity, m.stock_after) for m in movements] == [
        ("order:1", -5, 15),
        ("order:2", -3, 12),
    ]
