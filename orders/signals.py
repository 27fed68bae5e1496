"""Signals later apps listen to (training ticks its automatic items from them).

Each is sent from inside the service's transaction; a receiver that starts a
task must use ``delay_on_commit`` / ``transaction.on_commit``.
"""

from django.dispatch import Signal

# order, actor — an order left draft and became submitted (stock reserved).
order_submitted = Signal()
# order, actor — an order reached completed.
order_completed = Signal()
