"""Rupiah arithmetic and display. Money is always whole rupiah in an int."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def round_rupiah(value: Decimal) -> int:
    """Round a Decimal amount half-up to whole rupiah."""
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def percent_of(amount: int, rate_percent: Decimal) -> int:
    """Return ``amount × rate_percent / 100`` rounded half-up to whole rupiah."""
    return round_rupiah(Decimal(amount) * Decimal(rate_percent) / Decimal(100))


def group_thousands(amount: int) -> str:
    """Return ``1250000`` as ``1.250.000`` (Indonesian grouping), sign kept."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def format_rupiah(amount: int | None) -> str:
    """Return ``Rp 1.250.000``; negative amounts read ``-Rp 5.000``."""
    if amount is None or amount == "":
        return "–"
    amount = int(amount)
    if amount < 0:
        return "-Rp " + group_thousands(-amount)
    return "Rp " + group_thousands(amount)


@dataclass(frozen=True)
class MoneyRow:
    """One line of a payment's sum: ``sign`` is "", "+" or "−"."""

    key: str
    sign: str
    amount: int


@dataclass(frozen=True)
class PaymentSum:
    """What a member pays, as a sum that adds up on screen.

    goods + charity − credit + unique code = total. Rows worth Rp 0 are left
    out (except the goods, the first term). ``total_head`` and ``total_tail``
    split the shown total before its last three digits, which the pages
    highlight when a unique code makes the amount the member's own.
    """

    rows: tuple[MoneyRow, ...]
    total: int
    unique_code: int

    @property
    def total_text(self) -> str:
        return format_rupiah(self.total)

    @property
    def total_head(self) -> str:
        text = self.total_text
        return text[:-3] if self.unique_code and self.total >= 0 else text

    @property
    def total_tail(self) -> str:
        return self.total_text[-3:] if self.unique_code and self.total >= 0 else ""


def payment_sum(
    *,
    goods_total: int,
    charity_share: int,
    credit_applied: int = 0,
    unique_code: int = 0,
) -> PaymentSum:
    """Return the one money sentence of a payment (see ``PaymentSum``).

    Every page that shows an amount to pay builds it here, so the rows and the
    total cannot disagree: the total is the sum of the rows.
    """
    terms = [
        MoneyRow("goods", "", int(goods_total)),
        MoneyRow("charity", "+", int(charity_share)),
        MoneyRow("credit", "−", int(credit_applied)),
        MoneyRow("unique_code", "+", int(unique_code)),
    ]
    rows = tuple(row for row in terms if row.amount or row.key == "goods")
    total = sum(-row.amount if row.sign == "−" else row.amount for row in rows)
    return PaymentSum(rows=rows, total=total, unique_code=int(unique_code))


def payment_sum_of(payment) -> PaymentSum:
    """The sum of a settlement, or of an order not settled yet (no credit or
    code: those are added when the member makes the settlement)."""
    return payment_sum(
        goods_total=payment.goods_total,
        charity_share=payment.charity_share,
        credit_applied=getattr(payment, "credit_applied", 0) or 0,
        unique_code=getattr(payment, "unique_code", 0) or 0,
    )
