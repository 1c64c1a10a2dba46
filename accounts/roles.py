"""The practice's two roles, as groups, and a helper that data migrations use to grant permissions."""

PHYSICIANS = "Physicians"
PRACTICE_STAFF = "Practice staff"


def grant(apps, schema_editor, group_name: str, app_label: str, codenames: list[str]) -> None:
    """Give ``group_name`` the named permissions of ``app_label``, creating them first if needed.

    Permissions are normally created after all migrations run; a data migration has to ask for them.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # the historical stub has none; create_permissions needs one
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(schema_editor.connection.alias).get_or_create(name=group_name)
    perms = Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - set(perms.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"Unknown permissions for {app_label}: {sorted(missing)}")
    group.permissions.add(*perms)
