"""Rupiah arithmetic and display. Money is always whole rupiah in an int."""

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
