from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from community.role_permissions import sync_role_permissions

        # post_migrate fires once per app, after that app's permissions exist;
        # the sync is idempotent, so running it each time catches every app.
        post_migrate.connect(sync_role_permissions, dispatch_uid="kongsi-role-perms")

        from celery.signals import task_postrun

        from community.outbox import on_task_postrun

        # A task run that succeeds marks its outbox row done (community.outbox).
        task_postrun.connect(on_task_postrun, dispatch_uid="kongsi-outbox-done")

        from community.admin_guards import guard_admin_site

        # Every admin (already registered by the admin app's autodiscover)
        # refuses to delete rows with history (community/admin_guards.py).
        guard_admin_site()
