from django.db import models
from django.utils.translation import gettext_lazy as _


class PageVersion(models.Model):
    """A counter the database bumps when a write that a cached page shows commits.

    ``scope`` is ``m:<member id>`` for one member's own data, ``catalog`` for the
    shared catalog and ``fund`` for the charity fund. Only the triggers of
    ``pagecache/watch.py`` write these rows; nothing in Python does.
    """

    scope = models.CharField(_("scope"), max_length=40, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")

    def __str__(self) -> str:
        return f"{self.scope}@{self.version}"
