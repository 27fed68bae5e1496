"""The Celery app. Tasks are autodiscovered from each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Kongsi's task class: delay_on_commit records the work in the outbox first
# (community/outbox.py), so a broker that is down loses nothing.
app = Celery("kongsi", task_cls="community.outbox:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.ping")
def ping() -> str:
    """Answer 'pong': used to check that a worker is listening."""
    return "pong"
