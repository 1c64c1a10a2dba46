"""Shared fixtures: factories for the practice's people, and named personas."""

import itertools
import os

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, WIDTHS, Visit, chromium_available

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by test code are still
# synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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
    """Triggers refuse to empty the consent events: on PostgreSQL (consent/migrations/0002) unless the
    transaction says ``SET LOCAL consent.ledger_reset = 'on'``, on SQLite (0004) unless the table
    ``consent_ledger_reset`` holds a row. Transactional tests end with a flush of every table, so the
    test flush says so; production's flush does not."""
    # Through each backend's base module: importing sqlite3.operations first is a circular import.
    from django.db.backends.postgresql.base import DatabaseWrapper as Postgres
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

    def wrap(operations, before, after=()):
        original = operations.sql_flush
        if getattr(original, "resets_consent_ledger", False):
            return

        def sql_flush(self, style, tables, **kwargs):
            sql = original(self, style, tables, **kwargs)
            return [*before, *sql, *after] if sql else sql

        sql_flush.resets_consent_ledger = True
        operations.sql_flush = sql_flush

    wrap(Postgres.ops_class, ["SET LOCAL consent.ledger_reset = 'on';"])
    wrap(SQLite.ops_class, ["INSERT INTO consent_ledger_reset (resetting) VALUES (1);"],
         ["DELETE FROM consent_ledger_reset;"])


_let_test_flush_reset_the_consent_ledger()


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Run tasks inline even when REDIS_URL is set (CI), except in the tests marked `worker`, which start a real one."""
    from portal.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _broker_not_paused():
    """A test that simulates a broker outage must not make the next test skip the broker."""
    from messaging import outbox

    outbox.reset_broker_pause()
    yield
    outbox.reset_broker_pause()


# --- data-migration rows survive transactional tests ----------------------------------------------------------

OUR_APPS = ("accounts", "profiles", "consent", "messaging")
_historical = {}


def _reseed_data_migrations(sender, using, **kwargs):
    """Re-run our apps' data migrations (groups and permissions, disclosure v1, reply templates).

    A transactional test (live server, real worker) ends with a flush that empties every table; Django
    then sends post_migrate, and this puts back what the data migrations made, so the next test sees the
    database as `migrate` left it. Each of those functions is idempotent. Schema operations (the ledger's
    triggers) survive a flush and are not re-run.
    """
    from types import SimpleNamespace

    from django.db import connections
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    connection = connections[using]
    if "loader" not in _historical:
        loader = MigrationLoader(connection)
        _historical["loader"] = loader
        _historical["apps"] = loader.project_state().apps
    loader = _historical["loader"]
    plan = []
    for app in OUR_APPS:
        for key in loader.graph.forwards_plan(loader.graph.leaf_nodes(app)[0]):
            if key[0] in OUR_APPS and key not in plan:
                plan.append(key)
    editor = SimpleNamespace(connection=connection)
    for key in plan:
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RunPython) and "trigger" not in operation.code.__module__:
                operation.code(_historical["apps"], editor)


def pytest_configure(config):
    from django.apps import apps
    from django.db.models.signals import post_migrate

    post_migrate.connect(_reseed_data_migrations, sender=apps.get_app_config("messaging"),
                         dispatch_uid="tests-reseed-data-migrations")


# --- browser tests -------------------------------------------------------------------------------------------

def pytest_collection_modifyitems(config, items):
    """Browser tests (tests/e2e and tests marked `e2e`) run where Chromium is; CI requires it."""
    if chromium_available():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but Chromium is not installed at {CHROMIUM}")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium); CI requires it")
    for item in items:
        if "tests/e2e/" in str(item.fspath) or item.get_closest_marker("e2e"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Playwright allows one sync driver per thread)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    from tests.browser import ROOT

    path = ROOT / os.environ.get("SCREENSHOTS_DIR", "var/screenshots")
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.png"):  # the folder shows this run only, not screens a renamed test left
        old.unlink()
    return path


@pytest.fixture
def visit(browser, live_server, screenshots_dir, request):
    """Open a browser context at a width ("phone", "desktop" or pixels) that records requests and dialogs."""
    opened: list[Visit] = []

    def open_visit(width="desktop", name=None):
        v = Visit(browser, live_server.url, WIDTHS.get(width, width), screenshots_dir, name or request.node.name)
        opened.append(v)
        return v

    yield open_visit
    for v in opened:
        v.close()
