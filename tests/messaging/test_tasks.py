"""The tasks are thin: deliver_message retries on a transient error; sweep_outbox re-enqueues."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from consent.gate import Purpose
from consent.state import Channel
from messaging import tasks
from messaging.actions import queue_message
from messaging.models import OutboundMessage


def test_deliver_message_asks_celery_to_retry_with_the_backoff(patient_factory, monkeypatch):
    from celery.exceptions import Retry

    patient = patient_factory(email=True)
    message = queue_message(patient_id=patient.pk, channel=Channel.EMAIL, purpose=Purpose.ADMINISTRATIVE,
                            template="acknowledgement")
    monkeypatch.setattr("django.core.mail.EmailMessage.send",
                        lambda self, fail_silently=False: (_ for _ in ()).throw(TimeoutError()))
    retries = []

    def fake_retry(exc=None, countdown=None, **kwargs):
        retries.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(tasks.deliver_message, "retry", fake_retry)
    with pytest.raises(Retry):
        tasks.deliver_message.run(message.pk)
    assert retries == [30]
    assert OutboundMessage.objects.get(pk=message.pk).status == OutboundMessage.Status.QUEUED


def test_sweep_outbox_enqueues_forgotten_messages_which_are_then_sent(patient_factory, no_quiet_hours):
    patient = patient_factory(email=True)
    message = queue_message(patient_id=patient.pk, channel=Channel.EMAIL, purpose=Purpose.ADMINISTRATIVE,
                            template="acknowledgement")  # on_commit never runs here: the enqueue was "lost"
    OutboundMessage.objects.filter(pk=message.pk).update(updated_at=timezone.now() - timedelta(minutes=5))

    assert tasks.sweep_outbox.delay().get() == 1  # eager: the re-enqueued delivery runs inline

    assert OutboundMessage.objects.get(pk=message.pk).status == OutboundMessage.Status.SENT
    assert len(mail.outbox) == 1
    assert tasks.sweep_outbox.delay().get() == 0


def test_the_sweep_runs_every_minute_from_beat():
    from portal.celery import app

    entry = app.conf.beat_schedule["messaging-sweep-outbox"]
    assert entry["task"] == tasks.sweep_outbox.name and entry["schedule"] == 60.0
