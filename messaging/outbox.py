"""
The outbox: handing queued messages to Celery, and the sweep that makes sure none is lost.

Rows are written first; the task is enqueued after commit. If the broker is down at that moment the
request still succeeds (the settings make publishing fail fast) and the row stays QUEUED: the periodic
sweep re-enqueues it. The sweep also releases texts whose wait is over, and turns a message left in
SENDING (a crash between claiming it and recording the result) into UNKNOWN for staff: it may have
gone out, so it is never re-sent automatically.
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from .models import OutboundMessage

logger = logging.getLogger(__name__)
Status = OutboundMessage.Status

# A QUEUED row older than this was probably never handed to the broker (or its task was lost).
REQUEUE_AFTER = timedelta(minutes=1)


def sending_stale_after() -> timedelta:
    return timedelta(minutes=getattr(settings, "MESSAGING_SENDING_STALE_MINUTES", 10))


# After a broker error, skip the broker for a while: a request that queues three messages must not wait
# three timeouts, and every request during an outage should not wait one. The sweep catches up.
BROKER_PAUSE_SECONDS = 30.0
_broker_down_until = 0.0


def enqueue(message_id: int) -> bool:
    """Hand one message to the broker; on a broker error log it and leave the row for the sweep."""
    global _broker_down_until
    from kombu.exceptions import OperationalError

    from .tasks import deliver_message

    if time.monotonic() < _broker_down_until:
        logger.info("broker recently unreachable: outbound message %s left for the outbox sweep", message_id)
        return False
    try:
        deliver_message.delay(message_id)
    except (OperationalError, OSError, TimeoutError) as exc:
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning("could not enqueue outbound message %s (%s); the outbox sweep will retry",
                       message_id, type(exc).__name__)
        return False
    return True


def reset_broker_pause() -> None:
    global _broker_down_until
    _broker_down_until = 0.0


def enqueue_on_commit(message_id: int) -> None:
    """Enqueue once the row that describes the message is committed (never before)."""
    transaction.on_commit(lambda: enqueue(message_id))


@dataclass
class Sweep:
    requeued: list[int] = field(default_factory=list)
    unknown: int = 0


def sweep(*, now: datetime) -> Sweep:
    """Find what needs (re-)enqueueing, and mark abandoned sends UNKNOWN. The caller enqueues."""
    result = Sweep()
    result.unknown = OutboundMessage.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - sending_stale_after()
    ).update(status=Status.UNKNOWN, flagged=True, updated_at=now, sent_at=F("claimed_at"),
             last_error="interrupted while sending: check with the provider before sending again")
    if result.unknown:
        logger.warning("%s outbound message(s) left in SENDING marked UNKNOWN", result.unknown)

    due = Q(not_before__isnull=True) | Q(not_before__lte=now)
    waiting = list(OutboundMessage.objects.filter(due, status=Status.WAITING).values_list("pk", flat=True))
    OutboundMessage.objects.filter(pk__in=waiting, status=Status.WAITING).update(
        status=Status.QUEUED, not_before=None, updated_at=now)
    stale = list(OutboundMessage.objects.filter(due, status=Status.QUEUED, updated_at__lt=now - REQUEUE_AFTER)
                 .values_list("pk", flat=True))
    # Touch them, so that one still sitting in a long broker queue is re-sent to it once a minute at most.
    OutboundMessage.objects.filter(pk__in=stale, status=Status.QUEUED).update(updated_at=now)
    result.requeued = sorted(set(waiting) | set(stale))
    return result
