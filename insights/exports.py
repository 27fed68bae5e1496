"""CSV and XLSX exports of orders, settlements, statement lines and the ledgers.

Rows are read with ``iterator()`` and written as they come (CSV streams; XLSX
uses openpyxl's write-only mode), so a large export never sits in memory as
model objects. Totals come from one aggregate query, written on a second
sheet of the workbook (the data sheet holds only data rows, so its columns sum
to the totals).
"""

import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, Count, Q, QuerySet, Sum
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook

from community.models import Marketplace, Member
from community.spreadsheet import safe_csv_writer, spreadsheet_cell, spreadsheet_row
from insights.periods import JAKARTA
from ledger.models import CreditEntry, FundEntry
from orders.models import Order
from settlements.models import BankStatementLine, Settlement


@dataclass
class Filters:
    start: datetime.datetime | None = None  # aware, Jakarta midnight
    end: datetime.datetime | None = None  # exclusive
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    member: Member | None = None


@dataclass
class Dataset:
    key: str
    title: str
    headers: list[str]
    queryset: QuerySet
    columns: list[str]
    money_columns: list[str] = field(default_factory=list)
    convert: dict[str, Callable] = field(default_factory=dict)

    def rows(self) -> Iterator[tuple]:
        """Data rows, read in chunks from the database."""
        converters = [self.convert.get(name) for name in self.columns]
        for values in self.queryset.values_list(*self.columns).iterator(
            chunk_size=2000
        ):
            yield tuple(
                converter(value) if converter else value
                for converter, value in zip(converters, values, strict=True)
            )

    def totals(self) -> dict:
        """Row count and the sum of every money column, in one query."""
        sums = {
            name: Sum(name, output_field=BigIntegerField())
            for name in self.money_columns
        }
        result = self.queryset.order_by().aggregate(rows=Count("pk"), **sums)
        return {name: int(value or 0) for name, value in result.items()}


def _local(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(JAKARTA).replace(tzinfo=None, microsecond=0)
    return value


# Neutralise text a spreadsheet would run as a formula (one rule for all exports).
_text = spreadsheet_cell


def _choice(choices) -> Callable:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value))


def _between(filters: Filters, name: str) -> Q:
    condition = Q()
    if filters.start:
        condition &= Q(**{f"{name}__gte": filters.start})
    if filters.end:
        condition &= Q(**{f"{name}__lt": filters.end})
    return condition


def orders_dataset(filters: Filters) -> Dataset:
    queryset = Order.objects.exclude(status=Order.Status.DRAFT).filter(
        _between(filters, "submitted_at")
    )
    if filters.member:
        queryset = queryset.filter(member=filters.member)
    return Dataset(
        key="orders",
        title=_("Orders"),
        headers=[
            _("No."),
            _("Submitted at"),
            _("Member"),
            _("Shop"),
            _("Marketplace"),
            _("Marketplace order number"),
            _("Status"),
            _("Goods total (Rp)"),
            _("Shipping fee (Rp)"),
            _("Marketplace fee (Rp)"),
            _("Profit (Rp)"),
            _("Charity share (Rp)"),
            _("Tracking number"),
        ],
        queryset=queryset.order_by("submitted_at", "pk"),
        columns=[
            "pk",
            "submitted_at",
            "member__full_name",
            "shop__name",
            "shop__marketplace",
            "marketplace_order_no",
            "status",
            "goods_total",
            "shipping_fee",
            "marketplace_fee",
            "profit",
            "charity_share",
            "tracking_no",
        ],
        money_columns=[
            "goods_total",
            "shipping_fee",
            "marketplace_fee",
            "profit",
            "charity_share",
        ],
        convert={
            "status": _choice(Order.Status.choices),
            "shop__marketplace": _choice(Marketplace.choices),
        },
    )


def settlements_dataset(filters: Filters) -> Dataset:
    queryset = Settlement.objects.filter(_between(filters, "created_at"))
    if filters.member:
        queryset = queryset.filter(member=filters.member)
    return Dataset(
        key="settlements",
        title=_("Settlements"),
        headers=[
            _("No."),
            _("Created at"),
            _("Member"),
            _("Status"),
            _("Goods total (Rp)"),
            _("Charity share (Rp)"),
            _("Credit used (Rp)"),
            _("Unique code"),
            _("Amount due (Rp)"),
            _("Confirmed at"),
            _("Confirmed through"),
        ],
        queryset=queryset.order_by("created_at", "pk"),
        columns=[
            "pk",
            "created_at",
            "member__full_name",
            "status",
            "goods_total",
            "charity_share",
            "credit_applied",
            "unique_code",
            "amount_due",
            "confirmed_at",
            "confirmed_via",
        ],
        money_columns=[
            "goods_total",
            "charity_share",
            "credit_applied",
            "unique_code",
            "amount_due",
        ],
        convert={
            "status": _choice(Settlement.Status.choices),
            "confirmed_via": _choice(Settlement.Via.choices),
        },
    )


def statement_lines_dataset(filters: Filters) -> Dataset:
    queryset = BankStatementLine.objects.all()
    if filters.date_from:
        queryset = queryset.filter(date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(date__lte=filters.date_to)
    if filters.member:
        queryset = queryset.filter(settlement__member=filters.member)
    return Dataset(
        key="statement_lines",
        title=_("Bank statement lines"),
        headers=[
            _("No."),
            _("Statement"),
            _("Date"),
            _("Description"),
            _("Amount (Rp)"),
            _("Direction"),
            pgettext("statement column", "Match"),
            _("Settlement"),
            _("Member"),
        ],
        queryset=queryset.order_by("date", "statement_id", "line_no", "pk"),
        columns=[
            "pk",
            "statement_id",
            "date",
            "description",
            "amount",
            "direction",
            "match_status",
            "settlement_id",
            "settlement__member__full_name",
        ],
        money_columns=["amount"],
        convert={
            "direction": _choice(BankStatementLine.Direction.choices),
            "match_status": _choice(BankStatementLine.Match.choices),
        },
    )


def credit_dataset(filters: Filters) -> Dataset:
    queryset = CreditEntry.objects.filter(_between(filters, "created_at"))
    if filters.member:
        queryset = queryset.filter(member=filters.member)
    return Dataset(
        key="credit",
        title=_("Credit ledger"),
        headers=[
            _("No."),
            _("Time"),
            _("Member"),
            _("Kind"),
            _("Amount (Rp)"),
            _("Balance after (Rp)"),
            _("Reference"),
            _("Memo"),
        ],
        queryset=queryset.order_by("created_at", "pk"),
        columns=[
            "pk",
            "created_at",
            "member__full_name",
            "kind",
            "amount",
            "balance_after",
            "reference",
            "memo",
        ],
        money_columns=["amount"],
        convert={"kind": _choice(CreditEntry.Kind.choices)},
    )


def fund_dataset(filters: Filters) -> Dataset:
    queryset = FundEntry.objects.filter(_between(filters, "created_at"))
    if filters.member:
        queryset = queryset.filter(member=filters.member)
    return Dataset(
        key="fund",
        title=_("Charity fund ledger"),
        headers=[
            _("No."),
            _("Time"),
            _("Kind"),
            _("Amount (Rp)"),
            _("Contributor"),
            _("Reference"),
            _("Memo"),
        ],
        queryset=queryset.order_by("created_at", "pk"),
        columns=[
            "pk",
            "created_at",
            "kind",
            "amount",
            "member__full_name",
            "reference",
            "memo",
        ],
        money_columns=["amount"],
        convert={"kind": _choice(FundEntry.Kind.choices)},
    )


# kind → (label, dataset builder); members may export only MEMBER_EXPORTS.
EXPORTS: dict[str, tuple] = {
    "orders": (gettext_lazy("Orders"), orders_dataset),
    "settlements": (gettext_lazy("Settlements"), settlements_dataset),
    "statement_lines": (gettext_lazy("Bank statement lines"), statement_lines_dataset),
    "credit": (gettext_lazy("Credit ledger (returns)"), credit_dataset),
    "fund": (gettext_lazy("Charity fund ledger"), fund_dataset),
}
MEMBER_EXPORTS = ("orders",)
FORMATS = ("csv", "xlsx")


def _cells(row: Iterable) -> list:
    return [_text(_local(value)) for value in row]


class _Echo:
    """A file-like object whose write returns the line (for streaming CSV)."""

    def write(self, value: str) -> str:
        return value


def csv_response(dataset: Dataset, filename: str) -> StreamingHttpResponse:
    """Stream the dataset as CSV (UTF-8 with BOM so spreadsheets read it right)."""
    writer = safe_csv_writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(dataset.headers)
        for row in dataset.rows():
            yield writer.writerow(_cells(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(dataset: Dataset) -> bytes:
    """Build the workbook: a data sheet and a totals sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(dataset.title)[:31])
    sheet.append(spreadsheet_row(str(header) for header in dataset.headers))
    for row in dataset.rows():
        sheet.append(_cells(row))
    totals_sheet = workbook.create_sheet(title=_("Totals")[:31])
    totals = dataset.totals()
    names = dict(zip(dataset.columns, dataset.headers, strict=True))
    totals_sheet.append([_("Figure"), _("Total")])
    totals_sheet.append([_("Rows"), totals.pop("rows")])
    for name, value in totals.items():
        totals_sheet.append(spreadsheet_row([str(names[name]), value]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(dataset: Dataset, filename: str) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(dataset),
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
