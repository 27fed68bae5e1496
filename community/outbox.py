"""Background work that is never lost: record it in the transaction, send it after.

A service that needs a Celery task after its commit calls
``task.delay_on_commit(...)`` inside its transaction; Kongsi's task class
``OutboxTask`` hands it to ``outbox_enqueue``, which writes a ``TaskOutbox`` row
with the data, so the work exists exactly when the data does. After the commit
the task is sent to the broker; when the broker is down the error is logged and
the request goes on normally (no 500 after a commit). ``outbox_sweep`` (beat,
every minute) sends again what was never sent, or was sent long ago and is
still not done. A task run that succeeds marks its row done (the
``task_postrun`` signal) unless the same work was recorded again since it was
sent (the row's ``generation``, carried in a message header), so the tasks
stay plain and must be idempotent: a task may run twice (a redelivery after a
worker died, a sweep racing a slow worker), never zero times.

Settings (seconds): ``KONGSI_OUTBOX_RETRY_SECONDS`` — a row never sent is sent
again after this (default 120); ``KONGSI_OUTBOX_RESEND_SECONDS`` — a row sent but
not done is sent again after this (default 900, far above the longest task);
``KONGSI_OUTBOX_MAX_ATTEMPTS`` — after this many sends the sweep gives up and
``audit_tasks`` reports the row.
"""

import json
import logging
from datetime import timedelta

from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

# The message header that carries the row's generation to the task's run.
GENERATION_HEADER = "kongsi_outbox_generation"


class OutboxTask(DjangoTask):
    """Kongsi's task class (config/celery.py): ``delay_on_commit`` goes through
    the outbox, so every task scheduled after a commit is recorded first."""

    def delay_on_commit(self, *args, **kwargs):
        if kwargs:
            raise TypeError("outbox tasks take positional arguments only")
        outbox_enqueue(self, *args)


def _rows():
    # Imported late: config/celery.py loads this module before the apps.
    from community.models import TaskOutbox

    return TaskOutbox.objects


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def outbox_key(task_name: str, args) -> str:
    """The row's key: the same task with the same arguments is one piece of work."""
    key = f"{task_name}:{json.dumps(list(args), separators=(',', ':'))}"
    return key[:255]


def outbox_enqueue(task, *args):
    """Record ``task(*args)`` in the current transaction; send it after the commit.

    Recording the same work again while it is not done keeps one row; after it
    was done, it is recorded as to do again.
    """
    name = getattr(task, "name", task)
    row, created = _rows().get_or_create(
        key=outbox_key(name, args), defaults={"task": name, "args": list(args)}
    )
    if not created:
        # A new generation: a run of an older one (perhaps busy right now)
        # no longer marks the row done; only a run sent from now on does.
        changes = {"generation": F("generation") + 1}
        if row.done_at is not None:
            changes.update(
                done_at=None, attempts=0, sent_at=None, created_at=timezone.now()
            )
        _rows().filter(pk=row.pk).update(**changes)
    transaction.on_commit(lambda: outbox_send(row.pk))
    return row


def _eager() -> bool:
    from config.celery import app

    return bool(app.conf.task_always_eager)


def outbox_send(row_id: int) -> bool:
    """Send one recorded task to the broker; return False when the broker failed.

    A broker error is logged and left for the sweep. With eager tasks (no Redis,
    and the tests) the task runs here; its error is logged and the row left for
    the sweep the same way, since the write that recorded it has committed and
    the request must still answer normally.
    """
    from config.celery import app

    row = _rows().filter(pk=row_id, done_at__isnull=True).first()
    if row is None:
        return True
    _rows().filter(pk=row.pk).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    try:
        app.tasks[row.task].apply_async(
            args=row.args, headers={GENERATION_HEADER: row.generation}
        )
    except Exception as error:
        if _eager():
            # The task itself failed (there is no broker to fail): the sweep
            # runs it again, and the next row is still worth trying.
            logger.exception("%s failed, the sweep will retry", row.key)
            _rows().filter(pk=row.pk).update(
                sent_at=None, last_error=f"run: {error}"[:2000]
            )
            return True
        logger.warning("could not send %s, the sweep will retry: %s", row.key, error)
        _rows().filter(pk=row.pk).update(
            sent_at=None, last_error=f"send: {error}"[:2000]
        )
        return False
    return True


def outbox_due(now=None):
    """Rows the sweep should send now (oldest first)."""
    now = now or timezone.now()
    retry = timedelta(seconds=_setting("KONGSI_OUTBOX_RETRY_SECONDS", 120))
    resend = timedelta(seconds=_setting("KONGSI_OUTBOX_RESEND_SECONDS", 900))
    return (
        _rows()
        .filter(
            Q(sent_at__isnull=True, created_at__lte=now - retry)
            | Q(sent_at__lte=now - resend),
            done_at__isnull=True,
            attempts__lt=_setting("KONGSI_OUTBOX_MAX_ATTEMPTS", 10),
        )
        .order_by("created_at", "pk")
    )


def outbox_sweep(*, limit: int = 500) -> int:
    """Send again what is due; stop at the first broker error. Return how many.

    Rows done more than ``KONGSI_OUTBOX_KEEP_DAYS`` (30) days ago are removed.
    """
    keep = timedelta(days=_setting("KONGSI_OUTBOX_KEEP_DAYS", 30))
    _rows().filter(done_at__lt=timezone.now() - keep).delete()
    sent = 0
    for row_id in outbox_due().values_list("pk", flat=True)[:limit]:
        if not outbox_send(row_id):
            break
        sent += 1
    return sent


def outbox_mark_done(
    task_name: str, args, *, generation: int | None = None, error: str = ""
) -> int:
    """Mark the recorded work done (or note why it failed); return rows changed.

    ``generation`` is the one the run was sent with: when the work was
    recorded again since, the row stays to do (the newer work is still owed).
    A run without one (called by hand, or sent before generations existed)
    marks the row whatever its generation.
    """
    pending = _rows().filter(
        key=outbox_key(task_name, args or ()), done_at__isnull=True
    )
    if generation is not None:
        pending = pending.filter(generation=generation)
    if error:
        return pending.update(last_error=error[:2000])
    return pending.update(done_at=timezone.now(), last_error="")


def _generation_of(task) -> int | None:
    """The generation header of the run: an attribute of the request on a
    worker, in ``request.headers`` when run eagerly."""
    request = getattr(task, "request", None)
    value = getattr(request, GENERATION_HEADER, None)
    if value is None:
        value = (getattr(request, "headers", None) or {}).get(GENERATION_HEADER)
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def on_task_postrun(sender=None, task=None, args=None, state=None, retval=None, **_):
    """Celery ``task_postrun``: a run that succeeded marks its outbox row done."""
    name = getattr(task, "name", None) or getattr(sender, "name", "")
    if name == "community.tasks.outbox_sweep_task":
        return
    try:
        generation = _generation_of(task)
        if state == "SUCCESS":
            outbox_mark_done(name, args, generation=generation)
        else:
            outbox_mark_done(
                name,
                args,
                generation=generation,
                error=f"{state or 'FAILURE'}: {retval}",
            )
    except Exception:  # the database may be gone too; the sweep will come back
        logger.exception("could not mark %s done", name)
