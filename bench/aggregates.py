"""(d) The leader dashboard and the charity summary: selectors vs their SQL.

"Raw" is the very SQL the selector sends, executed directly with a cursor and
fetched as tuples (the database's work plus the driver), so the ratio shows
what the ORM and the Python around it add.

The dashboard is timed twice: its headline aggregates (month summary and
weekly sales) and the whole ``/ringkasan/`` page as the leader gets it
(member activity, low stock, stalled trainees and rendering included). The
charity summary reads the fund's monthly sums (``ledger.FundMonth``); it is
timed with the cache emptied and with it, as before (now the same work).
"""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _dashboard():
    from insights import selectors
    from insights.periods import Month

    month = Month.current()
    return selectors.summary(month=month), selectors.weekly_sales()


def _dashboard_page(leader, path: str = "/ringkasan/"):
    from django.test import Client

    client = Client()
    client.force_login(leader)

    def load():
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")

    return load


def _charity():
    from charity.selectors import public_summary

    return public_summary()


def _charity_uncached():
    from django.test import override_settings

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        return _charity()


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _raw(statements):
    def run():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


def measure(fn, runs: int = 7) -> dict:
    fn()  # warm caches (policy, content types, the database's buffers)
    with CaptureQueriesContext(connection) as captured:
        fn()
    # The executed SQL with its parameters bound (psycopg mogrify), run bare.
    statements = [(query["sql"], None) for query in captured.captured_queries]
    selector_ms = _median_ms(fn, runs)
    raw_ms = _median_ms(_raw(statements), runs)
    return {
        "queries": len(statements),
        "selector_ms": round(selector_ms, 1),
        "raw_ms": round(raw_ms, 1),
        "ratio": round(selector_ms / raw_ms, 2) if raw_ms else None,
        "sql": [sql for sql, _ in statements],
    }


def run(leader) -> dict:
    return {
        "leader dashboard": measure(_dashboard),
        "leader dashboard page": measure(_dashboard_page(leader)),
        # The impact report: 12 months of income, cohorts, funnel, economy,
        # charity reach and turnover for every member, as the leader gets it.
        "impact report page": measure(_dashboard_page(leader, "/ringkasan/dampak/")),
        "charity summary": measure(_charity_uncached),
        "charity summary, cached": measure(_charity),
    }
