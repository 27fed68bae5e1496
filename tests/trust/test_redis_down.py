"""Redis (broker and cache) stopped under a real web server, then back with a
real worker and beat: nothing answers 500, nothing is lost, nothing runs twice.

The test starts its own ``redis-server`` on a spare port (never the shared one)
and stops it by its pid; gunicorn, the worker and beat are subprocesses on the
test database with that Redis. While it is down: a member is registered, a
500-line statement imported, a catalog photo uploaded, a person signs in on the
page (and a wrong password is still counted by axes, in the database) and the
public charity page is opened. When Redis is back, beat's outbox sweep sends
the recorded work and the worker finishes each piece exactly once.

The second test kills a worker in the middle of matching (SIGKILL, the
visibility timeout far away): the sweep sends the task again and a second
worker finishes it once.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from io import StringIO

import pytest
import requests
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction

from tests import celery_worker
from tests.catalog.conftest import photo_bytes
from tests.celery_worker import ROOT, start_worker_process
from tests.factories import MemberFactory, make_staff
from tests.orders.factories import make_order
from tests.returns.factories import stocked_variant
from tests.trust.world import ensure_reference_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "kuat-sekali-123"
SWEEP_SECONDS = 2
LINES = 500
SETTLEMENTS = 20
KILLED_LINES = 600  # more than one matching chunk, so the kill lands mid-task


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test only, started and stopped by its pid."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        _wait(lambda: _pings(client), timeout=20, what="the private redis-server")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


def _pings(client) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


def _wait(predicate, *, timeout: float, what: str, processes=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        for process in processes:
            if process.poll() is not None:
                pytest.fail(f"a subprocess exited early while waiting for {what}")
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def _service_env(redis_url: str, **extra) -> dict:
    return {
        "REDIS_URL": redis_url,
        "DATABASE_URL": celery_worker.test_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_EAGER": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "KONGSI_PLAIN_STATIC": "1",
        "CONN_MAX_AGE": "0",
        "KONGSI_OUTBOX_RETRY_SECONDS": "0",
        "KONGSI_OUTBOX_SWEEP_SECONDS": str(SWEEP_SECONDS),
        **extra,
    }


def _start(command: list[str], env: dict):
    return subprocess.Popen(  # noqa: S603
        command,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
    )


def _start_beat(env: dict, tmp_path):
    return _start(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            f"--schedule={tmp_path / 'beat-schedule'}",
            "--loglevel=warning",
        ],
        env,
    )


def _stop(*processes) -> None:
    for process in processes:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)


def _settlements(count: int):
    from settlements.services import settlement_create

    variant = stocked_variant(stock=count * 2)
    made = []
    for index in range(count):
        member = MemberFactory()
        order = make_order(member=member, lines=[(variant, 1, 25_000 + index * 10)])
        made.append(settlement_create(member=member, orders=[order], actor=member.user))
    return made


def _statement_csv(amounts: list[int], lines: int = LINES) -> bytes:
    step = lines // len(amounts)
    rows = ["date,description,amount,type"]
    for index in range(lines):
        if index % step == step // 2 and index // step < len(amounts):
            amount = amounts[index // step]
        else:
            amount = 7_000_000 + index
        rows.append(f'2026-11-{1 + index % 28:02d},"TRSF CR {index:05d}",{amount},CR')
    return ("\n".join(rows) + "\n").encode()


def _audit(command: str, *args) -> None:
    call_command(command, *args, stdout=StringIO())


def _assert_paid_once(settlements, statement_id, count: int = LINES) -> None:
    from ledger.models import FundEntry
    from settlements.models import BankStatement, BankStatementLine, Settlement

    statement = BankStatement.objects.get(pk=statement_id)
    assert statement.status == BankStatement.Status.DONE
    lines = BankStatementLine.objects.filter(statement_id=statement_id)
    assert lines.count() == count
    assert not lines.filter(match_status="pending").exists()
    assert statement.matched_lines == len(settlements)
    for settlement in Settlement.objects.filter(pk__in=[s.pk for s in settlements]):
        assert settlement.status == Settlement.Status.CONFIRMED
        assert lines.filter(settlement=settlement).count() == 1
        if settlement.charity_share:
            assert (
                FundEntry.objects.filter(
                    reference=f"settlement:{settlement.pk}", kind="contribution"
                ).count()
                == 1
            )


def test_redis_down_answers_no_500_and_the_sweep_finishes_everything_once(
    monkeypatch, tmp_path
):
    from axes.models import AccessAttempt
    from rest_framework.authtoken.models import Token

    from catalog.models import ProductImage
    from community.models import Member, Notification, TaskOutbox
    from settlements.models import BankStatement
    from tests.catalog.factories import ProductFactory

    ensure_reference_data()
    leader = make_staff("leader")
    treasurer = make_staff("treasurer")
    leader_token = Token.objects.create(user=leader).key
    treasurer_token = Token.objects.create(user=treasurer).key
    product = ProductFactory()
    settlements = _settlements(SETTLEMENTS)
    amounts = [s.amount_due for s in settlements]

    redis = PrivateRedis()
    web_port = _free_port()
    base = f"http://127.0.0.1:{web_port}"
    env = _service_env(redis.url, AXES_ENABLED="1")
    web = worker = beat = None
    try:
        redis.start()
        web = _start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--bind=127.0.0.1:{web_port}",
                "--workers=1",
                "--threads=2",
                "--timeout=90",
                "--no-control-socket",
            ],
            env,
        )
        _wait(
            lambda: _get_ok(f"{base}/healthz"),
            timeout=60,
            what="gunicorn",
            processes=[web],
        )
        redis.stop()  # ---- Redis is down from here on ----

        api = requests.Session()
        started = time.monotonic()
        registered = api.post(
            f"{base}/api/v1/members/",
            json={
                "username": "wati",
                "password": PASSWORD,
                "full_name": "Wati Lestari",
                "phone": "0813 5555 6666",
                "roles": ["member"],
            },
            headers={"Authorization": f"Token {leader_token}"},
            timeout=30,
        )
        assert registered.status_code == 201, registered.text
        assert time.monotonic() - started < 10, "the request must not hang on Redis"

        imported = api.post(
            f"{base}/api/v1/bank-statements/",
            files={"file": ("mutasi.csv", _statement_csv(amounts), "text/csv")},
            data={"format": "generic"},
            headers={"Authorization": f"Token {treasurer_token}"},
            timeout=60,
        )
        assert imported.status_code == 201, imported.text
        statement_id = imported.json()["id"]

        uploaded = api.post(
            f"{base}/api/v1/products/{product.pk}/images/",
            files={"image": ("foto.jpg", photo_bytes(), "image/jpeg")},
            headers={"Authorization": f"Token {leader_token}"},
            timeout=30,
        )
        assert uploaded.status_code == 201, uploaded.text

        page = requests.Session()
        login = page.get(f"{base}/masuk/", timeout=30)
        assert login.status_code == 200
        wrong = page.post(
            f"{base}/masuk/",
            data={
                "username": "wati",  # registered above, by the server
                "password": "salah-sekali",
                "csrfmiddlewaretoken": page.cookies["csrftoken"],
            },
            headers={"Referer": f"{base}/masuk/"},
            timeout=30,
        )
        assert wrong.status_code == 200
        assert AccessAttempt.objects.filter(username="wati").exists()
        signed_in = page.post(
            f"{base}/masuk/",
            data={
                "username": "wati",
                "password": PASSWORD,
                "csrfmiddlewaretoken": page.cookies["csrftoken"],
            },
            headers={"Referer": f"{base}/masuk/"},
            allow_redirects=False,
            timeout=30,
        )
        assert signed_in.status_code == 302, signed_in.text[:500]
        assert page.get(f"{base}/", timeout=30).status_code == 200
        public = requests.get(f"{base}/amal/", timeout=30)
        assert public.status_code == 200
        assert requests.get(f"{base}/amal/", timeout=30).status_code == 200

        # Saved once; the work waits in the outbox, and audit_tasks sees it.
        member = Member.objects.get(user__username="wati")
        assert Member.objects.filter(phone=member.phone).count() == 1
        statement = BankStatement.objects.get(pk=statement_id)
        assert statement.status == BankStatement.Status.PENDING
        assert statement.new_lines == LINES
        image = ProductImage.objects.get(product=product)
        assert image.processed_at is None
        waiting = TaskOutbox.objects.filter(done_at__isnull=True)
        assert waiting.count() == 3
        assert not waiting.filter(sent_at__isnull=False).exists()
        with pytest.raises(CommandError):
            _audit("audit_tasks", "--minutes", "0")

        # ---- Redis is back, with a worker and beat ----
        redis.start()
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        back = time.monotonic()
        worker = start_worker_process(name="kongsi-redis-down")
        beat = _start_beat(env, tmp_path)
        _wait(
            lambda: not TaskOutbox.objects.filter(done_at__isnull=True).exists(),
            timeout=180,
            what="the sweep and the worker",
            processes=[worker, beat],
        )
        took = time.monotonic() - back
    finally:
        _stop(beat, worker, web)
        redis.stop()

    assert took < 120, f"recovery took {took:.0f} s"
    assert Notification.objects.filter(member=member, kind="welcome").count() == 1
    image.refresh_from_db()
    assert image.processed_at is not None and image.thumb_small and not image.original
    assert ProductImage.objects.filter(product=product).count() == 1
    _assert_paid_once(settlements, statement_id)
    for row in TaskOutbox.objects.all():
        assert row.done_at is not None
    _audit("audit_money")
    _audit("audit_tasks", "--minutes", "0")


def _get_ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_worker_killed_mid_task_is_finished_once_by_the_sweep(monkeypatch, tmp_path):
    from community import outbox
    from community.models import TaskOutbox
    from settlements.bulk_matching import MATCH_CHUNK_LINES
    from settlements.models import BankStatement, Settlement
    from settlements.reconciliation import statement_import

    ensure_reference_data()
    settlements = _settlements(SETTLEMENTS)
    amounts = [s.amount_due for s in settlements]
    # The commit records the work; nothing is sent from the test process.
    monkeypatch.setattr(outbox, "outbox_send", lambda row_id: True)
    statement = statement_import(
        file=SimpleUploadedFile("mutasi.csv", _statement_csv(amounts, KILLED_LINES)),
        format="generic",
        actor=make_staff("treasurer"),
    )
    row = TaskOutbox.objects.get()
    assert row.args == [statement.pk] and row.sent_at is None

    in_order = list(
        statement.lines.order_by("date", "line_no", "pk").values_list(
            "amount", flat=True
        )
    )
    last_paid = max(in_order.index(amount) for amount in amounts)
    assert last_paid >= MATCH_CHUNK_LINES
    held = settlements[amounts.index(in_order[last_paid])]

    redis = PrivateRedis()
    env = _service_env(
        redis.url,
        # The broker would give the task back only after an hour: the sweep
        # must do it (resend after 3 s).
        CELERY_VISIBILITY_TIMEOUT="3600",
        KONGSI_OUTBOX_RESEND_SECONDS="3",
        KONGSI_OUTBOX_MAX_ATTEMPTS="1000",
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    first = second = beat = None
    try:
        redis.start()
        with transaction.atomic():
            Settlement.objects.select_for_update().get(pk=held.pk)
            first = start_worker_process(name="kongsi-killed")
            beat = _start_beat(env, tmp_path)

            def progressed():
                current = BankStatement.objects.get(pk=statement.pk)
                return current.processed_lines >= 50

            _wait(progressed, timeout=180, what="the first chunk", processes=[first])
            time.sleep(0.5)  # the worker now waits on the held row lock
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
        pending = statement.lines.filter(match_status="pending").count()
        assert 0 < pending < KILLED_LINES, "the worker must die mid-task"
        assert TaskOutbox.objects.get().done_at is None

        second = start_worker_process(name="kongsi-second")
        _wait(
            lambda: TaskOutbox.objects.filter(done_at__isnull=False).exists(),
            timeout=180,
            what="the sweep and the second worker",
            processes=[second, beat],
        )
    finally:
        _stop(beat, first, second)
        redis.stop()

    _assert_paid_once(settlements, statement.pk, KILLED_LINES)
    _audit("audit_money")
    _audit("audit_tasks", "--minutes", "0")
