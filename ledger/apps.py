from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    """The money kernel: the member credit ledger, the charity fund ledger and
    the charity policy. Depends on ``community`` only (see README, Layout)."""

    name = "ledger"
    verbose_name = _("Ledgers")

    def ready(self):
        from .fund_months import install_after_migrate

        # After every migrate: a table that SQLite rebuilt has lost its triggers.
        post_migrate.connect(
            install_after_migrate, sender=self, dispatch_uid="ledger_fund_month"
        )
