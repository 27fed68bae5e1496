"""Server-rendered SVG bar charts for the impact page (no JS, no CDN; colours
from CSS classes because the CSP forbids inline styles)."""

from insights.charts import _n

WIDTH = 340
HEIGHT = 140
LABEL_HEIGHT = 16


def month_bars(
    rows: list[dict], series: list[tuple[str, int]], *, label_key: str = "key"
) -> dict:
    """Grouped bars per month: ``series`` = [(row key, colour index)].

    Values below zero are drawn as zero (the table beside shows the figure).
    """
    count = max(len(rows), 1)
    group = (WIDTH - 4) / count
    bar = max(group / (len(series) + 1), 1)
    tallest = max(
        (max(int(row.get(key) or 0), 0) for row in rows for key, _c in series),
        default=0,
    )
    tallest = tallest or 1
    plot = HEIGHT - LABEL_HEIGHT
    bars, labels = [], []
    for index, row in enumerate(rows):
        x0 = 2 + index * group
        for position, (key, colour) in enumerate(series):
            value = max(int(row.get(key) or 0), 0)
            height = round(plot * value / tallest, 1)
            bars.append(
                {
                    "x": _n(x0 + bar * (position + 0.5)),
                    "y": _n(plot - height),
                    "width": _n(bar),
                    "height": _n(height),
                    "colour": colour,
                    "title": f"{row[label_key]}: {value}",
                }
            )
        labels.append({"x": _n(x0 + group / 2), "text": str(row[label_key])[5:]})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "label_y": HEIGHT - 3,
        "bars": bars,
        "labels": labels,
    }
