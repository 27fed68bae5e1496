from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    """The money kernel: the member credit ledger, the charity fund ledger and
    the charity policy. Depends on ``community`` only (see README, Layout)."""

    name = "ledger"
    verbose_name = _("Ledgers")
