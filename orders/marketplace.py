"""Order writes that come from a marketplace export (the imports app).

Each function locks the order (the same lock order as ``orders.services``:
the Order row first, then variants), changes only what the marketplace knows
better than Kongsi — its resi, courier and ship-by deadline, or its fee — and
writes one ``OrderEvent`` whose params name the import (``source``).
"""

from datetime import datetime

from django.db import transaction

from ledger.policy import policy_in_force
from orders.models import Order, OrderEvent
from orders.money import PolicySnapshot
from orders.services import (
    MONEY_FIELDS,
    _lock,
    _refresh_caller_copy,
    _snapshot_money,
    _user_of,
)

S = Order.Status


@transaction.atomic
def order_marketplace_update(
    *,
    order: Order,
    actor,
    source: str,
    tracking_no: str = "",
    courier: str = "",
    ship_by: datetime | None = None,
) -> list[str]:
    """Fill the resi, courier and ship-by from the marketplace; return what changed.

    A resi or courier already on the order (typed by the leader) is kept; the
    ship-by deadline follows the marketplace. Nothing changes → no event.
    """
    locked = _lock(order)
    changed = []
    resi = "".join((tracking_no or "").split()).upper()[:64]
    if resi and not locked.tracking_no and locked.status != S.CANCELLED:
        locked.tracking_no = resi
        changed.append("tracking_no")
    if courier and not locked.courier:
        locked.courier = courier
        changed.append("courier")
    if ship_by and locked.ship_by != ship_by:
        locked.ship_by = ship_by
        changed.append("ship_by")
    if changed:
        locked.save(update_fields=changed)
        OrderEvent.objects.create(
            order=locked,
            actor=_user_of(actor),
            from_status=locked.status,
            to_status=locked.status,
            params={
                "source": source,
                "changed": changed,
                "tracking_no": locked.tracking_no,
                "ship_by": locked.ship_by.isoformat() if locked.ship_by else None,
            },
        )
    _refresh_caller_copy(order, locked)
    return changed


@transaction.atomic
def order_set_marketplace_fee(*, order: Order, fee: int, actor, source: str) -> bool:
    """Set the fee the marketplace really took and recompute profit and charity.

    A draft uses the policy in force (as when it is saved); a submitted order
    keeps the charity policy snapshotted on it. The caller refuses orders in a
    settlement: their charity share is already part of an amount due.
    """
    locked = _lock(order)
    if locked.marketplace_fee == fee or locked.status == S.CANCELLED:
        return False
    before = {
        "marketplace_fee": locked.marketplace_fee,
        "profit": locked.profit,
        "charity_share": locked.charity_share,
    }
    locked.marketplace_fee = fee
    lines = list(locked.lines.order_by("pk"))
    if locked.status == S.DRAFT or locked.charity_rate is None:
        policy = policy_in_force()
    else:
        policy = PolicySnapshot(locked.charity_rate, locked.charity_minimum or 0)
    _snapshot_money(locked, lines, policy)
    locked.save(update_fields=["marketplace_fee", *MONEY_FIELDS])
    OrderEvent.objects.create(
        order=locked,
        actor=_user_of(actor),
        from_status=locked.status,
        to_status=locked.status,
        params={
            "source": source,
            "before": before,
            "marketplace_fee": fee,
            "profit": locked.profit,
            "charity_share": locked.charity_share,
        },
    )
    _refresh_caller_copy(order, locked)
    return True


def order_record_marketplace_event(
    *, order: Order, actor, source: str, params: dict
) -> OrderEvent:
    """Note on the order's history what an import did (imported, returned …)."""
    return OrderEvent.objects.create(
        order=order,
        actor=_user_of(actor),
        from_status=order.status,
        to_status=order.status,
        params={"source": source, **params},
    )
