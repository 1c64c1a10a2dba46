"""
A Redis cache that degrades to "no cache" instead of failing the request.

The cache holds only what can be rebuilt (rendered public pages, rate-limit counters), so when Redis
is refused or hung, a page is rendered from the database rather than answered with an error. After a
failure the process skips Redis for ``OPEN_SECONDS`` (a small circuit breaker), so a hung Redis costs
one socket timeout, not one per cache call.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

OPEN_SECONDS = 30.0


class ResilientRedisCache(RedisCache):
    _open_until = 0.0  # shared by every instance in the process: one Redis, one breaker

    def _guarded(self, default, method, *args, **kwargs):
        if time.monotonic() < ResilientRedisCache._open_until:
            return default
        try:
            return method(*args, **kwargs)
        except (RedisError, OSError) as exc:
            ResilientRedisCache._open_until = time.monotonic() + OPEN_SECONDS
            logger.warning("cache unavailable (%s); serving without it for %ss", type(exc).__name__, OPEN_SECONDS)
            return default

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def set(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guarded(None, super().set, key, value, version=version, **kwargs)

    def add(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guarded(False, super().add, key, value, version=version, **kwargs)

    def set_many(self, data, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guarded(list(data), super().set_many, data, version=version, **kwargs)

    def touch(self, key, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guarded(False, super().touch, key, version=version, **kwargs)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._guarded(missing, super().incr, key, delta, version)
        if value is missing:
            # Callers already handle "no such key" (ValueError) by setting it, which is a no-op while down.
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return value
