"""Tracking numbers (resi): one way to write them, and a guess at the courier.

Plain functions with no database access, so the marketplace import can call
them too. ``resi_normalise`` is the only spelling Kongsi stores: upper case,
without spaces or dashes. It never folds look-alike characters (O/0, I/1):
couriers use both, and a "corrected" resi would track somebody else's parcel.

``resi_courier_hint`` guesses the courier from the shape of the number. The
shapes are what Indonesian couriers print today; they change, so a hint is
only ever shown to the leader, never used to refuse a resi.
"""

import re

from orders.couriers import Courier

# Removed when a resi is typed or scanned: whitespace of any kind and dashes
# (ASCII hyphen, the Unicode dashes a phone keyboard may put in, minus sign).
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")

# Checked in this order: the first match wins, so the more specific shapes
# (with a letter prefix) come before the all-digit ones.
COURIER_PATTERNS: list[tuple[str, re.Pattern]] = [
    (Courier.SPX, re.compile(r"^SPX(ID)?\d{8,}[A-Z]?$")),
    (Courier.IDEXPRESS, re.compile(r"^ID[SE]\d{9,}$")),
    (Courier.NINJA, re.compile(r"^(NLID|NVID|NJV|NINJA)[A-Z0-9]{6,}$")),
    (Courier.LION, re.compile(r"^\d{2}LP\d{8,}$")),
    (Courier.JNT, re.compile(r"^(JP|JD|JO|JX|JZ)\d{10}$")),
    (Courier.ANTERAJA, re.compile(r"^(TSA\d{9,}|1\d{13})$")),
    (Courier.JNE, re.compile(r"^(CM|TLJR|TLJC|JJ|JT|BDO|CGK|SUB)[A-Z0-9]{8,}$")),
    (Courier.POS, re.compile(r"^(P\d{12,}|[A-Z]{2}\d{9}ID)$")),
    (Courier.SICEPAT, re.compile(r"^00\d{10}$")),
    (Courier.JNE, re.compile(r"^\d{15,16}$")),
]


def resi_normalise(text) -> str:
    """Return the resi as Kongsi stores it: upper case, no spaces or dashes."""
    return _SEPARATORS.sub("", str(text or "")).upper()


def resi_courier_hint(resi) -> str:
    """Return the courier the resi looks like (a ``Courier`` value), or ""."""
    value = resi_normalise(resi)
    for courier, pattern in COURIER_PATTERNS:
        if pattern.match(value):
            return courier
    return ""
