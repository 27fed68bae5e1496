from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Marketplace imports")

    def ready(self) -> None:
        # Cross-app glue: the catalog says when a variant can no longer be
        # sold; the members who list it are told (imports.stockout).
        from catalog.signals import variant_unavailable
        from community.home import HomePanel, register_home_panel
        from imports import stockout

        variant_unavailable.connect(
            stockout.on_variant_unavailable, dispatch_uid="imports.stockout"
        )
        register_home_panel(
            HomePanel(
                key="stockout",
                template="imports/stockout_panel.html",
                context=stockout.home_panel_context,
                order=15,
            )
        )
