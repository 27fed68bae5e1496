"""Learners at risk: no sale or no training progress for N days.

N is ``ImpactSettings.at_risk_days`` (default 14). Days are Jakarta calendar
days: a learner whose last sale was on the 1st is quiet for 14 days on the
15th, and at risk from that day on (quiet days ≥ N). A learner who never sold
counts from the day they started learning. Each one comes with a suggested
next step and a WhatsApp message the mentor can send as it is.
"""

import datetime

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from community.models import Member
from community.phone import whatsapp_link
from insights.impact.config import impact_settings
from insights.models import ImpactSettings
from insights.periods import JAKARTA, jakarta_now
from insights.selectors import SOLD_STATUSES
from orders.models import Order
from training.models import Enrollment, ItemCheck
from training.selectors import progress_of, stage_list


def _day(value: datetime.datetime) -> datetime.date:
    return value.astimezone(JAKARTA).date()


def _last_sale() -> Subquery:
    return Subquery(
        Order.objects.filter(
            member=OuterRef("trainee_id"),
            status__in=SOLD_STATUSES,
            submitted_at__isnull=False,
        )
        .order_by("-submitted_at")
        .values("submitted_at")[:1]
    )


def _suggestion(*, no_sale: bool, no_progress: bool, next_item) -> str:
    if no_progress and next_item is not None:
        return _("Meet and do the next step together: %(step)s") % {
            "step": next_item.title
        }
    if no_sale:
        return _(
            "Help them list one best-selling product with good photos and a promo."
        )
    return _("Call them and ask what is getting in the way.")


def _message(*, name: str, mentor: str, no_sale: bool, next_item) -> str:
    greeting = _("Assalamualaikum %(name)s, this is %(mentor)s.") % {
        "name": name,
        "mentor": mentor,
    }
    if next_item is not None:
        body = _(
            "How are you? Shall we continue learning together? "
            "The next step is: %(step)s. When do you have time this week?"
        ) % {"step": next_item.title}
    elif no_sale:
        body = _(
            "How is your shop? Shall we pick one product together and set up a "
            "promo? When do you have time this week?"
        )
    else:
        body = _("How are you? When can we meet this week?")
    return f"{greeting} {body}"


def trainees_at_risk(
    *,
    mentor: Member | None = None,
    days: int | None = None,
    limit: int = 50,
    settings: ImpactSettings | None = None,
) -> dict:
    """Unfinished learners quiet for ``days`` or more, longest-quiet first.

    ``mentor=None`` lists everyone's (the leader); a mentor gets only their
    own trainees. A fixed number of queries: settings, the stages with their
    items, the enrolments (with the last sale as a subquery) and their ticks.
    """
    if days is None:
        days = (settings or impact_settings()).at_risk_days
    today = jakarta_now().date()
    # At risk when the last day of activity is on or before this day.
    cutoff_day = today - datetime.timedelta(days=days)
    cutoff = datetime.datetime(
        cutoff_day.year, cutoff_day.month, cutoff_day.day, tzinfo=JAKARTA
    ) + datetime.timedelta(days=1)
    queryset = (
        Enrollment.objects.select_related("trainee__user", "mentor")
        .filter(completed_at__isnull=True)
        .annotate(last_sale_at=_last_sale())
        .filter(
            Q(last_activity_at__lt=cutoff)
            | Q(last_sale_at__lt=cutoff)
            | Q(last_sale_at__isnull=True, started_at__lt=cutoff)
        )
        .order_by("last_activity_at", "pk")
    )
    if mentor is not None:
        queryset = queryset.filter(mentor=mentor)
    listed = queryset[:limit]
    enrollments: list[Enrollment] = list(listed)
    # The listed learners' active ticks in one query that runs even when none
    # is listed (a prefetch would skip it), so the page's query count is the
    # same for a mentor with and without learners at risk.
    checks: dict[int, list[ItemCheck]] = {}
    for check in ItemCheck.objects.filter(
        unchecked_at__isnull=True,
        enrollment__in=Subquery(listed.values("pk")),
    ):
        checks.setdefault(check.enrollment_id, []).append(check)
    for enrollment in enrollments:
        enrollment.active_checks = checks.get(enrollment.pk, [])
    stages = stage_list(with_terms=False)
    rows = []
    for enrollment in enrollments:
        trainee = enrollment.trainee
        progress_day = _day(enrollment.last_activity_at)
        sale_day = _day(enrollment.last_sale_at or enrollment.started_at)
        quiet_progress = (today - progress_day).days
        quiet_sale = (today - sale_day).days
        no_progress = quiet_progress >= days
        no_sale = quiet_sale >= days
        progress = progress_of(enrollment, stages)
        next_item = next(
            (
                state.item
                for state in progress.items
                if not state.done and not state.item.auto
            ),
            None,
        )
        mentor_name = enrollment.mentor.full_name if enrollment.mentor else ""
        message = _message(
            name=trainee.full_name,
            mentor=mentor_name or _("your mentor"),
            no_sale=no_sale,
            next_item=next_item if no_progress else None,
        )
        rows.append(
            {
                "enrollment": enrollment,
                "trainee": trainee,
                "mentor": enrollment.mentor,
                "stage": progress.current_stage,
                "percent": progress.percent,
                "last_sale_at": enrollment.last_sale_at,
                "never_sold": enrollment.last_sale_at is None,
                "days_without_sale": quiet_sale,
                "days_without_progress": quiet_progress,
                "no_sale": no_sale,
                "no_progress": no_progress,
                "suggestion": _suggestion(
                    no_sale=no_sale, no_progress=no_progress, next_item=next_item
                ),
                "message": message,
                "whatsapp_url": whatsapp_link(trainee.phone, message),
            }
        )
    return {"days": days, "rows": rows, "count": len(rows)}
