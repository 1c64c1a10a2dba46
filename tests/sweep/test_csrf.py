"""Every URL refuses a POST with a missing or a wrong CSRF token, as every kind of visitor; the two exempt
views (the inbound-text webhook and the one-click unsubscribe) check a signature or a signed token instead."""

import pytest
from django.http import HttpResponseForbidden

from consent.models import ConsentEvent
from consent.state import Channel, Status
from consent.twilio_signature import expected_signature
from messaging.models import InboundMessage
from tests.sweep.access_matrix import CSRF_EXEMPT, MATRIX
from tests.sweep.surface import concrete_url, url_patterns
from tests.sweep.sweeper import Sweeper

COOKIE_SECRET = "A" * 32
OTHER_SECRET = "B" * 32
SECURE = {"secure": True, "HTTP_ORIGIN": "https://testserver", "HTTP_REFERER": "https://testserver/"}
REFUSED = "X-Sweep-CSRF-Refused"


def refused_by_csrf(request, reason=""):
    """Stands in for Django's CSRF failure page, so a refusal is told apart from any other 403."""
    response = HttpResponseForbidden("CSRF verification failed.")
    response[REFUSED] = reason or "refused"
    return response


@pytest.fixture
def csrf_marked(settings):
    settings.CSRF_FAILURE_VIEW = "tests.sweep.test_csrf.refused_by_csrf"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.CONTACT_FORM_RATE_LIMIT = 1000


def test_every_post_without_or_with_a_wrong_csrf_token_is_refused_except_the_two_signed_views(
        csrf_marked, world, role_client):
    sweeper = Sweeper(role_client, enforce_csrf_checks=True)
    not_refused, control_failures, exempt_seen, checked = [], [], set(), 0
    for key, route, name in url_patterns():
        url = concrete_url(key, route, name, world)
        for role in ("anonymous", "physician_a", "staff_messages", "superuser"):
            for variant, data in (("missing", {}), ("wrong", {"csrfmiddlewaretoken": OTHER_SECRET})):
                response, _ = sweeper.request(role, "post", url, data=data, cookies={"csrftoken": COOKIE_SECRET},
                                              **SECURE)
                checked += 1
                if REFUSED in response:
                    assert response.status_code == 403
                elif key in CSRF_EXEMPT:
                    exempt_seen.add(key)
                else:
                    not_refused.append(f"{key} {url} as {role}, {variant} token: {response.status_code}")
        # The control: the right token gets past the CSRF check, so the refusals above are about the token.
        response, _ = sweeper.request("superuser", "post", url, data={"csrfmiddlewaretoken": COOKIE_SECRET},
                                      cookies={"csrftoken": COOKIE_SECRET}, **SECURE)
        if REFUSED in response:
            control_failures.append(f"{key}: refused with the right token ({response[REFUSED]})")
    print(f"CSRF sweep: {checked} refused-or-exempt checks over {len(MATRIX)} URL patterns")  # noqa: T201
    assert not not_refused, "POSTs accepted without a valid CSRF token:\n" + "\n".join(not_refused)
    assert not control_failures, "\n".join(control_failures)
    assert exempt_seen == set(CSRF_EXEMPT)


@pytest.mark.django_db
def test_the_text_webhook_refuses_a_bad_twilio_signature_and_takes_a_good_one(world, client, settings):
    settings.TWILIO_AUTH_TOKEN = "sweep-auth-token"  # noqa: S105 - test data
    url = "/sms/inbound"
    params = {"From": world.patient.phone, "Body": "STOP", "To": "+12025550100", "MessageSid": "SM1"}
    good = expected_signature(settings.TWILIO_AUTH_TOKEN, settings.SITE_URL + url, {k: [v] for k, v in params.items()})
    events = ConsentEvent.objects.count()

    for signature in ("", "bm90IGEgc2lnbmF0dXJl", good[:-2] + "AA"):
        response = client.post(url, params, HTTP_X_TWILIO_SIGNATURE=signature)
        assert response.status_code == 403
    tampered = client.post(url, {**params, "Body": "hello"}, HTTP_X_TWILIO_SIGNATURE=good)
    assert tampered.status_code == 403
    assert ConsentEvent.objects.count() == events and not InboundMessage.objects.filter(channel_hint="sms").exists()

    accepted = client.post(url, params, HTTP_X_TWILIO_SIGNATURE=good)
    assert accepted.status_code == 200
    assert ConsentEvent.objects.count() == events + 1


@pytest.mark.django_db
def test_the_one_click_unsubscribe_needs_a_valid_signed_token_not_a_csrf_token(world, settings):
    from django.test import Client

    from consent import api, tokens

    client = Client(enforce_csrf_checks=True)
    events = ConsentEvent.objects.count()
    forged = tokens.make_unsubscribe_token(world.patient.pk, Channel.EMAIL)[:-3] + "xyz"
    other_salt = tokens.make_preferences_token(world.patient.pk)  # a real token, for another purpose

    for token in (forged, other_salt, f"{world.patient.pk}.email"):
        response = client.post(f"/consent/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 400
    assert ConsentEvent.objects.count() == events
    assert api.current_state(world.patient.pk, Channel.EMAIL).status == Status.ACTIVE

    response = client.post(f"/consent/unsubscribe/{world.unsubscribe_token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert api.current_state(world.patient.pk, Channel.EMAIL).status == Status.WITHDRAWN
