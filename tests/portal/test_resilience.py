"""The portal degrades instead of failing: a refused cache is skipped, a database outage gets a clear 503."""

import time
from unittest import mock

import pytest
from django.db.utils import OperationalError

from portal.cache import ResilientRedisCache


@pytest.fixture
def refused_cache():
    ResilientRedisCache._open_until = 0.0
    cache = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.5,
                                                                       "socket_timeout": 0.5}})
    yield cache
    ResilientRedisCache._open_until = 0.0


def test_a_refused_cache_reads_as_empty_and_writes_are_dropped(refused_cache):
    assert refused_cache.get("k", "default") == "default"
    assert refused_cache.get_many(["a", "b"]) == {}
    assert refused_cache.add("k", 1) is False
    assert refused_cache.set("k", 1) is None
    with pytest.raises(ValueError):
        refused_cache.incr("k")


def test_after_one_failure_the_cache_is_skipped_without_waiting(refused_cache):
    refused_cache.get("k")
    started = time.monotonic()
    for _ in range(100):
        refused_cache.get("k")
    assert time.monotonic() - started < 0.05


def test_the_real_cache_works_when_redis_answers(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    from django.core.cache import cache

    cache.set("resilience-probe", 41)
    assert cache.incr("resilience-probe") == 42


def test_a_database_outage_gets_a_clear_503_page(client, db):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor",
                    side_effect=OperationalError("connection refused")):
        response = client.get("/doctors/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "Nothing was sent, and nothing you submitted was saved" in body
    assert response.headers["Retry-After"] == "30"
