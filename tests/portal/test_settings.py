"""The settings module read in fresh processes, as the portal starts in each environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings as s; django.setup();"
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
    "'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'], 'email': s.EMAIL_BACKEND,"
    "'sms': s.SMS_BACKEND, 'debug': s.DEBUG}))"
)
CONFIG_VARS = ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "EMAIL_BACKEND", "SMS_BACKEND",
               "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE")


def run(code_or_args, **env):
    base = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    base.update(DJANGO_SETTINGS_MODULE="portal.settings", PORTAL_VAR_DIR=str(ROOT / "var"), **env)
    args = code_or_args if isinstance(code_or_args, list) else [sys.executable, "-c", code_or_args]
    return subprocess.run(args, cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)


def test_with_no_environment_the_portal_runs_embedded():
    result = run(PROBE)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["broker"] == "memory://"
    assert values["cache"].endswith("LocMemCache")
    assert values["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["sms"] == "messaging.backends.sms.FileBackend"
    assert values["debug"] is True


def test_database_url_and_redis_url_select_postgresql_and_redis():
    result = run(PROBE, DATABASE_URL="postgres://u@127.0.0.1:5432/x", REDIS_URL="redis://127.0.0.1:6379/5")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/5"
    assert values["cache"] == "portal.cache.ResilientRedisCache"


def test_production_refuses_to_start_without_a_secret_key():
    result = run(PROBE, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr


def test_the_secret_key_may_come_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file-" + "x" * 50)
    result = run("import django; from django.conf import settings as s; print(s.SECRET_KEY)",
                 DJANGO_DEBUG="0", DJANGO_SECRET_KEY_FILE=str(secret))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "from-a-file-" + "x" * 50


def test_check_deploy_reports_nothing_under_production_variables():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
                 DJANGO_ALLOWED_HOSTS="portal.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
