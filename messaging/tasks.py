"""Celery tasks: thin. They take ids, call one function, and decide about retries."""

from celery import shared_task
from django.utils import timezone

from . import delivery, outbox


@shared_task(bind=True, max_retries=delivery.MAX_ATTEMPTS + 2, acks_late=True, ignore_result=True)
def deliver_message(self, message_id: int) -> None:
    """Send one outbound message (idempotent: ``delivery.deliver`` claims it first)."""
    try:
        delivery.deliver(message_id)
    except delivery.TransientDeliveryError as exc:
        # The row is QUEUED again with not_before set; if this retry cannot be published, the sweep will.
        raise self.retry(exc=exc, countdown=exc.countdown) from exc


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Re-enqueue queued messages nobody picked up and texts whose wait is over; flag abandoned sends."""
    result = outbox.sweep(now=timezone.now())
    for message_id in result.requeued:
        outbox.enqueue(message_id)
    return len(result.requeued)
