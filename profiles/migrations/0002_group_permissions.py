from django.db import migrations

from accounts import roles


def grant_permissions(apps, schema_editor):
    # Physicians edit only their own profile: the view checks each object; this is the coarse permission.
    roles.grant(apps, schema_editor, roles.PHYSICIANS, "profiles", ["view_physicianprofile", "change_physicianprofile"])
    staff = [f"{verb}_{model}" for model in ("practice", "location", "physicianprofile", "term")
             for verb in ("view", "add", "change")]
    roles.grant(apps, schema_editor, roles.PRACTICE_STAFF, "profiles", [*staff, "view_profilerevision"])


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
