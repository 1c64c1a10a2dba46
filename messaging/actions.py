"""
Messaging actions: each a command that writes rows, records evidence and queues work after commit.

Nothing here sends: ``queue_message`` writes the outbound row and enqueues it after commit, and only
``messaging.delivery`` sends, asking the consent gate again at that moment.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from consent import api as consent_api
from consent.gate import Purpose, decide
from consent.state import Channel, ChannelState
from consent.state import Status as ConsentStatus

from . import outbox, replies
from .models import InboundMessage, MessageAccess, OutboundMessage, ReplyTemplate
from .triage import Category, triage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Intake:
    """What the contact form shows after a patient's message was received."""

    message_id: int
    category: str
    reply_subject: str
    reply_text: str

    @property
    def is_emergency(self) -> bool:
        return self.category == Category.EMERGENCY


def _practice():
    from profiles.models import Practice

    return Practice.current()


def _sources(template: str) -> dict[str, tuple[str, str] | None]:
    """The practice's current texts of ``template`` per channel (the shipped default where none), in one query."""
    rows = ReplyTemplate.objects.filter(key=template).values_list("channel", "subject", "body")
    sources = {channel: (subject, body) for channel, subject, body in rows}
    return {channel: sources.get(channel) or replies.default_source(template, channel) for channel in Channel}


def render_reply(template: str, channel: str, context: dict) -> replies.Reply:
    """Render the practice's current text for ``template`` on ``channel``."""
    source = _sources(template)[Channel(channel)]
    if source is None:
        raise LookupError(f"No reply template {template!r} for {channel}.")
    return replies.render(source[0], source[1], context)


def queue_message(*, patient_id: int, channel, purpose, template: str, context: dict | None = None,
                  imperative_reason: str = "", reply_to_id: int | None = None, created_by=None,
                  idempotency_key: str | None = None) -> OutboundMessage:
    """Write one outbound message (QUEUED) rendered from a reply template, and enqueue it after commit.

    The gate is asked at send time, by ``messaging.delivery``. ``context`` may carry ``confirm_url``;
    the practice and the unsubscribe and preferences links are added here. With an ``idempotency_key``
    already used, the existing message is returned and nothing new is queued.
    """
    if idempotency_key:
        existing = OutboundMessage.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing
    context = {**(context or {})}
    context.setdefault("practice", _practice())
    try:
        with transaction.atomic():
            return _write(patient_id=patient_id, channel=Channel(channel), purpose=Purpose(purpose),
                          template=template, source=_sources(template)[Channel(channel)], context=context,
                          imperative_reason=imperative_reason, reply_to_id=reply_to_id, created_by=created_by,
                          idempotency_key=idempotency_key)
    except IntegrityError:
        # Two callers raced with the same key: the other one's message stands.
        if idempotency_key and (existing := OutboundMessage.objects.filter(idempotency_key=idempotency_key).first()):
            return existing
        raise


def _write(*, patient_id, channel, purpose, template, source, context, imperative_reason="", reply_to_id=None,
           created_by=None, idempotency_key=None) -> OutboundMessage:
    if source is None:
        raise LookupError(f"No reply template {template!r} for {channel}.")
    unsubscribe = consent_api.unsubscribe_url(patient_id, channel)
    ctx = {**context, "unsubscribe_url": unsubscribe, "preferences_url": consent_api.preferences_url(patient_id)}
    reply = replies.render(source[0], source[1], ctx)
    body = reply.body
    if channel == Channel.EMAIL:
        body = f"{body}\n\n{replies.email_footer(ctx)}"
    message = OutboundMessage.objects.create(
        patient_id=patient_id, channel=channel, purpose=purpose, template=template,
        subject=reply.subject[:255], body=body, unsubscribe_url=unsubscribe if channel == Channel.EMAIL else "",
        imperative_reason=imperative_reason, reply_to_id=reply_to_id, created_by=created_by,
        idempotency_key=idempotency_key,
    )
    outbox.enqueue_on_commit(message.pk)
    return message


def receive_message(*, patient_id: int, text: str, physician_id: int | None = None,
                    channel_hint: str = "web") -> Intake:
    """Store a patient's message, triage it, flag it for staff where needed, and queue the reply.

    The reply is queued on both channels; delivery sends it only where the gate opens and records
    why it did not elsewhere. The returned ``Intake`` carries the reply to show on screen at once.
    """
    result = triage(text)
    category = Category(result.category)
    template = replies.template_for(category)
    purpose = Purpose.CARE if template in replies.CARE_TEMPLATES else Purpose.ADMINISTRATIVE
    practice, sources = _practice(), _sources(template)
    with transaction.atomic():
        message = InboundMessage.objects.create(
            patient_id=patient_id, physician_id=physician_id, text=text, channel_hint=channel_hint,
            category=category, triage_reasons=list(result.reasons), flagged=category != Category.ADMINISTRATIVE,
        )
        for channel in (Channel.EMAIL, Channel.SMS):
            # A new message has no reply yet: the key only guards against a second reply to it later.
            _write(patient_id=patient_id, channel=channel, purpose=purpose, template=template,
                   source=sources[channel], context={"practice": practice}, reply_to_id=message.pk,
                   idempotency_key=f"reply:{message.pk}:{channel}")
    on_screen = replies.render(*sources[Channel.EMAIL], {"practice": practice})
    logger.info("inbound message %s triaged %s", message.pk, category)
    return Intake(message_id=message.pk, category=category, reply_subject=on_screen.subject,
                  reply_text=on_screen.body)


# A reply held back while consent was pending is still worth sending if the patient confirms within a day;
# later it is stale (the patient has likely called), and staff can reply from the queue.
HELD_REPLY_WINDOW = timedelta(hours=24)


def release_held_replies(*, patient_id: int, channel, now=None) -> list[OutboundMessage]:
    """Once a pending channel is confirmed, queue again (once) what the gate held back only because it was pending.

    Messages to this patient on ``channel``, BLOCKED within ``HELD_REPLY_WINDOW`` with the gate's reason for a
    pending channel, are copied to a new QUEUED row (key ``release:<id>``, so a second confirmation releases
    nothing more); the blocked row stays as evidence, and delivery asks the gate again at send time. Only
    what the gate now allows is released (a care text still needing an imperative reason stays held).
    Call inside the transaction that records the confirmation: the sends are enqueued on commit.
    """
    now = now or timezone.now()
    channel = Channel(channel)
    pending = ChannelState(channel=channel, status=ConsentStatus.PENDING)
    active = consent_api.current_state(patient_id, channel, now=now)
    held = OutboundMessage.objects.filter(
        patient_id=patient_id, channel=channel, status=OutboundMessage.Status.BLOCKED,
        created_at__gte=now - HELD_REPLY_WINDOW,
    ).exclude(purpose=Purpose.CONFIRMATION).order_by("created_at", "pk")
    done = set(OutboundMessage.objects.filter(idempotency_key__in=[f"release:{m.pk}" for m in held])
               .values_list("idempotency_key", flat=True))
    released = []
    for message in held:
        purpose, reason, key = Purpose(message.purpose), message.imperative_reason, f"release:{message.pk}"
        if key in done:
            continue
        if message.blocked_reason != decide(pending, channel=channel, purpose=purpose).reason[:255]:
            continue  # blocked for another reason (withdrawn, limits, no imperative reason): stays blocked
        if not decide(active, channel=channel, purpose=purpose, imperative_reason=reason).allowed:
            continue
        try:
            with transaction.atomic():
                copy = OutboundMessage.objects.create(
                    patient_id=patient_id, channel=channel, purpose=purpose, template=message.template,
                    subject=message.subject, body=message.body, unsubscribe_url=message.unsubscribe_url,
                    imperative_reason=reason, reply_to_id=message.reply_to_id, created_by_id=message.created_by_id,
                    idempotency_key=key)
        except IntegrityError:
            continue  # released at the same moment by a concurrent confirmation
        outbox.enqueue_on_commit(copy.pk)
        released.append(copy)
    return released


def record_access(message: InboundMessage, *, by, action: str, ip: str | None = None,
                  note: str = "") -> MessageAccess:
    """Append who did what with a patient's message, and when."""
    return MessageAccess.objects.create(user=by, action=action, message=message, patient_id=message.patient_id,
                                        ip_address=ip or None, note=note)


def mark_reviewed(message: InboundMessage, *, by, ip: str | None = None, note: str = "") -> None:
    """Staff reviewed the message: record who and when."""
    with transaction.atomic():
        now = timezone.now()
        InboundMessage.objects.filter(pk=message.pk).update(
            review_status=InboundMessage.ReviewStatus.REVIEWED, reviewed_by=by, reviewed_at=now)
        record_access(message, by=by, action=MessageAccess.Action.REVIEWED, ip=ip, note=note)


def escalate(message: InboundMessage, *, by, ip: str | None = None, note: str = "") -> None:
    """Hand the message to a physician: it stays flagged, marked escalated, with who and when."""
    with transaction.atomic():
        InboundMessage.objects.filter(pk=message.pk).update(
            review_status=InboundMessage.ReviewStatus.ESCALATED, flagged=True,
            reviewed_by=by, reviewed_at=timezone.now())
        record_access(message, by=by, action=MessageAccess.Action.ESCALATED, ip=ip, note=note)


def reclassify(message: InboundMessage, *, category, note: str, by, ip: str | None = None) -> None:
    """Change the triage category on staff's judgment (case by case); a note saying why is required."""
    note = (note or "").strip()
    if not note:
        raise ValueError("A note is required to reclassify a message.")
    category = Category(category)
    with transaction.atomic():
        old = InboundMessage.objects.select_for_update().values_list("category", flat=True).get(pk=message.pk)
        InboundMessage.objects.filter(pk=message.pk).update(
            category=category, flagged=category != Category.ADMINISTRATIVE)
        record_access(message, by=by, action=MessageAccess.Action.RECLASSIFIED, ip=ip,
                      note=f"{old} -> {category}: {note}")


def reply_with_template(message: InboundMessage, *, template: str, channels, by, ip: str | None = None,
                        imperative_reason: str = "") -> list[OutboundMessage]:
    """Staff answer a patient's message with a reply template, on the chosen channels, through the gate."""
    purpose = Purpose.CARE if template in replies.CARE_TEMPLATES else Purpose.ADMINISTRATIVE
    with transaction.atomic():
        queued = [
            queue_message(patient_id=message.patient_id, channel=channel, purpose=purpose, template=template,
                          imperative_reason=imperative_reason, reply_to_id=message.pk, created_by=by)
            for channel in channels
        ]
        record_access(message, by=by, action=MessageAccess.Action.REPLIED, ip=ip,
                      note=f"{template} by {', '.join(str(c) for c in channels)}"
                           + (f"; texting imperative: {imperative_reason}" if imperative_reason else ""))
    return queued
