"""
`make chaos`: fault scenarios against a real PostgreSQL, Redis and Celery workers on this machine.

Dedicated PostgreSQL and Redis instances (their own ports, data under var/chaos) are started, broken and
mended, so the machine's shared services are never touched. Every scenario is bounded in count and time,
and everything stopped is restarted. One line per scenario, PASS/FAIL, and a non-zero exit on any FAIL.

    python benchmarks/chaos.py            # full sizes (about 15 minutes)
    python benchmarks/chaos.py --small    # the CI version
"""

import argparse
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.chaoslib import scenarios  # noqa: E402
from benchmarks.chaoslib.services import CHAOS_DIR, PostgresServer, Processes, RedisServer  # noqa: E402

WEB_PORT = 8769


def chaos_env(pg: PostgresServer, redis: RedisServer) -> dict:
    static_root = CHAOS_DIR / "static"
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": pg.url, "REDIS_URL": redis.url, "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "chaos-only-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0", "DJANGO_STATIC_ROOT": str(static_root),
        "PORTAL_SITE_URL": f"http://127.0.0.1:{WEB_PORT}", "PORTAL_VAR_DIR": str(CHAOS_DIR / "var"),
        "SMS_BACKEND": "benchmarks.chaoslib.recorders.RecordingSMSBackend",
        "EMAIL_BACKEND": "benchmarks.chaoslib.recorders.RecordingEmailBackend",
        "CONTACT_FORM_RATE_LIMIT": "1000000", "CHAOS_RECORD_DIR": str(CHAOS_DIR / "records"),
        "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="the smaller CI version of every scenario")
    parser.add_argument("--only", default="", help="comma-separated scenario names to run")
    parser.add_argument("--no-load", action="store_true", help="skip the Locust row")
    args = parser.parse_args()
    sizes = scenarios.SMALL if args.small else scenarios.Sizes()
    CHAOS_DIR.mkdir(parents=True, exist_ok=True)
    pg, redis = PostgresServer(), RedisServer()
    pg.start()
    redis.start()
    pg.recreate_database()
    env = chaos_env(pg, redis)
    os.environ.update(env)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    procs = Processes(env)
    harness = scenarios.Harness(redis, procs, WEB_PORT)
    procs.gunicorn(WEB_PORT)
    from benchmarks.chaoslib.load import load_with_redis_pause

    plan = [
        ("redis-refused", lambda: scenarios.redis_refused(harness, sizes)),
        ("redis-hung", lambda: scenarios.redis_hung(harness, sizes)),
        ("redis-restart", lambda: scenarios.redis_restarted_empty(harness, sizes)),
        ("worker-killed", lambda: scenarios.worker_killed(harness, sizes)),
        ("enqueued-thrice", lambda: scenarios.enqueued_three_times(harness, sizes)),
        ("postgres-stopped", lambda: scenarios.postgres_stopped(harness, sizes, pg)),
        ("withdrawal-race", lambda: scenarios.withdrawal_races(harness, sizes)),
        ("withdrawal-race-control", lambda: scenarios.withdrawal_races(harness, sizes, with_lock=False)),
    ]
    if not args.no_load:
        load = ({"users": 10, "seconds": 40, "pause_at": 12, "pause_for": 10} if args.small
                else {"users": 50, "seconds": 300, "pause_at": 120, "pause_for": 60})
        plan.append(("load", lambda: load_with_redis_pause(harness, drain_timeout=sizes.drain_timeout, **load)))
    only = {name for name in args.only.split(",") if name}
    rows = []
    try:
        for name, run in plan:
            if only and name not in only:
                continue
            started = time.monotonic()
            try:
                row = run()
            except Exception:  # noqa: BLE001 - a crashed scenario is a FAIL with its traceback
                row = scenarios.Row(name)
                row.failures.append(traceback.format_exc(limit=3).strip().splitlines()[-1])
                traceback.print_exc()
            row.seconds = time.monotonic() - started
            rows.append(row)
            print(format_row(row), flush=True)
            # Mend whatever the scenario left broken before the next one.
            redis.unpause()
            redis.start()
            pg.start()
            from django.db import connection

            connection.close()
    finally:
        procs.stop_all()
    print_table(rows)
    return 0 if rows and all(r.passed for r in rows) else 1


def format_row(row) -> str:
    verdict = "PASS" if row.passed else "FAIL"
    line = (f"{verdict}  {row.name}: sent={row.sent} lost={row.lost} duplicated={row.duplicated} "
            f"blocked={row.blocked} unknown={row.unknown} ({row.seconds:.0f}s)")
    details = "; ".join(row.notes + [f"FAILED: {f}" for f in row.failures])
    return f"{line}\n      {details}" if details else line


def print_table(rows) -> None:
    print("\n| scenario | sent | lost | duplicated | blocked | unknown | seconds | result |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        print(f"| {r.name} | {r.sent} | {r.lost} | {r.duplicated} | {r.blocked} | {r.unknown} | {r.seconds:.0f} | "
              f"{'PASS' if r.passed else 'FAIL'} |")
    print(f"\n{sum(r.passed for r in rows)} passed, {sum(not r.passed for r in rows)} failed")


if __name__ == "__main__":
    sys.exit(main())
