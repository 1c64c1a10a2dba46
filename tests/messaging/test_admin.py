"""Staff review in the admin: the queue, its actions, the access log and who may see messages."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consent.state import Channel
from messaging.models import InboundMessage, MessageAccess, OutboundMessage
from messaging.triage import Category

CHANGELIST = reverse("admin:messaging_inboundmessage_changelist")


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def inbound(patient_factory):
    patient = patient_factory(email=True)
    base = timezone.now() - timedelta(hours=5)

    def make(category, hours=0, text="Please call me back about my visit.", **fields):
        return InboundMessage.objects.create(patient=patient, text=text, category=category,
                                             flagged=category != Category.ADMINISTRATIVE,
                                             received_at=base + timedelta(hours=hours), **fields)

    return make


def post_action(client, action, messages, url=CHANGELIST, **data):
    return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [m.pk for m in messages], **data})


def test_the_queue_shows_emergencies_first_then_advice_then_the_rest_oldest_first(staff, inbound):
    admin_old = inbound(Category.ADMINISTRATIVE, hours=0)
    advice_new = inbound(Category.MEDICAL_ADVICE, hours=3)
    emergency_new = inbound(Category.EMERGENCY, hours=4)
    advice_old = inbound(Category.MEDICAL_ADVICE, hours=1)
    emergency_old = inbound(Category.EMERGENCY, hours=2)

    queue = staff.get(CHANGELIST)
    everything = staff.get(CHANGELIST, {"queue": "all"})

    assert queue.status_code == 200
    shown = [obj.pk for obj in queue.context["cl"].result_list]
    assert shown == [emergency_old.pk, emergency_new.pk, advice_old.pk, advice_new.pk]  # flagged only
    assert [obj.pk for obj in everything.context["cl"].result_list] == shown + [admin_old.pk]


def test_reviewed_messages_leave_the_queue_and_escalated_ones_stay(staff, inbound):
    reviewed = inbound(Category.EMERGENCY, review_status=InboundMessage.ReviewStatus.REVIEWED)
    escalated = inbound(Category.MEDICAL_ADVICE, review_status=InboundMessage.ReviewStatus.ESCALATED)

    shown = [obj.pk for obj in staff.get(CHANGELIST).context["cl"].result_list]

    assert reviewed.pk not in shown and escalated.pk in shown


def test_the_queue_cannot_be_searched_by_what_patients_wrote(staff, inbound):
    message = inbound(Category.MEDICAL_ADVICE, text="A distinctive phrase about my knee")
    assert staff.get(CHANGELIST, {"queue": "all", "q": "distinctive phrase"}).context["cl"].result_count == 0
    assert staff.get(CHANGELIST, {"queue": "all", "q": message.patient.name}).context["cl"].result_count >= 1


def test_the_queue_filters_by_category_and_status_and_searches_patients(staff, inbound):
    emergency = inbound(Category.EMERGENCY)
    inbound(Category.ADMINISTRATIVE, review_status=InboundMessage.ReviewStatus.REVIEWED)

    by_category = staff.get(CHANGELIST, {"category__exact": "emergency"})
    by_status = staff.get(CHANGELIST, {"queue": "all", "review_status__exact": "reviewed"})
    by_search = staff.get(CHANGELIST, {"queue": "all", "q": emergency.patient.email})

    assert [m.pk for m in by_category.context["cl"].result_list] == [emergency.pk]
    assert [m.category for m in by_status.context["cl"].result_list] == [Category.ADMINISTRATIVE]
    assert by_search.context["cl"].result_count == 2


def test_opening_a_message_records_who_viewed_which_patient_s_message(staff, staff_user, inbound):
    message = inbound(Category.MEDICAL_ADVICE)

    response = staff.get(reverse("admin:messaging_inboundmessage_change", args=[message.pk]),
                         REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    assert message.text.encode() in response.content
    access = MessageAccess.objects.get()
    assert (access.user, access.action, access.message, access.patient, access.ip_address) == (
        staff_user, MessageAccess.Action.VIEWED, message, message.patient, "10.1.2.3")


def test_mark_reviewed_records_who_and_when(staff, staff_user, inbound):
    message = inbound(Category.EMERGENCY)

    response = post_action(staff, "mark_reviewed", [message])

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.review_status == InboundMessage.ReviewStatus.REVIEWED
    assert message.reviewed_by == staff_user and message.reviewed_at is not None
    assert MessageAccess.objects.get().action == MessageAccess.Action.REVIEWED


def test_escalate_keeps_the_message_flagged_and_records_it(staff, inbound):
    message = inbound(Category.ADMINISTRATIVE)  # not flagged, so selected from "All messages"
    post_action(staff, "escalate", [message], url=f"{CHANGELIST}?queue=all")
    message.refresh_from_db()
    assert message.review_status == InboundMessage.ReviewStatus.ESCALATED and message.flagged
    assert MessageAccess.objects.get().action == MessageAccess.Action.ESCALATED


def test_reclassify_requires_a_note(staff, inbound):
    message = inbound(Category.MEDICAL_ADVICE)

    page = post_action(staff, "reclassify", [message])
    refused = post_action(staff, "reclassify", [message], apply="1", category="administrative", note="  ")

    assert page.status_code == 200 and b"Reclassify" in page.content
    assert refused.status_code == 200 and b"This field is required" in refused.content
    message.refresh_from_db()
    assert message.category == Category.MEDICAL_ADVICE
    assert not MessageAccess.objects.exists()


def test_reclassify_with_a_note_changes_the_category_and_records_why(staff, staff_user, inbound):
    message = inbound(Category.MEDICAL_ADVICE)

    response = post_action(staff, "reclassify", [message], apply="1", category="administrative",
                           note="Only asks for a copy of the lab report.")

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.category == Category.ADMINISTRATIVE and not message.flagged
    access = MessageAccess.objects.get()
    assert access.user == staff_user and access.action == MessageAccess.Action.RECLASSIFIED
    assert "medical_advice -> administrative" in access.note and "lab report" in access.note


def test_reply_with_a_template_goes_through_the_gate(staff, staff_user, inbound, no_quiet_hours,
                                                      django_capture_on_commit_callbacks):
    message = inbound(Category.MEDICAL_ADVICE)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(staff, "reply_with_template", [message], apply="1", template="medical_advice",
                               channels=["email", "sms"])

    assert response.status_code == 302
    replies = {r.channel: r for r in OutboundMessage.objects.filter(reply_to=message)}
    assert replies[Channel.EMAIL].status == OutboundMessage.Status.SENT
    assert replies[Channel.EMAIL].created_by == staff_user
    assert replies[Channel.SMS].status == OutboundMessage.Status.BLOCKED  # no text consent
    assert len(mail.outbox) == 1 and message.text not in mail.outbox[0].body
    assert MessageAccess.objects.get().action == MessageAccess.Action.REPLIED


def test_the_reply_page_offers_only_the_staff_reply_templates(staff, inbound):
    page = post_action(staff, "reply_with_template", [inbound(Category.MEDICAL_ADVICE)])
    assert len(page.context["queryset"]) == 1
    choices = [value for value, _ in page.context["form"].fields["template"].choices]
    assert choices == ["acknowledgement", "emergency", "medical_advice"]


def test_the_access_log_cannot_be_changed_or_deleted(staff_user, inbound):
    from messaging.models import AppendOnly

    message = inbound(Category.EMERGENCY)
    access = MessageAccess.objects.create(user=staff_user, action="viewed", message=message,
                                          patient=message.patient)
    with pytest.raises(AppendOnly):
        access.save()
    with pytest.raises(AppendOnly):
        MessageAccess.objects.all().delete()
    with pytest.raises(AppendOnly):
        MessageAccess.objects.update(note="changed")


def test_staff_without_the_permission_do_not_see_patient_messages(client, user_factory, inbound):
    from allauth.mfa.totp.internal.auth import TOTP

    other = user_factory(is_staff=True)  # staff, but not in "Practice staff"
    TOTP.activate(other, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    message = inbound(Category.EMERGENCY)
    client.force_login(other)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:messaging_inboundmessage_change", args=[message.pk])).status_code == 403
    index = client.get(reverse("admin:index"))
    assert b"awaiting review" not in index.content
    assert not MessageAccess.objects.exists()


def test_physicians_are_not_given_the_messaging_permissions(user_factory):
    from accounts import roles

    physician = user_factory(group=roles.PHYSICIANS)
    assert not physician.has_perm("messaging.view_inboundmessage")


def test_the_admin_index_counts_emergencies_and_advice_awaiting_review(staff, inbound):
    inbound(Category.EMERGENCY)
    inbound(Category.EMERGENCY)
    inbound(Category.EMERGENCY, review_status=InboundMessage.ReviewStatus.REVIEWED)
    inbound(Category.MEDICAL_ADVICE)
    inbound(Category.ADMINISTRATIVE)

    index = staff.get(reverse("admin:index"))

    assert index.status_code == 200
    text = " ".join(index.content.decode().split())
    assert "Patient messages awaiting review" in text
    assert "<strong>2</strong> emergencies" in text
    assert "<strong>1</strong> medical advice request" in text


def test_staff_edit_a_reply_template_in_the_admin_and_who_is_recorded(staff, staff_user):
    from messaging.models import ReplyTemplate

    template = ReplyTemplate.objects.get(key="acknowledgement", channel="email")
    url = reverse("admin:messaging_replytemplate_change", args=[template.pk])

    broken = staff.post(url, {"subject": "Thanks", "body": "Hello {% if %}"})
    saved = staff.post(url, {"subject": "Thanks from {{ practice.name }}", "body": "We will call you back."})

    assert broken.status_code == 200 and b"Template error" in broken.content
    assert saved.status_code == 302
    template.refresh_from_db()
    assert template.body == "We will call you back." and template.updated_by == staff_user


def test_the_outbound_log_is_read_only_and_shows_why_a_message_was_blocked(staff, patient_factory):
    from consent.gate import Purpose
    from messaging import delivery
    from messaging.actions import queue_message

    message = queue_message(patient_id=patient_factory().pk, channel=Channel.SMS, purpose=Purpose.CARE,
                            template="medical_advice")
    delivery.deliver(message.pk)

    page = staff.get(reverse("admin:messaging_outboundmessage_changelist"))
    assert page.status_code == 200 and b"no active express consent for sms" in page.content
    assert staff.post(reverse("admin:messaging_outboundmessage_change", args=[message.pk]),
                      {"status": "sent"}).status_code == 403
