from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Returns and credit")

    def ready(self) -> None:
        from community.figures import register_member_figure
        from community.home import HomePanel, register_home_panel
        from returns.ledger import credit_balance
        from returns.panels import credit_panel_context

        register_member_figure("credit_balance", credit_balance)
        register_home_panel(
            HomePanel(
                key="returns_credit",
                template="returns/home_panel.html",
                context=credit_panel_context,
                order=40,
            )
        )
