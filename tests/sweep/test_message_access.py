"""Every view of, or action on, a patient's message in the admin leaves an access record (who, when,
what, from which address), and the record can be neither changed nor deleted."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from messaging.models import AppendOnly, InboundMessage, MessageAccess

CHANGELIST = reverse("admin:messaging_inboundmessage_changelist")
STAFF_IP = "10.40.0.7"


@pytest.fixture
def staff(world):
    client = Client(REMOTE_ADDR=STAFF_IP)
    client.force_login(world.users["staff_messages"], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _act(client, message_id, action, **data):
    return client.post(CHANGELIST + "?queue=all", {"action": action, ACTION_CHECKBOX_NAME: [message_id], **data})


ACTIONS = [
    ("view", MessageAccess.Action.VIEWED),
    ("mark_reviewed", MessageAccess.Action.REVIEWED),
    ("escalate", MessageAccess.Action.ESCALATED),
    ("reply_with_template", MessageAccess.Action.REPLIED),
    ("reclassify", MessageAccess.Action.RECLASSIFIED),
]


@pytest.mark.parametrize(("step", "recorded"), ACTIONS)
def test_each_view_or_action_on_a_patient_message_writes_an_access_record(world, staff, step, recorded):
    message = InboundMessage.objects.get(pk=world.inbound)
    before = set(MessageAccess.objects.values_list("pk", flat=True))
    if step == "view":
        response = staff.get(reverse("admin:messaging_inboundmessage_change", args=[message.pk]))
        assert response.status_code == 200
    elif step == "reply_with_template":
        response = _act(staff, message.pk, step, apply="1", template="acknowledgement", channels=["email"])
        assert response.status_code == 302
    elif step == "reclassify":
        response = _act(staff, message.pk, step, apply="1", category="administrative", note="Only a refill request.")
        assert response.status_code == 302
    else:
        assert _act(staff, message.pk, step).status_code == 302

    new = MessageAccess.objects.exclude(pk__in=before)
    assert [(r.user, r.action, r.message_id, r.patient_id, r.ip_address) for r in new] == [
        (world.users["staff_messages"], recorded, message.pk, message.patient_id, STAFF_IP)]
    assert new.get().at is not None


def test_the_intermediate_pages_of_the_reply_and_reclassify_actions_write_nothing_until_applied(world, staff):
    before = MessageAccess.objects.count()
    for action in ("reply_with_template", "reclassify"):
        assert _act(staff, world.inbound, action).status_code == 200
    assert MessageAccess.objects.count() == before


def test_staff_without_the_message_permission_see_no_message_and_leave_no_action(world):
    client = Client(REMOTE_ADDR=STAFF_IP)
    client.force_login(world.users["staff_no_messages"], backend="django.contrib.auth.backends.ModelBackend")
    before = MessageAccess.objects.count()
    assert client.get(reverse("admin:messaging_inboundmessage_change", args=[world.inbound])).status_code == 403
    assert _act(client, world.inbound, "mark_reviewed").status_code == 403
    assert MessageAccess.objects.count() == before
    assert InboundMessage.objects.get(pk=world.inbound).review_status == InboundMessage.ReviewStatus.NEW


def test_access_records_can_be_neither_changed_nor_deleted(world):
    record = MessageAccess.objects.get(pk=world.access.pk)
    record.note = "rewritten"
    with pytest.raises(AppendOnly):
        record.save()
    with pytest.raises(AppendOnly):
        record.delete()
    with pytest.raises(AppendOnly):
        MessageAccess.objects.filter(pk=record.pk).update(note="rewritten")
    with pytest.raises(AppendOnly):
        MessageAccess.objects.filter(pk=record.pk).delete()
    assert MessageAccess.objects.get(pk=record.pk).note == ""
