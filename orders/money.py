"""Money on one order, as pure functions (no database).

* goods total = Σ base price × quantity + the shipping fee the member owes;
* profit = Σ (sale price − base price) × quantity − the marketplace fee
  (may be negative: a member can sell below the base price);
* charity share = ``ledger.policy.charity_share_for(profit, policy)``:
  max(profit, 0) × rate, rounded half-up, at least the policy's minimum.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ledger.policy import charity_share_for


@dataclass(frozen=True)
class LineMoney:
    quantity: int
    unit_base_price: int
    sale_price: int


@dataclass(frozen=True)
class PolicySnapshot:
    """The charity policy as it was snapshotted on an order."""

    rate_percent: Decimal
    minimum_per_order: int


@dataclass(frozen=True)
class OrderMoney:
    goods_total: int
    profit: int
    charity_share: int


def order_money(
    *,
    lines: Iterable[LineMoney],
    shipping_fee: int,
    marketplace_fee: int,
    policy,
) -> OrderMoney:
    """Return the goods total, profit and charity share of an order.

    ``policy`` is anything with ``rate_percent`` and ``minimum_per_order``: the
    CharityPolicy in force or the order's own snapshot.
    """
    lines = list(lines)
    base_total = sum(line.unit_base_price * line.quantity for line in lines)
    margin = sum(
        (line.sale_price - line.unit_base_price) * line.quantity for line in lines
    )
    profit = margin - int(marketplace_fee)
    return OrderMoney(
        goods_total=base_total + int(shipping_fee),
        profit=profit,
        charity_share=charity_share_for(profit, policy),
    )
