"""Celery tasks of settlements: thin, idempotent wrappers over services."""

from celery import shared_task

from settlements.reconciliation import statement_match_lines
from settlements.services import settlement_expire_overdue


@shared_task(name="settlements.tasks.settlement_expire_task")
def settlement_expire_task() -> int:
    """Expire settlements waiting for a transfer past SETTLEMENT_EXPIRY_HOURS."""
    return len(settlement_expire_overdue())


@shared_task(name="settlements.tasks.statement_match_task")
def statement_match_task(statement_id: int) -> int:
    """Match the pending lines of one imported statement (safe to re-run)."""
    return statement_match_lines(statement_id=statement_id).matched_lines
