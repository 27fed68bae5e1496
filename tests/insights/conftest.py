"""A small month seeded by hand (January 2026, Jakarta time) for the insights tests."""

import pytest

from community.models import Marketplace
from ledger.credit import credit_post
from ledger.fund import fund_post
from ledger.models import FundEntry
from orders.models import Order
from settlements.models import Settlement
from tests.catalog.factories import CategoryFactory, ProductFactory, VariantFactory
from tests.factories import ShopFactory
from tests.insights.factories import jakarta, make_sale


@pytest.fixture
def seeded(member, other_member):
    """Orders around the month's edges; the expected figures are in ``expected``."""
    hijab = CategoryFactory(name="Hijab", slug="hijab")
    food = CategoryFactory(name="Makanan", slug="makanan")
    scarf = VariantFactory(
        product=ProductFactory(name="Hijab Segi Empat", category=hijab),
        base_price=20000,
    )
    chips = VariantFactory(
        product=ProductFactory(name="Keripik Singkong", category=food),
        base_price=15000,
    )
    shopee = ShopFactory(member=member, marketplace=Marketplace.SHOPEE)
    tokopedia = ShopFactory(member=other_member, marketplace=Marketplace.TOKOPEDIA)

    # January: goods 40.000, profit 20.000, charity 500.
    make_sale(
        member=member,
        shop=shopee,
        lines=[(scarf, 2, 30000)],
        submitted_at=jakarta(2026, 1, 10, 10, 0),
        status=Order.Status.PAID,
    )
    # 23:30 WIB on 31 January = 16:30 UTC: still January.
    # goods 15.000, profit 10.000, charity 250; unsettled → owed 15.250.
    make_sale(
        member=member,
        shop=shopee,
        lines=[(chips, 1, 25000)],
        submitted_at=jakarta(2026, 1, 31, 23, 30),
    )
    # goods 20.000 + 30.000 + shipping 9.000 = 59.000;
    # profit 15.000 + 10.000 − fee 3.000 = 22.000; charity 550.
    make_sale(
        member=other_member,
        shop=tokopedia,
        lines=[(scarf, 1, 35000), (chips, 2, 20000)],
        submitted_at=jakarta(2026, 1, 15, 8, 0),
        status=Order.Status.COMPLETED,
        shipping_fee=9000,
        marketplace_fee=3000,
    )
    # 00:30 WIB on 1 February = 17:30 UTC on 31 January: February.
    # goods 20.000, profit 10.000, charity 250; unsettled → owed 20.250.
    make_sale(
        member=other_member,
        shop=tokopedia,
        lines=[(scarf, 1, 30000)],
        submitted_at=jakarta(2026, 2, 1, 0, 30),
    )
    # December (the month before): goods 20.000, profit 10.000, charity 250.
    make_sale(
        member=member,
        shop=shopee,
        lines=[(scarf, 1, 30000)],
        submitted_at=jakarta(2025, 12, 31, 23, 59),
        status=Order.Status.COMPLETED,
    )
    # Never counted: a cancelled order and a draft in January.
    make_sale(
        member=member,
        shop=shopee,
        lines=[(scarf, 5, 90000)],
        submitted_at=jakarta(2026, 1, 12, 9, 0),
        status=Order.Status.CANCELLED,
    )
    draft = make_sale(
        member=member,
        shop=shopee,
        lines=[(chips, 3, 90000)],
        submitted_at=jakarta(2026, 1, 13, 9, 0),
    )
    Order.objects.filter(pk=draft.pk).update(
        status=Order.Status.DRAFT, submitted_at=None, charity_rate=None
    )
    # An open settlement of the other member: 10.123 due.
    Settlement.objects.create(
        member=other_member,
        goods_total=10000,
        charity_share=0,
        unique_code=123,
        amount_due=10123,
    )
    # Charity that reached the fund in January (500) and in December (250).
    # A unique code (77) is the member's gift but not their share of profit.
    for key, amount, when, who, kind in (
        ("t:jan", 500, jakarta(2026, 1, 20, 9, 0), member, "contribution"),
        ("t:dec", 250, jakarta(2025, 12, 5, 9, 0), member, "contribution"),
        ("t:code", 77, jakarta(2026, 1, 20, 9, 0), member, "unique_code"),
    ):
        entry = fund_post(
            amount=amount,
            kind=kind,
            reference=key,
            idempotency_key=key,
            member=who,
        )
        FundEntry.objects.filter(pk=entry.pk).update(created_at=when)
    credit_post(
        member=member,
        amount=5000,
        kind="return_credit",
        reference="return:1",
        idempotency_key="insights-test-credit",
    )
    return {
        "member": member,
        "other_member": other_member,
        "hijab": hijab,
        "food": food,
        "community": {
            "month": "2026-01",
            "orders": 3,
            "goods_value": 114000,
            "profit": 52000,
            "charity": 1300,
            "charity_collected": 500,
            "owed": 15250 + 20250 + 10123,
            "credit": 5000,
            "previous": {"orders": 1, "goods_value": 20000, "profit": 10000},
            "cells": {
                ("shopee", "Hijab"): (1, 40000),
                ("shopee", "Makanan"): (1, 15000),
                ("tokopedia", "Hijab"): (1, 20000),
                ("tokopedia", "Makanan"): (1, 30000),
            },
            "top_products": [("Hijab Segi Empat", 3), ("Keripik Singkong", 3)],
        },
        "own": {
            "month": "2026-01",
            "orders": 2,
            "goods_value": 55000,
            "profit": 30000,
            "charity": 750,
            "charity_collected": 500,
            "owed": 15250,
            "credit": 5000,
            "previous": {"orders": 1, "goods_value": 20000, "profit": 10000},
            "cells": {
                ("shopee", "Hijab"): (1, 40000),
                ("shopee", "Makanan"): (1, 15000),
            },
            "top_products": [("Hijab Segi Empat", 2), ("Keripik Singkong", 1)],
        },
    }
