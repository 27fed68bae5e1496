"""Signals other apps may listen to (cross-app glue only, wired in ready())."""

from django.dispatch import Signal

# Sent inside the registration transaction: member, mentor (or None), actor.
member_registered = Signal()
