"""Shared pieces of the statement readers: lines, amounts, dates, CSV tables.

Pure functions over text, no database. Readers raise ``StatementParseError``
whose message names the line (in the user's language); anything else a file
can contain ends in one of those two outcomes, never another exception
(``tests/settlements/test_parsers_fuzz.py`` feeds them arbitrary bytes).

Amounts: Kongsi matches whole rupiah. A line with cents (interest, tax, some
fees) is read as ``amount`` rupiah plus ``cents`` sen; the importer stores it
as a line that cannot match, with the reason shown. It never refuses the file.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.utils.translation import gettext as _

from community.errors import KongsiError

CREDIT = "credit"
DEBIT = "debit"
# A single transfer above a trillion rupiah is not a village settlement.
MAX_AMOUNT = 10**12
MAX_LINES = 50_000

MONTHS = {
    # English (Mandiri exports) and Indonesian month names and abbreviations.
    "january": 1, "jan": 1, "januari": 1,
    "february": 2, "feb": 2, "februari": 2, "pebruari": 2, "peb": 2,
    "march": 3, "mar": 3, "maret": 3, "mrt": 3,
    "april": 4, "apr": 4,
    "may": 5, "mei": 5,
    "june": 6, "jun": 6, "juni": 6,
    "july": 7, "jul": 7, "juli": 7,
    "august": 8, "aug": 8, "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nopember": 11, "nop": 11,
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
    # Sen (0–99) after the whole rupiah in ``amount``: such a line never matches.
    cents: int = 0

    @property
    def fingerprint(self) -> str:
        return self.fingerprint_for("")

    def fingerprint_for(self, account: str) -> str:
        return line_fingerprint(
            on=self.date,
            amount=self.amount,
            direction=self.direction,
            description=self.description,
            occurrence=self.occurrence,
            cents=self.cents,
            account=account,
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


def account_key(text: str) -> str:
    """The digits of an account number: ``'0987-654-321`` → ``0987654321``."""
    return "".join(ch for ch in str(text or "") if ch.isdigit())[:40]


def with_account(fingerprint: str, account: str) -> str:
    """Bind a file-level fingerprint to the bank account it was read from.

    Two accounts of the community can show identical lines on one day (an
    admin fee, a cash deposit); keyed by account both are kept. Without a
    known account the fingerprint stays as before (the data migration
    ``0003`` applies this same step to stored lines).
    """
    if not account:
        return fingerprint
    return hashlib.sha256(f"{fingerprint}|account:{account}".encode()).hexdigest()


def line_fingerprint(
    *,
    on: date,
    amount: int,
    direction: str,
    description: str,
    occurrence: int,
    cents: int = 0,
    account: str = "",
) -> str:
    """Return the de-duplication key of one movement.

    ``occurrence`` counts identical rows earlier in the same file, so two equal
    transfers on one day stay two lines while a re-import finds both again.
    """
    parts = [
        on.isoformat(),
        str(amount),
        direction,
        normalise_description(description),
        str(occurrence),
    ]
    if cents:
        parts.append(f"cents:{cents}")
    key = "|".join(parts)
    return with_account(hashlib.sha256(key.encode()).hexdigest(), account)


def error(line_no: int | None, message: str) -> StatementParseError:
    if line_no is None:
        return StatementParseError(message, field="file")
    return StatementParseError(
        _("Line %(line)s: %(problem)s") % {"line": line_no, "problem": message},
        field="file",
    )


def decode(data: bytes) -> str:
    """Decode an export: UTF-8 (with or without BOM), else Windows-1252/Latin-1."""
    if not isinstance(data, bytes | bytearray):
        raise error(None, _("The file could not be read."))
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = bytes(data).decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    if "\x00" in text:
        raise error(None, _("This is not a text (CSV) file."))
    return text.lstrip("\ufeff")


_AMOUNT_CHARS = re.compile(r"^[0-9.,]+$")


def _not_a_number(value: str, line_no: int) -> StatementParseError:
    return error(
        line_no, _("the amount %(value)s is not a number.") % {"value": value[:40]}
    )


def parse_money(value: str, line_no: int) -> tuple[int, int]:
    """``152,417.00`` / ``152.417,00`` / ``Rp 152.417`` / ``.00`` → (rupiah, sen)."""
    text = str(value).strip().strip("'").replace(" ", "").replace("\u00a0", "")
    if text.lower().startswith("rp"):
        text = text[2:]
    if text.startswith("+"):
        text = text[1:]
    if not text or not _AMOUNT_CHARS.match(text):
        raise _not_a_number(value, line_no)
    whole, cents = text, ""
    has_dot, has_comma = "." in text, "," in text
    last_sep = max(text.rfind("."), text.rfind(","))
    tail = text[last_sep + 1 :] if last_sep >= 0 else ""
    # With both separators the last one is the decimal one ("152,417.00",
    # "152.417,00"). With one kind only, it is decimal when it appears once
    # followed by one or two digits ("152417.00", ".00"), else it groups
    # thousands.
    if (has_dot and has_comma) or (
        last_sep >= 0 and text.count(text[last_sep]) == 1 and len(tail) in (1, 2)
    ):
        whole, cents = text[:last_sep], tail
    digits = whole.replace(".", "").replace(",", "") or ("0" if cents else "")
    if not digits.isdecimal() or not (cents == "" or cents.isdecimal()):
        raise _not_a_number(value, line_no)
    amount = int(digits)
    if amount > MAX_AMOUNT:
        raise error(
            line_no, _("the amount %(value)s is too large.") % {"value": value[:40]}
        )
    return amount, int(cents.ljust(2, "0")) if cents else 0


def parse_amount(value: str, line_no: int) -> int:
    """Whole rupiah only (a value with sen is refused): used by strict callers."""
    amount, cents = parse_money(value, line_no)
    if cents:
        raise error(
            line_no,
            _("the amount %(value)s has cents; only whole rupiah can be matched.")
            % {"value": value[:40]},
        )
    return amount


def make_date(year: int, month: int, day: int, value: str, line_no: int) -> date:
    try:
        if not 1900 <= year <= 2999:
            raise ValueError
        return date(year, month, day)
    except (ValueError, OverflowError):
        raise error(
            line_no, _("the date %(value)s cannot be read.") % {"value": value[:40]}
        ) from None


def parse_date(value: str, line_no: int) -> date:
    """``2026-11-03``, ``03/11/2026``, ``03/11/26``, ``03 Nov 2026 …`` → date."""
    text = str(value).strip().strip("'").strip()
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return make_date(year, month, day, value, line_no)
    match = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s.*)?$", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000
        return make_date(year, month, day, value, line_no)
    match = re.match(r"^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})(?:\s.*)?$", text)
    if match and match.group(2).lower() in MONTHS:
        day, year = int(match.group(1)), int(match.group(3))
        return make_date(year, MONTHS[match.group(2).lower()], day, value, line_no)
    raise error(
        line_no, _("the date %(value)s cannot be read.") % {"value": value[:40]}
    )


def next_business_day(on: date) -> date:
    """The next Monday–Friday after ``on`` (bank holidays are not known)."""
    on += timedelta(days=1)
    while on.weekday() >= 5:
        on += timedelta(days=1)
    return on


def norm(name: str) -> str:
    """A header cell as a key: ``Val. Date`` → ``valdate``."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def sniff_delimiter(line: str) -> str:
    """The separator Excel or the bank used on a header line: tab, ``;`` or ``,``."""
    outside, quoted = [], False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    counts = {sep: outside.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def rows(text: str, delimiter: str):
    """Yield (physical line number, fields) for each CSV record; skip blanks."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for fields in reader:
            if len(fields) > 200:
                raise error(reader.line_num, _("the line has too many columns."))
            if not any(part.strip() for part in fields):
                continue
            yield reader.line_num, [part.strip() for part in fields]
    except csv.Error as problem:
        raise error(reader.line_num, _("the line is not valid CSV.")) from problem


def find_header(text: str, predicate, limit: int = 40) -> str | None:
    """The first physical line (of the first ``limit``) the predicate accepts."""
    for line in text.splitlines()[:limit]:
        if predicate(line):
            return line
    return None


def direction_of(value: str, line_no: int) -> str:
    word = str(value).strip().strip("'").strip().upper()
    if word in {"CR", "C", "K", "KR", "CREDIT", "KREDIT", "IN", "MASUK"}:
        return CREDIT
    if word in {"DB", "D", "DR", "DEBIT", "DEBET", "OUT", "KELUAR"}:
        return DEBIT
    raise error(
        line_no,
        _("the type %(value)s must be CR (money in) or DB (money out).")
        % {"value": value[:20]},
    )


def need_columns(fields: list[str], count: int, line_no: int) -> list[str]:
    if len(fields) < count:
        raise error(
            line_no,
            _("expected %(expected)s columns but found %(found)s.")
            % {"expected": count, "found": len(fields)},
        )
    return fields


def debit_credit(debit: str, credit: str, line_no: int):
    """(rupiah, sen, direction) from a debit and a credit column; None if zero."""
    # Some exports sign the debit column ("-245.000,00"): the column says
    # which way the money went, the sign adds nothing.
    debit, credit = (str(value).strip().removeprefix("-") for value in (debit, credit))
    debit_money = parse_money(debit, line_no) if debit else (0, 0)
    credit_money = parse_money(credit, line_no) if credit else (0, 0)
    if any(debit_money) and any(credit_money):
        raise error(line_no, _("the line has both a debit and a credit amount."))
    if any(credit_money):
        return *credit_money, CREDIT
    if any(debit_money):
        return *debit_money, DEBIT
    return None  # a zero line: nothing moved


def make_line(line_no, on, description, amount, cents, direction, fields, sep):
    return ParsedLine(
        line_no=line_no,
        date=on,
        description=" ".join(str(description).strip("'").split())[:255],
        amount=amount,
        cents=cents,
        direction=direction,
        raw=sep.join(str(part) for part in fields)[:1000],
    )


def number_occurrences(lines: list[ParsedLine]) -> list[ParsedLine]:
    """Give each line its ``occurrence``: identical rows before it in the file."""
    counts: dict[tuple, int] = {}
    numbered = []
    for line in lines:
        key = (
            line.date,
            line.amount,
            line.cents,
            line.direction,
            normalise_description(line.description),
        )
        occurrence = counts.get(key, 0)
        counts[key] = occurrence + 1
        numbered.append(replace(line, occurrence=occurrence))
    return numbered
