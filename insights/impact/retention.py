"""Who stays: join-month cohorts, the training funnel and the median days per
stage.

Cohorts count members by the month they joined (``Member.joined_on``); a member
is "still selling after N months" when they have a sold order in the N-th
month after their join month (join month + N, Jakarta time). A month that has
not begun yet shows nothing (``None``), not zero.
"""

import statistics

from django.db.models import Count, Max
from django.db.models.functions import TruncMonth

from community.models import Member
from insights.impact.months import month_add, month_of, months_ending, percent
from insights.periods import JAKARTA, Month
from insights.selectors import sold_orders
from training.models import ChecklistItem, Enrollment, ItemCheck, Stage

OFFSETS = (1, 3, 6)


def cohort_retention(
    *, end: Month, cohorts: int = 12, offsets: tuple[int, ...] = OFFSETS
) -> list[dict]:
    """One row per join month (oldest first): size, and still selling after N.

    Two queries: cohort sizes, and distinct sellers per (join month, sale
    month) — grouped in the database, at most cohorts × months rows.
    """
    window = months_ending(end, cohorts)
    first, last = window[0], window[-1]
    current = Month.current()
    sizes = {
        month_of(row["cohort"]).key: row["size"]
        for row in Member.objects.filter(
            joined_on__gte=first.first_day, joined_on__lt=last.next.first_day
        )
        .annotate(cohort=TruncMonth("joined_on"))
        .values("cohort")
        .annotate(size=Count("pk"))
        .order_by()
    }
    latest_sale_month = month_add(last, max(offsets))
    sellers: dict[tuple[str, str], int] = {}
    rows = (
        sold_orders()
        .filter(
            member__joined_on__gte=first.first_day,
            member__joined_on__lt=last.next.first_day,
            submitted_at__gte=month_add(first, min(offsets)).start,
            submitted_at__lt=latest_sale_month.end,
        )
        .annotate(
            cohort=TruncMonth("member__joined_on"),
            sale_month=TruncMonth("submitted_at", tzinfo=JAKARTA),
        )
        .values("cohort", "sale_month")
        .annotate(sellers=Count("member", distinct=True))
        .order_by()
    )
    for row in rows:
        key = (month_of(row["cohort"]).key, month_of(row["sale_month"]).key)
        sellers[key] = row["sellers"]
    result = []
    for cohort in window:
        size = sizes.get(cohort.key, 0)
        after = {}
        for offset in offsets:
            target = month_add(cohort, offset)
            if (target.year, target.month) > (current.year, current.month):
                after[offset] = None
                continue
            count = sellers.get((cohort.key, target.key), 0)
            after[offset] = {"count": count, "percent": percent(count, size)}
        result.append(
            {"cohort": cohort, "key": cohort.key, "size": size, "after": after}
        )
    return result


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def stage_funnel() -> dict:
    """How many learners reached each stage and how long they stayed in it.

    A stage is finished when every one of its items has an active tick; the
    day it finished is its last tick (never before the stage before it
    finished, as an automatic item may tick early). Days in a stage run from
    the day the stage before finished (stage 1: the enrolment's start) to the
    day it finished; the median is over the learners who finished it.
    Four queries: stages, item counts, the enrolments and the grouped ticks.
    """
    stages = list(Stage.objects.order_by("position").values("pk", "code", "title"))
    item_counts = dict(
        ChecklistItem.objects.values("stage_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("stage_id", "count")
    )
    enrollments = {
        row["pk"]: row
        for row in Enrollment.objects.order_by().values(
            "pk", "started_at", "completed_at"
        )
    }
    ticks: dict[int, dict[int, tuple[int, object]]] = {}
    for row in (
        ItemCheck.objects.filter(unchecked_at__isnull=True)
        .values("enrollment_id", "item__stage_id")
        .annotate(done=Count("item", distinct=True), last=Max("checked_at"))
        .order_by()
    ):
        ticks.setdefault(row["enrollment_id"], {})[row["item__stage_id"]] = (
            row["done"],
            row["last"],
        )
    reached = [0] * len(stages)
    finished = [0] * len(stages)
    durations: list[list[float]] = [[] for _ in stages]
    independent = 0
    for pk, enrollment in enrollments.items():
        previous_end = enrollment["started_at"]
        if enrollment["completed_at"] is not None:
            independent += 1
        for index, stage in enumerate(stages):
            reached[index] += 1
            done, last = ticks.get(pk, {}).get(stage["pk"], (0, None))
            needed = item_counts.get(stage["pk"], 0)
            if last is None or done < needed:
                break
            end = max(last, previous_end)
            finished[index] += 1
            durations[index].append((end - previous_end).total_seconds() / 86400)
            previous_end = end
    total = len(enrollments)
    return {
        "enrolled": total,
        "independent": independent,
        "independent_percent": percent(independent, total),
        "stages": [
            {
                "code": stage["code"],
                "title": stage["title"],
                "reached": reached[index],
                "finished": finished[index],
                "reached_percent": percent(reached[index], total),
                "median_days": _median(durations[index]),
            }
            for index, stage in enumerate(stages)
        ],
    }
