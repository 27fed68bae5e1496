"""A server-rendered SVG bar chart of money collected per month (no JS, no CDN)."""

from datetime import date

from django.utils import formats

from community.money import format_rupiah

WIDTH = 340
HEIGHT = 180
TOP = 14
BOTTOM = 30  # room for the month labels
LEFT = 4


def _num(value: float) -> str:
    """An SVG coordinate: dot decimal, one digit."""
    return f"{value:.1f}"


def last_months(today: date, count: int = 12) -> list[str]:
    """``YYYY-MM`` keys of the ``count`` months ending with ``today``'s month."""
    year, month = today.year, today.month
    keys = []
    for _index in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(keys))


def month_label(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return formats.date_format(date(year, month, 1), "M")


def bar_chart(
    by_month: list[dict], months: list[str], field: str = "collected"
) -> dict:
    """Geometry of one bar per month, scaled to the tallest bar."""
    values = {row["month"]: int(row[field]) for row in by_month}
    amounts = [max(values.get(key, 0), 0) for key in months]
    tallest = max(amounts) if amounts and max(amounts) > 0 else 1
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT * 2) / max(len(months), 1)
    bar_width = round(slot * 0.7, 1)
    bars = []
    for index, (key, amount) in enumerate(zip(months, amounts, strict=True)):
        height = round(plot_height * amount / tallest, 1)
        if amount > 0 and height < 2:
            height = 2
        x = round(LEFT + index * slot + (slot - bar_width) / 2, 1)
        bars.append(
            {
                "month": key,
                "label": month_label(key),
                "amount": amount,
                "amount_text": format_rupiah(amount),
                # Strings, so templates never localize them ("12,5" breaks SVG).
                "x": _num(x),
                "y": _num(TOP + plot_height - height),
                "width": _num(bar_width),
                "height": _num(height),
                "label_x": _num(x + bar_width / 2),
                "label_y": _num(HEIGHT - BOTTOM + 16),
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": TOP + plot_height,
        "bars": bars,
        "max_text": format_rupiah(tallest if max(amounts or [0]) > 0 else 0),
    }
