"""Money on orders, computed by hand (rounding half-up to whole rupiah)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ledger.models import CharityPolicy
from orders.money import LineMoney, PolicySnapshot, order_money
from orders.services import order_submit
from tests.orders.factories import VariantFactory, make_order

pytestmark = pytest.mark.django_db


def test_two_lines_and_a_marketplace_fee(member):
    # goods  = 20.000×2 + 15.500×1 = 55.500
    # profit = (30.000−20.000)×2 + (19.900−15.500)×1 − 3.500 = 20.900
    # charity = 20.900 × 2,5 % = 522,5 → 523 (half-up)
    first = VariantFactory(base_price=20000, suggested_price=30000)
    second = VariantFactory(base_price=15500, suggested_price=19900)
    order = make_order(
        member=member,
        lines=[(first, 2, 30000), (second, 1, 19900)],
        marketplace_fee=3500,
    )
    order.refresh_from_db()
    assert (order.goods_total, order.profit, order.charity_share) == (55500, 20900, 523)
    assert order.charity_rate == Decimal("2.50")
    assert order.charity_minimum == 0


def test_half_a_rupiah_rounds_up(member):
    # profit = 100 → 2,5 % = 2,5 → 3
    variant = VariantFactory(base_price=10000)
    order = make_order(member=member, lines=[(variant, 1, 10100)])
    assert (order.goods_total, order.profit, order.charity_share) == (10000, 100, 3)


def test_a_loss_gives_no_charity_and_shipping_is_owed(member):
    # goods  = 50.000 + shipping 12.000 = 62.000
    # profit = 45.000 − 50.000 − 2.000 = −7.000 → charity 0
    variant = VariantFactory(base_price=50000)
    order = make_order(
        member=member,
        lines=[(variant, 1, 45000)],
        shipping_fee=12000,
        marketplace_fee=2000,
    )
    assert (order.goods_total, order.profit, order.charity_share) == (62000, -7000, 0)


def test_the_minimum_and_the_policy_in_force_are_snapshotted(member):
    today = timezone.localdate()
    CharityPolicy.objects.create(
        rate_percent=Decimal("2.00"), minimum_per_order=1000, effective_from=today
    )
    CharityPolicy.objects.create(
        rate_percent=Decimal("10.00"),
        minimum_per_order=0,
        effective_from=today + timedelta(days=3),
    )
    # profit 20.000 × 2 % = 400 → the minimum 1.000 applies
    variant = VariantFactory(base_price=20000)
    order = make_order(member=member, lines=[(variant, 2, 30000)])
    assert (order.goods_total, order.profit, order.charity_share) == (
        40000,
        20000,
        1000,
    )
    assert order.charity_rate == Decimal("2.00")
    assert order.charity_minimum == 1000


def test_submitting_a_draft_takes_todays_member_price(member):
    variant = VariantFactory(base_price=20000)
    order = make_order(member=member, lines=[(variant, 3, 25000)], draft=True)
    variant.base_price = 21000
    variant.save(update_fields=["base_price"])
    order = order_submit(order=order, actor=member.user)
    # goods 21.000×3 = 63.000; profit (25.000−21.000)×3 = 12.000; charity 300
    assert (order.goods_total, order.profit, order.charity_share) == (63000, 12000, 300)
    assert order.lines.get().unit_base_price == 21000


def test_pure_function_with_an_odd_rate():
    # profit = (1.333−1.000)×3 = 999; 999 × 1,5 % = 14,985 → 15
    money = order_money(
        lines=[LineMoney(quantity=3, unit_base_price=1000, sale_price=1333)],
        shipping_fee=500,
        marketplace_fee=0,
        policy=PolicySnapshot(Decimal("1.5"), 0),
    )
    assert (money.goods_total, money.profit, money.charity_share) == (3500, 999, 15)
