"""Signals later apps listen to (training's "first settlement confirmed")."""

from django.dispatch import Signal

# settlement, actor — sent inside the confirm transaction, once per settlement,
# by every single confirmation (admin, API, credit, a line matched by hand).
settlement_confirmed = Signal()

# settlements (a list, in the order they were confirmed), actor — sent once per
# chunk by bulk statement matching INSTEAD of settlement_confirmed for each of
# them, so a receiver can handle hundreds with one query. A receiver of
# settlement_confirmed that must also see statement matches connects to both.
settlements_confirmed = Signal()
