"""The one sending door: claims once, asks the gate again at send time, records every outcome."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail

from consent.gate import Purpose
from consent.state import Action, Channel
from messaging import delivery, outbox
from messaging.actions import queue_message
from messaging.backends.sms import LocmemBackend, PermanentSMSError, TransientSMSError
from messaging.models import OutboundMessage

from .conftest import MORNING, add_event

Status = OutboundMessage.Status


class ScriptedBackend(LocmemBackend):
    """Raises the scripted errors in order, then behaves like the in-memory backend."""

    script: list = []

    def send(self, to, body):
        if self.script:
            raise self.script.pop(0)
        return super().send(to, body)


@pytest.fixture
def scripted(settings):
    settings.SMS_BACKEND = "tests.messaging.test_delivery.ScriptedBackend"
    ScriptedBackend.script = []
    yield ScriptedBackend.script
    ScriptedBackend.script = []


def queue(patient, channel=Channel.EMAIL, purpose=Purpose.ADMINISTRATIVE, template="acknowledgement", **kw):
    return queue_message(patient_id=patient.pk, channel=channel, purpose=purpose, template=template, **kw)


def reload(message):
    return OutboundMessage.objects.get(pk=message.pk)


def test_an_email_with_active_consent_is_sent_once_even_when_delivered_twice(patient_factory):
    patient = patient_factory(email=True)
    message = queue(patient)
    assert reload(message).status == Status.QUEUED and mail.outbox == []

    first = delivery.deliver(message.pk, now=MORNING)
    second = delivery.deliver(message.pk, now=MORNING)

    assert first.status == Status.SENT
    assert second is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [patient.email]
    sent = reload(message)
    assert sent.status == Status.SENT and sent.attempts == 1 and sent.provider_id and sent.sent_at == MORNING


def test_an_email_carries_one_click_unsubscribe_headers_and_a_footer_link(patient_factory):
    patient = patient_factory(email=True)
    message = queue(patient)
    delivery.deliver(message.pk, now=MORNING)

    email = mail.outbox[0]
    url = reload(message).unsubscribe_url
    assert url.startswith("https://portal.example/")
    assert email.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in email.body
    assert "Maple Street Family Practice" in email.body


def test_without_email_consent_the_message_is_blocked_with_the_reason_and_nothing_is_sent(patient_factory):
    patient = patient_factory(sms=True)
    message = queue(patient)

    outcome = delivery.deliver(message.pk, now=MORNING)

    assert outcome.status == Status.BLOCKED
    blocked = reload(message)
    assert blocked.status == Status.BLOCKED
    assert "no active express consent for email" in blocked.blocked_reason
    assert mail.outbox == []


def test_pending_email_consent_gets_only_the_confirmation_request(patient_factory):
    patient = patient_factory(email=True, pending=True)
    ack = queue(patient)
    confirmation = queue(patient, purpose=Purpose.CONFIRMATION, template="consent_confirmation",
                         context={"confirm_url": "https://portal.example/consent/confirm/abc/"})

    assert delivery.deliver(ack.pk, now=MORNING).status == Status.BLOCKED
    assert delivery.deliver(confirmation.pk, now=MORNING).status == Status.SENT
    assert len(mail.outbox) == 1
    assert "https://portal.example/consent/confirm/abc/" in mail.outbox[0].body


def test_a_withdrawal_committed_after_queueing_but_before_sending_blocks_the_send(patient_factory):
    patient = patient_factory(email=True)
    message = queue(patient)
    add_event(patient, Channel.EMAIL, Action.WITHDRAW, address=patient.email, at=MORNING - timedelta(minutes=1))

    delivery.deliver(message.pk, now=MORNING)

    assert reload(message).status == Status.BLOCKED
    assert "withdrawn" in reload(message).blocked_reason
    assert mail.outbox == []


def test_a_withdrawal_committed_while_the_send_waited_for_the_lock_blocks_it(patient_factory, monkeypatch):
    # Found by `make chaos`: the send read the consent state as of its claim time, so a withdrawal
    # recorded between the claim and the lock was ignored.
    from consent import actions
    from consent.models import ConsentEvent
    from messaging import faults

    patient = patient_factory(email=True)
    message = queue(patient)

    def withdraw_after_the_claim(step, message_id):
        if step == "after_claim":
            actions.withdraw_consent(patient, Channel.EMAIL, method=ConsentEvent.Method.STAFF_PHONE)

    faults.install(withdraw_after_the_claim)
    try:
        delivery.deliver(message.pk, now=MORNING)
    finally:
        faults.install(None)

    assert reload(message).status == Status.BLOCKED
    assert mail.outbox == []


def test_texting_about_care_without_a_recorded_reason_is_blocked(patient_factory, texts):
    patient = patient_factory(sms=True)
    message = queue(patient, channel=Channel.SMS, purpose=Purpose.CARE, template="medical_advice")

    delivery.deliver(message.pk, now=MORNING)

    assert reload(message).status == Status.BLOCKED
    assert "imperative" in reload(message).blocked_reason
    assert texts == []


def test_texting_about_care_with_a_staff_recorded_reason_is_sent(patient_factory, texts):
    patient = patient_factory(sms=True, texting_reason="Patient is deaf; phone calls are not possible.")
    message = queue(patient, channel=Channel.SMS, purpose=Purpose.CARE, template="medical_advice")

    delivery.deliver(message.pk, now=MORNING)

    assert reload(message).status == Status.SENT
    assert [t["to"] for t in texts] == [patient.phone]
    assert texts[0]["body"].startswith("Maple Street Family Practice:") and "STOP" in texts[0]["body"]


def test_the_stop_confirmation_goes_to_a_patient_who_just_withdrew(patient_factory, texts):
    patient = patient_factory(sms=True)
    add_event(patient, Channel.SMS, Action.WITHDRAW, address=patient.phone, at=MORNING - timedelta(minutes=1))
    message = queue(patient, channel=Channel.SMS, purpose=Purpose.KEYWORD_REPLY, template="stop_confirmation")

    delivery.deliver(message.pk, now=MORNING.replace(hour=23))  # keyword replies are not held by quiet hours

    assert reload(message).status == Status.SENT
    assert "no more texts" in texts[0]["body"]


def test_a_transient_text_error_requeues_with_backoff_and_a_later_attempt_sends(patient_factory, scripted, texts):
    patient = patient_factory(sms=True)
    message = queue(patient, channel=Channel.SMS)
    scripted.append(TransientSMSError("429"))

    with pytest.raises(delivery.TransientDeliveryError) as raised:
        delivery.deliver(message.pk, now=MORNING)

    waiting = reload(message)
    assert waiting.status == Status.QUEUED and waiting.attempts == 1
    assert waiting.not_before == MORNING + timedelta(seconds=raised.value.countdown)
    assert delivery.deliver(message.pk, now=MORNING) is None  # not due yet: the retry waits its turn
    assert delivery.deliver(message.pk, now=waiting.not_before).status == Status.SENT
    assert len(texts) == 1 and reload(message).attempts == 2


def test_backoff_grows_exponentially_and_is_capped():
    assert [delivery.backoff(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert delivery.backoff(50) == 3600


def test_transient_errors_give_up_after_the_last_attempt_and_flag(patient_factory, scripted, texts):
    patient = patient_factory(sms=True)
    message = queue(patient, channel=Channel.SMS)
    scripted.extend(TransientSMSError("503") for _ in range(delivery.MAX_ATTEMPTS))
    now = MORNING
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        with pytest.raises(delivery.TransientDeliveryError):
            delivery.deliver(message.pk, now=now)
        now = reload(message).not_before
    assert delivery.deliver(message.pk, now=now).status == Status.FAILED
    failed = reload(message)
    assert failed.flagged and failed.attempts == delivery.MAX_ATTEMPTS and texts == []


def test_a_permanent_text_error_fails_at_once_and_is_flagged(patient_factory, scripted, texts):
    patient = patient_factory(sms=True)
    message = queue(patient, channel=Channel.SMS)
    scripted.append(PermanentSMSError("invalid number"))

    outcome = delivery.deliver(message.pk, now=MORNING)

    failed = reload(message)
    assert outcome.status == Status.FAILED
    assert failed.status == Status.FAILED and failed.flagged and "invalid number" in failed.last_error
    assert delivery.deliver(message.pk, now=MORNING) is None


def test_an_unknown_error_from_the_text_provider_leaves_the_text_unknown_and_never_resends_it(
        patient_factory, scripted, texts):
    patient = patient_factory(sms=True)
    message = queue(patient, channel=Channel.SMS)
    scripted.append(RuntimeError("connection reset after the request was written"))

    outcome = delivery.deliver(message.pk, now=MORNING)

    assert outcome.status == Status.UNKNOWN
    assert reload(message).flagged
    assert outbox.sweep(now=MORNING + timedelta(hours=1)).requeued == []
    assert delivery.deliver(message.pk, now=MORNING + timedelta(hours=1)) is None
    assert texts == []


def test_a_permanent_smtp_refusal_fails_the_email(patient_factory, monkeypatch):
    patient = patient_factory(email=True)
    message = queue(patient)

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({patient.email: (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert delivery.deliver(message.pk, now=MORNING).status == Status.FAILED
    assert reload(message).flagged


def test_a_mail_server_outage_is_retried(patient_factory, monkeypatch):
    patient = patient_factory(email=True)
    message = queue(patient)
    monkeypatch.setattr("django.core.mail.EmailMessage.send",
                        lambda self, fail_silently=False: (_ for _ in ()).throw(ConnectionRefusedError()))
    with pytest.raises(delivery.TransientDeliveryError):
        delivery.deliver(message.pk, now=MORNING)
    assert reload(message).status == Status.QUEUED


def test_a_text_in_quiet_hours_waits_until_eight_and_the_sweep_then_releases_it(patient_factory, texts):
    patient = patient_factory(sms=True)
    message = queue(patient, channel=Channel.SMS)
    late = MORNING.replace(hour=22)

    outcome = delivery.deliver(message.pk, now=late)

    held = reload(message)
    assert outcome.status == Status.WAITING and texts == []
    assert held.not_before == (MORNING + timedelta(days=1)).replace(hour=8)
    assert "quiet hours" in held.blocked_reason
    assert outbox.sweep(now=late + timedelta(hours=1)).requeued == []
    assert outbox.sweep(now=held.not_before).requeued == [message.pk]
    assert delivery.deliver(message.pk, now=held.not_before).status == Status.SENT
    assert len(texts) == 1


def test_the_emergency_text_goes_out_in_quiet_hours(patient_factory, texts):
    patient = patient_factory(sms=True, texting_reason="Agreed with the patient for urgent matters.")
    message = queue(patient, channel=Channel.SMS, purpose=Purpose.CARE, template="emergency")

    assert delivery.deliver(message.pk, now=MORNING.replace(hour=2)).status == Status.SENT
    assert "911" in texts[0]["body"] and "988" in texts[0]["body"]


def test_a_second_care_text_the_same_day_waits_for_the_daily_limit(patient_factory, texts):
    patient = patient_factory(sms=True, texting_reason="Patient cannot take calls at work.")
    first = queue(patient, channel=Channel.SMS, purpose=Purpose.CARE, template="medical_advice")
    second = queue(patient, channel=Channel.SMS, purpose=Purpose.CARE, template="medical_advice")

    delivery.deliver(first.pk, now=MORNING)
    outcome = delivery.deliver(second.pk, now=MORNING + timedelta(hours=2))

    assert outcome.status == Status.WAITING
    assert reload(second).not_before == MORNING + timedelta(days=1)
    assert len(texts) == 1


def test_a_text_longer_than_160_characters_is_blocked_with_why(patient_factory, practice, texts):
    practice.name = "The Very Long Named Family and Internal Medicine Practice of Greater Springfield"
    practice.save()
    patient = patient_factory(sms=True, texting_reason="Needed.")
    message = queue(patient, channel=Channel.SMS, purpose=Purpose.CARE, template="medical_advice")

    delivery.deliver(message.pk, now=MORNING)

    assert reload(message).status == Status.BLOCKED
    assert "over the 160 limit" in reload(message).blocked_reason
    assert texts == []


def test_a_message_left_sending_by_a_crash_becomes_unknown_and_flagged(patient_factory):
    patient = patient_factory(email=True)
    message = queue(patient)
    OutboundMessage.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at=MORNING)

    assert outbox.sweep(now=MORNING + timedelta(minutes=5)).unknown == 0
    result = outbox.sweep(now=MORNING + timedelta(minutes=11))

    assert result.unknown == 1 and result.requeued == []
    assert reload(message).status == Status.UNKNOWN and reload(message).flagged
    assert reload(message).sent_at == MORNING  # counted by the texting limits: it may have gone out
    assert mail.outbox == []


def test_a_message_whose_enqueue_failed_is_found_by_the_sweep_and_delivered(patient_factory, monkeypatch,
                                                                               django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    from messaging import tasks

    patient = patient_factory(email=True)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.deliver_message, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(patient)  # the request does not fail
    assert reload(message).status == Status.QUEUED and mail.outbox == []
    monkeypatch.undo()

    later = reload(message).updated_at + timedelta(minutes=2)
    assert outbox.sweep(now=later).requeued == [message.pk]
    delivery.deliver(message.pk, now=later)
    assert reload(message).status == Status.SENT and len(mail.outbox) == 1


def test_queueing_in_a_transaction_enqueues_only_after_commit(patient_factory, no_quiet_hours,
                                                                django_capture_on_commit_callbacks):
    patient = patient_factory(email=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue(patient)
        assert reload(message).status == Status.QUEUED and mail.outbox == []
    assert len(callbacks) == 1
    assert reload(message).status == Status.SENT and len(mail.outbox) == 1


def test_the_same_idempotency_key_queues_one_message(patient_factory):
    patient = patient_factory(email=True)
    first = queue(patient, idempotency_key="reply:1:email")
    again = queue(patient, idempotency_key="reply:1:email")
    assert first.pk == again.pk
    assert OutboundMessage.objects.count() == 1


def test_a_text_of_unknown_outcome_counts_against_the_daily_limit(patient_factory, scripted, texts):
    patient = patient_factory(sms=True, texting_reason="Patient cannot take calls.")
    first = queue(patient, channel=Channel.SMS, purpose=Purpose.CARE, template="medical_advice")
    second = queue(patient, channel=Channel.SMS, purpose=Purpose.CARE, template="medical_advice")
    scripted.append(RuntimeError("read timed out"))

    assert delivery.deliver(first.pk, now=MORNING).status == Status.UNKNOWN
    assert delivery.deliver(second.pk, now=MORNING + timedelta(hours=1)).status == Status.WAITING
