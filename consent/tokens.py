"""Signed tokens in the patient's links: confirm e-mail (expires), unsubscribe and preferences (do not)."""

import hashlib
import hmac

from django.conf import settings
from django.core import signing

CONFIRM_MAX_AGE = 7 * 24 * 3600
_CONFIRM_SALT = "consent.confirm-email"
_UNSUBSCRIBE_SALT = "consent.unsubscribe"
_PREFERENCES_SALT = "consent.preferences"
_CODE_SALT = b"consent.sms-code"


class BadToken(Exception):
    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def make_confirm_token(patient_id: int, address: str) -> str:
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign_object({"p": patient_id, "a": address})


def read_confirm_token(token: str, *, max_age: int = CONFIRM_MAX_AGE) -> tuple[int, str]:
    try:
        value = signing.TimestampSigner(salt=_CONFIRM_SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadToken("This confirmation link has expired.", expired=True) from exc
    except signing.BadSignature as exc:
        raise BadToken("This confirmation link is not valid.") from exc
    return int(value["p"]), str(value["a"])


def make_unsubscribe_token(patient_id: int, channel: str) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(f"{patient_id}.{channel}")


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    try:
        patient_id, channel = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token).split(".", 1)
        return int(patient_id), channel
    except (signing.BadSignature, ValueError) as exc:
        raise BadToken("This unsubscribe link is not valid.") from exc


def make_preferences_token(patient_id: int) -> str:
    return signing.Signer(salt=_PREFERENCES_SALT).sign(str(patient_id))


def read_preferences_token(token: str) -> int:
    try:
        return int(signing.Signer(salt=_PREFERENCES_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as exc:
        raise BadToken("This link is not valid.") from exc


def sms_code(patient_id: int, grant_seq: int) -> str:
    """The 6-digit code texted for one grant: derived, so it never needs to be stored."""
    digest = hmac.new(settings.SECRET_KEY.encode() + _CODE_SALT, f"{patient_id}:{grant_seq}".encode(),
                      hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"
