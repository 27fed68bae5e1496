"""BCA: KlikBCA individual, myBCA (Indonesian and English), KlikBCA Bisnis.

One reader for the four downloads, columns found by header name:

- KlikBCA individual ``Mutasi Rekening`` CSV: ``No. rekening : …`` and
  ``Periode : DD/MM/YYYY - DD/MM/YYYY`` lines, yearless ``'DD/MM`` dates (the
  year comes from the period), ``Jumlah`` then an unnamed ``CR``/``DB`` column,
  ``PEND`` rows, ``Saldo Awal``/``Mutasi …`` footers. The month-end file adds
  ``BUNGA`` and ``PAJAK BUNGA`` lines with sen.
- myBCA CSV: ``No. Rekening,=,'…`` (``Account No.,=,`` in English) preamble,
  ``Tanggal,Keterangan,Cabang,Jumlah,,Saldo`` (``Date,Description,Branch,
  Amount,,Balance``), full ``'DD/MM/YYYY`` dates, ``Saldo Awal,=,`` /
  ``Starting Balance,=,`` footers.
- KlikBCA Bisnis CSV: every field quoted, ``"163,427.00 CR"`` amounts (no
  CR/DB column), full dates; its tab-separated text download has a leading
  space on each line, CRLF, and ``NEXT`` rows.

Decisions: ``PEND`` rows (pending, no booking date) are skipped — the next
download carries them with a date. ``NEXT`` rows (after the cut-off, booked the
next business day) are dated the next Monday–Friday after the statement's end
(or its latest date), so the next download's booked row has the same
fingerprint and is not stored twice.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from settlements.parsers.base import (
    ParsedStatement,
    direction_of,
    error,
    find_header,
    make_date,
    make_line,
    need_columns,
    next_business_day,
    norm,
    parse_date,
    parse_money,
    rows,
    sniff_delimiter,
)

DATE_NAMES = ("tanggaltransaksi", "tanggal", "date", "transactiondate", "tgl")
DESCRIPTION_NAMES = ("keterangan", "description", "remarks")
AMOUNT_NAMES = ("jumlah", "amount", "mutasi", "nominal")
DIRECTION_NAMES = ("crdb", "dbcr", "jenis", "type", "dk")
MYBCA_PREAMBLE = re.compile(r"^(no\.?\s*rekening|account\s*no\.?)\s*[,;\t]\s*=", re.I)
FOOTERS = ("saldo", "mutasi", "startingbalance", "endingbalance", "totalmutasi")
PERIOD = re.compile(r"(\d{1,2}/\d{1,2}/\d{4})\s*-\s*(\d{1,2}/\d{1,2}/\d{4})")
ACCOUNT = re.compile(
    r"^\W*(?:no\.?\s*rekening|account\s*no\.?|nomor\s*rekening)\W*([0-9][0-9 -]*)",
    re.IGNORECASE,
)


def is_header(line: str) -> bool:
    cells = [norm(cell) for cell in re.split(r"[,;\t]", line)]
    return (
        bool(cells)
        and cells[0] in DATE_NAMES
        and any(cell in DESCRIPTION_NAMES for cell in cells)
    )


def detect(text: str, head: list[str]) -> str | None:
    header = find_header(text, is_header)
    if header is None:
        return None
    if any(
        MYBCA_PREAMBLE.match(line.replace("'", "").replace('"', "")) for line in head
    ):
        return "mybca"
    cells = [norm(cell) for cell in header.split(sniff_delimiter(header))]
    amount = next((i for i, c in enumerate(cells) if c in AMOUNT_NAMES), None)
    has_direction = amount is not None and (
        amount + 1 < len(cells) and cells[amount + 1] in ("", *DIRECTION_NAMES)
    )
    if has_direction:
        return "bca"  # KlikBCA individual, however Excel saved it
    if header.startswith(" ") or sniff_delimiter(header) == "\t":
        return "bca_bisnis_txt"
    return "bca_bisnis"


def _columns(fields: list[str], line_no: int) -> dict[str, int]:
    names = [norm(cell) for cell in fields]

    def first(choices):
        return next((i for i, name in enumerate(names) if name in choices), None)

    columns = {
        "date": first(DATE_NAMES),
        "description": first(DESCRIPTION_NAMES),
        "amount": first(AMOUNT_NAMES),
    }
    if None in columns.values():
        raise error(
            line_no,
            _("the BCA header needs Tanggal, Keterangan and Jumlah columns."),
        )
    after = columns["amount"] + 1
    direction = first(DIRECTION_NAMES)
    if direction is None and after < len(names) and names[after] == "":
        direction = after  # KlikBCA/myBCA: "Jumlah,,Saldo"
    if direction is not None:
        columns["direction"] = direction
    return columns


def _bca_date(value: str, period, line_no: int) -> date:
    match = re.match(r"^(\d{1,2})/(\d{1,2})$", value)
    if not match:
        return parse_date(value, line_no)
    if period is None:
        raise error(line_no, _("the statement period (Periode) is missing."))
    day, month = int(match.group(1)), int(match.group(2))
    start, end = period
    # A period may cross a new year (December–January): take the year that puts
    # the date inside the period.
    for year in range(start.year, end.year + 1):
        candidate = make_date(year, month, day, value, line_no)
        if start <= candidate <= end:
            return candidate
    raise error(
        line_no,
        _("the date %(value)s is outside the statement period.") % {"value": value},
    )


def _amount_and_direction(fields, columns, line_no):
    cell = fields[columns["amount"]]
    match = re.match(r"^(.*\d)\s*(CR|DB|DR|C|D)$", cell.strip(), re.IGNORECASE)
    if match and "direction" not in columns:
        return (*parse_money(match.group(1), line_no), direction_of(match.group(2), 0))
    if "direction" not in columns:
        raise error(line_no, _("the amount %(value)s has no CR or DB.") % {
            "value": cell[:40]
        })  # fmt: skip
    need_columns(fields, columns["direction"] + 1, line_no)
    money = parse_money(match.group(1) if match else cell, line_no)
    return (*money, direction_of(fields[columns["direction"]], line_no))


def parse(text: str, layout: str = "bca") -> ParsedStatement:
    statement = ParsedStatement(format=layout)
    header = find_header(text, is_header)
    if header is None:
        raise error(None, _("The KlikBCA table header (Tanggal Transaksi) is missing."))
    delimiter = sniff_delimiter(header)
    period = None
    columns: dict[str, int] | None = None
    latest: date | None = None
    pending_next: list[tuple[int, list[str]]] = []
    for line_no, fields in rows(text, delimiter):
        first = fields[0].strip("'").strip()
        if columns is None:
            joined = " ".join(fields)
            account = ACCOUNT.match(joined.replace("'", ""))
            if account and not statement.account:
                statement.account = account.group(1).strip()
            found = PERIOD.search(joined)
            if found and norm(first).startswith(("periode", "period")):
                period = (
                    parse_date(found.group(1), line_no),
                    parse_date(found.group(2), line_no),
                )
            if norm(first) in DATE_NAMES and is_header(delimiter.join(fields)):
                columns = _columns(fields, line_no)
            continue
        key = norm(first)
        if key.startswith(FOOTERS) or (len(fields) > 1 and fields[1] in ("=", ":")):
            break  # the footer totals
        if key == "pend":
            continue  # pending: booked (with a date) in a later statement
        need_columns(fields, max(columns.values()) + 1, line_no)
        if key == "next":
            pending_next.append((line_no, fields))
            continue
        on = _bca_date(first, period, line_no)
        latest = max(latest or on, on)
        _append(statement, line_no, on, fields, columns, delimiter)
    if columns is None:
        raise error(None, _("The KlikBCA table header (Tanggal Transaksi) is missing."))
    if pending_next:
        base = period[1] if period else latest
        if base is None:
            raise error(pending_next[0][0], _("the date NEXT has no statement date."))
        booked = next_business_day(base)
        for line_no, fields in pending_next:
            _append(statement, line_no, booked, fields, columns, delimiter)
    return statement


def _append(statement, line_no, on, fields, columns, delimiter) -> None:
    amount, cents, direction = _amount_and_direction(fields, columns, line_no)
    if not amount and not cents:
        return
    description = fields[columns["description"]]
    statement.lines.append(
        make_line(line_no, on, description, amount, cents, direction, fields, delimiter)
    )
