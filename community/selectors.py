"""Read queries of the community app used by pages, the API and reports."""

from django.db.models import QuerySet

from community.models import Member, Notification, Shop
from community.prepared import PreparedQuery
from community.roles import is_staff_role


def member_for_user(user) -> Member | None:
    """Return the user's Member row, or None (a staff user may have none)."""
    if not user.is_authenticated:
        return None
    try:
        return user.member
    except Member.DoesNotExist:
        return None


def member_list() -> QuerySet[Member]:
    return Member.objects.select_related("user", "mentor").prefetch_related(
        "user__groups"
    )


def shop_list_for(user) -> QuerySet[Shop]:
    """Shops the user may see: their own; leader and treasurer see all."""
    queryset = Shop.objects.select_related("member")
    if is_staff_role(user):
        return queryset
    member = member_for_user(user)
    if member is None:
        return queryset.none()
    return queryset.filter(member=member)


def _notifications(member_id, *, limit):
    return Notification.objects.filter(member_id=member_id)[:limit]


# On every Beranda: built and compiled once per process (community/prepared.py).
NOTIFICATIONS = PreparedQuery(_notifications, member_id=int)


def notification_list_for(member: Member, *, limit: int = 5) -> list[Notification]:
    return NOTIFICATIONS.instances(member_id=member.pk, static={"limit": limit})
