"""Read-only figures for the dashboards, the API and the exports.

Every figure is one aggregate query in the database (no Python loop over
orders or ledger rows), so a page runs the same number of queries whatever the
number of orders. ``member=None`` means the whole community; a member's own
view passes their Member and never sees another member's money.

Which orders count as sales: submitted and every later state except
cancelled (a draft is not an order yet), bucketed by ``submitted_at`` in
Jakarta time (see ``insights.periods``).
"""

import datetime

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncWeek

from catalog.models import Category, Product
from charity.selectors import member_contributed_total
from community.models import Marketplace, Member
from community.prepared import PreparedQuery, aggregate_values
from insights.periods import JAKARTA, Month, start_of_day, week_starts
from ledger.models import CreditBalance, FundEntry
from orders.models import Order, OrderLine
from settlements.selectors import community_outstanding, member_outstanding

SOLD_STATUSES = tuple(sorted(Order.SOLD))
# The members' share of profit that reached the fund, as ``charity_contributed``
# counts it (unique codes and outside donations are not part of the share).
MEMBER_FUND_KINDS = (FundEntry.Kind.CONTRIBUTION,)


def sold_orders(member: Member | None = None) -> QuerySet[Order]:
    """Orders that count as sales (submitted and later, not cancelled)."""
    queryset = Order.objects.filter(
        status__in=SOLD_STATUSES, submitted_at__isnull=False
    )
    if member is not None:
        queryset = queryset.filter(member=member)
    return queryset


def _in(month: Month, field: str = "submitted_at", prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}{field}__gte": month.start,
            f"{prefix}{field}__lt": month.end,
        }
    )


def _money(expression, **extra) -> Sum:
    return Sum(expression, output_field=BigIntegerField(), **extra)


def _line_sales_per_order() -> Subquery:
    """Σ what the buyers paid for one order's goods (sale price × quantity).

    A subquery per order folded into the month's order query, rather than a
    second query joining the lines: the month's orders come from the (status,
    submitted_at) index and each one's lines from the order index, so the work
    follows the month's orders, not the whole lines table (at 200 000 orders
    the two queries took ~140 ms, the folded one ~80 ms).
    """
    return Subquery(
        OrderLine.objects.filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(total=_money(F("sale_price") * F("quantity")))
        .values("total"),
        output_field=BigIntegerField(),
    )


def _month_orders(member_id=None, *, previous_start, month_start, month_end):
    """The two months' order sums (see ``month_figures``), one row."""
    orders = _sold_between(member_id, previous_start, month_end)
    sales = _line_sales_per_order()
    aggregates = {}
    for name, start, end in (
        ("now", month_start, month_end),
        ("before", previous_start, month_start),
    ):
        condition = Q(submitted_at__gte=start, submitted_at__lt=end)
        aggregates[f"{name}_orders"] = Count("pk", filter=condition)
        aggregates[f"{name}_goods"] = _money("goods_total", filter=condition)
        aggregates[f"{name}_sales"] = _money(sales, filter=condition)
        aggregates[f"{name}_profit"] = _money("profit", filter=condition)
        aggregates[f"{name}_charity"] = _money("charity_share", filter=condition)
    return aggregate_values(orders, **aggregates)


def _month_fund(member_id=None, *, previous_start, month_start, month_end):
    """The two months' profit share that reached the fund, one row."""
    entries = FundEntry.objects.filter(
        kind__in=MEMBER_FUND_KINDS,
        created_at__gte=previous_start,
        created_at__lt=month_end,
    )
    if member_id is not None:
        entries = entries.filter(member_id=member_id)
    return aggregate_values(
        entries,
        now=_money("amount", filter=Q(created_at__gte=month_start)),
        before=_money("amount", filter=Q(created_at__lt=month_start)),
    )


_MONTH = {"previous_start": datetime.datetime, "month_start": datetime.datetime}
_MONTH["month_end"] = datetime.datetime
# Built and compiled once per process (community/prepared.py): the same SQL
# for every member and month, run with this request's values.
MONTH_ORDERS = PreparedQuery(_month_orders, **_MONTH)
MEMBER_MONTH_ORDERS = PreparedQuery(_month_orders, member_id=int, **_MONTH)
MONTH_FUND = PreparedQuery(_month_fund, **_MONTH)
MEMBER_MONTH_FUND = PreparedQuery(_month_fund, member_id=int, **_MONTH)


def _with_member(prepared_all, prepared_member, member, **values):
    if member is None:
        return prepared_all, values
    return prepared_member, {**values, "member_id": member.pk}


def month_figures(*, month: Month, member: Member | None = None) -> dict:
    """Orders, goods value, profit and charity of ``month`` and the month before.

    One query for the orders (conditional sums over both months, what buyers
    paid included) and one for the charity that really reached the fund.

    - ``goods_value``: Σ ``Order.goods_total`` (base prices + shipping the
      member owes the leader);
    - ``sales_value``: Σ what buyers paid for the goods (sale price × quantity);
    - ``profit``: Σ ``Order.profit`` (the members' margin);
    - ``charity``: Σ ``Order.charity_share`` of the month's orders;
    - ``charity_collected``: profit-share contributions posted to the fund in
      the month (only confirmed settlements reach the fund).
    """
    previous = month.previous
    bounds = {
        "previous_start": previous.start,
        "month_start": month.start,
        "month_end": month.end,
    }
    prepared, values = _with_member(MONTH_ORDERS, MEMBER_MONTH_ORDERS, member, **bounds)
    order_sums = prepared.one(**values)
    prepared, values = _with_member(MONTH_FUND, MEMBER_MONTH_FUND, member, **bounds)
    fund_sums = prepared.one(**values)

    def block(name: str, period: Month) -> dict:
        return {
            "month": period.key,
            "orders": int(order_sums.get(f"{name}_orders") or 0),
            "goods_value": int(order_sums.get(f"{name}_goods") or 0),
            "sales_value": int(order_sums.get(f"{name}_sales") or 0),
            "profit": int(order_sums.get(f"{name}_profit") or 0),
            "charity": int(order_sums.get(f"{name}_charity") or 0),
            "charity_collected": int(fund_sums.get(name) or 0),
        }

    return {"current": block("now", month), "previous": block("before", previous)}


def _month_lines(month: Month, member: Member | None) -> QuerySet[OrderLine]:
    lines = OrderLine.objects.filter(order__status__in=SOLD_STATUSES).filter(
        _in(month, prefix="order__")
    )
    if member is not None:
        lines = lines.filter(order__member=member)
    return lines


def _line_sums() -> dict:
    return {
        "orders": Count("order", distinct=True),
        # Not "quantity": that name would shadow the field inside F("quantity").
        "units": Sum("quantity"),
        "goods_value": _money(F("unit_base_price") * F("quantity")),
        "sales_value": _money(F("sale_price") * F("quantity")),
    }


def sales_by_marketplace_category(
    *, month: Month, member: Member | None = None
) -> list[dict]:
    """Sales of the month per (marketplace, category), biggest first.

    ``goods_value`` here is Σ base price × quantity of the lines (shipping
    cannot be split by category), ``sales_value`` what buyers paid.
    """
    rows = (
        _month_lines(month, member)
        .values(
            "order__shop__marketplace",
            "variant__product__category_id",
            "variant__product__category__name",
        )
        .annotate(**_line_sums())
        .order_by(
            "-goods_value",
            "order__shop__marketplace",
            "variant__product__category__name",
        )
    )
    labels = dict(Marketplace.choices)
    return [
        {
            "marketplace": row["order__shop__marketplace"],
            "marketplace_label": str(labels.get(row["order__shop__marketplace"], "")),
            "category_id": row["variant__product__category_id"],
            "category": row["variant__product__category__name"],
            "orders": int(row["orders"]),
            "quantity": int(row["units"] or 0),
            "goods_value": int(row["goods_value"] or 0),
            "sales_value": int(row["sales_value"] or 0),
        }
        for row in rows
    ]


def _top_products(member_id=None, *, month_start, month_end, limit):
    lines = OrderLine.objects.filter(
        order__in=_sold_between(member_id, month_start, month_end)
    )
    return (
        lines.values(
            "variant__product_id",
            "variant__product__name",
            "variant__product__slug",
        )
        .annotate(**_line_sums())
        .order_by("-units", "-goods_value", "variant__product__name")[:limit]
    )


_BOUNDS = {"month_start": datetime.datetime, "month_end": datetime.datetime}
TOP_PRODUCTS = PreparedQuery(_top_products, **_BOUNDS)
MEMBER_TOP_PRODUCTS = PreparedQuery(_top_products, member_id=int, **_BOUNDS)


def top_products(
    *, month: Month, member: Member | None = None, limit: int = 5
) -> list[dict]:
    """The month's best sellers by quantity sold."""
    prepared, values = _with_member(
        TOP_PRODUCTS,
        MEMBER_TOP_PRODUCTS,
        member,
        month_start=month.start,
        month_end=month.end,
    )
    rows = prepared.rows(static={"limit": limit}, **values)
    return [
        {
            "product_id": row["variant__product_id"],
            "product": row["variant__product__name"],
            "slug": row["variant__product__slug"],
            "orders": int(row["orders"]),
            "quantity": int(row["units"] or 0),
            "goods_value": int(row["goods_value"] or 0),
            "sales_value": int(row["sales_value"] or 0),
        }
        for row in rows
    ]


def _sold_between(member_id, start, end) -> QuerySet[Order]:
    """Sold orders (of one member, if given) submitted in [start, end)."""
    orders = Order.objects.filter(
        status__in=SOLD_STATUSES,
        submitted_at__isnull=False,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    if member_id is not None:
        orders = orders.filter(member_id=member_id)
    return orders


def _by_marketplace(member_id=None, *, month_start, month_end):
    orders = _sold_between(member_id, month_start, month_end)
    return (
        orders.values("shop__marketplace")
        .annotate(
            orders=Count("pk"),
            goods_value=_money("goods_total"),
            profit=_money("profit"),
        )
        .order_by("-orders", "-goods_value", "shop__marketplace")
    )


BY_MARKETPLACE = PreparedQuery(_by_marketplace, **_BOUNDS)
MEMBER_BY_MARKETPLACE = PreparedQuery(_by_marketplace, member_id=int, **_BOUNDS)


def sales_by_marketplace(*, month: Month, member: Member | None = None) -> list[dict]:
    """The month's orders, goods value and profit per marketplace, best first."""
    prepared, values = _with_member(
        BY_MARKETPLACE,
        MEMBER_BY_MARKETPLACE,
        member,
        month_start=month.start,
        month_end=month.end,
    )
    labels = dict(Marketplace.choices)
    return [
        {
            "marketplace": row["shop__marketplace"],
            "marketplace_label": str(labels.get(row["shop__marketplace"], "")),
            "orders": int(row["orders"]),
            "goods_value": int(row["goods_value"] or 0),
            "profit": int(row["profit"] or 0),
        }
        for row in prepared.rows(**values)
    ]


def owed(member: Member | None = None) -> int:
    """What members still owe the leader now (same rule as ``outstanding``).

    Σ amount due of open settlements + Σ (goods total + charity share) of
    submitted orders that sit in no active settlement; both are settlements'
    own (``member_outstanding``, ``community_outstanding``).
    """
    if member is not None:
        return member_outstanding(member)
    return community_outstanding()


def credit(member: Member | None = None) -> int:
    """Return credit the leader owes: the member's, or everyone's together."""
    rows = CreditBalance.objects.all()
    if member is not None:
        rows = rows.filter(member=member)
    return int(rows.aggregate(total=_money("balance"))["total"] or 0)


def charity_contributed(member: Member) -> int:
    """Σ the member's profit share in the fund, all time (``members/me/``)."""
    return member_contributed_total(member)


def _weekly(member_id=None, *, since):
    orders = Order.objects.filter(
        status__in=SOLD_STATUSES, submitted_at__isnull=False, submitted_at__gte=since
    )
    if member_id is not None:
        orders = orders.filter(member_id=member_id)
    return (
        orders.annotate(week=TruncWeek("submitted_at", tzinfo=JAKARTA))
        .values("week")
        .annotate(orders=Count("pk"), profit=_money("profit"))
        .order_by("week")
    )


WEEKLY = PreparedQuery(_weekly, since=datetime.datetime)
MEMBER_WEEKLY = PreparedQuery(_weekly, member_id=int, since=datetime.datetime)


def weekly_sales(*, member: Member | None = None, weeks: int = 12) -> list[dict]:
    """Orders and profit per Jakarta week (Monday first), oldest first, zeros kept."""
    mondays = week_starts(weeks)
    prepared, values = _with_member(
        WEEKLY, MEMBER_WEEKLY, member, since=start_of_day(mondays[0])
    )
    by_week = {}
    for row in prepared.rows(**values):  # at most ``weeks`` grouped rows
        week = row["week"]
        if isinstance(week, datetime.datetime):
            week = week.astimezone(JAKARTA).date() if week.tzinfo else week.date()
        by_week[week] = row
    return [
        {
            "week": monday,
            "orders": int(by_week.get(monday, {}).get("orders") or 0),
            "profit": int(by_week.get(monday, {}).get("profit") or 0),
        }
        for monday in mondays
    ]


def summary(*, month: Month, member: Member | None = None) -> dict:
    """The figures of the API and the pages for the community or one member."""
    figures = month_figures(month=month, member=member)
    return {
        **figures["current"],
        "previous": figures["previous"],
        "owed": owed(member),
        "credit": credit(member),
        "by_marketplace_category": sales_by_marketplace_category(
            month=month, member=member
        ),
        "by_marketplace": sales_by_marketplace(month=month, member=member),
        "top_products": top_products(month=month, member=member),
    }


def order_list(
    *,
    month: Month,
    member: Member | None = None,
    marketplace: str | None = None,
    category_id: int | None = None,
    product_id: int | None = None,
) -> QuerySet[Order]:
    """The month's sold orders behind a figure, newest first."""
    queryset = (
        sold_orders(member)
        .filter(_in(month))
        .select_related("member", "shop")
        .order_by("-submitted_at", "-pk")
    )
    if marketplace:
        queryset = queryset.filter(shop__marketplace=marketplace)
    line_filter = {}
    if category_id is not None:
        line_filter["variant__product__category_id"] = category_id
    if product_id is not None:
        line_filter["variant__product_id"] = product_id
    if line_filter:
        # Exists, not a join: an order with two matching lines is listed once.
        queryset = queryset.filter(
            Exists(OrderLine.objects.filter(order=OuterRef("pk"), **line_filter))
        )
    return queryset


def order_list_totals(queryset: QuerySet[Order]) -> dict:
    figures = queryset.order_by().aggregate(
        orders=Count("pk"),
        goods_value=_money("goods_total"),
        profit=_money("profit"),
        charity=_money("charity_share"),
    )
    return {key: int(value or 0) for key, value in figures.items()}


def category_name(category_id: int | None) -> str | None:
    if category_id is None:
        return None
    return (
        Category.objects.filter(pk=category_id).values_list("name", flat=True).first()
    )


def product_name(product_id: int | None) -> str | None:
    if product_id is None:
        return None
    return Product.objects.filter(pk=product_id).values_list("name", flat=True).first()
