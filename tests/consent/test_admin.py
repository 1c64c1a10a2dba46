"""Staff in the admin: each channel's state and history, staff entries, the proof export, the read-only ledger."""

import csv
import io

import pytest

from consent import api
from consent.models import ConsentEvent, Disclosure
from consent.state import Action, Channel, Status


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_a_patient_page_shows_each_channels_state_and_full_history(staff_client, patient_with_consent):
    page = staff_client.get(f"/admin/consent/patient/{patient_with_consent.pk}/change/").content.decode()
    assert "Current state per channel" in page and "Full consent history" in page
    assert page.count("<td>active</td>") == 2
    assert page.count("Confirmation link") == 2 and "Web form" in page


def test_staff_record_a_withdrawal_by_phone_with_themselves_as_actor(staff_client, staff_user, patient_with_consent):
    url = f"/admin/consent/patient/{patient_with_consent.pk}/record-consent/"
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"action": "withdraw", "channel": "email", "method": "staff_phone",
                                       "note": "Called the front desk"})
    assert response.status_code == 302
    event = ConsentEvent.objects.get(action=Action.WITHDRAW)
    assert (event.actor_id, event.actor_kind, event.actor_label, event.method) == (
        staff_user.pk, "staff", staff_user.email, "staff_phone")
    assert api.current_state(patient_with_consent.pk, Channel.EMAIL).status == Status.WITHDRAWN


def test_staff_record_a_texting_reason_that_the_state_carries(staff_client, patient_with_consent):
    url = f"/admin/consent/patient/{patient_with_consent.pk}/record-consent/"
    missing = staff_client.post(url, {"action": "texting_reason", "channel": "sms", "method": "staff_in_person"})
    assert missing.status_code == 200 and "Please write the reason" in missing.content.decode()
    staff_client.post(url, {"action": "texting_reason", "channel": "sms", "method": "staff_in_person",
                            "note": "Wound check after surgery"})
    assert api.current_state(patient_with_consent.pk, Channel.SMS).imperative_reason == "Wound check after surgery"


def test_a_staff_recorded_grant_stays_pending_until_confirmed(staff_client, patient_factory):
    patient = patient_factory()
    staff_client.post(f"/admin/consent/patient/{patient.pk}/record-consent/",
                      {"action": "grant", "channel": "email", "method": "staff_in_person"})
    assert api.current_state(patient.pk, Channel.EMAIL).status == Status.PENDING


def test_a_user_without_the_permission_cannot_record_or_export(client, user_factory, patient_with_consent):
    from allauth.mfa.totp.internal.auth import TOTP

    user = user_factory(is_staff=True)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(user)
    assert client.get(f"/admin/consent/patient/{patient_with_consent.pk}/record-consent/").status_code == 403
    assert client.get(f"/admin/consent/patient/{patient_with_consent.pk}/export-proof/").status_code == 403


def test_the_proof_export_has_every_event_with_its_disclosure_text(staff_client, patient_with_consent):
    response = staff_client.get(f"/admin/consent/patient/{patient_with_consent.pk}/export-proof/")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    events = list(ConsentEvent.objects.filter(patient=patient_with_consent).order_by("seq"))
    assert [int(r["seq"]) for r in rows] == [e.seq for e in events]
    assert [r["hash"] for r in rows] == [e.hash for e in events]
    grants = [r for r in rows if r["action"] == "grant"]
    assert grants and all(r["disclosure text"] == Disclosure.latest().text for r in grants)


def test_the_export_admin_action_exports_one_patient(staff_client, patient_with_consent):
    response = staff_client.post("/admin/consent/patient/", {"action": "export_consent_proof",
                                                             "_selected_action": [patient_with_consent.pk]})
    assert response["Content-Type"].startswith("text/csv")


def test_the_ledger_admin_is_read_only(staff_client, patient_with_consent, admin_user, client):
    event = ConsentEvent.objects.first()
    assert staff_client.get("/admin/consent/consentevent/").status_code == 200
    client.force_login(admin_user)  # even a superuser cannot add, change or delete events
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(admin_user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert client.get("/admin/consent/consentevent/add/").status_code == 403
    assert client.post(f"/admin/consent/consentevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.get(f"/admin/consent/consentevent/{event.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert ConsentEvent.objects.count() == 4


def test_staff_publish_a_new_disclosure_version_and_old_versions_stay(staff_client, staff_user):
    old = Disclosure.latest()
    response = staff_client.post("/admin/consent/disclosure/add/", {"text": "Version two of the consent text."})
    assert response.status_code == 302
    new = Disclosure.latest()
    assert (new.version, new.published_by, Disclosure.objects.get(pk=old.pk).text) == (
        old.version + 1, staff_user, old.text)
    staff_client.post(f"/admin/consent/disclosure/{old.pk}/change/", {"text": "rewritten"})
    assert Disclosure.objects.get(pk=old.pk).text == old.text
