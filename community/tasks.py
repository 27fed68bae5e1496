"""Celery tasks of the community app: thin wrappers over services."""

from celery import shared_task
from django.utils import translation
from django.utils.translation import gettext as _


@shared_task(name="community.tasks.member_welcome_task")
def member_welcome_task(member_id: int) -> int:
    """Greet a newly registered member on Beranda; idempotent. Return its id."""
    from community.models import Member
    from community.services import notification_send

    member = Member.objects.get(pk=member_id)
    with translation.override("id"):
        message = _(
            "Welcome to Kongsi, %(name)s! Start with the Learn menu; "
            "your mentor will help you."
        ) % {"name": member.full_name}
    notification = notification_send(
        member=member, kind="welcome", message=message, key="welcome"
    )
    return notification.pk


@shared_task(name="community.tasks.outbox_sweep_task")
def outbox_sweep_task() -> int:
    """Send again the recorded work not done yet (beat, every minute)."""
    from community.outbox import outbox_sweep

    return outbox_sweep()


@shared_task(name="community.tasks.request_once_purge_task")
def request_once_purge_task() -> int:
    """Forget idempotency keys and form tokens older than 24 h (hourly by beat)."""
    from community.request_once import request_once_purge

    return request_once_purge()
