"""What the leader must watch: quiet members, open settlements, low stock and
stalled trainees. Each is a fixed number of queries whatever the row count."""

import datetime

from django.conf import settings
from django.db.models import BigIntegerField, Count, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from catalog.selectors import low_stock_list
from community.models import Member
from insights.periods import Month
from insights.selectors import SOLD_STATUSES
from settlements.models import Settlement
from training.models import Enrollment

INACTIVE_DAYS_DEFAULT = 30


def inactive_days() -> int:
    """Days without a sale after which a member counts as inactive."""
    return int(getattr(settings, "KONGSI_INACTIVE_DAYS", INACTIVE_DAYS_DEFAULT))


def _month(month: Month) -> Q:
    return Q(orders__submitted_at__gte=month.start, orders__submitted_at__lt=month.end)


def open_settlements(member: Member | None = None) -> dict:
    """Count, total due and the oldest of the open settlements (one query)."""
    settlements = Settlement.objects.filter(status__in=Settlement.OPEN_STATUSES)
    if member is not None:
        settlements = settlements.filter(member=member)
    figures = settlements.aggregate(
        count=Count("pk"),
        total=Sum("amount_due", output_field=BigIntegerField()),
        oldest=Min("created_at"),
    )
    oldest = figures["oldest"]
    return {
        "count": int(figures["count"]),
        "total": int(figures["total"] or 0),
        "oldest": oldest,
        "oldest_days": (timezone.now() - oldest).days if oldest else None,
    }


def _activity_queryset(month: Month) -> QuerySet[Member]:
    sold = Q(orders__status__in=SOLD_STATUSES)
    in_month = sold & _month(month)
    return Member.objects.annotate(
        month_orders=Count("orders", filter=in_month),
        month_profit=Sum(
            "orders__profit", filter=in_month, output_field=BigIntegerField()
        ),
        last_sale_at=Max("orders__submitted_at", filter=sold),
    )


def member_activity(*, month: Month, limit: int = 30) -> dict:
    """Members by the month's orders, with the quiet ones marked inactive.

    A member is inactive when their last sale is older than ``inactive_days()``
    (or they never sold). Two queries: the list and the counts.
    """
    cutoff = timezone.now() - datetime.timedelta(days=inactive_days())
    quiet = Q(last_sale_at__isnull=True) | Q(last_sale_at__lt=cutoff)
    members = list(
        _activity_queryset(month)
        .select_related("user")
        .order_by("-month_orders", "-last_sale_at", "full_name", "pk")[:limit]
    )
    for row in members:
        row.is_quiet = row.last_sale_at is None or row.last_sale_at < cutoff
        row.month_profit = int(row.month_profit or 0)
    counts = _activity_queryset(month).aggregate(
        total=Count("pk"), inactive=Count("pk", filter=quiet)
    )
    return {
        "members": members,
        "total": int(counts["total"]),
        "inactive": int(counts["inactive"]),
        "inactive_days": inactive_days(),
        "cutoff": cutoff,
    }


def low_stock(limit: int = 8) -> dict:
    """Active variants at or below ``KONGSI_LOW_STOCK``: the count and the emptiest."""
    queryset = low_stock_list()
    return {
        "threshold": settings.KONGSI_LOW_STOCK,
        "count": queryset.count(),
        "variants": list(queryset[:limit]),
    }


def stalled_trainees(limit: int = 8) -> dict:
    """Unfinished enrolments quiet for more than ``KONGSI_STALLED_DAYS``."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.KONGSI_STALLED_DAYS)
    queryset = Enrollment.objects.filter(
        completed_at__isnull=True, last_activity_at__lt=cutoff
    )
    enrollments = list(
        queryset.select_related("trainee", "mentor").order_by("last_activity_at", "pk")[
            :limit
        ]
    )
    now = timezone.now()
    for enrollment in enrollments:
        enrollment.quiet_days = (now - enrollment.last_activity_at).days
    return {
        "days": settings.KONGSI_STALLED_DAYS,
        "cutoff": cutoff,
        "count": queryset.count(),
        "enrollments": enrollments,
    }
