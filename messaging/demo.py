"""Demo patient messages for `manage.py seed_demo`, made through the actions (so triage and replies run).

Call after ``consent.demo.seed``: ``messaging.demo.seed(accounts)`` uses the demo patients it creates.
Replies go wherever the local backends write (``var/mail``, ``var/sms``), or are blocked by the gate.
"""

from consent import demo as consent_demo

from . import actions
from .models import InboundMessage

# (patient index in consent.demo.DEMO, physician index or None, what they wrote, what staff did)
MESSAGES = [
    (0, 0, "My father has sudden crushing chest pain right now and his left arm feels numb.", ""),
    (1, 1, "Is it safe to take ibuprofen together with my blood pressure pills?", "escalated"),
    (2, None, "Could I move my appointment on Friday to next week, please?", "reviewed"),
    (0, None, "Where can I park when I come to the office?", ""),
]


def seed(accounts: dict) -> list[InboundMessage]:
    """Create the demo patient messages (idempotent)."""
    from profiles.models import PhysicianProfile

    patients = consent_demo.seed(accounts)
    if InboundMessage.objects.filter(patient__in=patients).exists():
        return list(InboundMessage.objects.filter(patient__in=patients))
    by_email = {p.email: p for p in patients}
    ordered = [by_email[email] for _, email, _, _ in consent_demo.DEMO if email in by_email]
    physicians = [PhysicianProfile.objects.filter(account=user).first() for user in accounts.get("physicians", [])]
    staff = accounts.get("staff")
    created = []
    for patient_index, physician_index, text, outcome in MESSAGES:
        physician = physicians[physician_index] if physician_index is not None and physicians else None
        intake = actions.receive_message(patient_id=ordered[patient_index].pk, text=text,
                                         physician_id=physician.pk if physician else None)
        message = InboundMessage.objects.get(pk=intake.message_id)
        if staff is not None and outcome == "reviewed":
            actions.mark_reviewed(message, by=staff, ip="127.0.0.1")
        elif staff is not None and outcome == "escalated":
            actions.escalate(message, by=staff, ip="127.0.0.1", note="Asked Dr. Okafor to call back.")
        created.append(message)
    return created
