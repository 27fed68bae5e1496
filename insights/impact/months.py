"""Month windows and the helpers every impact selector shares."""

import datetime

from django.db.models import BigIntegerField, Sum

from insights.periods import JAKARTA, Month


def months_ending(end: Month, count: int) -> list[Month]:
    """``count`` months up to and including ``end``, oldest first."""
    months = [end]
    while len(months) < count:
        months.append(months[-1].previous)
    return list(reversed(months))


def month_add(month: Month, offset: int) -> Month:
    index = month.year * 12 + (month.month - 1) + offset
    return Month(index // 12, index % 12 + 1)


def month_of(value) -> Month:
    """The Jakarta month of a date, a datetime or a truncated month value."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(JAKARTA)
        return Month(value.year, value.month)
    return Month(value.year, value.month)


def money(expression, **extra) -> Sum:
    return Sum(expression, output_field=BigIntegerField(), **extra)


def percent(part: int, whole: int) -> int | None:
    """``part`` as a whole percent of ``whole`` (floor); None when whole is 0."""
    if not whole:
        return None
    return part * 100 // whole


def default_end_month() -> Month:
    """The last complete month: a report should not change while you read it."""
    return Month.current().previous
