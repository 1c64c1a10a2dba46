"""Twilio's request signature: base64(HMAC-SHA1(auth token, URL + sorted POST name/value pairs)).

https://www.twilio.com/docs/usage/security#validating-requests
"""

import base64
import hashlib
import hmac


def expected_signature(auth_token: str, url: str, params: dict[str, list[str]]) -> str:
    payload = url + "".join(f"{name}{value}" for name in sorted(params) for value in params[name])
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def is_valid(auth_token: str, url: str, params: dict[str, list[str]], signature: str) -> bool:
    return bool(signature) and hmac.compare_digest(expected_signature(auth_token, url, params), signature)
