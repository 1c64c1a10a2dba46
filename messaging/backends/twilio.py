"""
Twilio adapter (the optional ``twilio`` extra), and the check of Twilio's webhook signature.

Select it with ``SMS_BACKEND=messaging.backends.twilio.TwilioBackend``; the ``twilio`` package is
imported only then. The signature check needs no package: it is Twilio's documented HMAC-SHA1 over the
full URL followed by the POST parameters sorted by name, in base64.
https://www.twilio.com/docs/usage/webhooks/webhooks-security
"""

import base64
import hashlib
import hmac

from django.conf import settings

from .sms import BaseSMSBackend, PermanentSMSError, TransientSMSError

# Twilio error codes for numbers that will never take a text (invalid, unreachable, opted out).
PERMANENT_CODES = {21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006}


def expected_signature(url: str, params: dict[str, str], auth_token: str) -> str:
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def valid_signature(url: str, params: dict[str, str], signature: str, auth_token: str) -> bool:
    """True if ``signature`` (the X-Twilio-Signature header) was made with our auth token."""
    if not auth_token or not signature:
        return False
    return hmac.compare_digest(expected_signature(url, params, auth_token), signature)


class TwilioBackend(BaseSMSBackend):
    """Sends through Twilio's REST API with the account in settings (TWILIO_*)."""

    def __init__(self):
        from twilio.rest import Client  # the optional extra; imported only when this backend is chosen

        self.client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)

    def send(self, to: str, body: str) -> str:
        from twilio.base.exceptions import TwilioRestException

        try:
            message = self.client.messages.create(to=to, from_=settings.TWILIO_FROM_NUMBER, body=body)
        except TwilioRestException as exc:
            if exc.code in PERMANENT_CODES or (exc.status and 400 <= exc.status < 500 and exc.status != 429):
                raise PermanentSMSError(f"twilio error {exc.code}") from exc
            # 429 and 5xx: Twilio answered that it did not take the text.
            raise TransientSMSError(f"twilio error {exc.code or exc.status}") from exc
        return message.sid
