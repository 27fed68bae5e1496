"""The shape every status event shares (settlements, returns, disbursements):
who, when, from which status to which, and the details of the change."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatusEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    params = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '·'} → {self.to_status}"

    @staticmethod
    def subject(model, verbose_name) -> models.ForeignKey:
        """The row whose change this is (``<row>.events``)."""
        return models.ForeignKey(
            model,
            verbose_name=verbose_name,
            on_delete=models.CASCADE,
            related_name="events",
        )
