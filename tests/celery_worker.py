"""A real Celery worker on Redis for the tests that prove the queue works.

CI (.ci/run) starts one against the test database; when none answers a ping,
this fixture starts its own with the test database's URL and stops it after.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    settings = connection.settings_dict
    return "postgres://{user}:{password}@{host}:{port}/{name}".format(
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or "",
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or "5432",
        name=settings["NAME"],
    )


def start_worker_process(*, queues: str = "celery", name: str = "kongsi-test"):
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CELERY_EAGER": "0",
        "SECURE_SSL_REDIRECT": "0",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        f"--queues={queues}",
        f"--hostname={name}-{os.getpid()}@%h",
        "--loglevel=warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603


@pytest.fixture
def real_worker(transactional_db):
    """Make tasks go through Redis to a real worker process."""
    from config.celery import app

    app.conf.task_always_eager = False
    process = None
    replies = app.control.ping(timeout=2.0)
    if not replies:
        process = start_worker_process()
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the Celery worker did not start within 60 s")
    yield app
    app.conf.task_always_eager = True
    if process is not None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
