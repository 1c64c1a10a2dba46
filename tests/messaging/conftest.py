"""Fixtures for messaging: a practice, patients with consent on chosen channels, captured sends."""

import itertools
import zoneinfo
from datetime import datetime, time

import pytest

NY = zoneinfo.ZoneInfo("America/New_York")
# Consent given well before the fixed moments the delivery tests send at.
CONSENT_AT = datetime(2026, 1, 5, 9, 0, tzinfo=NY)
# A Tuesday mid-morning in the practice's time zone: outside the quiet hours.
MORNING = datetime(2026, 3, 3, 10, 0, tzinfo=NY)
PRACTICE_NAME = "Maple Street Family Practice"
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _captured_sends(settings):
    """E-mail to django.core.mail.outbox and texts to LocmemBackend.outbox; tasks run inline."""
    from messaging.backends.sms import LocmemBackend

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "messaging.backends.sms.LocmemBackend"
    settings.SITE_URL = "https://portal.example"
    LocmemBackend.outbox.clear()
    yield LocmemBackend.outbox
    LocmemBackend.outbox.clear()


@pytest.fixture
def texts(_captured_sends):
    return _captured_sends


@pytest.fixture
def practice(db):
    from profiles.models import Practice

    practice = Practice.current()
    practice.name = PRACTICE_NAME
    practice.phone = "+1 555 010 0200"
    practice.time_zone = "America/New_York"
    practice.booking_instructions = "Book online or call us on weekdays."
    practice.save()
    return practice


@pytest.fixture
def no_quiet_hours(db):
    """For tests that send at the real current time: the quiet hours would depend on the clock."""
    from messaging.models import TextSettings

    TextSettings.objects.update_or_create(pk=1, defaults={"quiet_start": time(0), "quiet_end": time(0)})


def add_event(patient, channel, action, *, address="", note="", at=CONSENT_AT):
    from django.db import transaction

    from consent.models import ConsentEvent

    with transaction.atomic():
        return ConsentEvent.objects.append(patient=patient, channel=channel, action=action, address=address,
                                           method=ConsentEvent.Method.WEB_FORM, note=note, created_at=at)


@pytest.fixture
def patient_factory(db, practice):
    """``patient_factory(email=True, sms=True, texting_reason="", pending=False)``: consent as asked."""
    from consent.models import Patient
    from consent.state import Action, Channel

    def make(*, email=False, sms=False, texting_reason="", pending=False, at=CONSENT_AT):
        n = next(_seq)
        patient = Patient.objects.create(name=f"Pat Example {n}", email=f"pat{n}@example.org",
                                         phone=f"+1202555{n:04d}")
        for channel, wanted, address in ((Channel.EMAIL, email, patient.email), (Channel.SMS, sms, patient.phone)):
            if wanted:
                add_event(patient, channel, Action.GRANT, address=address, at=at)
                if not pending:
                    add_event(patient, channel, Action.CONFIRM, address=address, at=at)
        if texting_reason:
            add_event(patient, Channel.SMS, Action.TEXTING_REASON, note=texting_reason, at=at)
        return patient

    return make
