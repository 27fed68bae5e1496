"""Mandiri: internet banking CSV, MCM (cash management), CMS text, e-Statement XLSX.

- Internet banking: one ``;`` header row ``AccountNo;Ccy;PostDate;Remarks;
  AdditionalDesc;Credit Amount;Debit Amount;Close Balance``.
- MCM CSV: ``Account No,Date,Val. Date,Transaction Code,Description,
  Description,Reference No.,Debit,Credit,`` — two Description columns (both
  kept), a trailing comma, ``DD/MM/YY`` dates. The older MCM download has the
  same fields with ``;`` and no header row (the only layout read by position).
- CMS text statement: fixed-width lines ``DD/MM/YYYY DD/MM/YYYY text
  163.427,00 C 3.163.427,00``, ``\\r\\r\\n`` line ends, ``- End Of Statement -``.
- e-Statement XLSX (Livin'): title rows above the header, ``Dana Masuk (IDR)``
  / ``Dana Keluar (IDR)`` columns, two rows per transaction (the second carries
  the time and the rest of the description).
"""

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from settlements.parsers.base import (
    CREDIT,
    DEBIT,
    ParsedStatement,
    debit_credit,
    error,
    find_header,
    make_line,
    need_columns,
    norm,
    parse_date,
    parse_money,
    rows,
    sniff_delimiter,
)

IB_NEEDED = ("postdate", "remarks", "creditamount", "debitamount")
MCM_NEEDED = ("accountno", "date", "description", "debit", "credit")
HEADERLESS = re.compile(r"^\s*'?\d{6,20};'?\d{1,2}/\d{1,2}/\d{2,4};")
CMS_ROW = re.compile(
    r"^\s*(\d{1,2}/\d{1,2}/\d{2,4})\s+(?:\d{1,2}/\d{1,2}/\d{2,4}\s+)?(.*?)\s+"
    r"([\d.]+,\d{2})\s*([CD])\b(?:\s+[\d.]+,\d{2}\s*[CD]?)?\s*$"
)
CMS_END = re.compile(r"-\s*end\s+of\s+statement\s*-", re.IGNORECASE)
CMS_ACCOUNT = re.compile(r"account\s*no\.?\s*:\s*([\d-]+)", re.IGNORECASE)


def _cells(line: str) -> list[str]:
    return [norm(cell) for cell in line.split(sniff_delimiter(line))]


def is_ib_header(line: str) -> bool:
    return all(name in _cells(line) for name in IB_NEEDED)


def is_mcm_header(line: str) -> bool:
    return all(name in _cells(line) for name in MCM_NEEDED)


def detect(text: str, head: list[str]) -> str | None:
    if find_header(text, is_ib_header, limit=12):
        return "mandiri"
    if find_header(text, is_mcm_header, limit=12):
        return "mandiri_mcm"
    if any(HEADERLESS.match(line) for line in head[:3]):
        return "mandiri_mcm"
    if CMS_END.search(text[-4000:]) or (
        "mandiri" in text[:2000].lower() and any(CMS_ROW.match(x) for x in head)
    ):
        return "mandiri_cms"
    return None


def parse_ib(text: str, layout: str = "mandiri") -> ParsedStatement:
    statement = ParsedStatement(format=layout)
    header = find_header(text, is_ib_header)
    if header is None:
        raise error(
            None,
            _("the Mandiri header (PostDate, Remarks, Credit Amount, …) is missing."),
        )
    delimiter = sniff_delimiter(header)
    columns: dict[str, int] | None = None
    for line_no, fields in rows(text, delimiter):
        names = [norm(cell) for cell in fields]
        if columns is None:
            if all(name in names for name in IB_NEEDED):
                columns = {name: names.index(name) for name in names if name}
            continue
        need_columns(fields, max(columns[name] for name in IB_NEEDED) + 1, line_no)
        if not statement.account and "accountno" in columns:
            statement.account = fields[columns["accountno"]]
        on = parse_date(fields[columns["postdate"]], line_no)
        description = fields[columns["remarks"]]
        extra = columns.get("additionaldesc")
        if extra is not None and extra < len(fields) and fields[extra]:
            description = f"{description} {fields[extra]}"
        moved = debit_credit(
            fields[columns["debitamount"]], fields[columns["creditamount"]], line_no
        )
        if moved is not None:
            statement.lines.append(
                make_line(line_no, on, description, *moved, fields, delimiter)
            )
    return statement


def parse_mcm(text: str, layout: str = "mandiri_mcm") -> ParsedStatement:
    statement = ParsedStatement(format=layout)
    header = find_header(text, is_mcm_header)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if header is None and not HEADERLESS.match(first):
        raise error(
            None,
            _("The Mandiri MCM header (Account No, Date, Description, Debit, "
              "Credit) is missing."),
        )  # fmt: skip
    delimiter = sniff_delimiter(header) if header else ";"
    # The header-less download: the MCM fields in their fixed order.
    columns = None if header else {"accountno": 0, "date": 1, "debit": 7, "credit": 8}
    descriptions = [] if header else [4, 5]
    for line_no, fields in rows(text, delimiter):
        if columns is None:
            names = [norm(cell) for cell in fields]
            if all(name in names for name in MCM_NEEDED):
                columns = {name: names.index(name) for name in MCM_NEEDED}
                descriptions = [i for i, n in enumerate(names) if n == "description"]
            continue
        need_columns(fields, max([*columns.values(), *descriptions]) + 1, line_no)
        if not statement.account:
            statement.account = fields[columns["accountno"]].strip("'")
        on = parse_date(fields[columns["date"]], line_no)
        description = " ".join(fields[i] for i in descriptions if fields[i])
        moved = debit_credit(
            fields[columns["debit"]], fields[columns["credit"]], line_no
        )
        if moved is not None:
            statement.lines.append(
                make_line(line_no, on, description, *moved, fields, delimiter)
            )
    return statement


def parse_cms(text: str, layout: str = "mandiri_cms") -> ParsedStatement:
    statement = ParsedStatement(format=layout)
    lines = text.replace("\r\r\n", "\n").replace("\r\n", "\n").split("\n")
    ended = False
    last = None
    for line_no, line in enumerate(lines, start=1):
        if CMS_END.search(line):
            ended = True
            break
        account = CMS_ACCOUNT.search(line)
        if account and not statement.account:
            statement.account = account.group(1)
        match = CMS_ROW.match(line)
        if match:
            on = parse_date(match.group(1), line_no)
            amount, cents = parse_money(match.group(3), line_no)
            direction = CREDIT if match.group(4) == "C" else DEBIT
            last = make_line(
                line_no, on, match.group(2), amount, cents, direction, [line], ""
            )
            statement.lines.append(last)
        elif last is not None and line.startswith((" ", "\t")) and line.strip():
            if set(line.strip()) <= set("-=_ "):
                last = None  # a rule under the table
                continue
            # A description that wrapped onto the next line.
            statement.lines[-1] = make_line(
                last.line_no, last.date, f"{last.description} {line.strip()}",
                last.amount, last.cents, last.direction, [last.raw, line], "\n",
            )  # fmt: skip
            last = statement.lines[-1]
    if not ended and not statement.lines:
        raise error(None, _("The Mandiri CMS statement has no transaction lines."))
    return statement


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | int | Decimal):
        try:
            return f"{Decimal(str(value)).copy_abs():.2f}"
        except InvalidOperation:
            return str(value)
    return str(value).strip()


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise error(None, _("The Excel file could not be opened.")) from None
    except Exception:  # openpyxl raises its own types for broken parts
        raise error(None, _("The Excel file could not be opened.")) from None
    try:
        sheet = book.worksheets[0]
        rows_read = list(sheet.iter_rows(values_only=True, max_row=60_001))
    except Exception:  # a damaged part is found only while reading
        raise error(None, _("The Excel file could not be opened.")) from None
    finally:
        book.close()
    if len(rows_read) > 60_000:
        raise error(None, _("The file has too many lines."))
    for number, values in enumerate(rows_read, start=1):
        yield number, [_cell_text(value) for value in values[:60]]


def _xlsx_header(names: list[str]) -> dict[str, int] | None:
    def first(*prefixes):
        return next(
            (i for i, name in enumerate(names) if name.startswith(prefixes)), None
        )

    columns = {
        "date": first("tanggal", "date", "tgl"),
        "description": first("keterangan", "rinciantransaksi", "description"),
        "credit": first("danamasuk", "kredit", "credit"),
        "debit": first("danakeluar", "debit", "debet"),
    }
    return None if None in columns.values() else columns


def parse_xlsx(data: bytes, layout: str = "mandiri_xlsx") -> ParsedStatement:
    statement = ParsedStatement(format=layout)
    columns = None
    current = None
    for line_no, fields in _xlsx_rows(data):
        if not any(fields):
            continue
        names = [norm(cell) for cell in fields]
        if columns is None:
            if names and names[0].startswith(("nomorrekening", "norekening", "acc")):
                statement.account = next((f for f in fields[1:] if f), "").strip(":")
            columns = _xlsx_header(names)
            continue
        if names and names[0].startswith(("saldoawal", "saldoakhir", "total")):
            break
        need_columns(fields, max(columns.values()) + 1, line_no)
        moved = debit_credit(
            fields[columns["debit"]], fields[columns["credit"]], line_no
        )
        date_cell = fields[columns["date"]]
        if moved is None and current is not None:
            # The transaction's second row: its time and the rest of the text.
            extra = fields[columns["description"]]
            if extra:
                statement.lines[-1] = make_line(
                    current.line_no, current.date, f"{current.description} {extra}",
                    current.amount, current.cents, current.direction,
                    [current.raw, *fields], "|",
                )  # fmt: skip
                current = statement.lines[-1]
            continue
        if moved is None:
            continue
        on = parse_date(date_cell, line_no)
        current = make_line(
            line_no, on, fields[columns["description"]], *moved, fields, "|"
        )
        statement.lines.append(current)
    if columns is None:
        raise error(
            None,
            _("The Mandiri e-Statement header (Tanggal, Keterangan, Dana Masuk, "
              "Dana Keluar) is missing."),
        )  # fmt: skip
    return statement
