"""Shared fixtures: people with roles, API clients, and the rules for tests that
need something the machine may lack (Chromium, PostgreSQL, Redis).

Locally such a test skips with its reason; with KONGSI_REQUIRE_ALL=1 (CI) a skip
is a failure, so CI proves every one of them ran.
"""

import os

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import MemberFactory, ShopFactory, make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_ALL = os.environ.get("KONGSI_REQUIRE_ALL") == "1"

pytest_plugins = ["tests.browser", "tests.celery_worker"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
        report.outcome = "failed"
        report.longrepr = f"KONGSI_REQUIRE_ALL=1: a skip is a failure here ({reason})"


def pytest_collection_modifyitems(config, items):
    """Give each marker its requirement: skip (or fail in CI) when it is missing."""
    is_postgres = connection.vendor == "postgresql"
    has_redis = bool(os.environ.get("REDIS_URL"))
    for item in items:
        if "postgres" in item.keywords and not is_postgres:
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL")
            )
        if "redis" in item.keywords and not has_redis:
            item.add_marker(
                pytest.mark.skip(reason="needs Redis and a worker: set REDIS_URL")
            )


@pytest.fixture(autouse=True)
def _kongsi_test_defaults(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # The service worker's warm-up fetches would run beside a browser test's
    # own requests, and the live server shares one SQLite connection between
    # its threads (community/offline.py).
    settings.KONGSI_SW_WARM = False
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def other_member(db):
    return MemberFactory()


@pytest.fixture
def leader(db):
    return make_staff("leader")


@pytest.fixture
def treasurer(db):
    return make_staff("treasurer")


@pytest.fixture
def mentor(db):
    return MemberFactory(roles=["member", "mentor"])


@pytest.fixture
def shop(member):
    return ShopFactory(member=member)


@pytest.fixture
def api():
    return APIClient()


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def api_as():
    return api_for
