"""Publish disclosure version 1, and give "Practice staff" the consent permissions."""

import hashlib

from django.db import migrations

from accounts.roles import PRACTICE_STAFF, grant

DISCLOSURE_V1 = """Before you agree, please read this.

What we will send. If you agree, our practice may contact you by the channel you tick: answers to the \
message you send us, appointment and office information, and notices about your care or our practice. \
We expect to send only a few messages a month, usually in answer to you, and never advertising.

E-mail and text messages are not confidential. They travel over networks we do not control and can be \
read by others, for example on a shared computer or phone. Do not send anything you want to keep private.

Not for emergencies. We do not watch messages around the clock. In an emergency, call 911 or go to the \
nearest emergency department. If you are in crisis, call or text 988.

No medical advice online. Our physicians do not give medical advice by e-mail, text or on this site. \
If you have a question about your health, book a visit with us, or go to urgent care or the nearest hospital.

Text messages. Message and data rates may apply. Reply HELP for help, and STOP at any time to stop texts.

Confirming. We will first send one message to the address or number you give, to confirm it is yours. \
Nothing else is sent until you confirm.

Changing your mind. Agreeing is your choice and is not needed to send us a message. You can withdraw at \
any time, and it takes effect at once: use the unsubscribe link in any e-mail, reply STOP to any text, use \
the preferences link we send you, or tell our staff by phone or in person."""


def publish_v1(apps, schema_editor):
    Disclosure = apps.get_model("consent", "Disclosure")
    if not Disclosure.objects.using(schema_editor.connection.alias).filter(version=1).exists():
        Disclosure.objects.using(schema_editor.connection.alias).create(
            version=1, text=DISCLOSURE_V1, sha256=hashlib.sha256(DISCLOSURE_V1.encode()).hexdigest()
        )


def grant_staff(apps, schema_editor):
    grant(apps, schema_editor, PRACTICE_STAFF, "consent", [
        "view_patient", "view_consentevent", "view_disclosure", "add_disclosure", "change_disclosure",
        "record_consent_by_staff", "export_consent_proof",
    ])


class Migration(migrations.Migration):
    dependencies = [("consent", "0002_append_only_triggers"), ("accounts", "0002_roles")]
    operations = [
        migrations.RunPython(publish_v1, migrations.RunPython.noop),
        migrations.RunPython(grant_staff, migrations.RunPython.noop),
    ]
