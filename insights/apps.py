from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Overview")

    def ready(self) -> None:
        from community.home import HomePanel, register_home_panel
        from insights.impact.panel import impact_panel_context
        from insights.views import home_panel_context

        register_home_panel(
            HomePanel(
                key="insights",
                template="insights/home_panel.html",
                context=home_panel_context,
                order=10,
            )
        )
        register_home_panel(
            HomePanel(
                key="impact",
                template="insights/impact/home_panel.html",
                context=impact_panel_context,
                order=80,
            )
        )
