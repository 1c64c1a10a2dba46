"""The inbound text webhook: Twilio's signature, STOP and its variants, HELP, YES, and other texts."""

import pytest

from consent import api
from consent.models import ConsentEvent
from consent.state import Action, Channel, Status
from consent.twilio_signature import expected_signature

URL = "/sms/inbound"
TOKEN = "test-auth-token"


@pytest.fixture
def twilio(client, settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN

    def post(body, from_number="+12025550111", signature=None):
        params = {"From": from_number, "Body": body, "To": "+12025550100", "MessageSid": "SM123"}
        sig = signature if signature is not None else expected_signature(
            TOKEN, settings.SITE_URL + URL, {k: [v] for k, v in params.items()})
        return client.post(URL, params, HTTP_X_TWILIO_SIGNATURE=sig)

    return post


def _replies(patient):
    from messaging.models import OutboundMessage

    return list(OutboundMessage.objects.filter(patient=patient, purpose="keyword_reply").order_by("pk"))


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["STOP", "stop please", "Stop.", "STOPALL", "unsubscribe", "CANCEL", "end",
                                  "Quit", "REVOKE", "optout", "opt out"])
def test_stop_keywords_withdraw_text_consent_with_one_confirmation(twilio, patient_with_consent, body):
    response = twilio(body)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    assert b"<Response></Response>" in response.content
    assert api.current_state(patient_with_consent.pk, Channel.SMS).status == Status.WITHDRAWN
    assert api.current_state(patient_with_consent.pk, Channel.EMAIL).status == Status.ACTIVE
    event = ConsentEvent.objects.get(action=Action.WITHDRAW)
    assert (event.method, event.needs_review) == (ConsentEvent.Method.TEXT_KEYWORD, False)
    replies = _replies(patient_with_consent)
    assert [(m.channel, m.template) for m in replies] == [("sms", "stop_confirmation")]


@pytest.mark.django_db
def test_the_stop_confirmation_goes_out_and_nothing_after_it(twilio, patient_with_consent):
    from messaging import delivery
    from messaging.actions import queue_message
    from messaging.models import OutboundMessage

    queued = queue_message(patient_id=patient_with_consent.pk, channel=Channel.SMS, purpose="administrative",
                           template="acknowledgement")
    twilio("STOP")
    for message in OutboundMessage.objects.filter(status="queued"):
        delivery.deliver(message.pk)
    queued.refresh_from_db()
    reply = _replies(patient_with_consent)[0]
    reply.refresh_from_db()
    assert queued.status == "blocked"
    assert reply.status in ("sent", "waiting")


@pytest.mark.django_db
def test_a_stop_request_in_other_words_withdraws_and_is_flagged_for_staff(twilio, patient_with_consent):
    twilio("please don't text me anymore")
    assert api.current_state(patient_with_consent.pk, Channel.SMS).status == Status.WITHDRAWN
    event = ConsentEvent.objects.get(action=Action.WITHDRAW)
    assert event.needs_review and event.method == ConsentEvent.Method.TEXT_FREE_TEXT
    assert "free-text" in event.note
    assert len(_replies(patient_with_consent)) == 1


@pytest.mark.django_db
def test_help_gets_one_reply_and_changes_no_consent(twilio, patient_with_consent):
    twilio("HELP")
    assert [m.template for m in _replies(patient_with_consent)] == ["help_reply"]
    assert api.current_state(patient_with_consent.pk, Channel.SMS).status == Status.ACTIVE


@pytest.mark.django_db
def test_yes_confirms_a_pending_text_grant(twilio, patient_factory):
    from consent import actions
    from consent.models import Disclosure

    patient = patient_factory(phone="+12025550177")
    actions.grant_consent(patient, Channel.SMS, address=patient.phone, method="web_form",
                          disclosure=Disclosure.latest())
    twilio("Yes", from_number="+1 202 555 0177")
    assert api.current_state(patient.pk, Channel.SMS).status == Status.ACTIVE


@pytest.mark.django_db
def test_other_texts_go_to_messaging(twilio, patient_with_consent):
    from messaging.models import InboundMessage

    twilio("What time do you open tomorrow?")
    message = InboundMessage.objects.get()
    assert (message.patient_id, message.channel_hint) == (patient_with_consent.pk, "sms")
    assert api.current_state(patient_with_consent.pk, Channel.SMS).status == Status.ACTIVE


@pytest.mark.django_db
@pytest.mark.parametrize("signature", ["", "bm90IHRoZSByaWdodCBzaWduYXR1cmU="])
def test_an_invalid_signature_is_refused_and_changes_nothing(twilio, patient_with_consent, signature):
    assert twilio("STOP", signature=signature).status_code == 403
    assert api.current_state(patient_with_consent.pk, Channel.SMS).status == Status.ACTIVE


@pytest.mark.django_db
def test_without_a_twilio_token_only_debug_or_the_test_secret_is_accepted(client, settings, patient_with_consent):
    settings.TWILIO_AUTH_TOKEN, settings.DEBUG = "", False
    data = {"From": "+12025550111", "Body": "STOP"}
    assert client.post(URL, data).status_code == 403
    settings.SMS_INBOUND_TEST_SECRET = "s3cret"
    assert client.post(URL, data, HTTP_X_PORTAL_TEST_SECRET="wrong").status_code == 403
    assert client.post(URL, data, HTTP_X_PORTAL_TEST_SECRET="s3cret").status_code == 200
    assert api.current_state(patient_with_consent.pk, Channel.SMS).status == Status.WITHDRAWN
