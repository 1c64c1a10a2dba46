"""
The one door: the only code that sends e-mail or texts to patients.

``deliver(message_id)``:
1. claims the row with a conditional update (QUEUED -> SENDING); a second run, or a second worker,
   finds nothing to claim and returns: a message is sent once;
2. inside one transaction holding the consent channel lock, reads the consent state again, asks the
   gate, checks the texting limits, calls the backend and records SENT. A withdrawal committed before
   the lock is taken is seen; one arriving later waits for the send to be recorded;
3. a transient error puts the row back to QUEUED with a backoff (the task retries); a permanent one
   fails it at once and flags it. An error of unknown kind after the provider was called leaves it
   UNKNOWN for staff. A crash after the claim leaves SENDING, which the sweep turns into UNKNOWN.
"""

import logging
import smtplib
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from consent import api as consent_api
from consent.gate import Purpose, decide
from consent.state import Channel

from . import faults, text_limits
from .backends.sms import PermanentSMSError, TransientSMSError, get_sms_backend
from .models import OutboundMessage, TextSettings

logger = logging.getLogger(__name__)
Status = OutboundMessage.Status

MAX_ATTEMPTS = 5


class TransientDeliveryError(Exception):
    """Raised to the task: the message is QUEUED again and should be retried in ``countdown`` seconds."""

    def __init__(self, message_id: int, countdown: int, reason: str):
        super().__init__(f"message {message_id}: {reason}; retry in {countdown}s")
        self.countdown = countdown


class _Transient(Exception):
    pass


class _Permanent(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str = ""


def backoff(attempts: int) -> int:
    """Seconds before the next attempt: 30 s, 60 s, 2 min, 4 min… at most an hour."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


def deliver(message_id: int, *, now: datetime | None = None) -> Outcome | None:
    """Send one queued message if the gate and the limits allow; record what happened. Idempotent."""
    now = now or timezone.now()
    faults.checkpoint("before_claim", message_id)
    claimed = OutboundMessage.objects.filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now), pk=message_id, status=Status.QUEUED
    ).update(status=Status.SENDING, claimed_at=now, updated_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None  # already sent, blocked, claimed by another worker, or not due yet
    faults.checkpoint("after_claim", message_id)
    message = OutboundMessage.objects.get(pk=message_id)
    called = []  # set once the provider was called: from then on an unknown error may mean "sent"
    try:
        with transaction.atomic(), consent_api.channel_lock(message.patient_id, message.channel):
            faults.checkpoint("locked", message_id)
            outcome = _check_and_send(message, now=now, called=called)
    except _Transient as exc:
        return _retry_or_fail(message, str(exc), now=now)
    except _Permanent as exc:
        _record(message, Status.FAILED, now=now, last_error=str(exc)[:255], flagged=True)
        return Outcome(Status.FAILED, str(exc))
    except Exception as exc:
        if not called:
            return _retry_or_fail(message, f"error before sending: {type(exc).__name__}", now=now)
        # sent_at is set so that the texting limits count it: it may well have gone out.
        _record(message, Status.UNKNOWN, now=now, flagged=True, sent_at=now,
                last_error=f"{type(exc).__name__} while sending: check with the provider")
        logger.exception("outbound message %s: unknown outcome", message_id)
        return Outcome(Status.UNKNOWN, type(exc).__name__)
    faults.checkpoint("after_record", message_id)
    logger.info("outbound message %s: %s %s", message_id, outcome.status, outcome.reason)
    return outcome


def _check_and_send(message: OutboundMessage, *, now: datetime, called: list) -> Outcome:
    # The state as of now, under the lock: a withdrawal that committed while this send waited for the
    # lock (after the claim's ``now``) must count.
    state = consent_api.current_state(message.patient_id, message.channel, now=max(now, timezone.now()))
    decision = decide(state, channel=Channel(message.channel), purpose=Purpose(message.purpose),
                      imperative_reason=message.imperative_reason)
    if not decision.allowed:
        return _record(message, Status.BLOCKED, now=now, blocked_reason=decision.reason[:255])
    if not state.address:
        return _record(message, Status.BLOCKED, now=now, blocked_reason=f"no {message.channel} address on record")
    if message.channel == Channel.SMS:
        check = _check_text_limits(message, now=now)
        if check.verdict is text_limits.Verdict.BLOCK:
            return _record(message, Status.BLOCKED, now=now, blocked_reason=check.reason[:255])
        if check.verdict is text_limits.Verdict.WAIT:
            return _record(message, Status.WAITING, now=now, not_before=check.not_before,
                           blocked_reason=f"waiting: {check.reason}"[:255])
    faults.checkpoint("before_provider", message.pk)
    called.append(True)
    if message.channel == Channel.EMAIL:
        provider_id = _send_email(message, state.address)
    else:
        provider_id = _send_text(message, state.address)
    faults.checkpoint("after_provider", message.pk)
    return _record(message, Status.SENT, now=now, provider_id=provider_id[:128], sent_at=now,
                   blocked_reason="", last_error="")


def _record(message: OutboundMessage, status: str, *, now: datetime, **fields) -> Outcome:
    OutboundMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=status, updated_at=now, **fields)
    return Outcome(status, fields.get("blocked_reason", "") or fields.get("last_error", ""))


def _retry_or_fail(message: OutboundMessage, reason: str, *, now: datetime) -> Outcome:
    attempts = OutboundMessage.objects.values_list("attempts", flat=True).get(pk=message.pk)
    if attempts >= MAX_ATTEMPTS:
        _record(message, Status.FAILED, now=now, flagged=True, last_error=f"gave up after {attempts}: {reason}"[:255])
        return Outcome(Status.FAILED, reason)
    countdown = backoff(attempts)
    _record(message, Status.QUEUED, now=now, not_before=now + timedelta(seconds=countdown),
            last_error=reason[:255])
    raise TransientDeliveryError(message.pk, countdown, reason)


def _practice():
    from profiles.models import Practice

    return Practice.current()


def _check_text_limits(message: OutboundMessage, *, now: datetime) -> text_limits.TextCheck:
    practice = _practice()
    try:
        tz = zoneinfo.ZoneInfo(practice.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    sent = OutboundMessage.objects.care_texts_sent_since(message.patient_id, now - text_limits.WEEK)
    return text_limits.check_text(
        message.body, practice_name=practice.name, tz=tz, now=now,
        about_care=message.purpose == Purpose.CARE, emergency=message.template == "emergency",
        keyword_reply=message.purpose == Purpose.KEYWORD_REPLY,
        care_texts_sent=list(sent), policy=TextSettings.current().policy(),
    )


def _send_email(message: OutboundMessage, address: str) -> str:
    msgid = make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost")
    headers = {"Message-ID": msgid}
    if message.unsubscribe_url:
        # RFC 8058 one-click unsubscribe: mail clients POST to the URL without opening a page.
        headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMessage(subject=message.subject, body=message.body, to=[address], headers=headers)
    try:
        email.send(fail_silently=False)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
        raise _Permanent(f"e-mail refused: {type(exc).__name__}") from exc
    except smtplib.SMTPResponseException as exc:
        if 500 <= exc.smtp_code < 600:
            raise _Permanent(f"e-mail refused with SMTP {exc.smtp_code}") from exc
        raise _Transient(f"SMTP {exc.smtp_code}") from exc
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError) as exc:
        raise _Transient(f"mail server unavailable: {type(exc).__name__}") from exc
    return msgid


def _send_text(message: OutboundMessage, address: str) -> str:
    try:
        return get_sms_backend().send(address, message.body)
    except TransientSMSError as exc:
        raise _Transient(f"text not accepted: {exc}") from exc
    except PermanentSMSError as exc:
        raise _Permanent(f"text refused: {exc}") from exc
