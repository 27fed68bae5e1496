from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """Cached member pages, keyed on versions the database bumps on commit.

    The last app: it names the tables of every app below it (pagecache/watch.py)
    and nothing imports it but the middleware setting.
    """

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from .watch import install_triggers_after_migrate

        # After every migrate: a table that SQLite rebuilt has lost its triggers.
        post_migrate.connect(
            install_triggers_after_migrate,
            sender=self,
            dispatch_uid="pagecache_triggers",
        )
