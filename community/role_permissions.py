"""Give the leader and treasurer groups their Django admin permissions.

Permissions only exist after every app migrated, so this runs on post_migrate
(wired in CommunityConfig.ready) and is idempotent.
"""

from django.contrib.auth.models import Group, Permission

KONGSI_APPS = [
    "community",
    "ledger",
    "catalog",
    "orders",
    "settlements",
    "returns",
    "imports",
    "charity",
    "training",
    "insights",
]
# The treasurer reconciles money: full rights there, read-only elsewhere.
TREASURER_FULL_APPS = ["ledger", "orders", "settlements", "charity", "returns"]


ROLE_GROUPS = ["leader", "treasurer", "mentor", "member"]


def sync_role_permissions(**kwargs) -> None:
    # The groups come from a data migration, but a flush (as after every
    # transactional test) empties the table and sends post_migrate again:
    # recreate them here so roles keep working.
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS}
    leader, treasurer = groups["leader"], groups["treasurer"]
    kongsi = Permission.objects.filter(content_type__app_label__in=KONGSI_APPS)
    leader.permissions.add(*kongsi)
    treasurer_perms = list(
        kongsi.filter(content_type__app_label__in=TREASURER_FULL_APPS)
    ) + list(kongsi.filter(codename__startswith="view_"))
    treasurer.permissions.add(*treasurer_perms)
