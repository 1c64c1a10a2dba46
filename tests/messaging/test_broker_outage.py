"""A refused or hung Redis never hangs a web request: enqueueing fails fast and the row waits for the sweep."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENQUEUE = """
import time, django
django.setup()
from messaging import outbox
started = time.monotonic()
ok = outbox.enqueue(1)
print(f"{ok} {time.monotonic() - started:.3f}")
"""


@pytest.fixture
def hung_redis():
    """A TCP server that accepts connections and never answers: Redis paused (SIGSTOP) or a dead proxy."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for conn in accepted:
        conn.close()


def refused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: nothing listens there


def enqueue_with_broker(port):
    env = dict(os.environ, REDIS_URL=f"redis://127.0.0.1:{port}/3", DJANGO_SETTINGS_MODULE="portal.settings",
               PORTAL_TESTING="1", CELERY_TASK_ALWAYS_EAGER="0", PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)  # enqueueing touches no database
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", ENQUEUE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 0, done.stderr
    ok, seconds = done.stdout.split()
    return ok == "True", float(seconds), time.monotonic() - started


def test_enqueueing_with_redis_refused_fails_fast_without_raising():
    ok, seconds, _ = enqueue_with_broker(refused_port())
    assert not ok
    assert seconds < 3


def test_enqueueing_with_redis_hung_gives_up_within_three_seconds(hung_redis):
    ok, seconds, _ = enqueue_with_broker(hung_redis)
    assert not ok
    assert seconds < 3
