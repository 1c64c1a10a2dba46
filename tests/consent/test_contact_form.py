"""The contact form through HTTP: consent never required, errors keep what was typed, honeypot, rate limit."""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from consent.models import ConsentEvent, Patient
from consent.state import Action, Channel, Status

URL = "/contact/"
VALID = {"name": "Ana Silva", "email": "ana@example.com", "phone": "202-555-0199",
         "message": "When is the office open on Saturdays?", "website": ""}


@pytest.fixture
def post(client):
    def send(data, **extra):
        return client.post(URL, data, REMOTE_ADDR=extra.pop("ip", "198.51.100.1"), HTTP_USER_AGENT="TestBrowser/1",
                           **extra)

    return send


@pytest.mark.django_db
def test_the_form_shows_unticked_checkboxes_next_to_the_disclosure(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("consent:request-contact") == URL
    assert "I agree to be contacted by e-mail" in html and "I agree to be contacted by text message" in html
    assert 'name="consent_email"' in html and "checked" not in html
    assert "<legend" in html and "not confidential" in html and "Message and data rates may apply" in html
    assert 'tabindex="-1"' in html and 'aria-hidden="true"' in html  # the honeypot is hidden from people


@pytest.mark.django_db
def test_a_message_without_consent_is_sent_and_records_no_grant(post, client, outbound):
    response = post(VALID)
    assert response.status_code == 302 and response["Location"] == reverse("consent:contact-sent")
    patient = Patient.objects.get()
    assert (patient.email, patient.phone) == ("ana@example.com", "+12025550199")
    assert ConsentEvent.objects.count() == 0
    assert all(m.purpose != "confirmation" for m in outbound(patient))
    page = client.get(response["Location"]).content.decode()
    assert "your message was sent" in page and "we will not" in page


@pytest.mark.django_db
def test_ticked_channels_record_pending_grants_with_the_disclosure_and_queue_confirmations(post, outbound):
    from consent import api
    from consent.models import Disclosure

    post({**VALID, "consent_email": "on", "consent_sms": "on"})
    patient = Patient.objects.get()
    grants = list(ConsentEvent.objects.filter(action=Action.GRANT).order_by("seq"))
    assert [(g.channel, g.address) for g in grants] == [("email", "ana@example.com"), ("sms", "+12025550199")]
    assert all(g.disclosure_id == Disclosure.latest().pk and g.method == "web_form" for g in grants)
    assert grants[0].ip == "198.51.100.1" and grants[0].user_agent == "TestBrowser/1"
    assert api.current_state(patient.pk, Channel.EMAIL).status == Status.PENDING
    confirmations = [m for m in outbound(patient) if m.purpose == "confirmation"]
    assert sorted(m.channel for m in confirmations) == ["email", "sms"]
    assert all(m.template == "consent_confirmation" for m in confirmations)
    email = next(m for m in confirmations if m.channel == "email")
    assert "/consent/confirm/" in email.body


@pytest.mark.django_db
def test_an_emergency_reply_is_shown_prominently(post, client):
    response = post({**VALID, "message": "I have crushing chest pain and cannot breathe"})
    page = client.get(response["Location"]).content.decode()
    assert 'role="alert"' in page and "911" in page


@pytest.mark.django_db
def test_errors_are_clear_and_keep_what_was_typed(post):
    response = post({**VALID, "email": "not-an-email", "phone": "12", "consent_sms": "on"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Ana Silva"' in html and "When is the office open on Saturdays?" in html
    assert 'value="not-an-email"' in html and 'name="consent_sms"' in html and "checked" in html
    assert "valid mobile number" in html and "Enter a valid email address" in html
    assert 'aria-describedby="error_1_id_email' in html and 'aria-invalid="true"' in html
    assert Patient.objects.count() == 0


@pytest.mark.django_db
def test_an_address_is_needed_to_answer_and_for_each_ticked_channel(post):
    response = post({**VALID, "email": "", "phone": "", "consent_email": "on"})
    assert response.status_code == 400
    assert "e-mail address or a mobile number" in response.content.decode()
    assert Patient.objects.count() == 0


@pytest.mark.django_db
def test_a_filled_honeypot_sends_nothing(post):
    response = post({**VALID, "website": "http://spam.example"})
    assert response.status_code == 400
    assert Patient.objects.count() == 0


@pytest.mark.django_db
def test_the_rate_limit_stops_a_flood_from_one_ip_with_a_clear_message(post):
    for _ in range(5):
        assert post(VALID).status_code == 302
    response = post(VALID)
    assert response.status_code == 429
    assert "wait 10 minutes" in response.content.decode() and 'value="Ana Silva"' in response.content.decode()
    assert post(VALID, ip="198.51.100.2").status_code == 302  # another visitor is not affected


@pytest.mark.django_db
def test_a_database_failure_shows_an_error_never_a_false_sent(post, monkeypatch):
    from consent import actions

    def down(**kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(actions, "submit_contact_request", down)
    response = post(VALID)
    assert response.status_code == 503
    html = response.content.decode()
    assert "could not be sent" in html and "your message was sent" not in html
    assert Patient.objects.count() == 0


@pytest.mark.django_db
def test_when_the_whole_database_is_down_the_form_keeps_the_message_error_and_what_was_typed(post, monkeypatch):
    from consent import actions
    from consent.models import Disclosure

    def down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(actions, "submit_contact_request", down)
    monkeypatch.setattr(Disclosure, "latest", down)
    response = post(VALID)
    assert response.status_code == 503
    html = response.content.decode()
    assert "could not be sent" in html and "Nothing was sent" in html
    assert 'value="Ana Silva"' in html


@pytest.mark.django_db
def test_the_same_verified_patient_is_found_again(post, patient_with_consent):
    post({**VALID, "email": "maria@example.com", "phone": "(202) 555-0111", "name": "Maria L."})
    assert Patient.objects.count() == 1


@pytest.mark.django_db
def test_a_new_address_never_attaches_to_someone_elses_verified_record(post, patient_with_consent):
    post({**VALID, "email": "attacker@example.com", "phone": "202-555-0111", "consent_email": "on"})
    assert Patient.objects.count() == 2
    assert not ConsentEvent.objects.filter(patient=patient_with_consent, address="attacker@example.com").exists()


@pytest.mark.django_db
def test_the_doctor_parameter_is_carried_to_the_message(client, post, user_factory):
    from messaging.models import InboundMessage
    from profiles.models import PhysicianProfile, Practice

    profile = PhysicianProfile.objects.create(account=user_factory(), practice=Practice.current(), slug="avery-chen",
                                              name="Avery Chen", is_published=True)
    response = client.get(URL, {"doctor": profile.slug})
    assert profile.name in response.content.decode()
    post({**VALID, "doctor": profile.slug})
    assert InboundMessage.objects.get().physician_id == profile.pk
