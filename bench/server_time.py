"""(g) Server time of each member page in one process, with nothing cached.

The page is rendered through Django's test client (middleware, session, auth,
view, template): the time a gunicorn worker spends on it, less the socket. The
cache is emptied before every request, so no cached fragment hides the work.
"""

import statistics
import time

from django.core.cache import cache
from django.test import Client

RUNS = 15


def measure(user, paths: list[str], runs: int = RUNS) -> dict[str, dict]:
    """Median and p90 milliseconds of ``runs`` uncached GETs of each path."""
    client = Client()
    client.force_login(user)
    results = {}
    for path in paths:
        client.get(path)  # first request: imports, template compilation
        timings = []
        status = None
        for _ in range(runs):
            cache.clear()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            status = response.status_code
        if status != 200:
            continue
        timings.sort()
        results[path] = {
            "runs": runs,
            "median_ms": round(statistics.median(timings), 1),
            "p90_ms": round(timings[int(0.9 * (len(timings) - 1))], 1),
        }
    return results
