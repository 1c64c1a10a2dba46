"""Shared fixtures: factories for the practice's people, and named personas."""

import itertools

import pytest

_seq = itertools.count(1)


@pytest.fixture
def user_factory(db, django_user_model):
    def make(*, email=None, password="correct-horse-battery", group=None, **extra):
        from django.contrib.auth.models import Group

        user = django_user_model.objects.create_user(email=email or f"user{next(_seq)}@practice.example",
                                                     password=password, **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def staff_user(user_factory):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts import roles

    user = user_factory(email="staff@practice.example", is_staff=True, group=roles.PRACTICE_STAFF)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert Authenticator.objects.filter(user=user).exists()
    return user


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test starts with an empty cache (rate limits, cached pages), without flushing Redis's broker keys."""
    from django.core.cache import cache

    if settings.REDIS_URL:
        client = cache._cache.get_client(write=True)
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    else:
        cache.clear()
    yield


@pytest.fixture
def real_worker(settings, tmp_path):
    """Start a real `celery worker` on the configured Redis, against the test database; stop it after.

    Yields a function that returns the worker's log so far (for failure messages).
    """
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection

    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real worker runs on Redis (CI runs this)")
    env = dict(os.environ, CELERY_TASK_ALWAYS_EAGER="0", PORTAL_TESTING="1",
               SMS_BACKEND="messaging.backends.sms.FileBackend", SMS_FILE_PATH=str(tmp_path / "sms"),
               EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
               EMAIL_FILE_PATH=str(tmp_path / "mail"))
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    log = tmp_path / "worker.log"
    root = Path(__file__).resolve().parent.parent
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"test-{os.getpid()}@%h"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    deadline = time.time() + 60
    while "ready." not in log.read_text():
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail(f"the Celery worker did not start:\n{log.read_text()}")
        time.sleep(0.2)
    try:
        yield lambda: log.read_text()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _let_test_flush_reset_the_consent_ledger() -> None:
    """On PostgreSQL a trigger refuses TRUNCATE of consent events (consent/migrations/0002) unless the
    transaction says ``SET LOCAL consent.ledger_reset = 'on'``. Transactional tests end with a flush
    (TRUNCATE of every table), so the test flush says it; production's flush does not."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush
    if getattr(original, "resets_consent_ledger", False):
        return

    def sql_flush(self, style, tables, **kwargs):
        sql = original(self, style, tables, **kwargs)
        return ["SET LOCAL consent.ledger_reset = 'on';", *sql] if sql else sql

    sql_flush.resets_consent_ledger = True
    DatabaseOperations.sql_flush = sql_flush


_let_test_flush_reset_the_consent_ledger()
