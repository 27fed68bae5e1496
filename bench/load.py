"""(b) Throughput: gunicorn on loopback, a bounded thread pool of http.client."""

import http.client
import os
import signal
import socket
import statistics
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn config.wsgi`` (bench settings) on 127.0.0.1 only."""

    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.process = None

    def __enter__(self):
        gunicorn = os.path.join(os.path.dirname(os.sys.executable), "gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv, our own venv
            [
                gunicorn,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = request(self.port, "/bench/bare/", {})
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def request(port: int, path: str, headers: dict) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def hammer(
    port: int,
    path: str,
    headers: dict,
    *,
    seconds: float,
    users: int,
    max_requests: int,
) -> dict:
    """``users`` threads loop for ``seconds`` or until ``max_requests``."""
    latencies: list[float] = []
    errors = 0
    issued = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user():
        nonlocal errors, issued
        while time.monotonic() < deadline:
            with lock:
                if issued >= max_requests:
                    return
                issued += 1
            started = time.perf_counter()
            try:
                status, _ = request(port, path, headers)
                ok = status == 200
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1

    for _ in range(3):  # warm every worker's caches a little
        request(port, path, headers)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=users) as pool:
        for _ in range(users):
            pool.submit(user)
    wall = time.monotonic() - started
    latencies.sort()

    def pct(p):
        if not latencies:
            return None
        return round(
            latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1
        )

    return {
        "path": path,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(wall, 2),
        "rps": round(len(latencies) / wall, 1) if wall else 0,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
    }
