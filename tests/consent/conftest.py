"""Consent fixtures: patients with consent in a given state, made through the real actions."""

import itertools

import pytest

_n = itertools.count(1)


@pytest.fixture
def patient_factory(db):
    from consent import actions

    def make(*, name=None, email=None, phone=None):
        i = next(_n)
        return actions.find_or_create_patient(
            name=name or f"Patient {i}", email=email if email is not None else f"patient{i}@example.com",
            phone=phone if phone is not None else f"+1202555{i % 10000:04d}")

    return make


@pytest.fixture
def consent_event_factory(db):
    """Bring a patient's channel to a status through the actions (grant, confirm, withdraw)."""
    from consent import actions
    from consent.models import ConsentEvent, Disclosure
    from consent.state import Channel

    M = ConsentEvent.Method

    def make(patient, channel, status):
        address = patient.email if channel == Channel.EMAIL else patient.phone
        actions.grant_consent(patient, channel, address=address, method=M.WEB_FORM, disclosure=Disclosure.latest(),
                              send_confirmation=False)
        if status in ("active", "withdrawn"):
            actions.confirm_consent(patient, channel, address=address, method=M.CONFIRMATION_LINK)
        if status == "withdrawn":
            actions.withdraw_consent(patient, channel, method=M.UNSUBSCRIBE_LINK)
        return patient

    return make


@pytest.fixture
def patient_with_consent(patient_factory, consent_event_factory):
    from consent.state import Channel

    patient = patient_factory(name="Maria Lopez", email="maria@example.com", phone="+12025550111")
    consent_event_factory(patient, Channel.EMAIL, "active")
    consent_event_factory(patient, Channel.SMS, "active")
    return patient


@pytest.fixture
def outbound():
    """The messages queued for a patient (messaging's rows), newest last."""
    from messaging.models import OutboundMessage

    return lambda patient: list(OutboundMessage.objects.filter(patient=patient).order_by("pk"))


def switch_off_ledger_triggers() -> None:
    """Let a test tamper with consent events the way the table's owner could: switch the append-only
    triggers off inside the test's transaction (rolled back afterwards, DDL included, on both databases)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush the deferred foreign-key checks first
            cursor.execute("ALTER TABLE consent_consentevent DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS consent_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS consent_event_no_delete")
