"""Reading one cell: text, money, counts, times, phones, couriers.

Exports write the same value in many ways: money as a number, ``99.000``,
``IDR 99.000``, ``Rp1.250.000`` or ``-5.600``; times as Excel dates,
``2026-11-05 23:59`` or ``09/11/2026 08:12:45``. Each helper returns a clean
Python value or raises ValueError with a short reason.
"""

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from orders.couriers import Courier

JAKARTA = ZoneInfo("Asia/Jakarta")
_THOUSANDS_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_COMMAS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACES = re.compile(r"\s+")


def text(value) -> str:
    """A cell as trimmed text; whole numbers lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return _SPACES.sub(" ", str(value)).strip()


def money(value) -> int:
    """Whole rupiah from a number or a text such as ``IDR 99.000``."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValueError("not money")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    raw = str(value).strip().upper().replace("\u00a0", " ")
    for prefix in ("IDR", "RP"):
        raw = raw.replace(prefix, "")
    raw = raw.replace(" ", "")
    if raw in ("", "-"):
        return 0
    if _THOUSANDS_DOTS.match(raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMAS.match(raw):
        raw = raw.replace(",", "")
    elif raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    if len(raw) > 20:
        raise ValueError("too long")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise ValueError("not money") from None
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def count(value) -> int:
    """A whole number of items (``2``, ``2.0``, ``"2"``)."""
    if value is None or value == "":
        return 0
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("not whole")
        return int(value)
    if isinstance(value, int):
        return value
    raw = str(value).strip()
    if not raw.isdecimal() or len(raw) > 9:
        raise ValueError("not a count")
    return int(raw)


_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d %b %Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
)


def when(value) -> datetime | None:
    """An aware datetime (Asia/Jakarta) from an Excel date or a text."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        raw = text(value).replace("T", " ")
        raw = raw.split("+")[0].strip()
        moment = None
        for pattern in _FORMATS:
            try:
                moment = datetime.strptime(raw, pattern)  # noqa: DTZ007 - made aware below
                break
            except ValueError:
                continue
        if moment is None:
            raise ValueError("not a time")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JAKARTA)
    return moment


def phone(value) -> str:
    """A buyer's phone as ``08…`` when it is one; masked numbers stay as given."""
    raw = text(value)
    digits = re.sub(r"[\s\-\.\(\)]", "", raw).lstrip("+")
    if digits.isdigit():
        if digits.startswith("62"):
            return "0" + digits[2:]
        if digits.startswith("8"):
            return "0" + digits
    return raw[:32]


# Longest names first: "J&T Cargo" before "J&T".
_COURIER_NAMES = (
    ("j&t cargo", Courier.JNT_CARGO),
    ("jnt cargo", Courier.JNT_CARGO),
    ("j&t", Courier.JNT),
    ("jnt", Courier.JNT),
    ("j & t", Courier.JNT),
    ("sicepat", Courier.SICEPAT),
    ("si cepat", Courier.SICEPAT),
    ("anteraja", Courier.ANTERAJA),
    ("shopee express", Courier.SPX),
    ("spx", Courier.SPX),
    ("ninja", Courier.NINJA),
    ("id express", Courier.IDEXPRESS),
    ("idexpress", Courier.IDEXPRESS),
    ("lion", Courier.LION),
    ("tiki", Courier.TIKI),
    ("wahana", Courier.WAHANA),
    ("sap", Courier.SAP),
    ("gosend", Courier.GOSEND),
    ("gojek", Courier.GOSEND),
    ("grab", Courier.GRAB),
    ("jne", Courier.JNE),
    ("pos ", Courier.POS),
    ("pos indonesia", Courier.POS),
)


def courier(name: str) -> str:
    """The Kongsi courier of a marketplace's courier name ("" when unknown)."""
    lowered = f"{(name or '').lower()} "
    if not lowered.strip():
        return ""
    for needle, value in _COURIER_NAMES:
        if needle in lowered:
            return value
    return Courier.OTHER


def header_key(value) -> str:
    """A header as compared with the aliases: lower case, one space, no ``*``."""
    key = text(value).lower().replace("\ufeff", "")
    key = key.replace("/ ", "/").replace(" /", "/").rstrip("*").strip()
    return _SPACES.sub(" ", key)
