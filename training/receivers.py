"""Receivers of other apps' signals (wired in TrainingConfig.ready()).

Each runs inside the sender's transaction, so a tick is saved with the event
that proves it, or not at all.
"""

from django.apps import apps

from training.models import ChecklistItem
from training.services import (
    enrollment_create,
    item_auto_check,
    item_auto_check_many,
)

COMPLETED_ORDERS_NEEDED = 5


def on_member_registered(sender, member, mentor=None, actor=None, **kwargs):
    """A member registered with a mentor starts training at once."""
    if mentor is not None:
        enrollment_create(trainee=member, mentor=mentor, actor=actor)


def on_order_submitted(sender, order, actor=None, **kwargs):
    item_auto_check(
        member_id=order.member_id,
        auto_code=ChecklistItem.AutoCode.FIRST_ORDER,
        reference=f"order:{order.pk}",
    )


def on_settlement_confirmed(sender, settlement, actor=None, **kwargs):
    item_auto_check(
        member_id=settlement.member_id,
        auto_code=ChecklistItem.AutoCode.FIRST_SETTLEMENT,
        reference=f"settlement:{settlement.pk}",
    )


def on_settlements_confirmed(sender, settlements, actor=None, **kwargs):
    """The bulk signal of statement matching: each member's first settlement
    in the list ticks, as if the single signal had been sent one by one."""
    references: dict[int, str] = {}
    for settlement in settlements:
        references.setdefault(settlement.member_id, f"settlement:{settlement.pk}")
    item_auto_check_many(
        auto_code=ChecklistItem.AutoCode.FIRST_SETTLEMENT, references=references
    )


def completed_order_count(member_id: int) -> int:
    """Count the member's completed orders (0 while orders has no model yet)."""
    try:
        order_model = apps.get_model("orders", "Order")
    except LookupError:
        return 0
    return order_model.objects.filter(member_id=member_id, status="completed").count()


def on_order_completed(sender, order, actor=None, **kwargs):
    if completed_order_count(order.member_id) >= COMPLETED_ORDERS_NEEDED:
        item_auto_check(
            member_id=order.member_id,
            auto_code=ChecklistItem.AutoCode.FIVE_COMPLETED,
            reference=f"order:{order.pk}",
        )
