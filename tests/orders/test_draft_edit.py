"""A member changes a saved draft, then saves it again or sends it."""

import pytest
from django.urls import reverse

from catalog.models import StockMovement
from community.errors import ConflictError, KongsiError, NotFoundError
from orders.models import Order, OrderEvent
from orders.services import order_update_draft
from tests.catalog.factories import VariantFactory
from tests.factories import ShopFactory
from tests.orders.factories import make_order

pytestmark = pytest.mark.django_db


def edit(order, *, lines, submit=False, actor=None, **fields):
    data = {
        "shop": order.shop,
        "marketplace_order_no": order.marketplace_order_no,
        "recipient_name": "Siti Rahma",
        "recipient_phone": "081377778888",
        "recipient_address": "Dusun Barat RT 2, Juruan Laok",
        "courier": "jnt",
        "shipping_fee": 9000,
        "marketplace_fee": 1000,
    }
    data.update(fields)
    return order_update_draft(
        order=order,
        lines=[
            {"variant": variant.pk, "quantity": quantity, "sale_price": price}
            for variant, quantity, price in lines
        ],
        submit=submit,
        actor=actor or order.member.user,
        **data,
    )


def test_editing_a_draft_replaces_lines_and_recomputes_money(member):
    first, second = VariantFactory(base_price=20000), VariantFactory(base_price=10000)
    order = make_order(member=member, lines=[(first, 1, 30000)], draft=True)
    edited = edit(order, lines=[(first, 2, 30000), (second, 1, 15000)])
    assert edited.status == Order.Status.DRAFT
    assert sorted(edited.lines.values_list("quantity", flat=True)) == [1, 2]
    # goods: 2 × 20.000 + 10.000 + shipping 9.000; profit 2 × 10.000 + 5.000 − 1.000
    assert edited.goods_total == 59000
    assert edited.profit == 24000
    assert edited.recipient_name == "Siti Rahma" and edited.courier == "jnt"
    assert not StockMovement.objects.filter(reference__contains=str(order.pk)).exists()
    assert OrderEvent.objects.filter(order=order, params__edited=True).count() == 1


def test_editing_and_sending_reserves_the_new_lines(member):
    variant = VariantFactory(stock=10)
    order = make_order(member=member, lines=[(variant, 1, 30000)], draft=True)
    sent = edit(order, lines=[(variant, 3, 30000)], submit=True)
    assert sent.status == Order.Status.SUBMITTED
    variant.refresh_from_db()
    assert variant.stock == 7


def test_only_drafts_change(member):
    order = make_order(member=member)
    lines_before = list(order.lines.values_list("quantity", flat=True))
    with pytest.raises(ConflictError):
        edit(order, lines=[(VariantFactory(), 5, 30000)])
    assert list(order.lines.values_list("quantity", flat=True)) == lines_before


def test_another_member_cannot_change_it(member, other_member):
    order = make_order(member=member, draft=True)
    with pytest.raises(NotFoundError):
        edit(order, lines=[(VariantFactory(), 1, 30000)], actor=other_member.user)


def test_a_taken_order_number_is_refused_and_nothing_changes(member):
    shop = ShopFactory(member=member)
    make_order(member=member, shop=shop, number="SHP-1")
    draft = make_order(member=member, shop=shop, draft=True, number="SHP-2")
    with pytest.raises(KongsiError) as caught:
        edit(draft, lines=[(VariantFactory(), 1, 30000)], marketplace_order_no="shp-1")
    assert caught.value.field == "marketplace_order_no"
    draft.refresh_from_db()
    assert draft.marketplace_order_no == "SHP-2"


def test_edit_page_is_prefilled_and_saves(client, member):
    variant = VariantFactory()
    order = make_order(member=member, lines=[(variant, 2, 31000)], draft=True)
    client.force_login(member.user)
    page = client.get(reverse("orders:order_edit", args=[order.pk])).content.decode()
    assert order.marketplace_order_no in page and 'value="31000"' in page
    response = client.post(
        reverse("orders:order_edit", args=[order.pk]),
        {
            "shop": order.shop_id,
            "marketplace_order_no": order.marketplace_order_no,
            "recipient_name": "Ibu Ani",
            "recipient_phone": "081299998888",
            "recipient_address": "Jl. Trunojoyo 5, Sumenep",
            "courier": "jne",
            "shipping_fee": "0",
            "marketplace_fee": "0",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000",
            "lines-0-variant": str(variant.pk),
            "lines-0-quantity": "4",
            "lines-0-sale_price": "31000",
            "action": "submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED
    assert order.recipient_name == "Ibu Ani"
    assert list(order.lines.values_list("quantity", flat=True)) == [4]


def test_another_member_gets_404_on_the_edit_page(client, member, other_member):
    order = make_order(member=member, draft=True)
    client.force_login(other_member.user)
    assert client.get(reverse("orders:order_edit", args=[order.pk])).status_code == 404
