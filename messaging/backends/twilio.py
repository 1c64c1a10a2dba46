"""
Twilio adapter (the optional ``twilio`` extra): ``SMS_BACKEND=messaging.backends.twilio.TwilioBackend``.

The ``twilio`` package is imported only when this backend is chosen. (The inbound webhook, which
checks Twilio's signature, is the consent app's: ``consent.views.sms_inbound``.)
"""

from django.conf import settings

from .sms import BaseSMSBackend, PermanentSMSError, TransientSMSError

# Twilio error codes for numbers that will never take a text (invalid, unreachable, opted out).
PERMANENT_CODES = {21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006}


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
