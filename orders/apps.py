from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders and settlements")

    def ready(self) -> None:
        from community.home import HomePanel, register_home_panel
        from orders.views import home_panel_context

        register_home_panel(
            HomePanel(
                key="orders",
                template="orders/home_panel.html",
                context=home_panel_context,
                order=20,
            )
        )
