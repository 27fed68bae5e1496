"""The bench's wrk driver reads wrk's own report: requests, errors, latencies."""

import shutil
import urllib.request

import pytest

from bench import wrk

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        shutil.which("wrk") is None, reason="needs wrk (apt-get install wrk)"
    ),
]


def _port(live_server, warm: str = "") -> int:
    """The live server's port, after one request to ``warm`` (imports, templates)."""
    if warm:
        urllib.request.urlopen(live_server.url + warm, timeout=60).read()  # noqa: S310
    return int(live_server.url.rsplit(":", 1)[1])


def test_wrk_counts_answers_and_latencies_of_a_page(live_server):
    row = wrk.run_once(
        _port(live_server, "/amal/"), "/amal/", {}, seconds=2, connections=2
    )

    assert row["requests"] > 0
    assert row["errors"] == 0
    assert 0 < row["p50_us"] <= row["p95_us"] <= row["p99_us"]
    assert row["bytes"] > 1000 * row["requests"] / 2  # a real page, not a stub


def test_wrk_counts_every_not_found_as_an_error(live_server):
    row = wrk.run_once(
        _port(live_server), "/tidak-ada-halaman/", {}, seconds=1, connections=2
    )

    assert row["requests"] > 0
    assert row["errors"] == row["requests"]


def test_interleaved_rounds_add_up_and_give_ratios_material(live_server):
    targets = [("bare", "/amal/", {}), ("login", "/masuk/", {})]
    rows = wrk.interleaved(
        _port(live_server, "/masuk/"), targets, seconds=4, connections=2, rounds=2
    )

    assert set(rows) == {"bare", "login"}
    for name, row in rows.items():
        assert row["rounds"] == 2
        assert row["client"] == "wrk"
        assert row["requests"] > 0 and row["errors"] == 0, name
        assert abs(row["rps"] - row["requests"] / row["seconds"]) < 1
