from django.db import migrations

from accounts import roles


def grant_permissions(apps, schema_editor):
    # Physicians write posts through the portal; the views limit each of them to their own posts.
    roles.grant(apps, schema_editor, roles.PHYSICIANS, "profiles", ["view_post", "add_post", "change_post"])
    # Staff read posts and the guard's records, and approve or reject held texts (with a note).
    roles.grant(apps, schema_editor, roles.PRACTICE_STAFF, "profiles",
                ["view_post", "approve_post", "view_privacycheck", "view_privacyreview"])


class Migration(migrations.Migration):
    dependencies = [("profiles", "0004_posts_and_privacy_records"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
