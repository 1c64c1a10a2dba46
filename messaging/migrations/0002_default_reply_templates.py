"""Seed the practice's default reply texts (editable afterwards in the admin)."""

from pathlib import Path

from django.db import migrations

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"

KEYS = {
    "emergency": ("email", "sms"),
    "medical_advice": ("email", "sms"),
    "acknowledgement": ("email", "sms"),
    "stop_confirmation": ("sms",),
    "help_reply": ("sms",),
}

# The consent confirmation's defaults (its files belong to the consent app's templates, if any).
CONSENT_CONFIRMATION = {
    "email": (
        "Please confirm: may {{ practice.name }} contact you by e-mail?",
        "You asked {{ practice.name }} to contact you by e-mail. To confirm that this address is yours and that "
        "you agree, open this link:\n\n{{ confirm_url }}\n\nIf you did not ask for this, ignore this e-mail: "
        "we will not write to you again.",
    ),
    "sms": ("", "{{ practice.name }}: confirm you agree to texts from us: {{ confirm_url }} Reply STOP to opt out."),
}


def _read(key, channel):
    folder = "emails" if channel == "email" else "sms"
    text = (TEMPLATES / folder / f"{key}.txt").read_text()
    if channel == "email":
        subject, _, body = text.partition("\n\n")
        return subject.strip(), body.strip()
    return "", text.strip()


def seed(apps, schema_editor):
    ReplyTemplate = apps.get_model("messaging", "ReplyTemplate")
    rows = {(key, channel): _read(key, channel) for key, channels in KEYS.items() for channel in channels}
    rows.update({("consent_confirmation", channel): texts for channel, texts in CONSENT_CONFIRMATION.items()})
    for (key, channel), (subject, body) in rows.items():
        ReplyTemplate.objects.using(schema_editor.connection.alias).get_or_create(
            key=key, channel=channel, defaults={"subject": subject, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
