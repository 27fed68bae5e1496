"""Signals later apps listen to (the catalog never imports them).

Sent from inside the catalog service's transaction; a receiver that writes
elsewhere or starts a task must do so in ``transaction.on_commit``.
"""

from django.dispatch import Signal

# variant_ids (list[int]), reason ("out_of_stock" | "deactivated") — variants
# that could be sold a moment ago and now cannot.
variant_unavailable = Signal()
