"""Signals later apps listen to (training's "first settlement confirmed")."""

from django.dispatch import Signal

# settlement, actor — sent inside the confirm transaction, once per settlement.
settlement_confirmed = Signal()
