"""A patient's words never reach a log line, an e-mail or a text: the contact form, inbound texts, staff
review in the admin and delivery all run with a marker phrase in the patient's messages."""

import logging
from datetime import time

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.test import Client
from django.urls import reverse

from consent.twilio_signature import expected_signature
from messaging.models import InboundMessage, OutboundMessage, TextSettings
from tests.sweep.conftest import MARKER

CHANGELIST = reverse("admin:messaging_inboundmessage_changelist")


class _Everything(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def _record_texts(record: logging.LogRecord) -> list[str]:
    texts = [record.getMessage(), repr(record.args), repr(getattr(record, "request", ""))]
    if record.exc_info:
        texts.append(logging.Formatter().formatException(record.exc_info))
    texts.append(record.exc_text or "")
    return texts


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    handler = _Everything()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler.records, caplog
    root.removeHandler(handler)


def _run_every_flow(world, settings, capture):
    settings.TWILIO_AUTH_TOKEN = "sweep-auth-token"  # noqa: S105 - test data
    settings.CONTACT_FORM_RATE_LIMIT = 100
    # No quiet hours: the texts must go out whatever the time of the run.
    TextSettings.objects.update_or_create(pk=1, defaults={"quiet_start": time(0), "quiet_end": time(0)})
    patient = Client(REMOTE_ADDR="10.50.0.1")
    with capture(execute=True):
        # The contact form: a known patient with active consent (replies go out), a new one (confirmation).
        for text in (f"I have chest pain and I can't breathe. {MARKER}",
                     f"Which dose of ibuprofen should I take for my knee? {MARKER}"):
            response = patient.post("/contact/", {"name": "Maria Lopez", "email": world.patient.email,
                                                  "phone": world.patient.phone, "message": text,
                                                  "consent_email": "on", "consent_sms": "on",
                                                  "doctor": world.profile_a.slug})
            assert response.status_code == 302
        response = patient.post("/contact/", {"name": "New Person", "email": "new.person@example.com",
                                              "message": f"Can I book a checkup? {MARKER}", "consent_email": "on"})
        assert response.status_code == 302
        assert patient.get("/contact/sent/").status_code == 200
        # An inbound text, signed as Twilio signs it.
        params = {"From": world.patient.phone, "Body": f"My rash is worse today. {MARKER}", "To": "+12025550100"}
        signature = expected_signature(settings.TWILIO_AUTH_TOKEN, settings.SITE_URL + "/sms/inbound",
                                       {k: [v] for k, v in params.items()})
        assert Client().post("/sms/inbound", params, HTTP_X_TWILIO_SIGNATURE=signature).status_code == 200
    messages = list(InboundMessage.objects.filter(text__contains=MARKER))
    assert len(messages) == 4
    # Staff review every one of them in the admin: open, reply, reclassify, escalate, mark reviewed.
    staff = Client(REMOTE_ADDR="10.50.0.2")
    staff.force_login(world.users["staff_messages"], backend="django.contrib.auth.backends.ModelBackend")
    ids = [m.pk for m in messages]
    with capture(execute=True):
        for pk in ids:
            page = staff.get(reverse("admin:messaging_inboundmessage_change", args=[pk]))
            assert MARKER in page.content.decode()  # staff do see the text, on the page
        assert staff.get(CHANGELIST, {"queue": "all", "q": "rash"}).status_code == 200
        for action, extra in (("reply_with_template", {"apply": "1", "template": "acknowledgement",
                                                       "channels": ["email", "sms"]}),
                              ("reclassify", {"apply": "1", "category": "medical_advice", "note": "Staff note."}),
                              ("escalate", {}), ("mark_reviewed", {})):
            response = staff.post(CHANGELIST + "?queue=all", {"action": action, ACTION_CHECKBOX_NAME: ids, **extra})
            assert response.status_code == 302, action


def test_no_patient_text_in_any_log_record_e_mail_or_text(world, settings, all_logs, _captured_sends,
                                                           django_capture_on_commit_callbacks):
    records, caplog = all_logs
    _run_every_flow(world, settings, django_capture_on_commit_callbacks)

    sent_mail, sent_texts = list(mail.outbox), list(_captured_sends)
    assert sent_mail and sent_texts, "the flows must have sent e-mail and texts for this test to mean anything"
    assert OutboundMessage.objects.filter(status="sent").count() == len(sent_mail) + len(sent_texts)
    assert records and caplog.records, "the flows must have logged something"
    leaks = [f"log {r.name}: {r.getMessage()[:120]}" for r in [*records, *caplog.records]
             if any(MARKER in text for text in _record_texts(r))]
    for message in sent_mail:
        parts = [message.subject, message.body, repr(message.extra_headers), message.message().as_string(),
                 *[str(content) for content, _type in getattr(message, "alternatives", [])]]
        if any(MARKER in part for part in parts):
            leaks.append(f"e-mail to {message.to}: {message.subject}")
    leaks += [f"text to {t['to']}" for t in sent_texts if MARKER in t["body"]]
    leaks += [f"outbound row {pk}" for pk in OutboundMessage.objects.filter(body__contains=MARKER)
              .values_list("pk", flat=True)]
    print(f"checked {len(records)} log records, {len(sent_mail)} e-mails, {len(sent_texts)} texts")  # noqa: T201
    assert not leaks, "patient text leaked:\n" + "\n".join(leaks)


def test_the_marker_check_would_see_a_leak(world, all_logs):
    """The control: a log line with the marker is caught by the same capture."""
    records, caplog = all_logs
    logging.getLogger("messaging.actions").debug("leaked %s", MARKER)
    assert any(MARKER in text for r in records for text in _record_texts(r))
    assert any(MARKER in r.getMessage() for r in caplog.records)
