from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharityConfig(AppConfig):
    name = "charity"
    verbose_name = _("Charity fund")

    def ready(self) -> None:
        from community.figures import register_member_figure
        from community.home import HomePanel, register_home_panel

        from .selectors import contributed_expression, fund_balance_expression
        from .views import home_panel_context

        register_member_figure("charity_contributed", contributed_expression)
        register_member_figure("fund_balance", fund_balance_expression)
        from community.home import WorkCard, register_work_card

        from .work import payouts_card, payouts_expressions

        register_work_card(
            WorkCard(
                "payouts",
                ("leader", "treasurer"),
                payouts_expressions,
                payouts_card,
                40,
            )
        )
        register_home_panel(
            HomePanel(
                key="charity",
                template="charity/panel_home.html",
                context=home_panel_context,
                order=80,
            )
        )
