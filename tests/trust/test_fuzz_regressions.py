"""Fast regression tests for what the schemathesis run found (each was a 500
or a response that broke the schema)."""

import pytest

from tests.settlements.factories import open_settlement

pytestmark = pytest.mark.django_db


def test_order_with_lines_that_are_not_a_list_is_400(member, api_as):
    response = api_as(member.user).post(
        "/api/v1/orders/",
        {"shop": 1, "marketplace_order_no": "X", "lines": "not json"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "{variant, quantity, sale_price}" in str(response.json()["lines"])


def test_settlement_with_a_huge_order_id_is_400(member, api_as):
    response = api_as(member.user).post(
        "/api/v1/settlements/", {"orders": [2**70]}, format="json"
    )
    assert response.status_code == 400
    assert "orders" in response.json()


def test_open_settlement_lists_with_a_blank_confirmed_via(member, api_as):
    from drf_spectacular.generators import SchemaGenerator

    open_settlement(member)
    row = api_as(member.user).get("/api/v1/settlements/").json()["results"][0]
    assert row["confirmed_via"] == ""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    allowed = schema["components"]["schemas"]["Settlement"]["properties"][
        "confirmed_via"
    ]
    assert {"$ref": "#/components/schemas/BlankEnum"} in allowed["oneOf"]


def test_order_logged_without_a_courier_answers_a_blank_courier_the_schema_allows(
    member, api_as
):
    from drf_spectacular.generators import SchemaGenerator

    from orders.models import Order
    from tests.catalog.factories import VariantFactory
    from tests.factories import ShopFactory

    shop = ShopFactory(member=member)
    variant = VariantFactory()
    response = api_as(member.user).post(
        "/api/v1/orders/",
        {
            "shop": shop.pk,
            "marketplace_order_no": "NO-COURIER-1",
            "recipient_name": "Budi Santoso",
            "recipient_phone": "081234567890",
            "recipient_address": "Jl. Merdeka No. 10, Sumenep",
            "lines": [{"variant": variant.pk, "quantity": 1, "sale_price": 30_000}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["courier"] == ""
    assert Order.objects.get(pk=response.json()["id"]).courier == ""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for name in ("Order", "OrderDetail"):
        allowed = schema["components"]["schemas"][name]["properties"]["courier"]
        assert {"$ref": "#/components/schemas/BlankEnum"} in allowed["oneOf"]
