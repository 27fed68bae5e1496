"""Months and date ranges in Jakarta time.

Every figure is bucketed by the wall clock in Asia/Jakarta: an order logged at
23:30 WIB on 31 January (16:30 UTC) belongs to January, one at 00:30 WIB on
1 February (17:30 UTC on 31 January) to February. Filtering on aware datetime
bounds built here keeps that rule in the database, on every backend.
"""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community.errors import KongsiError

JAKARTA = ZoneInfo("Asia/Jakarta")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def jakarta_now() -> datetime.datetime:
    return timezone.now().astimezone(JAKARTA)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Return midnight of ``day`` in Jakarta as an aware datetime."""
    return datetime.datetime(day.year, day.month, day.day, tzinfo=JAKARTA)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def current(cls) -> "Month":
        now = jakarta_now()
        return cls(now.year, now.month)

    @classmethod
    def parse(cls, value: str | None) -> "Month":
        """Return the month of ``YYYY-MM``; the current month when empty."""
        if value in (None, ""):
            return cls.current()
        match = MONTH_PATTERN.match(str(value).strip())
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return cls(year, month)
        raise KongsiError(
            _("Write the month as YYYY-MM, for example 2026-01."), field="month"
        )

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def start(self) -> datetime.datetime:
        """Midnight of the 1st in Jakarta (aware)."""
        return start_of_day(self.first_day)

    @property
    def end(self) -> datetime.datetime:
        """Midnight of the 1st of the next month in Jakarta (exclusive bound)."""
        return self.next.start

    @property
    def previous(self) -> "Month":
        if self.month == 1:
            return Month(self.year - 1, 12)
        return Month(self.year, self.month - 1)

    @property
    def next(self) -> "Month":
        if self.month == 12:
            return Month(self.year + 1, 1)
        return Month(self.year, self.month + 1)

    @property
    def label(self) -> str:
        return formats.date_format(self.first_day, "F Y")

    def __str__(self) -> str:
        return self.key


def parse_date(value: str | None, *, field: str) -> datetime.date | None:
    """Return the date of ``YYYY-MM-DD`` (None when empty); 400 when unreadable."""
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise KongsiError(
            _("Write the date as YYYY-MM-DD, for example 2026-01-31."), field=field
        ) from None


def date_bounds(
    date_from: datetime.date | None, date_to: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """Aware [start, end) bounds of the Jakarta days ``date_from``..``date_to``."""
    if date_from and date_to and date_from > date_to:
        raise KongsiError(
            _("The start date must not be after the end date."), field="date_from"
        )
    start = start_of_day(date_from) if date_from else None
    end = start_of_day(date_to + datetime.timedelta(days=1)) if date_to else None
    return start, end


def week_starts(count: int = 12) -> list[datetime.date]:
    """Mondays (Jakarta) of the last ``count`` weeks, oldest first, this week last."""
    today = jakarta_now().date()
    this_monday = today - datetime.timedelta(days=today.weekday())
    return [
        this_monday - datetime.timedelta(weeks=offset)
        for offset in range(count - 1, -1, -1)
    ]
