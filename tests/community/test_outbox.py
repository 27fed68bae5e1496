"""After-commit work goes through the outbox: recorded with the data, sent after
the commit, a broker error is logged (never a 500), the sweep sends it again,
and every task is idempotent, so a second run changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from kombu.exceptions import OperationalError

from catalog.models import ProductImage
from catalog.photos import image_add
from catalog.tasks import image_process_task
from community.models import Member, Notification, TaskOutbox
from community.outbox import outbox_due, outbox_enqueue, outbox_key, outbox_sweep
from community.tasks import member_welcome_task
from config.celery import app
from settlements import reconciliation
from settlements.models import BankStatement, BankStatementLine, Settlement
from settlements.tasks import statement_match_task
from tests.catalog.conftest import media_files, photo_bytes
from tests.catalog.factories import ProductFactory
from tests.factories import MemberFactory
from tests.settlements.factories import settlement_due

pytestmark = pytest.mark.django_db

WELCOME = "community.tasks.member_welcome_task"


def member_payload(username="wati"):
    return {
        "username": username,
        "password": "kuat-sekali-123",
        "full_name": "Wati Lestari",
        "phone": "0813 5555 6666",
        "roles": ["member"],
    }


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks really go to a broker, and every send fails as with Redis stopped."""

    state = {"down": True}

    def refusing(task):
        original = task.apply_async

        def apply_async(*args, **kwargs):
            if state["down"]:
                raise OperationalError("Error 111 connecting to 127.0.0.1:6391.")
            return original(*args, **kwargs)

        return apply_async

    for name in (WELCOME, image_process_task.name, statement_match_task.name):
        monkeypatch.setattr(app.tasks[name], "apply_async", refusing(app.tasks[name]))
    app.conf.task_always_eager = False
    yield state
    app.conf.task_always_eager = True


def test_registration_records_the_welcome_and_the_commit_sends_it(
    api_as, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(leader).post(
            "/api/v1/members/", member_payload(), format="json"
        )
    assert response.status_code == 201, response.content
    member = Member.objects.get(user__username="wati")
    row = TaskOutbox.objects.get()
    assert (row.task, row.args) == (WELCOME, [member.pk])
    assert row.key == outbox_key(WELCOME, [member.pk])
    assert row.done_at is not None and row.attempts == 1
    assert Notification.objects.filter(member=member, kind="welcome").count() == 1


def test_broker_down_after_commit_answers_201_and_the_sweep_sends_it_later(
    api_as, leader, django_capture_on_commit_callbacks, broker_down, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(leader).post(
            "/api/v1/members/", member_payload(), format="json"
        )
    assert response.status_code == 201, response.content
    member = Member.objects.get(user__username="wati")
    row = TaskOutbox.objects.get()
    assert row.done_at is None and row.sent_at is None and row.attempts == 1
    assert "111" in row.last_error
    assert not Notification.objects.filter(member=member).exists()

    # A retry of the request is refused as a duplicate, not a second member.
    again = api_as(leader).post("/api/v1/members/", member_payload(), format="json")
    assert again.status_code == 400
    assert Member.objects.filter(user__username="wati").count() == 1

    # Still down: the sweep tries, fails quietly, keeps the row.
    settings.KONGSI_OUTBOX_RETRY_SECONDS = 0
    assert outbox_sweep() == 0
    assert TaskOutbox.objects.get().attempts == 2

    # The broker is back (eager: the task runs at once, like a fast worker).
    app.conf.task_always_eager = True
    broker_down["down"] = False
    assert outbox_sweep() == 1
    row.refresh_from_db()
    assert row.done_at is not None and row.last_error == ""
    assert Notification.objects.filter(member=member, kind="welcome").count() == 1
    assert outbox_sweep() == 0


def test_without_a_broker_a_task_that_fails_after_the_commit_answers_201(
    api_as, leader, django_capture_on_commit_callbacks, monkeypatch, settings, caplog
):
    """``make run`` without Redis: the task runs eagerly in the commit hook."""
    task = app.tasks[WELCOME]
    working = task.run

    def broken(*args):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(task, "run", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(leader).post(
            "/api/v1/members/", member_payload(), format="json"
        )
    assert response.status_code == 201, response.content
    member = Member.objects.get(user__username="wati")
    row = TaskOutbox.objects.get()
    assert (row.task, row.args) == (WELCOME, [member.pk])
    assert row.done_at is None and row.sent_at is None and row.attempts == 1
    assert "disk penuh" in row.last_error and "disk penuh" in caplog.text
    assert not Notification.objects.filter(member=member).exists()

    # The sweep runs it again once the task works.
    monkeypatch.setattr(task, "run", working)
    settings.KONGSI_OUTBOX_RETRY_SECONDS = 0
    assert outbox_sweep() == 1
    row.refresh_from_db()
    assert row.done_at is not None and row.attempts == 2
    assert Notification.objects.filter(member=member, kind="welcome").count() == 1


@pytest.fixture
def not_eager():
    """Tasks are sent, not run in the test process."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def test_work_recorded_again_while_a_run_is_busy_is_not_lost_when_that_run_ends(
    monkeypatch, settings, django_capture_on_commit_callbacks, not_eager
):
    member = MemberFactory()
    task = app.tasks[WELCOME]
    sent, broker = [], {"down": False}

    def apply_async(*args, **kwargs):
        if broker["down"]:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6391.")
        sent.append(kwargs)  # a worker takes it and is busy with it

    monkeypatch.setattr(task, "apply_async", apply_async)
    key = outbox_key(WELCOME, [member.pk])

    # Given: the work is recorded and sent; its run has not finished.
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task, member.pk)
    busy_run = sent[-1]
    # When: the same work is recorded again and the broker is down for it …
    broker["down"] = True
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task, member.pk)
    row = TaskOutbox.objects.get(key=key)
    assert row.sent_at is None and "111" in row.last_error
    # … and then the older run ends well.
    member_welcome_task.apply(args=[member.pk], headers=busy_run.get("headers"))

    # Then: the newer work is still owed, and the sweep sends it.
    row.refresh_from_db()
    assert row.done_at is None
    settings.KONGSI_OUTBOX_RETRY_SECONDS = 0
    broker["down"] = False
    assert outbox_sweep() == 1
    assert sent[-1]["headers"] != busy_run["headers"]
    member_welcome_task.apply(args=[member.pk], headers=sent[-1]["headers"])
    row.refresh_from_db()
    assert row.done_at is not None and row.last_error == ""
    assert Notification.objects.filter(member=member, kind="welcome").count() == 1


def test_sweep_waits_for_a_slow_task_and_resends_a_lost_one(settings):
    member = MemberFactory()
    now = timezone.now()
    fresh = TaskOutbox.objects.create(
        task=WELCOME, args=[member.pk], key="a", created_at=now
    )
    sent_recently = TaskOutbox.objects.create(
        task=WELCOME, args=[member.pk], key="b", sent_at=now, attempts=1
    )
    lost = TaskOutbox.objects.create(
        task=WELCOME,
        args=[member.pk],
        key="c",
        created_at=now - timedelta(hours=1),
        sent_at=now - timedelta(minutes=30),
        attempts=1,
    )
    gave_up = TaskOutbox.objects.create(
        task=WELCOME,
        args=[member.pk],
        key="d",
        created_at=now - timedelta(hours=1),
        attempts=settings.KONGSI_OUTBOX_MAX_ATTEMPTS,
    )
    never_sent = TaskOutbox.objects.create(
        task=WELCOME, args=[member.pk], key="e", created_at=now - timedelta(hours=1)
    )
    due = set(outbox_due().values_list("pk", flat=True))
    assert due == {lost.pk, never_sent.pk}
    assert fresh.pk not in due and sent_recently.pk not in due
    assert gave_up.pk not in due


def test_each_task_run_twice_does_the_work_once(treasurer, monkeypatch):
    # The welcome: one notification.
    member = MemberFactory()
    assert member_welcome_task(member.pk) == member_welcome_task(member.pk)
    assert Notification.objects.filter(member=member, kind="welcome").count() == 1

    # The photo: one set of files, the original removed once.
    product = ProductFactory()
    upload = SimpleUploadedFile("a.jpg", photo_bytes(), content_type="image/jpeg")
    monkeypatch.setattr(image_process_task, "delay_on_commit", lambda pk: None)
    image = image_add(product=product, upload=upload, actor=treasurer)
    assert image_process_task(image.pk) is True
    files = media_files()
    first = ProductImage.objects.get(pk=image.pk)
    assert image_process_task(image.pk) is True
    assert media_files() == files
    again = ProductImage.objects.get(pk=image.pk)
    assert (again.image.name, again.processed_at) == (
        first.image.name,
        first.processed_at,
    )

    # The statement: every line decided once, the settlement confirmed once.
    monkeypatch.setattr(reconciliation, "INLINE_LINE_LIMIT", -1)
    monkeypatch.setattr(statement_match_task, "delay_on_commit", lambda pk: None)
    settlement = settlement_due(MemberFactory(), 1_000_417)
    rows = ["date,description,amount,type", "2026-11-20,TRANSFER,1000417,CR"]
    rows += [f"2026-11-21,TRANSFER {i},{20_000 + i},CR" for i in range(5)]
    statement = reconciliation.statement_import(
        file=SimpleUploadedFile("m.csv", "\n".join(rows).encode()),
        format="generic",
        actor=treasurer,
    )
    assert statement_match_task(statement.pk) == 1
    decided = list(
        BankStatementLine.objects.filter(statement=statement)
        .order_by("pk")
        .values_list("match_status", "settlement_id")
    )
    assert statement_match_task(statement.pk) == 1
    assert (
        list(
            BankStatementLine.objects.filter(statement=statement)
            .order_by("pk")
            .values_list("match_status", "settlement_id")
        )
        == decided
    )
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.CONFIRMED
    assert BankStatement.objects.get(pk=statement.pk).status == "done"


def test_a_failed_run_keeps_the_row_and_notes_why(settings):
    task_outbox = TaskOutbox.objects.create(
        task=WELCOME, args=[999_999], key=outbox_key(WELCOME, [999_999])
    )
    with pytest.raises(Member.DoesNotExist):
        member_welcome_task.apply(args=[999_999], throw=True)
    task_outbox.refresh_from_db()
    assert task_outbox.done_at is None
    assert "FAILURE" in task_outbox.last_error


def test_admin_sends_a_waiting_row_again_and_the_sweep_forgets_old_done_rows(
    client, settings
):
    from django.contrib.auth import get_user_model

    member = MemberFactory()
    waiting = TaskOutbox.objects.create(
        task=WELCOME, args=[member.pk], key=outbox_key(WELCOME, [member.pk])
    )
    old_done = TaskOutbox.objects.create(
        task=WELCOME,
        args=[0],
        key="old",
        done_at=timezone.now() - timedelta(days=settings.KONGSI_OUTBOX_KEEP_DAYS + 1),
    )
    client.force_login(get_user_model().objects.create_superuser("akar"))
    response = client.post(
        "/admin/community/taskoutbox/",
        {"action": "send_again", "_selected_action": [waiting.pk]},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.done_at is not None
    assert Notification.objects.filter(member=member, kind="welcome").count() == 1
    outbox_sweep()
    assert not TaskOutbox.objects.filter(pk=old_done.pk).exists()
    assert TaskOutbox.objects.filter(pk=waiting.pk).exists()
