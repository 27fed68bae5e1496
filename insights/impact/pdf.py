"""The printable impact report (ReportLab): community figures only, never a
member's or a beneficiary's name — it is meant for the village head or a
funder."""

import io

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from community.money import format_rupiah
from insights.impact.income import LEVELS
from insights.impact.retention import OFFSETS

TEAL = colors.HexColor("#0f766e")
AMBER = colors.HexColor("#f59e0b")


def _plain(text) -> str:
    """The PDF's built-in fonts have no "≥": write it out."""
    return str(text).replace("≥", ">=")


def _table(header: list, rows: list[list], widths=None) -> Table:
    data = [[_plain(cell) for cell in header]] + [
        [_plain("–" if cell is None else cell) for cell in row] for row in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#94a3b8")),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _cohort_cell(cell: dict | None) -> str | None:
    if not cell:
        return None
    return f"{cell['count']} ({cell['percent'] or 0}%)"


def _bars(rows: list[dict], keys: list[str]) -> Drawing:
    drawing = Drawing(170 * mm, 55 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 8 * mm
    chart.width, chart.height = 150 * mm, 42 * mm
    chart.data = [[max(int(row[key] or 0), 0) for row in rows] for key in keys]
    chart.categoryAxis.categoryNames = [row["key"][2:] for row in rows]
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda value: (
        f"{int(value / 1000):,}".replace(",", ".") + "rb"
    )
    for index, colour in enumerate((TEAL, AMBER)[: len(keys)]):
        chart.bars[index].fillColor = colour
    drawing.add(chart)
    return drawing


def impact_pdf(report: dict) -> bytes:
    """Render the report's community sections as an A4 PDF."""
    styles = getSampleStyleSheet()
    heading, body = styles["Heading2"], styles["BodyText"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Community impact report"),
    )
    end, income = report["end"], report["income"]
    story = [
        Paragraph(_("Community impact report"), styles["Title"]),
        Paragraph(
            _plain(
                _("%(start)s to %(end)s · regency %(kabupaten)s")
                % {
                    "start": income["start"].label,
                    "end": end.label,
                    "kabupaten": income["kabupaten"],
                }
            ),
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(_("Income against the minimum wage"), heading),
    ]
    if income["has_wage"]:
        story.append(
            _table(
                [_("Month"), _("Minimum wage"), _("Members who sold")]
                + [f"≥ {level}%" for level in LEVELS],
                [
                    [
                        row["month"].label,
                        format_rupiah(row["minimum_wage"])
                        if row["minimum_wage"]
                        else None,
                        row["selling"],
                        *[row["levels"][level] for level in LEVELS],
                    ]
                    for row in income["months"]
                ],
            )
        )
        story.append(
            Paragraph(
                _plain(
                    _(
                        "Over the 12 months: %(a)s members earned ≥ 25%%, "
                        "%(b)s ≥ 50%%, %(c)s ≥ 100%% of the minimum wage."
                    )
                    % {
                        "a": income["window"][25],
                        "b": income["window"][50],
                        "c": income["window"][100],
                    }
                ),
                body,
            )
        )
    else:
        story.append(Paragraph(_("The minimum wage has not been entered yet."), body))
    story += [Paragraph(_("Who stays"), heading)]
    story.append(
        _table(
            [_("Joined in"), _("Members")]
            + [_("after %(n)s months") % {"n": offset} for offset in OFFSETS],
            [
                [row["cohort"].label, row["size"]]
                + [_cohort_cell(row["after"][offset]) for offset in OFFSETS]
                for row in report["cohorts"]
                if row["size"]
            ],
        )
    )
    funnel = report["funnel"]
    story += [Paragraph(_("Learning stages"), heading)]
    story.append(
        _table(
            [_("Stage"), _("Reached"), _("Finished"), _("Median days")],
            [
                [
                    stage["title"],
                    stage["reached"],
                    stage["finished"],
                    formats.number_format(stage["median_days"])
                    if stage["median_days"] is not None
                    else None,
                ]
                for stage in funnel["stages"]
            ]
            + [[_("Independent"), funnel["independent"], "", ""]],
        )
    )
    economy = report["economy"]
    story += [Paragraph(_("Community economy"), heading)]
    story.append(_bars(economy["months"], ["goods_value", "member_profit"]))
    story.append(
        _table(
            [
                _("Month"),
                _("Goods value"),
                _("Members' profit"),
                _("Leader's margin"),
                _("Charity collected"),
                _("Charity paid out"),
            ],
            [
                [
                    row["month"].label,
                    format_rupiah(row["goods_value"]),
                    format_rupiah(row["member_profit"]),
                    format_rupiah(row["leader_margin"])
                    if row["leader_margin"] is not None
                    else None,
                    format_rupiah(row["charity_collected"]),
                    format_rupiah(row["charity_paid_out"]),
                ]
                for row in economy["months"]
            ],
        )
    )
    story += [Paragraph(_("Charity reach"), heading)]
    story.append(
        _table(
            [
                _("Year"),
                _("Program"),
                _("Families"),
                _("People"),
                _("Cash"),
                _("Goods"),
            ],
            [
                [
                    row["year"],
                    row["program"],
                    row["families"],
                    row["people"],
                    format_rupiah(row["cash"]),
                    format_rupiah(row["goods"]),
                ]
                for row in report["reach"]["programs"]
            ],
        )
    )
    if report["plan"]:
        story += [Paragraph(_("Plan against paid"), heading)]
        story.append(
            _table(
                [_("Program"), _("Planned"), _("Reached"), _("Plan"), _("Paid")],
                [
                    [
                        row["program"],
                        row["planned_units"],
                        row["paid_units"],
                        format_rupiah(row["budget"]),
                        format_rupiah(row["paid"]),
                    ]
                    for row in report["plan"]
                ],
            )
        )
    turnover = report["turnover"]
    story += [
        Paragraph(_("Turnover and tax"), heading),
        Paragraph(
            _(
                "%(near)s members are close to the small-business tax threshold of "
                "%(threshold)s a year, %(over)s are over it."
            )
            % {
                "near": turnover["near"],
                "over": turnover["over"],
                "threshold": format_rupiah(turnover["threshold"]),
            },
            body,
        ),
    ]
    document.build(story)
    return buffer.getvalue()
