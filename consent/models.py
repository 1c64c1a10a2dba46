"""
Consent evidence: patients (contact identities), the versioned disclosure, and the append-only ledger.

Nothing outside ``consent`` reads these tables; other apps ask ``consent.api``.
"""

import hashlib
from datetime import UTC

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from .ledger import GENESIS, event_hash
from .state import Action, Channel

# Arbitrary constant keys for PostgreSQL advisory locks ("CONS" and "CHAN" in ASCII).
LEDGER_LOCK_KEY = 0x434F4E53
CHANNEL_LOCK_NAMESPACE = 0x4348414E


class ImmutableEvent(Exception):
    """Consent events can be added, never changed or deleted."""


class Patient(models.Model):
    """A contact identity: who asked the practice to contact them, and where. No login account."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField("mobile number (E.164)", max_length=20, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        permissions = [
            ("record_consent_by_staff", "Can record consent or withdrawal given by phone or in person"),
            ("export_consent_proof", "Can export a patient's consent proof"),
        ]

    def __str__(self) -> str:
        return self.name or f"Patient {self.pk}"


class Disclosure(models.Model):
    """One published version of the consent text shown next to the checkboxes. Never edited once published."""

    version = models.PositiveIntegerField(unique=True)
    text = models.TextField()
    sha256 = models.CharField(max_length=64, editable=False)
    published_at = models.DateTimeField(default=timezone.now, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", editable=False)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Disclosure version {self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values_list("text", "version").first()
            if stored and (stored[0] != self.text or stored[1] != self.version):
                raise ImmutableEvent("A published disclosure cannot be changed; publish a new version.")
        self.sha256 = hashlib.sha256(self.text.encode()).hexdigest()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEvent("A published disclosure cannot be deleted.")

    @classmethod
    def latest(cls):
        return cls.objects.order_by("-version").first()


class ConsentEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableEvent("Consent events cannot be updated.")

    def delete(self):
        raise ImmutableEvent("Consent events cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise ImmutableEvent("Consent events cannot be updated.")

    def bulk_create(self, *args, **kwargs):
        raise ImmutableEvent("Consent events are added one by one with ConsentEvent.objects.append().")

    def update_or_create(self, *args, **kwargs):
        raise ImmutableEvent("Consent events cannot be updated.")

    def append(self, **fields) -> "ConsentEvent":
        """Add one event at the tip of the chain. Call inside ``transaction.atomic()``.

        Appends serialize on one lock, so two appends never read the same tip (the chain never forks):
        PostgreSQL takes a transaction-level advisory lock; SQLite's IMMEDIATE transaction already
        holds the database's write lock.
        """
        if not connection.in_atomic_block:
            raise transaction.TransactionManagementError("ConsentEvent.objects.append() needs transaction.atomic().")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LEDGER_LOCK_KEY])
        tip = self.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (tip[0] + 1, tip[1]) if tip else (1, GENESIS)
        fields.setdefault("created_at", timezone.now())
        disclosure = fields.get("disclosure")
        if disclosure is not None:
            fields.setdefault("disclosure_version", disclosure.version)
            fields.setdefault("disclosure_sha256", disclosure.sha256)
        event = self.model(seq=seq, prev_hash=prev_hash, **fields)
        for field in self.model._meta.concrete_fields:
            # Hash the values as the database will hand them back (e.g. "2001:0DB8::1" is stored as
            # "2001:db8::1"), or the verifier would call a genuine event edited.
            setattr(event, field.attname, field.to_python(getattr(event, field.attname)))
        event.hash = event_hash(event.ledger_fields(), prev_hash)
        models.Model.save(event, force_insert=True)
        return event


class ConsentEvent(models.Model):
    """One grant, confirmation or withdrawal (or a staff-recorded reason for texting about care).

    Append-only and hash-chained: the model, its queryset and (on PostgreSQL) database triggers refuse
    UPDATE and DELETE; ``manage.py verify_consent_ledger`` checks the chain.
    """

    class Method(models.TextChoices):
        WEB_FORM = "web_form", "Web form"
        CONFIRMATION_LINK = "confirmation_link", "Confirmation link"
        CONFIRMATION_CODE = "confirmation_code", "Code sent by text, entered on the site"
        TEXT_KEYWORD = "text_keyword", "Text keyword"
        TEXT_FREE_TEXT = "text_free_text", "Text message in the patient's own words"
        UNSUBSCRIBE_LINK = "unsubscribe_link", "Unsubscribe link"
        PREFERENCES_PAGE = "preferences_page", "Preferences page"
        STAFF_PHONE = "staff_phone", "Staff entry: by phone"
        STAFF_IN_PERSON = "staff_in_person", "Staff entry: in person"

    class Actor(models.TextChoices):
        PATIENT = "patient", "Patient"
        STAFF = "staff", "Staff user"

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="consent_events")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    action = models.CharField(max_length=20, choices=Action.choices)
    address = models.CharField(max_length=254, blank=True, help_text="E-mail or E.164 number the event is about.")
    method = models.CharField(max_length=30, choices=Method.choices)
    actor_kind = models.CharField(max_length=10, choices=Actor.choices, default=Actor.PATIENT)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_label = models.CharField(max_length=254, blank=True, help_text="The staff user's e-mail at the time.")
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    disclosure = models.ForeignKey(Disclosure, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    disclosure_version = models.PositiveIntegerField(null=True, blank=True)
    disclosure_sha256 = models.CharField(max_length=64, blank=True)
    note = models.TextField(blank=True)
    needs_review = models.BooleanField(default=False, help_text="Staff should look at this event.")
    created_at = models.DateTimeField(db_index=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = ConsentEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["patient", "channel", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_action_display()} {self.channel} ({self.get_method_display()})"

    def save(self, *args, **kwargs):
        raise ImmutableEvent("Consent events are added with ConsentEvent.objects.append(), never saved or changed.")

    def delete(self, *args, **kwargs):
        raise ImmutableEvent("Consent events cannot be deleted.")

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        # Model.save_base() goes around save(): loaddata calls it. Loading new events is an insert; a stored one stays.
        if base_qs.filter(pk=pk_val).exists():
            raise ImmutableEvent("Consent events cannot be changed.")
        return False

    def ledger_fields(self) -> dict:
        """The values the hash covers, as plain JSON-able values."""
        created = self.created_at.astimezone(UTC).isoformat(timespec="microseconds") if self.created_at else None
        return {
            "seq": self.seq, "patient": self.patient_id, "channel": self.channel, "action": self.action,
            "address": self.address, "method": self.method, "actor_kind": self.actor_kind,
            "actor": self.actor_id, "actor_label": self.actor_label, "ip": self.ip or None,
            "user_agent": self.user_agent, "disclosure": self.disclosure_id,
            "disclosure_version": self.disclosure_version, "disclosure_sha256": self.disclosure_sha256,
            "note": self.note, "needs_review": bool(self.needs_review), "created_at": created,
        }
