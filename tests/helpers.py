"""Test helpers shared by every app: query counts and real-thread races."""

import threading
from collections.abc import Callable

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> int:
    """Return how many SQL queries ``action()`` ran."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def assert_constant_queries(action: Callable[[], object], grow: Callable[[], None]):
    """Run ``action``, make more rows with ``grow``, run again: same query count.

    Return the count so a test may also compare it with a ceiling.
    """
    before = count_queries(action)
    grow()
    after = count_queries(action)
    assert before == after, f"query count grew with the rows: {before} → {after}"
    return after


def run_in_threads(target: Callable[[int], object], count: int) -> list:
    """Run ``target(i)`` in ``count`` real threads started together.

    Each thread has its own database connection (closed at the end), so row
    locks are really contended. Returns each call's result or raised exception.
    Use with ``@pytest.mark.django_db(transaction=True)`` on PostgreSQL.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = target(index)
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def mark_paid(order, *, actor=None, settlement_id: int = 0):
    """Move one submitted order to paid as a confirmed settlement does
    (``orders_mark_paid``), and refresh the caller's copy."""
    from orders.services import orders_mark_paid

    orders_mark_paid(pairs=[(order.pk, settlement_id)], actor=actor)
    order.refresh_from_db()
    return order
