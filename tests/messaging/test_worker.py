"""With a real Celery worker on Redis and PostgreSQL: every queued message is delivered exactly once,
and one queued while the broker was unreachable is delivered later by the outbox sweep."""

import json
import os
import time
from datetime import timedelta

import pytest
from django.db import connection

from consent.gate import Purpose
from consent.state import Channel
from messaging import outbox
from messaging.actions import queue_message
from messaging.models import OutboundMessage

Status = OutboundMessage.Status
pytestmark = [
    pytest.mark.worker,
    # Decided before any database is set up: the worker process must see the test database (PostgreSQL).
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="needs DATABASE_URL=postgres://…: the worker process must see the test database"),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a real worker runs on Redis"),
    # Committed for real, so the worker sees it (the tables are flushed afterwards; no seed data is needed).
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def postgres_only():
    assert connection.vendor == "postgresql"


def wait_for(predicate, worker_log, timeout=45):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out; worker log:\n{worker_log()}")


def sent_files(tmp_path):
    texts = [json.loads(p.read_text()) for p in (tmp_path / "sms").glob("*.json")]
    mails = list((tmp_path / "mail").glob("*.log"))
    return texts, mails


def test_a_real_worker_delivers_each_message_exactly_once_even_when_enqueued_twice(
        postgres_only, practice, patient_factory, no_quiet_hours, real_worker, tmp_path):
    patients = [patient_factory(email=True, sms=True) for _ in range(3)]
    messages = []
    for patient in patients:
        messages.append(queue_message(patient_id=patient.pk, channel=Channel.EMAIL,
                                      purpose=Purpose.ADMINISTRATIVE, template="acknowledgement"))
        messages.append(queue_message(patient_id=patient.pk, channel=Channel.SMS,
                                      purpose=Purpose.ADMINISTRATIVE, template="acknowledgement"))
    for message in messages:  # a duplicate task for each: the claim must make it a no-op
        assert outbox.enqueue(message.pk)

    ids = [m.pk for m in messages]
    wait_for(lambda: OutboundMessage.objects.filter(pk__in=ids, status=Status.SENT).count() == len(ids), real_worker)
    time.sleep(1)  # let the duplicate tasks run too
    texts, mails = sent_files(tmp_path)
    assert sorted(t["to"] for t in texts) == sorted(p.phone for p in patients)
    assert sum(m.read_text().count("\nSubject: ") for m in mails) == len(patients)
    assert "messaging.tasks.deliver_message" in real_worker()


def test_a_message_queued_while_the_broker_is_unreachable_is_delivered_by_the_sweep(
        postgres_only, practice, patient_factory, no_quiet_hours, real_worker, tmp_path, monkeypatch):
    from kombu import Connection

    from messaging import tasks

    patient = patient_factory(email=True)
    unreachable = Connection("redis://127.0.0.1:1/3", connect_timeout=1, transport_options={"max_retries": 0})
    real_delay = tasks.deliver_message.delay
    monkeypatch.setattr(tasks.deliver_message, "delay",
                        lambda *a: tasks.deliver_message.apply_async(a, connection=unreachable, retry=False))
    started = time.monotonic()
    message = queue_message(patient_id=patient.pk, channel=Channel.EMAIL, purpose=Purpose.ADMINISTRATIVE,
                            template="acknowledgement")
    assert time.monotonic() - started < 3
    monkeypatch.setattr(tasks.deliver_message, "delay", real_delay)
    time.sleep(2)
    assert OutboundMessage.objects.get(pk=message.pk).status == Status.QUEUED  # lost by the broker, not by us

    # A minute later the periodic sweep (run here by the worker, as beat would) finds it.
    OutboundMessage.objects.filter(pk=message.pk).update(
        updated_at=OutboundMessage.objects.get(pk=message.pk).updated_at - timedelta(minutes=2))
    tasks.sweep_outbox.delay()

    wait_for(lambda: OutboundMessage.objects.get(pk=message.pk).status == Status.SENT, real_worker)
    assert "messaging.tasks.sweep_outbox" in real_worker()
    _, mails = sent_files(tmp_path)
    assert sum(m.read_text().count("\nSubject: ") for m in mails) == 1
