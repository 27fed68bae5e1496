"""Bank statement parsers: KlikBCA, BRI, Mandiri and the generic CSV.

Pure functions over bytes, no database. Each returns a ``ParsedStatement`` or
raises ``KongsiError`` whose message names the line (in the user's language).
Anything a file can contain — binary junk, a half-saved export, another bank's
format — ends in one of those two outcomes, never another exception
(``tests/settlements/test_parsers_fuzz.py`` feeds them arbitrary bytes).

Decisions where the banks' exports are loose:
- KlikBCA ``PEND`` rows (pending, no booking date yet) are skipped: they appear
  with a date in the next download, and skipping them keeps a re-import of an
  overlapping period from adding the same fee twice.
- A row whose amount is zero (BRI writes such lines) is skipped.
- Amounts must be whole rupiah; a row with non-zero cents is refused.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from community.errors import KongsiError

CREDIT = "credit"
DEBIT = "debit"
FORMATS = ("bca", "bri", "mandiri", "generic")
# A single transfer above a trillion rupiah is not a village settlement.
MAX_AMOUNT = 10**12
MAX_LINES = 50_000

MONTHS = {
    # English (Mandiri exports) and Indonesian month names and abbreviations.
    "january": 1, "jan": 1, "januari": 1,
    "february": 2, "feb": 2, "februari": 2, "pebruari": 2,
    "march": 3, "mar": 3, "maret": 3,
    "april": 4, "apr": 4,
    "may": 5, "mei": 5,
    "june": 6, "jun": 6, "juni": 6,
    "july": 7, "jul": 7, "juli": 7,
    "august": 8, "aug": 8, "agustus": 8, "agu": 8, "agt": 8,
    "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "december": 12, "dec": 12, "desember": 12, "des": 12,
}  # fmt: skip


@dataclass(frozen=True)
class ParsedLine:
    line_no: int
    date: date
    description: str
    amount: int
    direction: str
    raw: str
    occurrence: int = 0

    @property
    def fingerprint(self) -> str:
        return line_fingerprint(
            on=self.date,
            amount=self.amount,
            direction=self.direction,
            description=self.description,
            occurrence=self.occurrence,
        )


@dataclass
class ParsedStatement:
    format: str
    lines: list[ParsedLine] = field(default_factory=list)
    account: str = ""

    @property
    def credits(self) -> list[ParsedLine]:
        return [line for line in self.lines if line.direction == CREDIT]


class StatementParseError(KongsiError):
    """The file cannot be read as a statement; nothing is saved."""


def normalise_description(text: str) -> str:
    """Upper case, quotes dropped, runs of spaces collapsed."""
    return " ".join(text.replace("'", " ").replace('"', " ").upper().split())


def line_fingerprint(
    *, on: date, amount: int, direction: str, description: str, occurrence: int
) -> str:
    """Return the de-duplication key of one movement.

    ``occurrence`` counts identical rows earlier in the same file, so two equal
    transfers on one day stay two lines while a re-import finds both again.
    """
    key = "|".join(
        [
            on.isoformat(),
            str(amount),
            direction,
            normalise_description(description),
            str(occurrence),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()


def _error(line_no: int | None, message: str) -> StatementParseError:
    if line_no is None:
        return StatementParseError(message, field="file")
    return StatementParseError(
        _("Line %(line)s: %(problem)s") % {"line": line_no, "problem": message},
        field="file",
    )


def decode(data: bytes) -> str:
    """Decode an export: UTF-8 (with or without BOM), else Windows-1252/Latin-1."""
    if not isinstance(data, bytes | bytearray):
        raise _error(None, _("The file could not be read."))
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = bytes(data).decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    if "\x00" in text:
        raise _error(None, _("This is not a text (CSV) file."))
    return text


_AMOUNT_CHARS = re.compile(r"^[0-9.,]+$")


def parse_amount(value: str, line_no: int) -> int:
    """Parse ``152,417.00``, ``152417.00``, ``152.417,00``, ``Rp 152.417`` → 152417."""
    text = value.strip().strip("'").replace(" ", "").replace("\u00a0", "")
    if text.lower().startswith("rp"):
        text = text[2:]
    if text.startswith("+"):
        text = text[1:]
    if not text or not _AMOUNT_CHARS.match(text):
        raise _error(
            line_no, _("the amount %(value)s is not a number.") % {"value": value[:40]}
        )
    whole, cents = text, ""
    has_dot, has_comma = "." in text, "," in text
    last_sep = max(text.rfind("."), text.rfind(","))
    tail = text[last_sep + 1 :] if last_sep >= 0 else ""
    # With both separators the last one is the decimal one ("152,417.00",
    # "152.417,00"). With one kind only, it is decimal when it appears once
    # followed by one or two digits ("152417.00"), else it groups thousands.
    if (has_dot and has_comma) or (
        last_sep >= 0 and text.count(text[last_sep]) == 1 and len(tail) in (1, 2)
    ):
        whole, cents = text[:last_sep], tail
    digits = whole.replace(".", "").replace(",", "")
    if not digits.isdecimal() or not (cents == "" or cents.isdecimal()):
        raise _error(
            line_no, _("the amount %(value)s is not a number.") % {"value": value[:40]}
        )
    if cents.strip("0"):
        raise _error(
            line_no,
            _("the amount %(value)s has cents; only whole rupiah can be matched.")
            % {"value": value[:40]},
        )
    amount = int(digits)
    if amount > MAX_AMOUNT:
        raise _error(
            line_no, _("the amount %(value)s is too large.") % {"value": value[:40]}
        )
    return amount


def _make_date(year: int, month: int, day: int, value: str, line_no: int) -> date:
    try:
        if not 1900 <= year <= 2999:
            raise ValueError
        return date(year, month, day)
    except (ValueError, OverflowError):
        raise _error(
            line_no, _("the date %(value)s cannot be read.") % {"value": value[:40]}
        ) from None


def parse_date(value: str, line_no: int) -> date:
    """Parse ``2026-11-03``, ``03/11/2026``, ``03-11-2026``, ``03 November 2026 …``."""
    text = value.strip().strip("'").strip()
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _make_date(year, month, day, value, line_no)
    match = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s.*)?$", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000
        return _make_date(year, month, day, value, line_no)
    match = re.match(r"^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})(?:\s.*)?$", text)
    if match and match.group(2).lower() in MONTHS:
        day, year = int(match.group(1)), int(match.group(3))
        return _make_date(year, MONTHS[match.group(2).lower()], day, value, line_no)
    raise _error(
        line_no, _("the date %(value)s cannot be read.") % {"value": value[:40]}
    )


def _rows(text: str, delimiter: str):
    """Yield (physical line number, fields) for each CSV record; skip blanks."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for fields in reader:
            if len(fields) > 200:
                raise _error(reader.line_num, _("the line has too many columns."))
            if not any(part.strip() for part in fields):
                continue
            yield reader.line_num, [part.strip() for part in fields]
    except csv.Error as error:
        raise _error(reader.line_num, _("the line is not valid CSV.")) from error


def _direction(value: str, line_no: int) -> str:
    word = value.strip().strip("'").strip().upper()
    if word in {"CR", "C", "K", "KR", "CREDIT", "KREDIT", "IN", "MASUK"}:
        return CREDIT
    if word in {"DB", "D", "DR", "DEBIT", "DEBET", "OUT", "KELUAR"}:
        return DEBIT
    raise _error(
        line_no,
        _("the type %(value)s must be CR (money in) or DB (money out).")
        % {"value": value[:20]},
    )


def _columns(fields: list[str], count: int, line_no: int) -> list[str]:
    if len(fields) < count:
        raise _error(
            line_no,
            _("expected %(expected)s columns but found %(found)s.")
            % {"expected": count, "found": len(fields)},
        )
    return fields


def _debit_credit(debit: str, credit: str, line_no: int) -> tuple[int, str] | None:
    debit_amount = parse_amount(debit, line_no) if debit.strip() else 0
    credit_amount = parse_amount(credit, line_no) if credit.strip() else 0
    if debit_amount and credit_amount:
        raise _error(line_no, _("the line has both a debit and a credit amount."))
    if credit_amount:
        return credit_amount, CREDIT
    if debit_amount:
        return debit_amount, DEBIT
    return None  # a zero line: nothing moved


def _line(line_no, on, description, amount, direction, fields, delimiter):
    return ParsedLine(
        line_no=line_no,
        date=on,
        description=" ".join(description.strip("'").split())[:255],
        amount=amount,
        direction=direction,
        raw=delimiter.join(fields)[:1000],
    )


def parse_bca(text: str) -> ParsedStatement:
    """KlikBCA "Mutasi Rekening": yearless ``'DD/MM`` dates, year from Periode."""
    statement = ParsedStatement(format="bca")
    period: tuple[date, date] | None = None
    in_table = False
    for line_no, fields in _rows(text, ","):
        first = fields[0].strip("'").strip()
        lowered = first.lower()
        if not in_table:
            joined = ",".join(fields)
            if lowered.startswith("no. rekening") or lowered.startswith("no rekening"):
                statement.account = joined.split(":", 1)[-1].strip()
            match = re.search(
                r"(\d{1,2}/\d{1,2}/\d{4})\s*-\s*(\d{1,2}/\d{1,2}/\d{4})", joined
            )
            if lowered.startswith("periode") and match:
                period = (
                    parse_date(match.group(1), line_no),
                    parse_date(match.group(2), line_no),
                )
            if lowered.startswith("tanggal"):
                if period is None:
                    raise _error(
                        line_no, _("the statement period (Periode) is missing.")
                    )
                in_table = True
            continue
        if lowered.startswith(("saldo", "mutasi")):
            break  # the footer totals
        if lowered == "pend":
            continue  # pending: booked (with a date) in a later statement
        _columns(fields, 5, line_no)
        on = _bca_date(first, period, line_no)
        amount = parse_amount(fields[3], line_no)
        if amount == 0:
            continue
        direction = _direction(fields[4], line_no)
        statement.lines.append(
            _line(line_no, on, fields[1], amount, direction, fields, ",")
        )
    if not in_table:
        raise _error(
            None, _("The KlikBCA table header (Tanggal Transaksi) is missing.")
        )
    return statement


def _bca_date(value: str, period: tuple[date, date], line_no: int) -> date:
    match = re.match(r"^(\d{1,2})/(\d{1,2})$", value)
    if not match:
        return parse_date(value, line_no)
    day, month = int(match.group(1)), int(match.group(2))
    start, end = period
    # A period may cross a new year (December–January): take the year that puts
    # the date inside the period.
    for year in range(start.year, end.year + 1):
        candidate = _make_date(year, month, day, value, line_no)
        if start <= candidate <= end:
            return candidate
    raise _error(
        line_no,
        _("the date %(value)s is outside the statement period.") % {"value": value},
    )


def parse_bri(text: str) -> ParsedStatement:
    """BRI: ``NOREK;``/``NAMA;`` lines, ``;`` columns, debit and credit columns."""
    statement = ParsedStatement(format="bri")
    in_table = False
    for line_no, fields in _rows(text, ";"):
        head = fields[0].upper()
        if not in_table:
            if head == "NOREK" and len(fields) > 1:
                statement.account = fields[1]
            if head.startswith("TGL"):
                in_table = True
            continue
        _columns(fields, 4, line_no)
        on = parse_date(fields[0], line_no)
        moved = _debit_credit(fields[2], fields[3], line_no)
        if moved is None:
            continue
        statement.lines.append(_line(line_no, on, fields[1], *moved, fields, ";"))
    if not in_table:
        raise _error(None, _("The BRI table header (TGL_TRAN) is missing."))
    return statement


def parse_mandiri(text: str) -> ParsedStatement:
    """Mandiri: one ``;`` header row, ``DD Month YYYY hh:mm:ss`` dates."""
    statement = ParsedStatement(format="mandiri")
    header: dict[str, int] | None = None
    for line_no, fields in _rows(text, ";"):
        if header is None:
            names = [name.lower().replace(" ", "") for name in fields]
            needed = ["postdate", "remarks", "creditamount", "debitamount"]
            if not all(name in names for name in needed):
                raise _error(
                    line_no,
                    _("the Mandiri header (PostDate, Remarks, Credit Amount, …) is "
                      "missing."),
                )  # fmt: skip
            header = {name: index for index, name in enumerate(names)}
            continue
        _columns(fields, len(header), line_no)
        if not statement.account and "accountno" in header:
            statement.account = fields[header["accountno"]]
        on = parse_date(fields[header["postdate"]], line_no)
        description = fields[header["remarks"]]
        if "additionaldesc" in header and fields[header["additionaldesc"]]:
            description = f"{description} {fields[header['additionaldesc']]}"
        moved = _debit_credit(
            fields[header["debitamount"]], fields[header["creditamount"]], line_no
        )
        if moved is None:
            continue
        statement.lines.append(_line(line_no, on, description, *moved, fields, ";"))
    if header is None:
        raise _error(None, _("The file is empty."))
    return statement


def parse_generic(text: str) -> ParsedStatement:
    """The generic ``date,description,amount,type`` CSV (type CR or DB)."""
    statement = ParsedStatement(format="generic")
    seen_header = False
    for line_no, fields in _rows(text, ","):
        if not seen_header:
            names = [name.lower() for name in fields]
            if names[:4] != ["date", "description", "amount", "type"]:
                raise _error(
                    line_no,
                    _(
                        "the first line must be the header "
                        "date,description,amount,type."
                    ),
                )
            seen_header = True
            continue
        _columns(fields, 4, line_no)
        on = parse_date(fields[0], line_no)
        amount = parse_amount(fields[2], line_no)
        direction = _direction(fields[3], line_no)
        if amount == 0:
            continue
        statement.lines.append(
            _line(line_no, on, fields[1], amount, direction, fields, ",")
        )
    if not seen_header:
        raise _error(None, _("The file is empty."))
    return statement


PARSERS = {
    "bca": parse_bca,
    "bri": parse_bri,
    "mandiri": parse_mandiri,
    "generic": parse_generic,
}


def detect_format(text: str) -> str:
    """Recognise the bank from the first lines; raise when none fits."""
    head = [line.strip().lstrip("\ufeff") for line in text.splitlines()[:12]]
    for line in head:
        lowered = line.lower().replace("'", "")
        if lowered.startswith("informasi rekening") or lowered.startswith(
            "tanggal transaksi,keterangan"
        ):
            return "bca"
        if lowered.startswith(("norek;", "tgl_tran;")):
            return "bri"
        if "postdate" in lowered and ";" in lowered:
            return "mandiri"
        if lowered.replace(" ", "").startswith("date,description,amount,type"):
            return "generic"
    raise _error(
        None,
        _("The bank could not be recognised from this file. Choose the format "
          "(BCA, BRI, Mandiri or generic) and try again."),
    )  # fmt: skip


def parse_statement(data: bytes, format: str = "auto") -> ParsedStatement:  # noqa: A002
    """Parse an uploaded statement file; raise ``StatementParseError`` on any problem.

    Each line gets its ``occurrence``: how many identical rows (same date, amount,
    direction and description) came before it in this file.
    """
    text = decode(data)
    if format in ("", "auto", None):
        format = detect_format(text)  # noqa: A001
    if format not in PARSERS:
        raise _error(
            None, _("Unknown statement format %(format)s.") % {"format": format}
        )
    try:
        statement = PARSERS[format](text)
    except StatementParseError:
        raise
    except KongsiError as error:
        raise StatementParseError(error.message, field="file") from None
    if len(statement.lines) > MAX_LINES:
        raise _error(None, _("The file has too many lines."))
    counts: dict[tuple, int] = {}
    numbered = []
    for line in statement.lines:
        key = (
            line.date,
            line.amount,
            line.direction,
            normalise_description(line.description),
        )
        occurrence = counts.get(key, 0)
        counts[key] = occurrence + 1
        numbered.append(
            ParsedLine(
                line_no=line.line_no,
                date=line.date,
                description=line.description,
                amount=line.amount,
                direction=line.direction,
                raw=line.raw,
                occurrence=occurrence,
            )
        )
    statement.lines = numbered
    return statement
