"""The Beranda panel of the returns app: credit balance and open returns."""

from community.figures import request_figures
from community.roles import is_leader
from returns.selectors import queue_count


def credit_panel_context(request, member) -> dict:
    """Return the panel's context (the leader also sees the queue's size)."""
    figures = request_figures(request, member)
    return {
        "balance": figures["credit_balance"],
        "open_returns": figures["open_returns"],
        "queue": queue_count() if is_leader(request.user) else None,
    }
