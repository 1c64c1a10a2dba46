from django.db import migrations

from accounts import roles


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (roles.PHYSICIANS, roles.PRACTICE_STAFF):
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)
    # Staff manage accounts; each app's own data migration grants its permissions to the groups.
    roles.grant(apps, schema_editor, roles.PRACTICE_STAFF, "accounts", ["view_user"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
