"""A real Celery worker dies (SIGKILL) in the middle of a statement import.

The import task is acknowledged late, so the message stays in Redis; with a
short visibility timeout a second worker gets it again and finishes the
import. Matching is idempotent per line, so nothing is lost or doubled: every
line is decided once, every matched settlement is confirmed exactly once and
its charity share is posted once.

Matching is fast (a chunk of lines per transaction), so the kill is made to
land mid-import on purpose: the test holds the row lock of the settlement paid
by the last line, the worker commits its first chunk and then waits on that
lock in the next one, and is killed there.
"""

import os
import signal
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from tests.celery_worker import start_worker_process
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

QUEUE = "trustb-crash"
SETTLEMENTS = 30
LINES = 600


def _wait(predicate, *, timeout: float, what: str, processes=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        for process in processes:
            if process.poll() is not None:
                pytest.fail(f"the worker exited early while waiting for {what}")
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def _statement_csv(amounts: list[int]) -> bytes:
    """LINES credit lines; the settlements' amounts spread through them."""
    step = LINES // len(amounts)
    rows = ["date,description,amount,type"]
    for index in range(LINES):
        if index % step == step // 2 and index // step < len(amounts):
            amount = amounts[index // step]
        else:
            amount = 7_000_000 + index  # pays nothing: unmatched
        rows.append(
            f'2026-11-{1 + index % 28:02d},"TRSF CR NO {index:05d}",{amount},CR'
        )
    return ("\n".join(rows) + "\n").encode()


def _stop(process) -> None:
    if process is not None and process.poll() is None:
        process.kill()
        process.wait(timeout=30)


def test_killed_worker_mid_import_the_next_worker_finishes_it_once(monkeypatch):
    from config.celery import app
    from ledger.models import FundEntry
    from orders.models import Order
    from settlements import tasks
    from settlements.bulk_matching import MATCH_CHUNK_LINES
    from settlements.models import BankStatement, BankStatementLine, Settlement
    from settlements.reconciliation import statement_import
    from settlements.services import settlement_create

    ensure_reference_data()
    variant = stocked_variant(stock=SETTLEMENTS * 2)  # audit-clean stock
    settlements = []
    for index in range(SETTLEMENTS):
        member = MemberFactory()
        order = make_order(member=member, lines=[(variant, 1, 25_000 + index * 10)])
        settlements.append(
            settlement_create(member=member, orders=[order], actor=member.user)
        )
    amounts = [s.amount_due for s in settlements]
    assert len(set(amounts)) == SETTLEMENTS

    queued: list[int] = []
    monkeypatch.setattr(
        tasks.statement_match_task, "delay_on_commit", lambda pk: queued.append(pk)
    )
    statement = statement_import(
        file=SimpleUploadedFile("mutasi.csv", _statement_csv(amounts)),
        format="generic",
        actor=make_staff("treasurer"),
    )
    assert queued == [statement.pk], "a big statement must be matched by the task"
    assert statement.new_lines == LINES
    assert statement.lines.filter(match_status="pending").count() == LINES

    # The settlement paid by the line matched last: its chunk is not the first.
    in_order = list(
        statement.lines.order_by("date", "line_no", "pk").values_list(
            "amount", flat=True
        )
    )
    last_paid = max(in_order.index(amount) for amount in amounts)
    assert last_paid >= MATCH_CHUNK_LINES, "the held settlement must be in chunk 2+"
    held = settlements[amounts.index(in_order[last_paid])]

    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "3")
    app.conf.task_always_eager = False
    first = second = None
    try:
        with transaction.atomic():
            Settlement.objects.select_for_update().get(pk=held.pk)
            first = start_worker_process(queues=QUEUE, name="trustb-first")
            tasks.statement_match_task.apply_async(args=[statement.pk], queue=QUEUE)

            def progressed():
                row = BankStatement.objects.get(pk=statement.pk)
                return row.processed_lines >= 50 and row

            _wait(progressed, timeout=180, what="the first progress", processes=[first])
            time.sleep(0.5)  # the worker reaches the held lock and waits there
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
            at_kill = BankStatement.objects.get(pk=statement.pk)
            pending_at_kill = statement.lines.filter(match_status="pending").count()
        assert at_kill.status == BankStatement.Status.PROCESSING
        assert 0 < pending_at_kill < LINES, "the worker must die mid-import"

        second = start_worker_process(queues=QUEUE, name="trustb-second")

        def finished():
            row = BankStatement.objects.get(pk=statement.pk)
            return row.status == BankStatement.Status.DONE and row

        done = _wait(
            finished, timeout=300, what="the second worker", processes=[second]
        )
    finally:
        _stop(first)
        _stop(second)
        app.conf.task_always_eager = True

    lines = BankStatementLine.objects.filter(statement=statement)
    assert lines.count() == LINES, "no line lost or added"
    assert not lines.filter(match_status="pending").exists()
    assert done.processed_lines == LINES
    assert done.matched_lines == SETTLEMENTS
    assert done.unmatched_lines == LINES - SETTLEMENTS
    for settlement in Settlement.objects.filter(pk__in=[s.pk for s in settlements]):
        assert settlement.status == Settlement.Status.CONFIRMED
        assert settlement.confirmed_via == Settlement.Via.STATEMENT
        assert lines.filter(settlement=settlement).count() == 1
        if settlement.charity_share:
            assert (
                FundEntry.objects.filter(
                    reference=f"settlement:{settlement.pk}",
                    kind="contribution",
                ).count()
                == 1
            )
    orders = Order.objects.filter(settlement_links__settlement__in=settlements)
    assert orders.count() == SETTLEMENTS
    assert set(orders.values_list("status", flat=True)) == {Order.Status.PAID}
    call_command("audit_money")  # raises CommandError on any problem
