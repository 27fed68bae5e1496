"""Cache down ≠ site down: a Redis cache that does not answer reads as empty,
pages compute their figures, sessions live in the database."""

import os
import socket
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from community import cache as resilient
from tests.charity.factories import fund_with
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _dead_redis_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # nobody listens there any more


def _resilient(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "community.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "kongsi-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def cache_down(monkeypatch):
    monkeypatch.setattr(resilient.ResilientRedisCache, "_down_until", 0.0)
    with override_settings(CACHES=_resilient(_dead_redis_url())):
        yield cache
    resilient.ResilientRedisCache._down_until = 0.0


def test_sessions_do_not_live_in_the_cache():
    from importlib import import_module

    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

    engine = import_module(settings.SESSION_ENGINE)
    assert settings.SESSION_ENGINE == "community.sessions"
    assert issubclass(engine.SessionStore, DatabaseStore)
    assert not hasattr(engine.SessionStore, "cache_key_prefix")


def test_every_operation_degrades_quickly(cache_down):
    started = time.monotonic()
    assert cache_down.get("a") is None
    assert cache_down.get("a", "standard") == "standard"
    assert cache_down.set("a", 1, 60) is None
    assert cache_down.add("a", 1) is False
    assert cache_down.get_or_set("b", lambda: 42) == 42
    assert cache_down.get_many(["a", "b"]) == {}
    assert cache_down.set_many({"a": 1}) == ["a"]
    assert cache_down.has_key("a") is False
    assert cache_down.delete("a") is False
    assert cache_down.touch("a") is False
    with pytest.raises(ValueError):
        cache_down.incr("a")
    for _ in range(50):
        cache_down.get("c")
    assert time.monotonic() - started < 3, "after one failure the cache is skipped"


def test_public_charity_page_and_login_work_with_the_cache_down(client, cache_down):
    fund_with(250_000)
    page = client.get("/amal/")
    assert page.status_code == 200
    assert "250.000" in page.content.decode()
    summary = client.get("/api/v1/charity/summary/")
    assert summary.status_code == 200

    member = MemberFactory()
    member.user.set_password("kuat-sekali-123")
    member.user.save()
    signed_in = client.post(
        "/masuk/", {"username": member.user.username, "password": "kuat-sekali-123"}
    )
    assert signed_in.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.redis
def test_the_cache_caches_when_redis_answers(monkeypatch):
    monkeypatch.setattr(resilient.ResilientRedisCache, "_down_until", 0.0)
    with override_settings(CACHES=_resilient(os.environ["REDIS_URL"])):
        cache.set("kongsi-test-key", {"x": 1}, 30)
        assert cache.get("kongsi-test-key") == {"x": 1}
        cache.delete("kongsi-test-key")
        assert cache.get("kongsi-test-key") is None
