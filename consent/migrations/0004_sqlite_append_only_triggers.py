"""On SQLite (the embedded default), refuse UPDATE and DELETE of consent events in the database too.

SQLite has no TRUNCATE and no session settings. DELETE is let through only while the one-row table
``consent_ledger_reset`` holds a row: a whole-database reset (tests' flush) writes it first and removes
it last, in the same transaction. Nothing in the portal writes to it. UPDATE is always refused.
PostgreSQL has its own triggers (0002).
"""

from django.db import migrations

INSTALL = [
    "CREATE TABLE IF NOT EXISTS consent_ledger_reset (resetting INTEGER NOT NULL)",
    """CREATE TRIGGER IF NOT EXISTS consent_event_no_update BEFORE UPDATE ON consent_consentevent
       BEGIN SELECT RAISE(ABORT, 'consent events are append-only: UPDATE refused on consent_consentevent'); END""",
    """CREATE TRIGGER IF NOT EXISTS consent_event_no_delete BEFORE DELETE ON consent_consentevent
       WHEN NOT EXISTS (SELECT 1 FROM consent_ledger_reset)
       BEGIN SELECT RAISE(ABORT, 'consent events are append-only: DELETE refused on consent_consentevent'); END""",
]

REMOVE = [
    "DROP TRIGGER IF EXISTS consent_event_no_update",
    "DROP TRIGGER IF EXISTS consent_event_no_delete",
    "DROP TABLE IF EXISTS consent_ledger_reset",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in INSTALL:
            schema_editor.execute(statement, None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in REMOVE:
            schema_editor.execute(statement, None)


class Migration(migrations.Migration):
    dependencies = [("consent", "0003_disclosure_v1_and_permissions")]
    operations = [migrations.RunPython(install, remove)]
