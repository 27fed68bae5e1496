"""Read queries of the training app used by pages, the API and the panel."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from community.models import Member
from community.roles import is_leader
from community.selectors import member_for_user
from orders.selectors import sold_lines
from training.models import (
    ChecklistItem,
    CompetitorPrice,
    Enrollment,
    GlossaryTerm,
    ItemCheck,
    PromoSlot,
    Stage,
)


def stage_list(*, with_terms: bool = True) -> list[Stage]:
    """Stages in order, each with its items (and their glossary terms)."""
    items = ChecklistItem.objects.order_by("position", "pk")
    if with_terms:
        items = items.prefetch_related("terms")
    return list(
        Stage.objects.order_by("position").prefetch_related(
            Prefetch("items", queryset=items)
        )
    )


def _active_checks() -> Prefetch:
    return Prefetch(
        "checks",
        queryset=ItemCheck.objects.filter(unchecked_at__isnull=True).select_related(
            "checked_by"
        ),
        to_attr="active_checks",
    )


def enrollment_queryset() -> QuerySet[Enrollment]:
    return Enrollment.objects.select_related(
        "trainee__user", "mentor"
    ).prefetch_related(_active_checks())


def enrollment_list_for(user) -> QuerySet[Enrollment]:
    """Enrolments the user may see: own, own trainees'; the leader sees all."""
    queryset = enrollment_queryset()
    if is_leader(user):
        return queryset
    member = member_for_user(user)
    if member is None:
        return queryset.none()
    return queryset.filter(Q(trainee=member) | Q(mentor=member))


def enrollment_get_for(user, pk: int) -> Enrollment:
    """One visible enrolment, or 404 (also when it is someone else's)."""
    return get_object_or_404(enrollment_list_for(user), pk=pk)


def enrollment_of(member: Member) -> Enrollment | None:
    return enrollment_queryset().filter(trainee=member).first()


def mentor_enrollments(member: Member) -> QuerySet[Enrollment]:
    """The mentor's trainees: unfinished first, the longest-quiet on top."""
    return (
        enrollment_queryset()
        .filter(mentor=member)
        .order_by("completed_at", "last_activity_at", "pk")
    )


@dataclass
class ItemState:
    item: ChecklistItem
    check: ItemCheck | None

    @property
    def done(self) -> bool:
        return self.check is not None


@dataclass
class StageState:
    stage: Stage
    items: list[ItemState]
    is_open: bool = False

    @property
    def done_count(self) -> int:
        return sum(1 for state in self.items if state.done)

    @property
    def complete(self) -> bool:
        return self.done_count == len(self.items)


@dataclass
class Progress:
    enrollment: Enrollment
    stages: list[StageState] = field(default_factory=list)
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        # Floor, so 100 % only shows when everything is really ticked.
        return self.done * 100 // self.total if self.total else 0

    @property
    def current_stage(self) -> Stage | None:
        for state in self.stages:
            if not state.complete:
                return state.stage
        return None

    @property
    def items(self) -> list[ItemState]:
        return [item for stage in self.stages for item in stage.items]

    @property
    def is_stalled(self) -> bool:
        if self.enrollment.completed_at is not None:
            return False
        return self.enrollment.last_activity_at < stalled_before()

    @property
    def quiet_days(self) -> int:
        return (timezone.now() - self.enrollment.last_activity_at).days


def stalled_before() -> datetime.datetime:
    """An unfinished enrolment quiet since before this moment is stalled."""
    return timezone.now() - datetime.timedelta(days=settings.KONGSI_STALLED_DAYS)


def mentor_counts(member: Member) -> dict[str, int]:
    """How many unfinished trainees the mentor guides, and how many stalled."""
    unfinished = Q(completed_at__isnull=True)
    return Enrollment.objects.filter(mentor=member).aggregate(
        trainees=Count("pk", filter=unfinished),
        stalled=Count(
            "pk", filter=unfinished & Q(last_activity_at__lt=stalled_before())
        ),
    )


def progress_of(enrollment: Enrollment, stages: list[Stage]) -> Progress:
    """Work out each stage's state from the prefetched active checks.

    ``stages`` comes from ``stage_list()`` (fetched once per page, whatever the
    number of trainees); the enrolment from ``enrollment_queryset()``.
    """
    checks = getattr(enrollment, "active_checks", None)
    if checks is None:
        checks = list(
            enrollment.checks.filter(unchecked_at__isnull=True).select_related(
                "checked_by"
            )
        )
    by_item = {check.item_id: check for check in checks}
    progress = Progress(enrollment=enrollment)
    earlier_complete = True
    for stage in stages:
        states = [ItemState(item, by_item.get(item.pk)) for item in stage.items.all()]
        stage_state = StageState(stage=stage, items=states, is_open=earlier_complete)
        progress.stages.append(stage_state)
        progress.done += stage_state.done_count
        progress.total += len(states)
        earlier_complete = earlier_complete and stage_state.complete
    return progress


def check_history(enrollment: Enrollment) -> QuerySet[ItemCheck]:
    return enrollment.checks.select_related(
        "item", "checked_by", "unchecked_by"
    ).order_by("-checked_at", "-pk")


def check_get_for(user, pk: int) -> ItemCheck:
    """A check whose enrolment the user may see (for its evidence photo)."""
    visible = enrollment_list_for(user).values("pk")
    return get_object_or_404(
        ItemCheck.objects.select_related("enrollment"),
        pk=pk,
        enrollment__in=visible,
    )


def glossary_search(query: str = "") -> QuerySet[GlossaryTerm]:
    queryset = GlossaryTerm.objects.all()
    query = (query or "").strip()
    if query:
        queryset = queryset.filter(
            Q(term__icontains=query)
            | Q(also_known_as__icontains=query)
            | Q(meaning__icontains=query)
        )
    return queryset


def promo_slots_for_week(
    member: Member, start: datetime.date
) -> list[tuple[datetime.date, list[PromoSlot]]]:
    """The member's slots of the 7 days from ``start``, grouped by local day."""
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    end = begin + datetime.timedelta(days=7)
    slots = PromoSlot.objects.filter(
        member=member, starts_at__lt=end, ends_at__gt=begin
    ).select_related("shop")
    days = [start + datetime.timedelta(days=offset) for offset in range(7)]
    grouped: dict[datetime.date, list[PromoSlot]] = {day: [] for day in days}
    for slot in slots:
        day = timezone.localtime(slot.starts_at).date()
        grouped.setdefault(max(day, start), []).append(slot)
    return [(day, grouped[day]) for day in days]


def competitor_prices_for(member: Member, category, *, limit: int = 50) -> list:
    """The member's own competitor prices for a category, newest first."""
    return list(
        CompetitorPrice.objects.filter(member=member, category=category)[:limit]
    )


# Segmentation -----------------------------------------------------------------

PRICE_BANDS = [0, 25_000, 50_000, 100_000, 200_000, 500_000]


def segmentation_for_category(category_id: int) -> dict:
    """How the community's order lines in a category spread over marketplaces
    and price bands. Counts only: no member, shop or buyer is named."""
    result = {"lines": 0, "by_marketplace": [], "by_price": []}
    lines = sold_lines().filter(variant__product__category_id=category_id)
    by_marketplace = (
        lines.values("order__shop__marketplace")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )
    band_filters = {}
    bounds = [*PRICE_BANDS, None]
    for index in range(len(PRICE_BANDS)):
        lower, upper = bounds[index], bounds[index + 1]
        condition = Q(sale_price__gte=lower)
        if upper is not None:
            condition &= Q(sale_price__lt=upper)
        band_filters[f"band_{index}"] = Count("pk", filter=condition)
    band_counts = lines.aggregate(total=Count("pk"), **band_filters)
    result["lines"] = band_counts.pop("total") or 0
    from community.models import Marketplace

    labels = dict(Marketplace.choices)
    result["by_marketplace"] = [
        {
            "marketplace": labels.get(row["order__shop__marketplace"], "?"),
            "count": row["count"],
        }
        for row in by_marketplace
    ]
    result["by_price"] = [
        {
            "lower": bounds[index],
            "upper": bounds[index + 1],
            "count": band_counts[f"band_{index}"] or 0,
        }
        for index in range(len(PRICE_BANDS))
    ]
    top = max([row["count"] for row in result["by_price"]] + [1])
    for row in result["by_price"]:
        row["share"] = row["count"] * 100 // top
    top = max([row["count"] for row in result["by_marketplace"]] + [1])
    for row in result["by_marketplace"]:
        row["share"] = row["count"] * 100 // top
    return result
