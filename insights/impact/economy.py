"""The community economy by month: goods value, member profit, the leader's
margin, charity collected and paid out; top categories and marketplaces.

- goods value: Σ ``Order.goods_total`` of sold orders (what members pay the
  leader: member prices and shipping);
- member profit: Σ ``Order.profit`` (net of marketplace fees);
- leader margin: an estimate, ``leader_margin_percent`` of the member prices
  (goods total − shipping), since Kongsi does not know the supplier's price;
  None when the percent is 0;
- charity collected: what came into the fund (contributions, unique codes,
  donations); paid out: disbursements, as a positive number.
"""

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from community.models import Marketplace
from community.money import percent_of
from insights.impact.config import impact_settings
from insights.impact.months import money, month_of, months_ending
from insights.models import ImpactSettings
from insights.periods import JAKARTA, Month
from insights.selectors import SOLD_STATUSES, sold_orders
from ledger.models import FundEntry, FundMonth
from orders.models import OrderLine

FUND_INCOME = (
    FundEntry.Kind.CONTRIBUTION,
    FundEntry.Kind.UNIQUE_CODE,
    FundEntry.Kind.DONATION,
)


def economy_by_month(
    *, end: Month, months: int = 12, settings: ImpactSettings | None = None
) -> dict:
    """The window's months, oldest first, zeros kept, with their totals.

    Three queries: settings, orders grouped by month, the fund's month sums
    (``ledger.FundMonth``).
    """
    window = months_ending(end, months)
    start, stop = window[0].start, window[-1].end
    rate = (settings or impact_settings()).leader_margin_percent
    orders = {
        month_of(row["month"]).key: row
        for row in sold_orders()
        .filter(submitted_at__gte=start, submitted_at__lt=stop)
        .annotate(month=TruncMonth("submitted_at", tzinfo=JAKARTA))
        .values("month")
        .annotate(
            orders=Count("pk"),
            goods=money("goods_total"),
            member_prices=money(F("goods_total") - F("shipping_fee")),
            profit=money("profit"),
            charity_share=money("charity_share"),
        )
        .order_by()
    }
    # The fund's Jakarta-month sums (kept by the database with every entry):
    # the window is whole Jakarta months, so no fund entry is read.
    fund = {
        month_of(row["month"]).key: row
        for row in FundMonth.objects.filter(
            month__gte=window[0].first_day, month__lte=window[-1].first_day
        )
        .values("month")
        .annotate(
            collected=money("amount", filter=Q(kind__in=FUND_INCOME)),
            paid_out=money("amount", filter=Q(kind=FundEntry.Kind.DISBURSEMENT)),
        )
        .order_by()
    }
    rows = []
    for month in window:
        order_row = orders.get(month.key, {})
        fund_row = fund.get(month.key, {})
        member_prices = int(order_row.get("member_prices") or 0)
        rows.append(
            {
                "month": month,
                "key": month.key,
                "orders": int(order_row.get("orders") or 0),
                "goods_value": int(order_row.get("goods") or 0),
                "member_profit": int(order_row.get("profit") or 0),
                "leader_margin": percent_of(member_prices, rate) if rate else None,
                "charity_share": int(order_row.get("charity_share") or 0),
                "charity_collected": int(fund_row.get("collected") or 0),
                "charity_paid_out": -int(fund_row.get("paid_out") or 0),
            }
        )
    totals = {
        key: sum(row[key] or 0 for row in rows)
        for key in (
            "orders",
            "goods_value",
            "member_profit",
            "charity_share",
            "charity_collected",
            "charity_paid_out",
        )
    }
    totals["leader_margin"] = (
        sum(row["leader_margin"] for row in rows) if rate else None
    )
    return {"start": window[0], "end": end, "months": rows, "totals": totals}


def top_categories(*, end: Month, months: int = 12, limit: int = 5) -> list[dict]:
    """The window's categories by member price of the goods sold (one query)."""
    window = months_ending(end, months)
    # No COUNT(DISTINCT order): over a year of lines its sort was most of
    # the query's time; items and value say enough.
    rows = (
        OrderLine.objects.filter(
            order__status__in=SOLD_STATUSES,
            order__submitted_at__gte=window[0].start,
            order__submitted_at__lt=window[-1].end,
        )
        .values("variant__product__category_id", "variant__product__category__name")
        .annotate(
            units=money("quantity"),
            goods_value=money(F("unit_base_price") * F("quantity")),
            profit=money((F("sale_price") - F("unit_base_price")) * F("quantity")),
        )
        .order_by("-goods_value", "variant__product__category__name")[:limit]
    )
    return [
        {
            "category": row["variant__product__category__name"],
            "quantity": int(row["units"] or 0),
            "goods_value": int(row["goods_value"] or 0),
            "margin": int(row["profit"] or 0),
        }
        for row in rows
    ]


def top_marketplaces(*, end: Month, months: int = 12) -> list[dict]:
    """The window's marketplaces by orders, with goods value and profit."""
    window = months_ending(end, months)
    labels = dict(Marketplace.choices)
    rows = (
        sold_orders()
        .filter(submitted_at__gte=window[0].start, submitted_at__lt=window[-1].end)
        .values("shop__marketplace")
        .annotate(
            orders=Count("pk"),
            goods_value=money("goods_total"),
            profit=money("profit"),
        )
        .order_by("-orders", "-goods_value", "shop__marketplace")
    )
    return [
        {
            "marketplace": row["shop__marketplace"],
            "label": str(labels.get(row["shop__marketplace"], "")),
            "orders": int(row["orders"]),
            "goods_value": int(row["goods_value"] or 0),
            "profit": int(row["profit"] or 0),
        }
        for row in rows
    ]
