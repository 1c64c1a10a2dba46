"""A patient's message comes in: stored, triaged, flagged, answered on screen and on consented channels."""

import pytest
from django.core import mail

from consent.gate import Purpose
from consent.state import Channel
from messaging.actions import receive_message
from messaging.models import InboundMessage, OutboundMessage, ReplyTemplate
from messaging.triage import Category

Status = OutboundMessage.Status
EMERGENCY_TEXT = "I have crushing chest pain right now and I can't breathe"
ADVICE_TEXT = "Should I double my metformin dose since my sugar readings are high?"
ADMIN_TEXT = "Can I reschedule my appointment next Tuesday to Thursday?"


@pytest.fixture
def receive(django_capture_on_commit_callbacks, no_quiet_hours):
    def run(patient, text, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return receive_message(patient_id=patient.pk, text=text, **kwargs)

    return run


def test_an_emergency_is_answered_on_screen_at_once_with_the_emergency_numbers(patient_factory, receive):
    patient = patient_factory()  # no consent at all: the screen is the only place the reply can go

    intake = receive(patient, EMERGENCY_TEXT)

    assert intake.category == Category.EMERGENCY and intake.is_emergency
    assert "911" in intake.reply_text and "988" in intake.reply_text
    assert "emergency department" in intake.reply_text
    message = InboundMessage.objects.get(pk=intake.message_id)
    assert message.flagged and message.review_status == InboundMessage.ReviewStatus.NEW
    assert message.text == EMERGENCY_TEXT and message.triage_reasons


def test_the_emergency_numbers_are_the_practice_s_own(practice, patient_factory, receive):
    practice.emergency_number, practice.crisis_line = "112", "116 123"
    practice.save()
    intake = receive(patient_factory(), EMERGENCY_TEXT)
    assert "112" in intake.reply_text and "116 123" in intake.reply_text and "911" not in intake.reply_text


def test_with_no_consent_both_channels_record_a_blocked_attempt_with_why(patient_factory, receive):
    intake = receive(patient_factory(), EMERGENCY_TEXT)

    attempts = OutboundMessage.objects.filter(reply_to_id=intake.message_id).order_by("channel")
    assert [(m.channel, m.status) for m in attempts] == [("email", Status.BLOCKED), ("sms", Status.BLOCKED)]
    assert all("no active express consent" in m.blocked_reason for m in attempts)
    assert mail.outbox == []


def test_the_emergency_reply_is_e_mailed_with_consent_and_not_texted_without_an_imperative_reason(
        patient_factory, receive, texts):
    patient = patient_factory(email=True, sms=True)

    intake = receive(patient, EMERGENCY_TEXT)

    by_channel = {m.channel: m for m in OutboundMessage.objects.filter(reply_to_id=intake.message_id)}
    assert by_channel[Channel.EMAIL].status == Status.SENT
    assert by_channel[Channel.SMS].status == Status.BLOCKED
    assert "imperative" in by_channel[Channel.SMS].blocked_reason
    assert len(mail.outbox) == 1 and "911" in mail.outbox[0].subject
    assert texts == []


def test_medical_advice_gets_the_visit_the_office_reply_without_medical_content(patient_factory, receive):
    patient = patient_factory(email=True)

    intake = receive(patient, ADVICE_TEXT)

    assert intake.category == Category.MEDICAL_ADVICE
    reply = intake.reply_text
    assert "+1 555 010 0200" in reply and "Book online or call us on weekdays." in reply
    assert "urgent care" in reply
    assert "metformin" not in reply.lower() and "dose" not in reply.lower()
    assert InboundMessage.objects.get(pk=intake.message_id).flagged
    assert OutboundMessage.objects.get(reply_to_id=intake.message_id, channel=Channel.EMAIL).purpose == Purpose.CARE


def test_an_administrative_message_gets_an_acknowledgement_and_is_not_flagged(patient_factory, receive):
    patient = patient_factory(email=True)

    intake = receive(patient, ADMIN_TEXT)

    assert intake.category == Category.ADMINISTRATIVE
    assert "received your message" in intake.reply_text
    assert not InboundMessage.objects.get(pk=intake.message_id).flagged
    sent = OutboundMessage.objects.get(reply_to_id=intake.message_id, channel=Channel.EMAIL)
    assert sent.purpose == Purpose.ADMINISTRATIVE and sent.status == Status.SENT


@pytest.mark.parametrize("text", [EMERGENCY_TEXT, ADVICE_TEXT, ADMIN_TEXT,
                                  "My HIV test result from the lab, code ZEBRA-4417, worries me"])
def test_outbound_replies_never_echo_the_patient_s_words(patient_factory, receive, texts, text):
    patient = patient_factory(email=True, sms=True, texting_reason="Hard of hearing.")

    receive(patient, text)

    outbound = [f"{m.subject}\n{m.body}" for m in OutboundMessage.objects.all()]
    outbound += [f"{e.subject}\n{e.body}" for e in mail.outbox] + [t["body"] for t in texts]
    assert outbound
    distinctive = [w for w in text.lower().replace("?", "").split() if len(w) > 6]
    for content in outbound:
        assert text not in content
        assert not [w for w in distinctive if w in content.lower()], content


def test_a_template_edited_by_the_practice_is_used_for_the_reply(patient_factory, receive):
    ReplyTemplate.objects.filter(key="acknowledgement", channel="email").update(
        subject="Thanks from {{ practice.name }}", body="We will call you back within two working days.")
    patient = patient_factory(email=True)

    intake = receive(patient, ADMIN_TEXT)

    assert intake.reply_subject == "Thanks from Maple Street Family Practice"
    assert intake.reply_text == "We will call you back within two working days."
    assert mail.outbox[0].body.startswith("We will call you back within two working days.")


def test_each_received_message_gets_its_own_reply_on_each_channel(patient_factory, receive):
    patient = patient_factory(email=True)
    receive(patient, ADMIN_TEXT)
    receive(patient, ADMIN_TEXT)
    assert OutboundMessage.objects.filter(channel=Channel.EMAIL).count() == 2  # two messages, two replies
    for inbound in InboundMessage.objects.all():
        assert inbound.replies.count() == 2


def test_through_the_contact_form_the_emergency_reply_is_on_the_next_page_and_nothing_echoes(
        client, practice, no_quiet_hours, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", {"name": "Robin Doe", "email": "robin@example.org",
                                             "message": EMERGENCY_TEXT, "consent_email": "on"}, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "911" in page and "988" in page
    inbound = InboundMessage.objects.get()
    assert inbound.category == Category.EMERGENCY and inbound.flagged
    # E-mail consent is pending: only the confirmation request goes out; the emergency e-mail is blocked.
    assert [m.subject for m in mail.outbox] == ["Please confirm: may Maple Street Family Practice contact you by "
                                                "e-mail?"]
    blocked = OutboundMessage.objects.get(reply_to=inbound, channel=Channel.EMAIL)
    assert blocked.status == Status.BLOCKED and "pending" in blocked.blocked_reason
    assert all("chest" not in m.body for m in mail.outbox)
