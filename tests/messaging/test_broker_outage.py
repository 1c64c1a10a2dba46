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


def test_after_a_broker_error_the_next_enqueues_skip_the_broker_for_a_while(monkeypatch):
    from kombu.exceptions import OperationalError

    from messaging import outbox, tasks

    calls = []

    def broker_down(*args):
        calls.append(args)
        raise OperationalError("timed out")

    monkeypatch.setattr(tasks.deliver_message, "delay", broker_down)
    assert [outbox.enqueue(n) for n in (1, 2, 3)] == [False, False, False]
    assert calls == [(1,)]  # one timeout per request at most, not one per message

    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)  # the pause is over
    monkeypatch.setattr(tasks.deliver_message, "delay", lambda *args: calls.append(args))
    assert outbox.enqueue(4) is True and calls[-1] == (4,)
