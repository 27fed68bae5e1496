"""The catalog page reads variants as plain lists: same products, same prices."""

import pytest

from catalog.listing import price_summary
from catalog.selectors import product_list_for
from tests.catalog.factories import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def test_lists_hold_what_the_managers_hold(member, leader):
    shown = ProductFactory(name="A")
    VariantFactory(product=shown, base_price=9000, is_active=False)
    VariantFactory(product=shown, base_price=12000, stock=2)
    VariantFactory(product=shown, base_price=15000, stock=4)
    hidden = ProductFactory(name="B")
    VariantFactory(product=hidden, is_active=False)

    for user in (member.user, leader):
        plain = list(product_list_for(user))
        lists = list(product_list_for(user, as_lists=True))
        assert [p.pk for p in lists] == [p.pk for p in plain]
        for as_list, product in zip(lists, plain, strict=True):
            assert as_list.variant_list == list(product.variants.all())
            assert as_list.image_list == list(product.images.all())
            assert price_summary(as_list) == price_summary(product)

    member_card = price_summary(list(product_list_for(member.user, as_lists=True))[0])
    assert (member_card["base"], member_card["stock"]) == (12000, 6)
