"""The patient's links: e-mail confirmation, text code, one-click unsubscribe, preferences."""

import pytest
from django.core import mail, signing

from consent import actions, api, tokens
from consent.models import ConsentEvent, Disclosure
from consent.state import Action, Channel, Status

M = ConsentEvent.Method


@pytest.fixture
def pending(patient_factory):
    patient = patient_factory(name="Ben Ode", email="ben@example.com", phone="+12025550142")
    for channel, address in ((Channel.EMAIL, patient.email), (Channel.SMS, patient.phone)):
        actions.grant_consent(patient, channel, address=address, method=M.WEB_FORM, disclosure=Disclosure.latest())
    return patient


def _path(url):
    from django.conf import settings

    assert url.startswith(settings.SITE_URL)
    return url[len(settings.SITE_URL):]


@pytest.mark.django_db
def test_a_valid_confirmation_link_shows_a_button_and_confirms_on_post(client, pending):
    url = _path(actions.confirm_url(pending.pk, Channel.EMAIL, "ben@example.com"))
    page = client.get(url)
    assert page.status_code == 200 and "Yes, I confirm" in page.content.decode()
    assert api.current_state(pending.pk, Channel.EMAIL).status == Status.PENDING  # GET alone confirms nothing
    response = client.post(url, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 200 and "confirmed" in response.content.decode()
    event = ConsentEvent.objects.get(action=Action.CONFIRM)
    assert (event.method, event.address, event.ip) == (M.CONFIRMATION_LINK, "ben@example.com", "198.51.100.9")
    assert api.current_state(pending.pk, Channel.EMAIL).status == Status.ACTIVE


@pytest.mark.django_db
def test_an_expired_confirmation_link_is_refused(client, pending, monkeypatch):
    url = _path(actions.confirm_url(pending.pk, Channel.EMAIL, "ben@example.com"))
    import time

    eight_days_later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: eight_days_later)
    response = client.post(url)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert api.current_state(pending.pk, Channel.EMAIL).status == Status.PENDING


@pytest.mark.django_db
def test_a_tampered_confirmation_link_is_refused(client, pending):
    other = signing.TimestampSigner(salt="another-salt").sign_object({"p": pending.pk, "a": "ben@example.com"})
    for token in (other, tokens.make_confirm_token(pending.pk, "ben@example.com")[:-2] + "xx"):
        response = client.post(f"/consent/confirm/{token}/")
        assert response.status_code == 400 and "not valid" in response.content.decode()
    assert not ConsentEvent.objects.filter(action=Action.CONFIRM).exists()


@pytest.mark.django_db
def test_a_link_for_another_address_confirms_nothing(client, pending):
    url = _path(actions.confirm_url(pending.pk, Channel.EMAIL, "someone-else@example.com"))
    client.post(url)
    assert api.current_state(pending.pk, Channel.EMAIL).status == Status.PENDING


@pytest.mark.django_db
def test_the_text_code_page_confirms_the_number(client, pending):
    grant = ConsentEvent.objects.get(channel=Channel.SMS, action=Action.GRANT)
    wrong = "000000" if tokens.sms_code(pending.pk, grant.seq) != "000000" else "111111"
    bad = client.post("/consent/confirm-text/", {"phone": "202-555-0142", "code": wrong})
    assert bad.status_code == 400 and "does not match" in bad.content.decode()
    good = client.post("/consent/confirm-text/", {"phone": "202-555-0142",
                                                  "code": tokens.sms_code(pending.pk, grant.seq)})
    assert good.status_code == 200
    assert api.current_state(pending.pk, Channel.SMS).status == Status.ACTIVE
    assert ConsentEvent.objects.get(action=Action.CONFIRM).method == M.CONFIRMATION_CODE


@pytest.mark.django_db
def test_the_short_link_in_the_confirmation_text_confirms_on_post(client, pending, outbound):
    text = next(m for m in outbound(pending) if m.channel == "sms" and m.purpose == "confirmation")
    url = _path(actions.confirm_url(pending.pk, Channel.SMS, pending.phone))
    assert url in text.body and len(text.body) <= 160
    assert "Yes, I confirm" in client.get(url).content.decode()
    client.post(url)
    assert api.current_state(pending.pk, Channel.SMS).status == Status.ACTIVE
    real = url.rstrip("/").rsplit("/", 1)[1]
    wrong = "000000" if real != "000000" else "111111"
    assert client.get(f"/consent/t/{pending.pk}/{wrong}/").status_code == 400


@pytest.mark.django_db
def test_unsubscribe_get_shows_one_button_and_changes_nothing(client, patient_with_consent):
    url = _path(api.unsubscribe_url(patient_with_consent.pk, Channel.EMAIL))
    response = client.get(url)
    assert response.status_code == 200 and ">Unsubscribe</button>" in response.content.decode()
    assert api.current_state(patient_with_consent.pk, Channel.EMAIL).status == Status.ACTIVE


@pytest.mark.django_db
def test_unsubscribe_post_withdraws_at_once_without_a_csrf_token(patient_with_consent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = _path(api.unsubscribe_url(patient_with_consent.pk, Channel.EMAIL))
    response = client.post(url)
    assert response.status_code == 200 and "unsubscribed" in response.content.decode()
    assert api.current_state(patient_with_consent.pk, Channel.EMAIL).status == Status.WITHDRAWN
    assert api.current_state(patient_with_consent.pk, Channel.SMS).status == Status.ACTIVE  # the other channel stays
    assert ConsentEvent.objects.filter(action=Action.WITHDRAW).get().method == M.UNSUBSCRIBE_LINK


@pytest.mark.django_db
def test_rfc8058_one_click_post_withdraws(patient_with_consent):
    from django.test import Client

    url = _path(api.unsubscribe_url(patient_with_consent.pk, Channel.EMAIL))
    response = Client(enforce_csrf_checks=True).post(url, "List-Unsubscribe=One-Click",
                                                     content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    event = ConsentEvent.objects.get(action=Action.WITHDRAW)
    assert "RFC 8058" in event.note
    assert api.current_state(patient_with_consent.pk, Channel.EMAIL).status == Status.WITHDRAWN


@pytest.mark.django_db
def test_a_tampered_unsubscribe_link_is_refused(client, patient_with_consent):
    token = tokens.make_unsubscribe_token(patient_with_consent.pk + 1, "email")
    forged = token.split(":")[0].replace(str(patient_with_consent.pk + 1), str(patient_with_consent.pk)) + ":" + \
        token.split(":", 1)[1]
    response = client.post(f"/consent/unsubscribe/{forged}/")
    assert response.status_code == 400
    assert api.current_state(patient_with_consent.pk, Channel.EMAIL).status == Status.ACTIVE


@pytest.mark.django_db
def test_a_withdrawal_blocks_a_message_already_queued(patient_with_consent, client):
    from messaging import delivery
    from messaging.actions import queue_message
    from messaging.models import OutboundMessage

    message = queue_message(patient_id=patient_with_consent.pk, channel=Channel.EMAIL, purpose="administrative",
                            template="acknowledgement")
    client.post(_path(api.unsubscribe_url(patient_with_consent.pk, Channel.EMAIL)))
    delivery.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.BLOCKED
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_email_carries_the_one_click_unsubscribe_headers(patient_with_consent, settings):
    from messaging import delivery
    from messaging.actions import queue_message

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = queue_message(patient_id=patient_with_consent.pk, channel=Channel.EMAIL, purpose="administrative",
                            template="acknowledgement")
    delivery.deliver(message.pk)
    sent = mail.outbox[0]
    assert sent.extra_headers["List-Unsubscribe"] == f"<{api.unsubscribe_url(patient_with_consent.pk, 'email')}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_the_preferences_page_shows_each_channel_and_withdraws_or_asks_again(client, patient_with_consent, outbound):
    url = _path(api.preferences_url(patient_with_consent.pk))
    page = client.get(url).content.decode()
    assert "You agreed and confirmed" in page and "maria@example.com" not in page  # addresses are masked
    client.post(url, {"channel": "sms", "action": "withdraw"})
    assert api.current_state(patient_with_consent.pk, Channel.SMS).status == Status.WITHDRAWN
    assert ConsentEvent.objects.filter(action=Action.WITHDRAW).get().method == M.PREFERENCES_PAGE
    client.post(url, {"channel": "sms", "action": "request"})
    assert api.current_state(patient_with_consent.pk, Channel.SMS).status == Status.PENDING
    assert any(m.purpose == "confirmation" and m.channel == "sms" for m in outbound(patient_with_consent))


@pytest.mark.django_db
def test_a_tampered_preferences_link_is_refused(client, patient_with_consent):
    assert client.get(f"/consent/preferences/{patient_with_consent.pk}:bad/").status_code == 400
