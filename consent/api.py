"""
What other apps may ask ``consent`` (see docs/contracts.md). Nothing outside ``consent`` reads its tables.
"""

import zlib
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from . import tokens
from .models import CHANNEL_LOCK_NAMESPACE, ConsentEvent, Patient
from .state import Channel, ChannelState, consent_state


def current_state(patient_id: int, channel, *, now=None) -> ChannelState:
    """The current state of one patient's channel, folded from the ledger."""
    events = ConsentEvent.objects.filter(patient_id=patient_id, channel=channel).order_by("seq")
    return consent_state(events, channel=Channel(channel), now=now or timezone.now())


def _channel_lock_key(patient_id: int, channel) -> int:
    # A stable 31-bit key per (patient, channel); a rare collision only serializes a bit more.
    return zlib.crc32(f"{patient_id}:{channel}".encode()) & 0x7FFFFFFF


@contextmanager
def channel_lock(patient_id: int, channel):
    """Serialize a send with withdrawals of the same channel. Use inside ``transaction.atomic()``.

    PostgreSQL: a transaction-level advisory lock, released at commit or rollback.
    SQLite: the IMMEDIATE write transaction already serializes writers.
    """
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("channel_lock() must be used inside transaction.atomic().")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)",
                           [CHANNEL_LOCK_NAMESPACE, _channel_lock_key(patient_id, channel)])
    yield


def unsubscribe_url(patient_id: int, channel) -> str:
    """Absolute, signed one-click unsubscribe link (also the RFC 8058 POST target)."""
    token = tokens.make_unsubscribe_token(patient_id, Channel(channel))
    return settings.SITE_URL + reverse("consent:unsubscribe", args=[token])


def preferences_url(patient_id: int) -> str:
    """Absolute, signed link to the patient's preferences page."""
    return settings.SITE_URL + reverse("consent:preferences", args=[tokens.make_preferences_token(patient_id)])


def patient_names() -> list[str]:
    """Names of the practice's patients (for the posts privacy guard)."""
    return sorted({name.strip() for name in Patient.objects.values_list("name", flat=True) if name.strip()})
