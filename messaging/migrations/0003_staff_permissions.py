"""Practice staff review patients' messages and answer them; physicians see none of it here."""

from django.db import migrations

from accounts.roles import PRACTICE_STAFF, grant

CODENAMES = [
    "view_inboundmessage", "review_inboundmessage",
    "view_outboundmessage",
    "view_replytemplate", "change_replytemplate",
    "view_textsettings", "change_textsettings",
    "view_messageaccess",
]


def grant_staff(apps, schema_editor):
    grant(apps, schema_editor, PRACTICE_STAFF, "messaging", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_default_reply_templates"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(grant_staff, migrations.RunPython.noop)]
