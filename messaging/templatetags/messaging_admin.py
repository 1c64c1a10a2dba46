"""The admin index's count of patient messages awaiting review (for staff who may see them)."""

from django import template

from messaging.models import InboundMessage
from messaging.triage import Category

register = template.Library()


@register.inclusion_tag("admin/messaging/review_counts.html", takes_context=True)
def messaging_review_counts(context):
    request = context.get("request")
    if request is None or not request.user.has_perm("messaging.view_inboundmessage"):
        return {"show": False}
    waiting = InboundMessage.objects.filter(review_status=InboundMessage.ReviewStatus.NEW, flagged=True)
    return {
        "show": True,
        "emergencies": waiting.filter(category=Category.EMERGENCY).count(),
        "advice": waiting.filter(category=Category.MEDICAL_ADVICE).count(),
    }
