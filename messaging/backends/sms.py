"""
Text-message backends. ``SMS_BACKEND`` names one by dotted path, as ``EMAIL_BACKEND`` does for e-mail.

Only ``messaging.delivery`` may call ``get_sms_backend()``: it is the one door that asks the consent gate.
A backend raises ``TransientSMSError`` when the provider certainly did not take the text (safe to retry),
and ``PermanentSMSError`` when it never will (bad number, opted out at the carrier). Anything else is
treated by delivery as "unknown": the text may have gone, so it is never re-sent automatically.
"""

import itertools
import json
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SMSError(Exception):
    pass


class TransientSMSError(SMSError):
    """The provider did not take the text this time (rate limit, outage); retry later."""


class PermanentSMSError(SMSError):
    """The provider will never take this text (invalid or unreachable number)."""


class BaseSMSBackend:
    """Send one text; return the provider's id for it."""

    def send(self, to: str, body: str) -> str:
        raise NotImplementedError


class ConsoleBackend(BaseSMSBackend):
    """Prints texts to standard output (local development)."""

    def send(self, to: str, body: str) -> str:
        provider_id = f"console-{uuid.uuid4().hex[:12]}"
        print(f"SMS to {to} [{provider_id}]\n{body}\n{'-' * 40}", flush=True)  # noqa: T201
        return provider_id


class FileBackend(BaseSMSBackend):
    """Writes each text to its own JSON file in ``SMS_FILE_PATH``."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, to: str, body: str) -> str:
        self.path.mkdir(parents=True, exist_ok=True)
        provider_id = f"file-{uuid.uuid4().hex}"
        record = {"id": provider_id, "to": to, "body": body, "at": timezone.now().isoformat()}
        (self.path / f"{provider_id}.json").write_text(json.dumps(record))
        return provider_id


class LocmemBackend(BaseSMSBackend):
    """Keeps texts in ``LocmemBackend.outbox`` (a list of dicts), like ``django.core.mail.outbox``."""

    outbox: list[dict] = []
    _ids = itertools.count(1)
    _lock = threading.Lock()

    def send(self, to: str, body: str) -> str:
        with self._lock:
            provider_id = f"locmem-{next(self._ids)}"
            self.outbox.append({"id": provider_id, "to": to, "body": body})
        return provider_id


def get_sms_backend(path: str | None = None) -> BaseSMSBackend:
    """The configured text backend (``settings.SMS_BACKEND``)."""
    return import_string(path or settings.SMS_BACKEND)()
