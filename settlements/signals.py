"""Signals later apps listen to (training's "first settlement confirmed")."""

from django.dispatch import Signal

# settlements (a list, in the order they were confirmed), actor, via — sent
# once per ``settlements_confirm`` call, AFTER its transaction committed (a
# single confirm sends a list of one). A receiver runs in its own transaction;
# its failure is logged and cannot undo the payment.
settlements_confirmed = Signal()
