"""Production settings plus the bench-only URLconf (the bare baseline view)."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", "/tmp/kongsi-bench-static")  # noqa: S108
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
AXES_ENABLED = False  # force_login and cookie logins only; no lockouts mid-run
