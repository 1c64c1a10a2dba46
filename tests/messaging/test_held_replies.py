"""A reply held back while consent was pending goes out once the patient confirms that channel, and only once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from consent import actions as consent_actions
from consent.models import ConsentEvent
from consent.state import Channel
from messaging.actions import HELD_REPLY_WINDOW, receive_message, release_held_replies
from messaging.models import OutboundMessage

Status = OutboundMessage.Status
ADVICE_TEXT = "Should I stop taking my metformin because of stomach pain?"
CONFIRM = ConsentEvent.Method.CONFIRMATION_LINK


@pytest.fixture
def run(django_capture_on_commit_callbacks, no_quiet_hours):
    """Run an action and the deliveries it queues on commit (inline tasks)."""
    def call(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return call


def _replies(patient, channel=Channel.EMAIL):
    return list(OutboundMessage.objects.filter(patient=patient, channel=channel, template="medical_advice")
                .order_by("pk"))


def test_confirming_e_mail_consent_sends_the_reply_held_while_it_was_pending_once(patient_factory, run):
    patient = patient_factory(email=True, pending=True)
    run(receive_message, patient_id=patient.pk, text=ADVICE_TEXT)
    [held] = _replies(patient)
    assert held.status == Status.BLOCKED and "pending" in held.blocked_reason
    assert mail.outbox == []

    run(consent_actions.confirm_consent, patient, Channel.EMAIL, method=CONFIRM)

    held.refresh_from_db()
    assert held.status == Status.BLOCKED  # the evidence of the first attempt stays as it was
    [_, released] = _replies(patient)
    assert released.status == Status.SENT and released.idempotency_key == f"release:{held.pk}"
    assert released.reply_to_id == held.reply_to_id and released.body == held.body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [patient.email]
    assert "metformin" not in mail.outbox[0].body.lower()
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert run(release_held_replies, patient_id=patient.pk, channel=Channel.EMAIL) == []
    assert len(mail.outbox) == 1 and len(_replies(patient)) == 2


def test_a_reply_blocked_after_a_withdrawal_is_not_sent_when_consent_is_given_again(patient_factory, run):
    patient = patient_factory(email=True)  # active
    run(consent_actions.withdraw_consent, patient, Channel.EMAIL, method=ConsentEvent.Method.UNSUBSCRIBE_LINK)
    run(receive_message, patient_id=patient.pk, text=ADVICE_TEXT)
    [blocked] = _replies(patient)
    assert "withdrawn" in blocked.blocked_reason

    run(consent_actions.grant_consent, patient, Channel.EMAIL, address=patient.email,
        method=ConsentEvent.Method.PREFERENCES_PAGE, disclosure=None)
    run(consent_actions.confirm_consent, patient, Channel.EMAIL, method=CONFIRM)

    assert _replies(patient) == [blocked]
    sent = OutboundMessage.objects.filter(patient=patient, status=Status.SENT).values_list("template", flat=True)
    assert list(sent) == ["consent_confirmation"] and len(mail.outbox) == 1


def test_a_reply_held_longer_than_the_window_is_left_for_staff(patient_factory, run):
    patient = patient_factory(email=True, pending=True)
    run(receive_message, patient_id=patient.pk, text=ADVICE_TEXT)
    OutboundMessage.objects.filter(patient=patient).update(
        created_at=timezone.now() - HELD_REPLY_WINDOW - timedelta(minutes=1))

    run(consent_actions.confirm_consent, patient, Channel.EMAIL, method=CONFIRM)

    assert [m.status for m in _replies(patient)] == [Status.BLOCKED]
    assert mail.outbox == []


def test_confirming_texts_does_not_release_a_care_text_that_still_needs_an_imperative_reason(
        patient_factory, run, texts):
    patient = patient_factory(sms=True, pending=True)
    run(receive_message, patient_id=patient.pk, text=ADVICE_TEXT)

    run(consent_actions.confirm_consent, patient, Channel.SMS, method=ConsentEvent.Method.CONFIRMATION_CODE)

    assert [m.status for m in _replies(patient, Channel.SMS)] == [Status.BLOCKED]
    assert texts == []


def test_confirming_one_channel_releases_nothing_on_the_other(patient_factory, run):
    patient = patient_factory(email=True, sms=True, pending=True, texting_reason="Deaf; texts only.")
    run(receive_message, patient_id=patient.pk, text=ADVICE_TEXT)

    run(consent_actions.confirm_consent, patient, Channel.EMAIL, method=CONFIRM)

    assert [m.status for m in _replies(patient, Channel.SMS)] == [Status.BLOCKED]
    assert [m.status for m in _replies(patient, Channel.EMAIL)] == [Status.BLOCKED, Status.SENT]
