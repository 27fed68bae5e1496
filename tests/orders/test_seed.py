"""The demo orders seed runs twice without changing anything the second time."""

import pytest

from demo import seed_orders
from orders.models import Order
from tests.factories import MemberFactory, ShopFactory
from tests.orders.factories import VariantFactory

pytestmark = pytest.mark.django_db


def test_seed_orders_is_idempotent_and_covers_its_states():
    members = {}
    for username, marketplace, _outcome, _lines in seed_orders.PLAN:
        member = members.get(username) or MemberFactory(user__username=username)
        members[username] = member
        if not member.shops.filter(marketplace=marketplace).exists():
            ShopFactory(member=member, marketplace=marketplace)
    for _index in range(12):
        VariantFactory(stock=50)
    first = seed_orders.seed({"community": members})
    assert len(first) == len(seed_orders.PLAN)
    assert set(Order.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "cancelled",
    }
    count = Order.objects.count()
    second = seed_orders.seed({"community": members})
    assert Order.objects.count() == count
    assert [o.pk for o in second] == [o.pk for o in first]
