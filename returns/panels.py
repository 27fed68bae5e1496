"""The Beranda panel of the returns app: credit balance and open returns."""

from community.roles import is_leader
from returns.ledger import credit_balance
from returns.selectors import open_return_count, queue_count


def credit_panel_context(request, member) -> dict:
    """Return the panel's context (the leader also sees the queue's size)."""
    return {
        "balance": credit_balance(member),
        "open_returns": open_return_count(member),
        "queue": queue_count() if is_leader(request.user) else None,
    }
