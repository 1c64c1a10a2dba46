"""Every way to write to the ledger changes no consent event: each path is refused, and every row (id, seq, hash
and every other field) reads the same afterwards.

Who refuses what:
- the model and its queryset (``ImmutableEvent``): instance save/delete, queryset update/delete, bulk update,
  upserts, creating an event outside ``ConsentEvent.objects.append()``, related managers, and ``loaddata``
  overwriting an existing event;
- the admin: even a superuser has no add, change or delete for events, and no delete for patients;
- foreign keys (``PROTECT``): deleting the patient, the staff user who recorded an event, or the disclosure shown;
- database triggers (consent/migrations/0002 on PostgreSQL, 0004 on SQLite): raw SQL UPDATE and DELETE (and
  TRUNCATE, PostgreSQL's alone), and whatever else goes around the model (a plain ``QuerySet``/``_base_manager``).
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import ProtectedError

from consent import actions
from consent.ledger import first_broken_link
from consent.models import ConsentEvent, Disclosure, ImmutableEvent, Patient
from consent.state import Action, Channel

M = ConsentEvent.Method


def snapshot() -> list[dict]:
    """Every field of every event, including id, seq, prev_hash and hash."""
    return list(ConsentEvent.objects.order_by("pk").values())


@pytest.fixture
def ledger(patient_with_consent, staff_user):
    """Six events: two channels granted and confirmed, a staff-recorded reason (with an actor), a second patient."""
    actions.record_texting_reason(patient_with_consent, reason="Wound check after surgery", staff_user=staff_user)
    other = Patient.objects.create(name="Second", email="second@example.com")
    with transaction.atomic():
        ConsentEvent.objects.append(patient=other, channel=Channel.EMAIL, action=Action.GRANT, method=M.WEB_FORM,
                                    address=other.email, disclosure=Disclosure.latest())
    before = snapshot()
    assert len(before) == 6 and first_broken_link(ConsentEvent.objects.order_by("seq")) is None
    return before


def assert_refused(attempt, error=ImmutableEvent, match=None):
    """Run ``attempt`` in a savepoint, expect ``error``; then the ledger must read exactly as before."""
    before = snapshot()
    with pytest.raises(error, match=match), transaction.atomic():
        attempt()
    assert snapshot() == before
    assert first_broken_link(ConsentEvent.objects.order_by("seq")) is None


def _first():
    return ConsentEvent.objects.order_by("seq").first()


def _edited_save(**kwargs):
    event = _first()
    event.note = "rewritten"
    event.save(**kwargs)


def _bypassing_save(save, **kwargs):
    event = _first()
    event.note = "rewritten"
    save(event, **kwargs)


def _upsert(**kwargs):
    event = _first()
    event.note = "rewritten"
    ConsentEvent.objects.bulk_create([event], **kwargs)


ORM_PATHS = {
    "instance save() of an edited event": lambda: _edited_save(),
    "instance save(update_fields=...)": lambda: _edited_save(update_fields=["note"]),
    "instance save(force_update=True)": lambda: _edited_save(force_update=True),
    "instance delete()": lambda: _first().delete(),
    "queryset update()": lambda: ConsentEvent.objects.filter(seq__lte=3).update(note="rewritten"),
    "manager update() of all": lambda: ConsentEvent.objects.update(action=Action.WITHDRAW),
    "queryset delete()": lambda: ConsentEvent.objects.filter(action=Action.CONFIRM).delete(),
    "manager all().delete()": lambda: ConsentEvent.objects.all().delete(),
    "bulk_update()": lambda: ConsentEvent.objects.bulk_update(list(ConsentEvent.objects.all()), ["note"]),
    "bulk_create() upsert (update_conflicts)": lambda: _upsert(update_conflicts=True, unique_fields=["seq"],
                                                              update_fields=["note"]),
    "bulk_create() ignore_conflicts": lambda: _upsert(ignore_conflicts=True),
    "update_or_create()": lambda: ConsentEvent.objects.update_or_create(pk=_first().pk, defaults={"note": "x"}),
    "create() outside append()": lambda: ConsentEvent.objects.create(
        seq=999, patient=Patient.objects.first(), channel=Channel.EMAIL, action=Action.GRANT, method=M.WEB_FORM,
        created_at=_first().created_at, hash="f" * 64),
    "get_or_create() of a new event": lambda: ConsentEvent.objects.get_or_create(
        seq=999, defaults={"patient": Patient.objects.first(), "created_at": _first().created_at}),
    "related manager update()": lambda: Patient.objects.first().consent_events.update(note="x"),
    "related manager delete()": lambda: Patient.objects.first().consent_events.all().delete(),
    "Model.save() called around the override": lambda: _bypassing_save(models.Model.save),
    "Model.save_base() (what loaddata calls)": lambda: _bypassing_save(models.Model.save_base, raw=True),
}


@pytest.mark.parametrize("path", sorted(ORM_PATHS))
def test_the_orm_refuses_to_change_or_delete_events(ledger, path):
    assert_refused(ORM_PATHS[path])


def test_loaddata_cannot_overwrite_an_event(ledger, tmp_path):
    event = ledger[0]
    fields = {k: v for k, v in event.items() if k != "id"}
    fields.update(patient=fields.pop("patient_id"), actor=fields.pop("actor_id"),
                  disclosure=fields.pop("disclosure_id"), note="rewritten by a fixture",
                  created_at=event["created_at"].isoformat())
    fixture = tmp_path / "events.json"
    fixture.write_text(json.dumps([{"model": "consent.consentevent", "pk": event["id"], "fields": fields}]))
    assert_refused(lambda: call_command("loaddata", str(fixture), verbosity=0), error=(ImmutableEvent, DatabaseError))


def test_the_related_manager_offers_no_clear_or_remove(ledger):
    # The foreign key to the patient is not nullable, so Django gives no clear()/remove() to detach events.
    manager = Patient.objects.first().consent_events
    assert not hasattr(manager, "clear") and not hasattr(manager, "remove")


def test_the_database_refuses_the_plain_base_manager_too(ledger):
    # ConsentEvent._base_manager is a plain Manager (Django's internal one): only the trigger stops it.
    assert_refused(lambda: ConsentEvent._base_manager.filter(seq=1).update(note="x"), DatabaseError, "append-only")
    assert_refused(lambda: ConsentEvent._base_manager.filter(seq=1).delete(), DatabaseError, "append-only")


# --- raw SQL ---------------------------------------------------------------------------------------------------

def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


RAW_SQL = {
    "UPDATE one": "UPDATE consent_consentevent SET note = 'rewritten' WHERE seq = 2",
    "UPDATE all": "UPDATE consent_consentevent SET action = 'withdraw'",
    "DELETE one": "DELETE FROM consent_consentevent WHERE seq = 6",
    "DELETE all": "DELETE FROM consent_consentevent",
    "TRUNCATE": "TRUNCATE consent_consentevent",
    "TRUNCATE CASCADE": "TRUNCATE consent_consentevent CASCADE",
    "TRUNCATE the patients CASCADE": "TRUNCATE consent_patient CASCADE",
}


# SQLite has no TRUNCATE statement; UPDATE and DELETE are refused on both databases.
STATEMENTS = sorted(k for k in RAW_SQL if connection.vendor == "postgresql" or not k.startswith("TRUNCATE"))


@pytest.mark.parametrize("statement", STATEMENTS)
def test_the_database_refuses_raw_sql_writes_to_events(ledger, statement):
    if connection.vendor == "postgresql":
        _raw("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE stops first at the test's pending foreign-key checks
    assert_refused(lambda: _raw(RAW_SQL[statement]), DatabaseError, "append-only")


# --- the admin, as a superuser -------------------------------------------------------------------------------

@pytest.fixture
def superuser_client(client, admin_user):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(admin_user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff need MFA to reach the admin
    client.force_login(admin_user)
    return client


def _post_form(event) -> dict:
    return {"patient": event["patient_id"], "channel": "sms", "action": "withdraw", "address": "x",
            "method": "web_form", "actor_kind": "patient", "note": "rewritten", "created_at_0": "2020-01-01",
            "created_at_1": "00:00:00", "_save": "Save"}


def test_the_admin_change_form_refuses_a_superuser(ledger, superuser_client):
    event = ledger[0]
    page = superuser_client.get(f"/admin/consent/consentevent/{event['id']}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # view only
    response = superuser_client.post(f"/admin/consent/consentevent/{event['id']}/change/", _post_form(event))
    assert response.status_code == 403
    assert snapshot() == ledger


def test_the_admin_add_form_refuses_a_superuser(ledger, superuser_client):
    assert superuser_client.get("/admin/consent/consentevent/add/").status_code == 403
    assert superuser_client.post("/admin/consent/consentevent/add/", _post_form(ledger[0])).status_code == 403
    assert snapshot() == ledger


def test_the_admin_delete_view_refuses_a_superuser(ledger, superuser_client):
    url = f"/admin/consent/consentevent/{ledger[0]['id']}/delete/"
    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert snapshot() == ledger


@pytest.mark.parametrize("model", ["consentevent", "patient"])
def test_the_admin_offers_no_delete_action_even_to_a_superuser(ledger, superuser_client, model):
    changelist = f"/admin/consent/{model}/"
    assert 'value="delete_selected"' not in superuser_client.get(changelist).content.decode()
    pks = [e["id"] for e in ledger] if model == "consentevent" else list(Patient.objects.values_list("pk", flat=True))
    response = superuser_client.post(changelist, {"action": "delete_selected", "_selected_action": pks, "post": "yes"})
    assert response.status_code in (200, 302)
    assert snapshot() == ledger and Patient.objects.count() == 2


def test_the_admin_patient_delete_view_refuses_a_superuser(ledger, superuser_client, patient_with_consent):
    url = f"/admin/consent/patient/{patient_with_consent.pk}/delete/"
    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert Patient.objects.filter(pk=patient_with_consent.pk).exists() and snapshot() == ledger


def test_editing_a_patient_in_the_admin_leaves_their_events_alone(ledger, superuser_client, patient_with_consent):
    url = f"/admin/consent/patient/{patient_with_consent.pk}/change/"
    response = superuser_client.post(url, {"name": "Renamed", "email": "new@example.com", "phone": "+12025550199"})
    assert response.status_code == 302
    assert Patient.objects.get(pk=patient_with_consent.pk).email == "new@example.com"
    assert snapshot() == ledger


# --- deleting what events point to --------------------------------------------------------------------------

def test_deleting_the_patient_is_refused(ledger, patient_with_consent):
    assert_refused(lambda: Patient.objects.get(pk=patient_with_consent.pk).delete(), ProtectedError)
    assert_refused(lambda: Patient.objects.all().delete(), ProtectedError)
    assert Patient.objects.count() == 2


def test_deleting_the_staff_user_who_recorded_an_event_is_refused(ledger, staff_user):
    assert_refused(lambda: get_user_model().objects.get(pk=staff_user.pk).delete(), ProtectedError)
    assert_refused(lambda: get_user_model().objects.filter(pk=staff_user.pk).delete(), ProtectedError)


def test_deleting_the_disclosure_shown_is_refused(ledger):
    assert_refused(lambda: Disclosure.latest().delete())
    assert_refused(lambda: Disclosure.objects.all().delete(), ProtectedError)


@pytest.mark.django_db(transaction=True)
def test_deleting_the_patient_with_raw_sql_fails_at_commit(patient_factory, consent_event_factory):
    # Both databases keep the foreign key: the DELETE is refused when the transaction commits.
    patient = consent_event_factory(patient_factory(), Channel.EMAIL, "active")
    before = snapshot()
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw("DELETE FROM consent_patient WHERE id = %s", [patient.pk])
    assert snapshot() == before and Patient.objects.filter(pk=patient.pk).exists()



def test_loaddata_still_restores_events_that_are_not_there_yet(ledger, tmp_path):
    """A dump loaded into a database is inserts: allowed, like append(); the verifier judges what was loaded."""
    from consent.ledger import event_hash

    tip = ConsentEvent.objects.order_by("seq").last()
    new = ConsentEvent(seq=tip.seq + 1, patient_id=tip.patient_id, channel=Channel.SMS, action=Action.GRANT,
                       method=M.STAFF_PHONE, address="+12025550111", created_at=tip.created_at, prev_hash=tip.hash)
    new.hash = event_hash(new.ledger_fields(), tip.hash)
    fields = {f.name: f.value_from_object(new) for f in ConsentEvent._meta.concrete_fields if f.name != "id"}
    fields["created_at"] = new.created_at.isoformat()
    fixture = tmp_path / "restore.json"
    fixture.write_text(json.dumps([{"model": "consent.consentevent", "pk": 10_000, "fields": fields}]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert snapshot()[:-1] == ledger and len(snapshot()) == 7
    assert first_broken_link(ConsentEvent.objects.order_by("seq")) is None
