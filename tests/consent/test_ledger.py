"""The ledger: append-only, hash-chained, verified; refusals at every layer; no forks under concurrency."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from consent import actions, api
from consent.ledger import GENESIS, first_broken_link
from consent.models import ConsentEvent, Disclosure, ImmutableEvent, Patient
from consent.state import Action, Channel, Status

from .conftest import switch_off_ledger_triggers

M = ConsentEvent.Method
needs_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL-only behaviour")


def _append(patient, action=Action.GRANT, channel=Channel.EMAIL, **fields):
    with transaction.atomic():
        return ConsentEvent.objects.append(patient=patient, channel=channel, action=action, method=M.WEB_FORM,
                                           address=patient.email, **fields)


@pytest.fixture
def chain(patient_factory):
    patient = patient_factory()
    return [_append(patient, a) for a in (Action.GRANT, Action.CONFIRM, Action.WITHDRAW, Action.GRANT)]


def _raw(sql, params=()):
    # Tampering as an attacker with database access would do it, around the model's refusals.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_events_are_numbered_without_gaps_and_chained(chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4]
    assert chain[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(chain, chain[1:], strict=False))
    assert first_broken_link(ConsentEvent.objects.order_by("seq")) is None


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused():
    patient = Patient.objects.create(name="P", email="p@example.com")
    with pytest.raises(transaction.TransactionManagementError):
        ConsentEvent.objects.append(patient=patient, channel="email", action="grant", method="web_form")


def test_verify_command_says_the_chain_is_whole(chain, capsys):
    call_command("verify_consent_ledger")
    assert "Consent ledger is whole: 4 events" in capsys.readouterr().out


def test_the_hash_covers_the_disclosure_shown(patient_factory):
    disclosure = Disclosure.latest()
    event = _append(patient_factory(), disclosure=disclosure)
    assert (event.disclosure_version, event.disclosure_sha256) == (disclosure.version, disclosure.sha256)
    assert event.ledger_fields()["disclosure_sha256"] == disclosure.sha256


@pytest.fixture
def chain_without_triggers(chain):
    switch_off_ledger_triggers()  # else they refuse the tampering
    return chain


@pytest.mark.usefixtures("chain_without_triggers")
class TestTamperingIsDetected:
    """Raw SQL tampering, around the model: the verifier must find the first broken link."""

    def _broken(self):
        with pytest.raises(CommandError) as excinfo:
            call_command("verify_consent_ledger")
        return str(excinfo.value)

    def test_an_edited_event_is_reported(self):
        _raw("UPDATE consent_consentevent SET address = 'evil@example.com' WHERE seq = 2")
        assert first_broken_link(ConsentEvent.objects.order_by("seq")).kind == "edited"
        assert "seq 2" in self._broken() and "edited" in self._broken()

    def test_a_deleted_event_is_reported(self):
        _raw("DELETE FROM consent_consentevent WHERE seq = 3")
        broken = first_broken_link(ConsentEvent.objects.order_by("seq"))
        assert (broken.seq, broken.kind) == (3, "missing")
        assert "missing" in self._broken()

    def test_swapped_events_are_reported(self):
        # Swap the content of events 2 and 3 but keep their numbers: the first one out of place breaks.
        _raw("UPDATE consent_consentevent SET seq = 1000 WHERE seq = 2")
        _raw("UPDATE consent_consentevent SET seq = 2 WHERE seq = 3")
        _raw("UPDATE consent_consentevent SET seq = 3 WHERE seq = 1000")
        broken = first_broken_link(ConsentEvent.objects.order_by("seq"))
        assert broken.seq == 2 and broken.kind == "edited"

    def test_a_forged_event_with_a_self_consistent_hash_is_reported(self):
        # The forger recomputes event 3's hash after changing it, but cannot fix event 4's link.
        forged = ConsentEvent.objects.get(seq=3)
        forged.action = Action.CONFIRM
        from consent.ledger import event_hash

        new_hash = event_hash(forged.ledger_fields(), forged.prev_hash)
        _raw("UPDATE consent_consentevent SET action = %s, hash = %s WHERE seq = 3", [Action.CONFIRM, new_hash])
        broken = first_broken_link(ConsentEvent.objects.order_by("seq"))
        assert (broken.seq, broken.kind) == (4, "relinked")

    def test_a_forged_hash_is_reported(self):
        _raw("UPDATE consent_consentevent SET hash = %s WHERE seq = 4", ["f" * 64])
        assert first_broken_link(ConsentEvent.objects.order_by("seq")).kind == "edited"


def test_the_model_refuses_to_change_or_delete_an_event(chain):
    event = ConsentEvent.objects.get(seq=1)
    event.address = "other@example.com"
    with pytest.raises(ImmutableEvent):
        event.save()
    with pytest.raises(ImmutableEvent):
        event.delete()


@pytest.mark.parametrize("operation", [
    lambda qs: qs.update(address="x"),
    lambda qs: qs.delete(),
    lambda qs: qs.bulk_update(list(qs), ["address"]),
    lambda qs: qs.bulk_create([ConsentEvent(seq=99)]),
    lambda qs: ConsentEvent.objects.update(note="x"),
    lambda qs: ConsentEvent.objects.all().delete(),
])
def test_the_queryset_refuses_to_change_or_delete_events(chain, operation):
    with pytest.raises(ImmutableEvent):
        operation(ConsentEvent.objects.filter(seq__lte=2))
    assert first_broken_link(ConsentEvent.objects.order_by("seq")) is None


def test_deleting_a_patient_does_not_delete_their_events(chain):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Patient.objects.get().delete()
    assert ConsentEvent.objects.count() == 4


@pytest.mark.django_db
def test_a_published_disclosure_cannot_be_changed():
    disclosure = Disclosure.latest()
    disclosure.text += " edited"
    with pytest.raises(ImmutableEvent):
        disclosure.save()


RAW_WRITES = [
    "UPDATE consent_consentevent SET address = 'evil@example.com' WHERE seq = 2",
    "DELETE FROM consent_consentevent WHERE seq = 2",
    *(["TRUNCATE consent_consentevent CASCADE"] if connection.vendor == "postgresql" else []),  # SQLite has none
]


@pytest.mark.parametrize("sql", RAW_WRITES)
def test_the_database_refuses_raw_update_delete_and_truncate(chain, sql):
    if connection.vendor == "postgresql":
        _raw("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE stops at the pending foreign-key checks
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(sql)
    assert ConsentEvent.objects.count() == 4
    assert first_broken_link(ConsentEvent.objects.order_by("seq")) is None


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_on_postgres_never_fork_the_chain():
    patients = [Patient.objects.create(name=f"P{i}", email=f"p{i}@example.com") for i in range(8)]
    barrier, errors = threading.Barrier(len(patients)), []

    def worker(patient):
        try:
            barrier.wait()
            for _ in range(5):
                _append(patient)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(p,)) for p in patients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    events = list(ConsentEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, 41))
    assert len({e.prev_hash for e in events}) == 40  # no two events claim the same predecessor
    assert first_broken_link(events) is None


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_waits_for_a_send_holding_the_channel_lock():
    """A send that holds the channel lock finishes first; the withdrawal commits after it, never during."""
    patient = Patient.objects.create(name="P", email="p@example.com")
    with transaction.atomic():
        ConsentEvent.objects.append(patient=patient, channel="email", action="grant", method="web_form",
                                    address="p@example.com")
        ConsentEvent.objects.append(patient=patient, channel="email", action="confirm", method="web_form",
                                    address="p@example.com")
    order, locked = [], threading.Event()

    def sender():
        try:
            with transaction.atomic(), api.channel_lock(patient.pk, Channel.EMAIL):
                locked.set()
                order.append(("send sees", api.current_state(patient.pk, Channel.EMAIL).status))
                threading.Event().wait(0.5)
                order.append(("send done", None))
        finally:
            connection.close()

    def withdrawer():
        try:
            locked.wait(5)
            actions.withdraw_consent(patient, Channel.EMAIL, method=M.UNSUBSCRIBE_LINK)
            order.append(("withdrawn", None))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender), threading.Thread(target=withdrawer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order == [("send sees", Status.ACTIVE), ("send done", None), ("withdrawn", None)]
    assert api.current_state(patient.pk, Channel.EMAIL).status == Status.WITHDRAWN
