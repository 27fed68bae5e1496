"""The turnover helper: each member's gross sales in a year against the
small-business tax threshold (PP 55/2022: an individual's first Rp 500 juta a
year is free, above it 0,5 % final tax on the gross).

Gross (omzet) is what buyers paid for the goods: Σ sale price × quantity of
the member's sold orders submitted in the Jakarta calendar year. It is read
from the orders alone, without their lines: ``orders.money`` stores
goods total = Σ base × quantity + shipping and profit = Σ (sale − base) ×
quantity − marketplace fee, so Σ sale × quantity = profit + marketplace fee +
goods total − shipping (a year of orders instead of a year of lines joined
to them; ``audit_money`` checks the stored figures).
"""

from django.db.models import F, QuerySet

from community.models import Member
from community.money import percent_of
from insights.impact.config import impact_settings
from insights.impact.months import money, percent
from insights.models import ImpactSettings
from insights.periods import Month, start_of_day
from insights.selectors import sold_orders

OK, NEAR, OVER = "ok", "near", "over"


def _year_bounds(year: int):
    return start_of_day(Month(year, 1).first_day), start_of_day(
        Month(year + 1, 1).first_day
    )


def turnover_against_threshold(
    *,
    year: int,
    visible: QuerySet[Member] | None = None,
    settings: ImpactSettings | None = None,
    community: bool = True,
) -> dict:
    """Members near or over the threshold (counts) and ``visible``'s own rows.

    ``level`` is ``over`` at 100 % of the threshold or more, ``near`` from
    ``tax_warning_percent`` (default 80 %), else ``ok``. ``tax`` is the final
    tax on the part above the threshold. Three queries: settings, gross per
    member, the visible members. ``community=False``: ``near`` and ``over``
    count ``visible`` alone, and only their orders are summed.
    """
    config = settings or impact_settings()
    threshold = int(config.tax_threshold)
    warn = int(config.tax_warning_percent)
    start, end = _year_bounds(year)
    orders = sold_orders()
    if not community:
        orders = orders.filter(
            member__in=visible if visible is not None else Member.objects.none()
        )
    gross = dict(
        orders.filter(submitted_at__gte=start, submitted_at__lt=end)
        .values("member_id")
        .annotate(
            gross=money(
                F("profit")
                + F("marketplace_fee")
                + F("goods_total")
                - F("shipping_fee")
            )
        )
        .order_by()
        .values_list("member_id", "gross")
    )

    def level_of(amount: int) -> str:
        if threshold and amount >= threshold:
            return OVER
        if threshold and amount * 100 >= threshold * warn:
            return NEAR
        return OK

    counts = {OK: 0, NEAR: 0, OVER: 0}
    for amount in gross.values():
        counts[level_of(int(amount or 0))] += 1
    members = []
    if visible is not None:
        for member in visible.order_by("full_name", "pk").only("pk", "full_name"):
            amount = int(gross.get(member.pk) or 0)
            members.append(
                {
                    "member": member,
                    "member_id": member.pk,
                    "name": member.full_name,
                    "gross": amount,
                    "percent": percent(amount, threshold),
                    "level": level_of(amount),
                    "left": max(threshold - amount, 0),
                    "tax": percent_of(
                        max(amount - threshold, 0), config.tax_rate_percent
                    ),
                }
            )
    return {
        "year": year,
        "threshold": threshold,
        "rate_percent": config.tax_rate_percent,
        "warning_percent": warn,
        "near": counts[NEAR],
        "over": counts[OVER],
        "members": members,
    }
