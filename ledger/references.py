"""Typed ledger references and idempotency keys: one builder, one parser.

A ledger entry says what it belongs to with a reference ``<kind>:<id>``
(``settlement:12``, ``return:7``, ``disbursement:3``, ``order:40``,
``donation:<key>``) and is posted once under an idempotency key
``<reference>:<purpose>`` (``settlement:12:apply``). Build both with ``Ref``;
read them back with ``parse_ref`` — never with f-strings or ``split(":")``.
"""

from dataclasses import dataclass
from enum import StrEnum


class RefKind(StrEnum):
    SETTLEMENT = "settlement"
    ORDER = "order"
    RETURN = "return"
    DISBURSEMENT = "disbursement"
    DONATION = "donation"


class Purpose(StrEnum):
    """What an entry of a reference is for (the key's third part)."""

    APPLY = "apply"  # credit used by a settlement
    REVERSAL = "reversal"  # credit given back when a settlement closes unpaid
    CONTRIBUTION = "contribution"  # a settlement's charity share
    UNIQUE_CODE = "unique_code"  # a settlement's unique code
    CREDIT = "credit"  # a return's credit


@dataclass(frozen=True)
class Ref:
    kind: RefKind
    id: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"

    def key(self, purpose: Purpose | None = None) -> str:
        """The idempotency key of this reference's entry for ``purpose``."""
        return str(self) if purpose is None else f"{self}:{purpose}"

    @property
    def pk(self) -> int | None:
        """The id as an integer (None for a donation's free-form key)."""
        return int(self.id) if self.id.isdecimal() else None

    @classmethod
    def prefix(cls, kind: RefKind) -> str:
        """For ``reference__startswith`` queries: ``"settlement:"``."""
        return f"{kind}:"


def settlement_ref(pk: int) -> Ref:
    return Ref(RefKind.SETTLEMENT, str(int(pk)))


def order_ref(pk: int) -> Ref:
    return Ref(RefKind.ORDER, str(int(pk)))


def return_ref(pk: int) -> Ref:
    return Ref(RefKind.RETURN, str(int(pk)))


def disbursement_ref(pk: int) -> Ref:
    return Ref(RefKind.DISBURSEMENT, str(int(pk)))


def donation_ref(key: str) -> Ref:
    return Ref(RefKind.DONATION, str(key))


@dataclass(frozen=True)
class Parsed:
    ref: Ref
    purpose: str = ""


def parse_ref(text: str) -> Parsed | None:
    """Read a reference or an idempotency key back; None when it is not one.

    ``"settlement:12"`` and ``"settlement:12:apply"`` both give the settlement
    12 (the second with purpose ``apply``). Ids of every kind but donation
    must be whole numbers.
    """
    kind, sep, rest = (text or "").partition(":")
    if not sep or kind not in RefKind.__members__.values():
        return None
    kind = RefKind(kind)
    if kind == RefKind.DONATION:
        return Parsed(Ref(kind, rest)) if rest else None
    ident, _sep, purpose = rest.partition(":")
    if not ident.isdecimal():
        return None
    return Parsed(Ref(kind, str(int(ident))), purpose)


def settlement_id_of(text: str) -> int | None:
    """The settlement a reference or key belongs to, or None."""
    parsed = parse_ref(text)
    if parsed is None or parsed.ref.kind != RefKind.SETTLEMENT:
        return None
    return parsed.ref.pk
