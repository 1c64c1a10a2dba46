"""
Web benchmark: the portal's public pages against a bare Django view, under the same gunicorn settings.

Production settings (DJANGO_DEBUG=0), PostgreSQL (its own database), Redis cache (DB 1), 2 sync
workers. Seeds 50 physicians, then drives each target with `wrk -t2 -c16 -d10s --latency`:
(a) a profile page, (b) the directory, (c) a bare view returning a constant body of the profile
page's size. Prints requests/s, p50/p99 latency and the ratios a/c and b/c (targets 0.7 and 0.5).

Usage: .venv/bin/python benchmarks/web.py   (from the project root; `make bench` does this)
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
DB_NAME = os.environ.get("BENCH_DB_NAME", "portal_bench_web")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
DURATION = os.environ.get("BENCH_DURATION", "10s")
# The targets run in turn, ROUNDS times, and each figure is the median: on a shared machine a
# neighbour's burst of work then hits all three targets alike instead of skewing one.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PORTAL_PORT, BARE_PORT = 8101, 8102
PHYSICIANS = 50
TARGETS = {"a/c": 0.7, "b/c": 0.5}
# Behind the TLS proxy in production: tell Django the request came over HTTPS (no redirect).
HEADERS = {"X-Forwarded-Proto": "https"}

ENV = {
    **os.environ,
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "REDIS_URL": REDIS,
    "CACHE_KEY_PREFIX": "bench",
    "PORTAL_VAR_DIR": str(ROOT / "var" / "bench"),
    "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
    "DJANGO_MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
    "LOG_LEVEL": "WARNING",
    "PYTHONDONTWRITEBYTECODE": "1",
}
GUNICORN_ARGS = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning", "--chdir", str(ROOT)]

SEED = f"""
from django.contrib.auth import get_user_model
from profiles import demo, pagecache
demo.seed_many({PHYSICIANS}, user_model=get_user_model())
pagecache.invalidate(pagecache.SITE_GROUP)
"""


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)


def fresh_database() -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


def flush_cache() -> None:
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        return response.read()


def serve(app: str, port: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen([GUNICORN, app, "--bind", f"127.0.0.1:{port}", *GUNICORN_ARGS], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            fetch(f"http://127.0.0.1:{port}/")
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"gunicorn {app} did not start on port {port}")


def wrk(url: str, duration: str = DURATION) -> dict:
    header = [arg for name, value in HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}", "--latency", *header, url],
                         capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{out}")

    def latency_ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": latency_ms("50"), "p99": latency_ms("99")}


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk).", file=sys.stderr)
        return 2
    print(f"Preparing: database {DB_NAME}, collectstatic, migrate, {PHYSICIANS} physicians ...", flush=True)
    fresh_database()
    manage("collectstatic", "--noinput")
    manage("migrate", "--noinput")
    subprocess.run([PY, "manage.py", "shell", "-c", SEED], cwd=ROOT, env=ENV, check=True)
    flush_cache()

    portal = serve("portal.wsgi:application", PORTAL_PORT, ENV)
    bare = None
    try:
        base = f"http://127.0.0.1:{PORTAL_PORT}"
        slug = re.search(rb'href="/doctors/([a-z0-9-]+)/"', fetch(f"{base}/doctors/")).group(1).decode()
        profile_url, directory_url = f"{base}/doctors/{slug}/", f"{base}/doctors/"
        size = len(fetch(profile_url))
        directory_size = len(fetch(directory_url))
        bare_env = {**ENV, "DJANGO_SETTINGS_MODULE": "bare.settings", "BENCH_BODY_SIZE": str(size),
                    "PYTHONPATH": str(ROOT / "benchmarks") + os.pathsep + str(ROOT)}
        bare = serve("bare.wsgi:application", BARE_PORT, bare_env)
        bare_url = f"http://127.0.0.1:{BARE_PORT}/"
        assert len(fetch(bare_url)) == size, "the bare body must match the profile page's size"

        targets = (("a profile page", profile_url), ("b directory", directory_url), ("c bare view", bare_url))
        for _label, url in targets:
            wrk(url, "3s")  # warm-up: every worker has its connections and code paths ready
        runs = {label: [] for label, _url in targets}
        for _round in range(ROUNDS):
            for label, url in targets:
                runs[label].append(wrk(url))
        results = {label: {key: statistics.median(r[key] for r in rs) for key in ("rps", "p50", "p99")}
                   for label, rs in runs.items()}
    finally:
        for process in (portal, bare):
            if process:
                process.terminate()
                process.wait(timeout=10)

    print(f"\nWeb benchmark: gunicorn {' '.join(GUNICORN_ARGS[:4])}, wrk -t2 -c16 -d{DURATION}, DEBUG=0, "
          f"PostgreSQL + Redis cache, {PHYSICIANS} physicians; median of {ROUNDS} rounds")
    print(f"Body sizes: profile {size} B, directory {directory_size} B, bare {size} B\n")
    print(f"{'target':<18}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}")
    for label, r in results.items():
        print(f"{label:<18}{r['rps']:>12.1f}{r['p50']:>10.2f}{r['p99']:>10.2f}"
              f"   (rounds: {', '.join(str(round(x['rps'])) for x in runs[label])} req/s)")
    bare_rps = results["c bare view"]["rps"]
    ratios = {"a/c": results["a profile page"]["rps"] / bare_rps, "b/c": results["b directory"]["rps"] / bare_rps}
    print()
    for name, ratio in ratios.items():
        verdict = "meets" if ratio >= TARGETS[name] else "MISSES"
        print(f"ratio {name} = {ratio:.2f}  ({verdict} the target >= {TARGETS[name]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
