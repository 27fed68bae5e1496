"""Test settings: the real settings with a few speed and sandbox changes."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from config.settings import *  # noqa: E402,F403
from config.settings import STORAGES  # noqa: E402

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
ALLOWED_HOSTS = ["*"]
# Tests open connections from threads and workers: close them after each use.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kongsi-test-media-"))
KONGSI_PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"
STATIC_ROOT = MEDIA_ROOT / "static"
STATIC_ROOT.mkdir()
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "public", "base_url": "/media/"},
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": KONGSI_PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in the test process unless a test asks for the real worker.
CELERY_TASK_ALWAYS_EAGER = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Most tests run inside one transaction that never commits, so the database's
# page versions (bumped at commit) would not move: the page cache is tested on
# its own, with committed transactions (tests/pagecache/).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE") == "1"
