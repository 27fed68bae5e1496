from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Returns and credit")

    def ready(self) -> None:
        from community.figures import register_member_figure
        from returns.ledger import credit_balance

        register_member_figure("credit_balance", credit_balance)
