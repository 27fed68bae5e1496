"""Celery tasks of the orders app: thin, idempotent wrappers over services."""

from celery import shared_task

from orders.services import order_cancel_unpaid


@shared_task(name="orders.tasks.order_cancel_unpaid_task")
def order_cancel_unpaid_task() -> list[int]:
    """Cancel submitted orders unpaid after ORDER_PAYMENT_HOURS (beat, 15 min)."""
    return order_cancel_unpaid()


@shared_task(name="orders.tasks.ship_by_morning_task")
def ship_by_morning_task() -> int:
    """Tell each leader this morning's late and due-today orders (beat, 06:00).

    Idempotent: one notification per leader per day. Return how many were sent.
    """
    from orders.packing import ship_by_morning_notify

    return ship_by_morning_notify()
