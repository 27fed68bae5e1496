"""Server-rendered SVG charts: plain geometry for the templates (no JS, no CDN).

The CSP forbids inline styles, so colours come from CSS classes
(``static/css/insights.css``) and sizes from SVG attributes.
"""

from community.money import format_rupiah

WIDTH = 340
LABEL_WIDTH = 92
ROW_HEIGHT = 30
BAR_HEIGHT = 18
PALETTE_SIZE = 6  # colour classes insights-seg-0 … insights-seg-5 (5 = others)


def _n(value: float) -> str:
    """A coordinate as text with a dot: templates would localise a float to "92,0"
    in Indonesian, which SVG cannot read."""
    return f"{round(float(value), 1):g}"


def marketplace_category_chart(rows: list[dict], max_categories: int = 5) -> dict:
    """A stacked bar per marketplace, one coloured segment per category.

    ``rows`` come from ``sales_by_marketplace_category`` (already grouped in the
    database; at most marketplaces × categories of them). The biggest
    ``max_categories`` categories get their own colour, the rest share one.
    """
    category_totals: dict = {}
    marketplace_totals: dict = {}
    labels: dict = {}
    for row in rows:
        category_totals[row["category_id"]] = (
            category_totals.get(row["category_id"], 0) + row["goods_value"]
        )
        marketplace_totals[row["marketplace"]] = (
            marketplace_totals.get(row["marketplace"], 0) + row["goods_value"]
        )
        labels[row["marketplace"]] = row["marketplace_label"]
    ranked = sorted(category_totals, key=lambda key: (-category_totals[key], key))
    colour_of = {key: index for index, key in enumerate(ranked[:max_categories])}
    names = {row["category_id"]: row["category"] for row in rows}
    legend = [
        {"name": names[key], "colour": colour_of[key], "total": category_totals[key]}
        for key in ranked[:max_categories]
    ]
    if len(ranked) > max_categories:
        legend.append(
            {
                "name": None,
                "colour": PALETTE_SIZE - 1,
                "total": sum(category_totals[key] for key in ranked[max_categories:]),
            }
        )
    order = sorted(marketplace_totals, key=lambda key: (-marketplace_totals[key], key))
    tallest = max(marketplace_totals.values(), default=0) or 1
    plot_width = WIDTH - LABEL_WIDTH - 4
    bars = []
    for index, marketplace in enumerate(order):
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        x = float(LABEL_WIDTH)
        segments = []
        parts = [row for row in rows if row["marketplace"] == marketplace]
        parts.sort(key=lambda row: colour_of.get(row["category_id"], PALETTE_SIZE))
        for part in parts:
            width = round(plot_width * part["goods_value"] / tallest, 1)
            if width <= 0:
                continue
            segments.append(
                {
                    "x": _n(x),
                    "width": _n(width),
                    "colour": colour_of.get(part["category_id"], PALETTE_SIZE - 1),
                    "title": f"{labels[marketplace]} · {part['category']}: "
                    f"{format_rupiah(part['goods_value'])}",
                }
            )
            x += width
        bars.append(
            {
                "label": labels[marketplace],
                "label_y": _n(y + BAR_HEIGHT / 2 + 4),
                "y": _n(y),
                "segments": segments,
                "total_text": format_rupiah(marketplace_totals[marketplace]),
            }
        )
    return {
        "width": WIDTH,
        "height": max(len(bars), 1) * ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
        "legend": legend,
    }


def sparkline(values: list[int], *, width: int = 300, height: int = 56) -> dict:
    """Points of a small line chart of ``values`` (oldest first)."""
    pad = 4
    count = len(values)
    if count == 0:
        return {"width": width, "height": height, "points": "", "last": None}
    low = min(min(values), 0)
    high = max(max(values), 0)
    span = (high - low) or 1
    step = (width - 2 * pad) / max(count - 1, 1)
    coordinates = [
        (
            round(pad + index * step, 1),
            round(pad + (height - 2 * pad) * (high - value) / span, 1),
        )
        for index, value in enumerate(values)
    ]
    zero_y = round(pad + (height - 2 * pad) * high / span, 1)
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{_n(x)},{_n(y)}" for x, y in coordinates),
        "area": f"{_n(coordinates[0][0])},{_n(zero_y)} "
        + " ".join(f"{_n(x)},{_n(y)}" for x, y in coordinates)
        + f" {_n(coordinates[-1][0])},{_n(zero_y)}",
        "zero_y": _n(zero_y),
        "last": {"x": _n(coordinates[-1][0]), "y": _n(coordinates[-1][1])},
    }
