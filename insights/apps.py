from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Overview")

    def ready(self) -> None:
        from community.home import HomePanel, register_home_panel
        from insights.views import home_panel_context

        register_home_panel(
            HomePanel(
                key="insights",
                template="insights/home_panel.html",
                context=home_panel_context,
                order=10,
            )
        )
