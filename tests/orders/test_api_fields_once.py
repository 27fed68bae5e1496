"""Order serializers map the model fields once (api_base.FieldsBuiltOnce)."""

from unittest import mock

import pytest
from rest_framework import serializers

from orders.serializers import OrderDetailSerializer, OrderSerializer
from tests.factories import ShopFactory
from tests.orders.factories import VariantFactory, make_order

pytestmark = pytest.mark.django_db


class FreshOrderSerializer(OrderSerializer):
    """The same serializer, its fields mapped anew each time (DRF's way)."""

    def get_fields(self):
        return serializers.ModelSerializer.get_fields(self)


def test_answers_as_a_fresh_mapping_would(member):
    shop = ShopFactory(member=member)
    scarf = VariantFactory(stock=10, label="Merah")
    order = make_order(member=member, shop=shop, lines=[(scarf, 2, 30000)])
    first = OrderSerializer(order).data
    again = OrderSerializer(order).data
    fresh = FreshOrderSerializer(order).data
    assert first == again == fresh
    assert first["lines"][0]["quantity"] == 2
    assert first["lines"][0]["variant_name"].endswith("Merah")
    assert first["status"] == "submitted"


def test_later_instances_do_not_map_again_and_do_not_share_fields(member):
    assert "status" in OrderSerializer().fields  # the first mapping
    with mock.patch.object(
        serializers.ModelSerializer, "build_field", side_effect=AssertionError
    ):
        one = OrderSerializer().fields
        two = OrderSerializer().fields
    assert one["status"] is not two["status"]
    one["status"].help_text = "changed"
    assert OrderSerializer().fields["status"].help_text != "changed"


def test_the_detail_serializer_keeps_its_own_fields(member):
    assert "events" in OrderDetailSerializer().fields
    assert "events" not in OrderSerializer().fields


def test_api_list_answers_as_the_full_queryset_would(member, other_member, api_as):
    from orders.selectors import order_list_for

    shop = ShopFactory(member=member)
    scarf = VariantFactory(stock=10, label="Merah")
    for quantity in (1, 2, 3):
        make_order(member=member, shop=shop, lines=[(scarf, quantity, 30000)])
    make_order(member=other_member, lines=[(scarf, 1, 30000)])
    results = api_as(member.user).get("/api/v1/orders/").json()["results"]
    full = OrderSerializer(order_list_for(member.user), many=True).data
    assert results == [dict(row) for row in full]
    assert {row["member"] for row in results} == {member.pk}
    assert len(results) == 3
