"""On PostgreSQL, refuse UPDATE, DELETE and TRUNCATE of consent events in the database itself.

TRUNCATE is let through only for a whole-database reset (tests' flush) by the table's owner, who could
drop the trigger anyway, and only in a transaction that says so with ``SET LOCAL consent.ledger_reset``.
UPDATE and DELETE are always refused.
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION consent_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE'
     AND current_setting('consent.ledger_reset', true) = 'on'
     AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'consent events are append-only: % refused on %', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'raise_exception';
END
$$;
DROP TRIGGER IF EXISTS consent_event_no_update_delete ON consent_consentevent;
CREATE TRIGGER consent_event_no_update_delete BEFORE UPDATE OR DELETE ON consent_consentevent
  FOR EACH ROW EXECUTE FUNCTION consent_event_refuse_change();
DROP TRIGGER IF EXISTS consent_event_no_truncate ON consent_consentevent;
CREATE TRIGGER consent_event_no_truncate BEFORE TRUNCATE ON consent_consentevent
  FOR EACH STATEMENT EXECUTE FUNCTION consent_event_refuse_change();
"""

REMOVE = """
DROP TRIGGER IF EXISTS consent_event_no_update_delete ON consent_consentevent;
DROP TRIGGER IF EXISTS consent_event_no_truncate ON consent_consentevent;
DROP FUNCTION IF EXISTS consent_event_refuse_change();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, None)


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
