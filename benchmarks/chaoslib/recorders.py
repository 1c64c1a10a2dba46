"""
Provider stand-ins that record every call: one JSON line per call in CHAOS_RECORD_DIR/<pid>.jsonl.

A line is written when the call begins ("start", wall-clock seconds), so a crash after it still counts
as a provider call, and calls from several processes can be merged and compared in time.
"""

import json
import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

from messaging.backends.sms import BaseSMSBackend


def _record(kind: str, to: str) -> str:
    provider_id = f"chaos-{uuid.uuid4().hex}"
    folder = Path(os.environ["CHAOS_RECORD_DIR"])
    line = json.dumps({"kind": kind, "to": to, "start": time.time(), "id": provider_id, "pid": os.getpid()})
    with open(folder / f"{os.getpid()}.jsonl", "a") as out:
        out.write(line + "\n")
        out.flush()
    return provider_id


class RecordingSMSBackend(BaseSMSBackend):
    def send(self, to: str, body: str) -> str:
        return _record("sms", to)


class RecordingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            for to in message.to:
                _record("email", to)
        return len(email_messages)


def read_records(folder: Path) -> list[dict]:
    records = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records
