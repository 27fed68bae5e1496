from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettlementsConfig(AppConfig):
    name = "settlements"
    verbose_name = _("Settlements")

    def ready(self) -> None:
        from community.figures import register_member_figure
        from community.home import HomePanel, register_home_panel
        from settlements.selectors import (
            outstanding_expression,
            unsettled_count_expression,
        )
        from settlements.views import home_panel_context

        register_member_figure("outstanding", outstanding_expression)
        register_member_figure("unsettled_orders", unsettled_count_expression)
        register_home_panel(
            HomePanel(
                key="settlements",
                template="settlements/home_panel.html",
                context=home_panel_context,
                order=5,
                first=True,
            )
        )
        from community.home import WorkCard, register_work_card
        from settlements.work import reconciliation_cards, reconciliation_expressions

        register_work_card(
            WorkCard(
                "reconciliation",
                ("leader", "treasurer"),
                reconciliation_expressions,
                reconciliation_cards,
                20,
            )
        )
