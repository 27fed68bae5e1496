from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders and settlements")

    def ready(self) -> None:
        from community.home import (
            HomePanel,
            WorkCard,
            register_home_panel,
            register_work_card,
        )
        from orders.packing_selectors import packing_panel_context
        from orders.views import home_panel_context
        from orders.work import pack_card, pack_expressions

        register_work_card(
            WorkCard("orders_pack", ("leader",), pack_expressions, pack_card, 10)
        )
        register_home_panel(
            HomePanel(
                key="orders",
                template="orders/home_panel.html",
                context=home_panel_context,
                order=20,
            )
        )
        # The leader's packing figures (overdue / due today / to pack).
        register_home_panel(
            HomePanel(
                key="orders-packing",
                template="orders/packing_panel.html",
                context=packing_panel_context,
                order=15,
            )
        )
