"""
Messages to and from patients, the practice's reply templates and texting limits, and who saw what.

Patients' words live only in ``InboundMessage.text``: outbound rows hold the rendered reply, never the
patient's text. ``OutboundMessage`` rows are written before anything is sent, and only
``messaging.delivery`` moves them past QUEUED. ``MessageAccess`` is append-only evidence.
"""

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template import Engine, TemplateSyntaxError
from django.utils import timezone

from consent.gate import Purpose
from consent.state import Channel

from .text_limits import TextPolicy
from .triage import Category


class InboundMessage(models.Model):
    """What a patient wrote to the practice (the contact form, or a text), with its triage."""

    class ReviewStatus(models.TextChoices):
        NEW = "new", "Awaiting review"
        REVIEWED = "reviewed", "Reviewed"
        ESCALATED = "escalated", "Escalated"

    patient = models.ForeignKey("consent.Patient", on_delete=models.PROTECT, related_name="inbound_messages")
    physician = models.ForeignKey("profiles.PhysicianProfile", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="inbound_messages", help_text="The physician the patient wrote to.")
    text = models.TextField()
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    channel_hint = models.CharField(max_length=16, default="web")
    category = models.CharField(max_length=32, choices=Category.choices)
    triage_reasons = models.JSONField(default=list, blank=True)
    flagged = models.BooleanField(default=False, db_index=True)
    review_status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.NEW,
                                     db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "patient message"
        ordering = ["received_at"]
        permissions = [("review_inboundmessage", "Can review, escalate, reclassify and answer patient messages")]

    def __str__(self) -> str:
        # Never the text itself: this string shows up in admin messages and logs.
        return f"Message {self.pk} ({self.get_category_display()})"


class OutboundQuerySet(models.QuerySet):
    def care_texts_sent_since(self, patient_id: int, since):
        """When care texts went (or may have gone) to this patient since ``since``: for the texting limits."""
        return self.filter(
            patient_id=patient_id, channel=Channel.SMS, purpose=Purpose.CARE,
            status__in=[OutboundMessage.Status.SENT, OutboundMessage.Status.UNKNOWN], sent_at__gte=since,
        ).values_list("sent_at", flat=True)


class OutboundMessage(models.Model):
    """One e-mail or text to a patient: written first, then sent (or blocked) by ``messaging.delivery``."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        WAITING = "waiting", "Waiting (texting limits)"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        BLOCKED = "blocked", "Blocked"
        FAILED = "failed", "Failed"
        UNKNOWN = "unknown", "Unknown (check with the provider)"

    patient = models.ForeignKey("consent.Patient", on_delete=models.PROTECT, related_name="outbound_messages")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    template = models.CharField(max_length=64)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    unsubscribe_url = models.URLField(max_length=1000, blank=True)
    imperative_reason = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    blocked_reason = models.CharField(max_length=255, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    flagged = models.BooleanField(default=False, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    provider_id = models.CharField(max_length=128, blank=True)
    not_before = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reply_to = models.ForeignKey(InboundMessage, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="replies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    idempotency_key = models.CharField(max_length=128, null=True, blank=True, unique=True)

    objects = OutboundQuerySet.as_manager()

    class Meta:
        verbose_name = "message to a patient"
        verbose_name_plural = "messages to patients"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["patient", "channel", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.template} to patient {self.patient_id} ({self.status})"


def validate_template_source(source: str) -> None:
    try:
        Engine(autoescape=False).from_string(source)
    except TemplateSyntaxError as exc:
        raise ValidationError(f"Template error: {exc}") from exc


class ReplyTemplate(models.Model):
    """A reply text the practice can edit: subject (e-mail only) and body, in Django template syntax."""

    class TemplateChannel(models.TextChoices):
        EMAIL = Channel.EMAIL.value, "E-mail (also shown on screen)"
        SMS = Channel.SMS.value, "Text message"

    key = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=TemplateChannel.choices)
    subject = models.CharField(max_length=255, blank=True, validators=[validate_template_source])
    body = models.TextField(validators=[validate_template_source],
                            help_text="Variables: {{ practice.name }}, {{ practice.phone }}, {{ confirm_url }}, "
                                      "{{ unsubscribe_url }}, {{ preferences_url }}. Never patient details.")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)

    class Meta:
        ordering = ["key", "channel"]
        constraints = [models.UniqueConstraint(fields=["key", "channel"], name="one_reply_template_per_channel")]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_channel_display()})"


class TextSettings(models.Model):
    """The practice's texting limits (one row). Defaults follow the healthcare-message limits."""

    max_care_per_day = models.PositiveSmallIntegerField(default=1, help_text="Texts about care per patient per day.")
    max_care_per_week = models.PositiveSmallIntegerField(default=3, help_text="Texts about care per patient per week.")
    max_length = models.PositiveSmallIntegerField(default=160)
    quiet_start = models.TimeField(default=time(21, 0), help_text="No texts from (practice time zone)…")
    quiet_end = models.TimeField(default=time(8, 0), help_text="…until (except the emergency reply).")

    class Meta:
        verbose_name = verbose_name_plural = "texting limits"

    def __str__(self) -> str:
        return "Texting limits"

    @classmethod
    def current(cls) -> "TextSettings":
        return cls.objects.get_or_create(pk=1)[0]

    def policy(self) -> TextPolicy:
        return TextPolicy(max_care_per_day=self.max_care_per_day, max_care_per_week=self.max_care_per_week,
                          max_length=self.max_length, quiet_start=self.quiet_start, quiet_end=self.quiet_end)


class AppendOnly(Exception):
    pass


class MessageAccessQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The message access log cannot be changed.")

    def delete(self):
        raise AppendOnly("The message access log cannot be deleted.")


class MessageAccess(models.Model):
    """Append-only: who opened, reviewed, escalated, answered or reclassified which patient's message, when."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        REVIEWED = "reviewed", "Marked reviewed"
        ESCALATED = "escalated", "Escalated"
        REPLIED = "replied", "Replied"
        RECLASSIFIED = "reclassified", "Reclassified"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    message = models.ForeignKey(InboundMessage, on_delete=models.PROTECT, related_name="accesses")
    patient = models.ForeignKey("consent.Patient", on_delete=models.PROTECT, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    note = models.TextField(blank=True)

    objects = MessageAccessQuerySet.as_manager()

    class Meta:
        verbose_name = "message access record"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.action} message {self.message_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("The message access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The message access log cannot be deleted.")
