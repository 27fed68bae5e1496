from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Returns and credit")

    def ready(self) -> None:
        from community.figures import register_member_figure
        from community.home import HomePanel, register_home_panel
        from returns.panels import credit_panel_context
        from returns.selectors import (
            credit_balance_expression,
            open_returns_expression,
        )

        register_member_figure("credit_balance", credit_balance_expression)
        register_member_figure("open_returns", open_returns_expression)
        from community.home import WorkCard, register_work_card
        from returns.work import returns_card, returns_expressions

        register_work_card(
            WorkCard("returns", ("leader",), returns_expressions, returns_card, 30)
        )
        register_home_panel(
            HomePanel(
                key="returns_credit",
                template="returns/home_panel.html",
                context=credit_panel_context,
                order=40,
            )
        )
