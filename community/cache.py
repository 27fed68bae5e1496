"""A Redis cache that degrades instead of failing: cache down ≠ site down.

Kongsi only caches what it can compute again (the charity fund figures), so
when Redis does not answer a read is a miss and a write is skipped; the
caller computes the value as if the cache were empty. After an error the
cache is left alone for ``RETRY_SECONDS`` so a page does not wait on a dead
server once per read. Connect and read timeouts are short (``OPTIONS`` in
settings.CACHES) so a server that hangs costs at most a fraction of a second.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    """Django's RedisCache whose connection errors read as misses."""

    _down_until = 0.0  # per process: skip Redis until then after an error

    def _is_down(self) -> bool:
        return time.monotonic() < ResilientRedisCache._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        if not self._is_down():
            logger.warning("cache %s failed, computing instead: %s", operation, error)
        ResilientRedisCache._down_until = time.monotonic() + RETRY_SECONDS

    def _call(self, operation: str, fallback, *args, **kwargs):
        if self._is_down():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            self._failed(operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is not answering).")
        return value

    def clear(self):
        return self._call("clear", False)
