"""The leader's Ringkasan equals a plain recomputation from the rows.

The dashboard's queries are shaped for speed at scale (subqueries per order and
per member, window counts, a filtered sum instead of an anti-join); here every
figure is recomputed the slow, obvious way in Python over all rows and compared.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from catalog.models import Variant
from community.models import Marketplace, Member
from insights import selectors, watchlist
from insights.periods import Month
from ledger.credit import credit_post
from ledger.fund import fund_post
from ledger.models import CreditBalance, FundEntry
from orders.models import Order
from settlements.models import Settlement, SettlementOrder
from tests.catalog.factories import CategoryFactory, ProductFactory, VariantFactory
from tests.factories import MemberFactory, ShopFactory
from tests.insights.factories import make_sale
from training.models import Enrollment

pytestmark = pytest.mark.django_db

SOLD = set(selectors.SOLD_STATUSES)


@pytest.fixture
def world(leader):
    """Two months of sales with the awkward cases the fast queries must get right."""
    month = Month.current()
    previous = month.previous
    hijab = CategoryFactory(name="Hijab", slug="hijab-r")
    food = CategoryFactory(name="Makanan", slug="makanan-r")
    scarf = VariantFactory(product=ProductFactory(name="Segi Empat", category=hijab))
    pashmina = VariantFactory(product=ProductFactory(name="Pashmina", category=hijab))
    chips = VariantFactory(product=ProductFactory(name="Keripik", category=food))
    busy, slow, quiet, never = (MemberFactory(full_name=n) for n in "ABCD")
    shops = {
        busy: ShopFactory(member=busy, marketplace=Marketplace.SHOPEE),
        slow: ShopFactory(member=slow, marketplace=Marketplace.TOKOPEDIA),
        quiet: ShopFactory(member=quiet, marketplace=Marketplace.SHOPEE),
    }
    now = timezone.now()
    at = month.start + datetime.timedelta(hours=1)
    before = previous.start + datetime.timedelta(days=3)

    def sale(who, lines, when, status=Order.Status.PAID):
        return make_sale(
            member=who, shop=shops[who], lines=lines, submitted_at=when, status=status
        )

    # Two products of one category in one order: counted once in its cell.
    sale(busy, [(scarf, 2, 30000), (pashmina, 1, 45000)], at)
    sale(busy, [(chips, 3, 12000)], at + datetime.timedelta(minutes=5))
    sale(busy, [(scarf, 1, 31000), (chips, 1, 15000)], min(now, month.end) - _s(60))
    sale(slow, [(pashmina, 4, 40000)], at, status=Order.Status.COMPLETED)
    sale(slow, [(scarf, 1, 29000)], before, status=Order.Status.SHIPPED)
    sale(quiet, [(chips, 2, 11000)], before)
    sale(quiet, [(chips, 1, 11000)], previous.start - _s(1))  # two months ago
    # Never sales: cancelled and a draft (no submitted_at).
    sale(busy, [(scarf, 9, 99000)], at, status=Order.Status.CANCELLED)
    draft = sale(slow, [(chips, 5, 99000)], at)
    Order.objects.filter(pk=draft.pk).update(
        status=Order.Status.DRAFT, submitted_at=None, charity_rate=None
    )
    # Owed: submitted orders, one inside an open settlement, one freed from a
    # rejected settlement (inactive link), one plain.
    held = sale(busy, [(scarf, 1, 30000)], at, status=Order.Status.SUBMITTED)
    freed = sale(slow, [(chips, 2, 14000)], at, status=Order.Status.SUBMITTED)
    sale(quiet, [(pashmina, 1, 41000)], before, status=Order.Status.SUBMITTED)
    open_one = Settlement.objects.create(
        member=busy, goods_total=20000, charity_share=250, unique_code=7,
        amount_due=20257,
    )  # fmt: skip
    rejected = Settlement.objects.create(
        member=slow, goods_total=10000, charity_share=0, unique_code=8,
        amount_due=10008, status=Settlement.Status.REJECTED,
    )  # fmt: skip
    SettlementOrder.objects.create(settlement=open_one, order=held)
    SettlementOrder.objects.create(settlement=rejected, order=freed, is_active=False)
    for key, amount, when, kind in (
        ("r:now", 700, at, FundEntry.Kind.CONTRIBUTION),
        ("r:before", 300, before, FundEntry.Kind.CONTRIBUTION),
        ("r:code", 9, at, FundEntry.Kind.UNIQUE_CODE),
    ):
        entry = fund_post(
            amount=amount, kind=kind, reference=key, idempotency_key=key, member=busy
        )
        FundEntry.objects.filter(pk=entry.pk).update(created_at=when)
    credit_post(
        member=slow,
        amount=4000,
        kind="return_credit",
        reference="return:r",
        idempotency_key="recompute-credit",
    )
    # More low-stock variants and stalled trainees than either list shows.
    for index in range(10):
        VariantFactory(stock=index % 3)
    stale = now - datetime.timedelta(days=settings.KONGSI_STALLED_DAYS + 1)
    for index in range(9):
        trainee = MemberFactory(status=Member.Status.TRAINEE)
        Enrollment.objects.create(
            trainee=trainee, mentor=busy, last_activity_at=stale - _s(index)
        )
    return {"month": month, "members": (busy, slow, quiet, never), "hijab": hijab}


def _s(seconds: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=seconds)


def _sold_in(period: Month) -> list[Order]:
    return [
        order
        for order in Order.objects.prefetch_related(
            "lines__variant__product__category"
        ).select_related("shop")
        if order.status in SOLD
        and order.submitted_at is not None
        and period.start <= order.submitted_at < period.end
    ]


def _block(period: Month) -> dict:
    orders = _sold_in(period)
    return {
        "month": period.key,
        "orders": len(orders),
        "goods_value": sum(o.goods_total for o in orders),
        "sales_value": sum(
            line.sale_price * line.quantity for o in orders for line in o.lines.all()
        ),
        "profit": sum(o.profit for o in orders),
        "charity": sum(o.charity_share for o in orders),
        "charity_collected": sum(
            entry.amount
            for entry in FundEntry.objects.filter(kind=FundEntry.Kind.CONTRIBUTION)
            if period.start <= entry.created_at < period.end
        ),
    }


def _cells(period: Month) -> dict:
    cells: dict = {}
    for order in _sold_in(period):
        for line in order.lines.all():
            category = line.variant.product.category
            cell = cells.setdefault(
                (order.shop.marketplace, category.pk), [set(), 0, 0, 0]
            )
            cell[0].add(order.pk)
            cell[1] += line.quantity
            cell[2] += line.unit_base_price * line.quantity
            cell[3] += line.sale_price * line.quantity
    return {key: (len(v[0]), v[1], v[2], v[3]) for key, v in cells.items()}


def _products(period: Month) -> dict:
    products: dict = {}
    for order in _sold_in(period):
        for line in order.lines.all():
            product = line.variant.product
            row = products.setdefault(product.pk, [set(), 0, 0, product.name])
            row[0].add(order.pk)
            row[1] += line.quantity
            row[2] += line.unit_base_price * line.quantity
    return {key: (len(v[0]), v[1], v[2], v[3]) for key, v in products.items()}


def _owed() -> int:
    open_due = sum(
        s.amount_due
        for s in Settlement.objects.all()
        if s.status in Settlement.OPEN_STATUSES
    )
    held = set(
        SettlementOrder.objects.filter(is_active=True).values_list("order", flat=True)
    )
    unsettled = sum(
        o.goods_total + o.charity_share
        for o in Order.objects.filter(status=Order.Status.SUBMITTED)
        if o.pk not in held
    )
    return open_due + unsettled


def _activity(period: Month) -> dict:
    cutoff = timezone.now() - datetime.timedelta(days=watchlist.inactive_days())
    rows = {}
    for member in Member.objects.all():
        sold = [
            o
            for o in Order.objects.filter(member=member)
            if o.status in SOLD and o.submitted_at is not None
        ]
        in_month = [o for o in sold if period.start <= o.submitted_at < period.end]
        last = max((o.submitted_at for o in sold), default=None)
        rows[member.pk] = (
            len(in_month),
            sum(o.profit for o in in_month),
            last,
            last is None or last < cutoff,
        )
    return rows


@pytest.mark.parametrize("months_back", [0, 1])
def test_summary_equals_a_recomputation(world, months_back):
    month = world["month"]
    if months_back:
        month = month.previous

    summary = selectors.summary(month=month)

    assert _block(month)["orders"] > 0, "the world must sell in the month compared"
    assert {k: summary[k] for k in _block(month)} == _block(month)
    assert summary["previous"] == _block(month.previous)
    assert summary["owed"] == _owed()
    assert summary["credit"] == sum(b.balance for b in CreditBalance.objects.all())
    cells = {
        (row["marketplace"], row["category_id"]): (
            row["orders"],
            row["quantity"],
            row["goods_value"],
            row["sales_value"],
        )
        for row in summary["by_marketplace_category"]
    }
    assert cells and cells == _cells(month)
    products = _products(month)
    expected_top = sorted(
        products, key=lambda pk: (-products[pk][1], -products[pk][2], products[pk][3])
    )[:5]
    assert [row["product_id"] for row in summary["top_products"]] == expected_top
    for row in summary["top_products"]:
        assert (row["orders"], row["quantity"], row["goods_value"]) == products[
            row["product_id"]
        ][:3]


def test_an_order_with_two_products_of_one_category_counts_once(world):
    month = world["month"]
    summary = selectors.summary(month=month)

    cell = next(
        row
        for row in summary["by_marketplace_category"]
        if (row["marketplace"], row["category_id"]) == ("shopee", world["hijab"].pk)
    )

    # Three orders (scarf + pashmina, scarf + chips, the held scarf), four
    # hijab lines: one per product would have counted four orders.
    assert cell["orders"] == 3
    assert cell["quantity"] == 2 + 1 + 1 + 1
    assert cell["sales_value"] == 2 * 30000 + 45000 + 31000 + 30000


def test_dashboard_page_equals_a_recomputation(world, leader, client):
    month = world["month"]
    client.force_login(leader)

    response = client.get(reverse("insights:dashboard"), {"month": month.key})

    assert response.status_code == 200
    context = response.context
    assert context["current"] == _block(month)
    assert context["previous"] == _block(month.previous)
    assert context["owed"] == _owed()
    open_rows = [
        s for s in Settlement.objects.all() if s.status in Settlement.OPEN_STATUSES
    ]
    assert context["open_settlements"]["count"] == len(open_rows)
    assert context["open_settlements"]["total"] == sum(s.amount_due for s in open_rows)

    expected = _activity(month)
    activity = context["activity"]
    assert activity["total"] == len(expected)
    assert activity["inactive"] == sum(1 for row in expected.values() if row[3])
    shown = {
        row.pk: (row.month_orders, row.month_profit, row.last_sale_at, row.is_quiet)
        for row in activity["members"]
    }
    assert shown == {pk: expected[pk] for pk in shown}
    assert len(shown) == min(30, len(expected))
    # Busiest first: the month's order counts never rise down the list.
    counts = [row.month_orders for row in activity["members"]]
    assert counts == sorted(counts, reverse=True)
    busy, slow, quiet, never = world["members"]
    assert counts[0] == expected[busy.pk][0] == 4
    assert expected[never.pk] == (0, 0, None, True)
    assert expected[quiet.pk][3] is True  # last sale over 30 days ago

    low = Variant.objects.filter(
        is_active=True,
        product__is_active=True,
        stock__lte=settings.KONGSI_LOW_STOCK,
    )
    assert context["low_stock"]["count"] == low.count() >= 10
    assert len(context["low_stock"]["variants"]) == 8
    stalled = context["stalled"]
    assert stalled["count"] == 9
    assert len(stalled["enrollments"]) == 8
