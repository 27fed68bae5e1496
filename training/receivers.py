"""Receivers of other apps' signals (wired in TrainingConfig.ready()).

A signal is sent inside (orders) or after (settlements) the sender's
transaction; every tick here runs after that transaction committed, in its
own transaction, so training never locks rows inside a payment and a failing
tick is logged, never undoing what proved it (``community.lock_plan``).
"""

import logging

from django.db import transaction

from ledger.references import order_ref, settlement_ref
from orders.selectors import completed_order_count
from training.models import ChecklistItem
from training.services import enrollment_create, item_auto_check

logger = logging.getLogger(__name__)
COMPLETED_ORDERS_NEEDED = 5
Auto = ChecklistItem.AutoCode


def _tick_after_commit(auto_code: str, references: dict[int, str]) -> None:
    transaction.on_commit(
        lambda: item_auto_check(auto_code=auto_code, references=references),
        robust=True,
    )


def on_member_registered(sender, member, mentor=None, actor=None, **kwargs):
    """A member registered with a mentor starts training at once."""
    if mentor is not None:
        enrollment_create(trainee=member, mentor=mentor, actor=actor)


def on_order_submitted(sender, order, actor=None, **kwargs):
    _tick_after_commit(Auto.FIRST_ORDER, {order.member_id: str(order_ref(order.pk))})


def on_settlements_confirmed(sender, settlements, actor=None, **kwargs):
    """Each member's first settlement in the list ticks "first settlement"
    (already after the confirmation's commit)."""
    references: dict[int, str] = {}
    for settlement in settlements:
        references.setdefault(settlement.member_id, str(settlement_ref(settlement.pk)))
    item_auto_check(auto_code=Auto.FIRST_SETTLEMENT, references=references)


def on_order_completed(sender, order, actor=None, **kwargs):
    member_id, reference = order.member_id, str(order_ref(order.pk))

    def tick():
        if completed_order_count(member_id) >= COMPLETED_ORDERS_NEEDED:
            item_auto_check(
                auto_code=Auto.FIVE_COMPLETED, references={member_id: reference}
            )

    transaction.on_commit(tick, robust=True)
