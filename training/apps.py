from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from community.home import HomePanel, register_home_panel
        from community.signals import member_registered
        from orders.signals import order_completed, order_submitted
        from settlements.signals import settlements_confirmed
        from training import receivers
        from training.views import home_panel_context

        member_registered.connect(
            receivers.on_member_registered, dispatch_uid="training-enrol"
        )
        order_submitted.connect(
            receivers.on_order_submitted, dispatch_uid="training-first-order"
        )
        settlements_confirmed.connect(
            receivers.on_settlements_confirmed, dispatch_uid="training-first-settlement"
        )
        order_completed.connect(
            receivers.on_order_completed, dispatch_uid="training-five-completed"
        )
        register_home_panel(
            HomePanel("training", "training/home_panel.html", home_panel_context, 40)
        )
