"""(b) Throughput with ``wrk``, a C load generator, so the baseline is not capped
by a Python client.

The pages are driven in rounds: each round runs the bare view first, then every
page for a slice of the time, so a noisy neighbour on the machine slows all of
them alike and the ratios to bare stay fair. ``wrk`` comes from Debian
(``apt-get install wrk``); where it is missing the bench says so and falls back
to the Python client in ``bench/load.py``.
"""

import json
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

# wrk calls done() once at the end; it prints one JSON line we can read back.
# Latencies are in microseconds. status counts non-2xx/3xx answers.
REPORT_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    'KONGSI {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %f}\\n',
    summary.requests, summary.duration, summary.bytes, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean))
end
"""


def wrk_missing_reason() -> str | None:
    """Say why wrk cannot run here, or None when it can."""
    if shutil.which("wrk") is None:
        return "wrk is not installed (apt-get install wrk); using the Python client"
    return None


def run_once(
    port: int, path: str, headers: dict, *, seconds: float, connections: int
) -> dict:
    """One ``wrk`` run against 127.0.0.1:port; the figures of its done() line."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(REPORT_SCRIPT)
        argv = [
            shutil.which("wrk") or "wrk",
            f"--threads={min(2, connections)}",
            f"--connections={connections}",
            f"--duration={max(1, round(seconds))}s",
            "--timeout=10s",
            f"--script={script}",
        ]
        for name, value in headers.items():
            argv += ["--header", f"{name}: {value}"]
        argv.append(f"http://127.0.0.1:{port}{path}")
        done = subprocess.run(  # noqa: S603 - fixed argv, loopback only
            argv, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    for line in done.stdout.splitlines():
        if line.startswith("KONGSI "):
            return json.loads(line.removeprefix("KONGSI "))
    raise RuntimeError(f"wrk gave no report: {done.stdout} {done.stderr}")


def interleaved(
    port: int,
    targets: list[tuple[str, str, dict]],
    *,
    seconds: float,
    connections: int,
    rounds: int = 3,
) -> dict[str, dict]:
    """Each target ``seconds`` in all, split over ``rounds`` bare-first rounds."""
    runs: dict[str, list[dict]] = {name: [] for name, _, _ in targets}
    for _ in range(rounds):
        for name, path, headers in targets:
            runs[name].append(
                run_once(
                    port,
                    path,
                    headers,
                    seconds=seconds / rounds,
                    connections=connections,
                )
            )
    rows = {}
    for name, path, _ in targets:
        parts = runs[name]
        requests = sum(part["requests"] for part in parts)
        duration = sum(part["duration_us"] for part in parts) / 1e6
        rows[name] = {
            "path": path,
            "client": "wrk",
            "connections": connections,
            "rounds": rounds,
            "requests": requests,
            "errors": sum(part["errors"] for part in parts),
            "seconds": round(duration, 2),
            "rps": round(requests / duration, 1) if duration else 0,
            # The middle round's percentile: one noisy slice does not decide it.
            "p50_ms": round(statistics.median(p["p50_us"] for p in parts) / 1000, 1),
            "p95_ms": round(statistics.median(p["p95_us"] for p in parts) / 1000, 1),
            "p99_ms": round(statistics.median(p["p99_us"] for p in parts) / 1000, 1),
            "bytes_per_request": (
                round(sum(p["bytes"] for p in parts) / requests) if requests else 0
            ),
        }
    return rows
