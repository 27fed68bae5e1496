"""Money and stock checks of the orders app (``manage.py audit_money``)."""

from collections import defaultdict

from django.db.models import Sum

from catalog.models import StockMovement
from orders.models import Order
from orders.money import LineMoney, PolicySnapshot, order_money

LIVE = [
    Order.Status.SUBMITTED,
    Order.Status.PAID,
    Order.Status.PACKED,
    Order.Status.SHIPPED,
    Order.Status.COMPLETED,
]


def check_order_money() -> list[str]:
    """Each submitted order's stored money equals what its lines give."""
    problems = []
    orders = (
        Order.objects.exclude(status=Order.Status.DRAFT)
        .filter(submitted_at__isnull=False)
        .prefetch_related("lines")
        .order_by("pk")
    )
    for order in orders.iterator(chunk_size=500):
        if order.charity_rate is None:
            problems.append(f"order {order.pk}: submitted without a charity snapshot")
            continue
        expected = order_money(
            lines=[
                LineMoney(line.quantity, line.unit_base_price, line.sale_price)
                for line in order.lines.all()
            ],
            shipping_fee=order.shipping_fee,
            marketplace_fee=order.marketplace_fee,
            policy=PolicySnapshot(order.charity_rate, order.charity_minimum or 0),
        )
        stored = (order.goods_total, order.profit, order.charity_share)
        computed = (expected.goods_total, expected.profit, expected.charity_share)
        if stored != computed:
            problems.append(
                f"order {order.pk}: stored goods/profit/charity {stored} "
                f"but its lines give {computed}"
            )
    return problems


def check_order_stock() -> list[str]:
    """Stock held by each order matches its movements.

    A live order holds exactly its lines' quantities (reservation − release);
    a draft or cancelled order holds nothing.
    """
    problems = []
    held: dict[tuple[int, int], int] = defaultdict(int)
    movements = (
        StockMovement.objects.filter(
            reference__startswith="order:",
            kind__in=[StockMovement.Kind.RESERVATION, StockMovement.Kind.RELEASE],
        )
        .values("reference", "variant_id")
        .annotate(total=Sum("quantity"))
    )
    for row in movements:
        try:
            order_id = int(row["reference"].split(":", 1)[1])
        except ValueError:
            continue
        held[(order_id, row["variant_id"])] += -row["total"]
    expected: dict[tuple[int, int], int] = defaultdict(int)
    statuses = dict(Order.objects.values_list("pk", "status"))
    for order in Order.objects.filter(status__in=LIVE).prefetch_related("lines"):
        for line in order.lines.all():
            expected[(order.pk, line.variant_id)] += line.quantity
    for key in sorted(set(held) | set(expected)):
        if held.get(key, 0) != expected.get(key, 0):
            order_id, variant_id = key
            problems.append(
                f"order {order_id} ({statuses.get(order_id, 'missing')}), "
                f"variant {variant_id}: holds {held.get(key, 0)} in stock "
                f"movements but should hold {expected.get(key, 0)}"
            )
    return problems


def run_checks() -> list[tuple[str, list[str]]]:
    return [
        ("orders: stored money equals the lines", check_order_money()),
        ("orders: stock held equals the movements", check_order_stock()),
    ]
