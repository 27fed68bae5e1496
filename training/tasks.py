"""Celery tasks of the training app: thin wrappers over services."""

from celery import shared_task


@shared_task(name="training.tasks.promo_reminder_task")
def promo_reminder_task() -> int:
    """Remind members of promo slots starting within the hour (once each).

    Run by beat every few minutes; idempotent. Return how many were sent.
    """
    from training.services import promo_reminders_send

    return promo_reminders_send()
