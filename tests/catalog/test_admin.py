"""The leader's admin pages render, and stock stays read-only there."""

import pytest

from catalog.models import Variant
from tests.catalog.factories import VariantFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(roles=["leader"], is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def test_product_admin_pages_render_with_inlines(admin_client):
    variant = VariantFactory(stock=7, sku="ADM-1")
    product = variant.product
    listing = admin_client.get("/admin/catalog/product/?q=ADM-1&stok=low")
    assert listing.status_code == 200
    change = admin_client.get(f"/admin/catalog/product/{product.pk}/change/")
    body = change.content.decode()
    assert change.status_code == 200 and "ADM-1" in body
    assert 'name="variants-0-stock"' not in body  # read-only: no input to edit it
    assert admin_client.get("/admin/catalog/stockmovement/").status_code == 200
    variant_page = admin_client.get(f"/admin/catalog/variant/{variant.pk}/change/")
    assert variant_page.status_code == 200
    admin_client.post(
        f"/admin/catalog/variant/{variant.pk}/change/",
        {
            "product": product.pk,
            "sku": "ADM-1",
            "label": "x",
            "base_price": 1,
            "suggested_price": 2,
            "stock": 999,
            "weight_grams": 0,
            "is_active": "on",
        },
    )
    variant.refresh_from_db()
    assert variant.stock == 7 and variant.label == "x"
    assert Variant.objects.get(pk=variant.pk).base_price == 1
