"""Mobile numbers, normalized to E.164 with the ``phonenumbers`` library."""

import phonenumbers

DEFAULT_REGION = "US"


class InvalidNumber(ValueError):
    pass


def to_e164(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """``+15555550123`` for any reasonable way of writing a valid number; raises InvalidNumber otherwise."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidNumber("Enter a valid mobile number, for example 555-555-0123.") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidNumber("This does not look like a valid mobile number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask(e164: str) -> str:
    """A number as shown on a page reached by link: only the last 4 digits."""
    return f"••• {e164[-4:]}" if e164 else ""
