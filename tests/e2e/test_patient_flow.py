"""A patient, in headless Chromium: finds a physician, asks a medical question with e-mail consent, confirms
from the e-mail, receives the reply by e-mail once, unsubscribes with the e-mail's link, and hears no more.

Screenshots of every step at phone and desktop widths go to $SCREENSHOTS_DIR (var/screenshots).
"""

import re

import pytest
from django.core import mail

from tests.e2e.scenario import ADMIN_MESSAGE, ADVICE_QUESTION, PATIENT, link_in, portal, practice  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Words of the question that a reply must never carry back (nor any advice about them).
QUESTION_WORDS = ("metformin", "stomach", "stop taking")
ADVICE_WORDS = ("dose", "mg", "tablet", "side effect", "you should stop", "keep taking")


def _no_medical_content(text: str) -> None:
    lowered = text.lower()
    assert ADVICE_QUESTION.lower() not in lowered
    assert [w for w in QUESTION_WORDS if w in lowered] == []
    assert [w for w in ADVICE_WORDS if re.search(rf"\b{w}\b", lowered)] == []


def _outbound(email):
    from consent.models import Patient
    from messaging.models import OutboundMessage

    patient = Patient.objects.get(email=email)
    return patient, list(OutboundMessage.objects.filter(patient=patient).order_by("pk"))


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_a_patient_asks_confirms_gets_the_reply_by_e_mail_once_and_unsubscribes(visit, practice, width):  # noqa: F811
    from consent import api
    from consent.state import Channel, Status
    from messaging.models import InboundMessage, OutboundMessage

    v = visit(width, name=f"patient-{width}")
    page = v.page

    # The home page leads to the directory.
    page.goto("/")
    v.shot("home")
    page.get_by_role("link", name="Find a physician").click()
    page.wait_for_url("**/doctors/")
    v.shot("directory")
    assert "7 physicians" in page.get_by_role("status").inner_text()

    # Search by name, narrowed to a language the physician speaks.
    page.get_by_label("Name").fill("Okafor")
    page.get_by_label("Language").select_option(label="Yoruba")
    page.get_by_role("button", name="Show physicians").click()
    page.wait_for_url(re.compile(r"/doctors/\?.*q=Okafor"))
    v.shot("directory-search")
    assert "1 physician match your search" in page.get_by_role("status").inner_text()

    # The profile, and its contact button.
    page.get_by_role("link", name=re.compile("Jordan Okafor")).click()
    page.wait_for_url("**/doctors/jordan-okafor/")
    v.shot("profile")
    assert "Jordan Okafor" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Request contact").last.click()
    page.wait_for_url("**/contact/?doctor=jordan-okafor")
    assert "Jordan Okafor" in page.locator("main").inner_text()
    v.shot("contact-form")

    # The form, with e-mail consent ticked (and texting left unticked).
    page.get_by_label("Your name").fill(PATIENT["name"])
    page.get_by_label("E-mail address").fill(PATIENT["email"])
    page.get_by_label("Your message").fill(ADVICE_QUESTION)
    page.get_by_label("I agree to be contacted by e-mail").check()
    assert not page.get_by_label("I agree to be contacted by text message").is_checked()
    v.shot("contact-form-filled")
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url("**/contact/sent/")
    v.shot("reply-on-screen")

    # The "please visit the office" reply, on screen at once: no advice, nothing of the question echoed.
    main = page.locator("main").inner_text()
    assert "Please visit Riverside Family Practice so that a physician can help you" in main
    assert "We cannot give medical advice by e-mail, text or through our website" in main
    assert "Please make an appointment" in main and "+1 555 0100 200" in main
    assert "call 911" in main and "988" in main
    assert "We sent a confirmation link to your e-mail address" in main
    _no_medical_content(main)
    inbound = InboundMessage.objects.get()
    assert inbound.category == "medical_advice" and inbound.flagged and inbound.physician.name == "Jordan Okafor"

    # Only the confirmation request went out; the reply waits for the confirmation.
    patient, rows = _outbound(PATIENT["email"])
    [confirmation] = mail.outbox
    assert confirmation.to == [PATIENT["email"]] and "confirm" in confirmation.subject.lower()
    held = [m for m in rows if m.template == "medical_advice" and m.channel == Channel.EMAIL]
    assert [(m.status, m.blocked_reason) for m in held] == [
        (OutboundMessage.Status.BLOCKED, "no active express consent for email (status: pending)")]

    # The patient follows the link in the e-mail and presses the button.
    page.goto(link_in(confirmation.body, "/consent/confirm/"))
    assert PATIENT["email"] in page.locator("main").inner_text()
    v.shot("confirm-page")
    page.get_by_role("button", name="Yes, I confirm").click()
    page.get_by_role("heading", name="Thank you: confirmed").wait_for()
    v.shot("confirmed")
    assert api.current_state(patient.pk, Channel.EMAIL).status == Status.ACTIVE

    # The held reply went out once, by e-mail, with the one-click unsubscribe headers.
    replies = [m for m in mail.outbox if m.subject.startswith("Please visit")]
    assert len(mail.outbox) == 2 and len(replies) == 1
    [reply] = replies
    assert reply.to == [PATIENT["email"]]
    _no_medical_content(f"{reply.subject}\n{reply.body}")
    unsubscribe = link_in(reply.body, "/consent/unsubscribe/")
    assert reply.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert reply.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [m.status for m in _outbound(PATIENT["email"])[1] if m.template == "medical_advice"
            and m.channel == Channel.EMAIL] == [OutboundMessage.Status.BLOCKED, OutboundMessage.Status.SENT]

    # The unsubscribe link from the e-mail: one page, one button.
    page.goto(unsubscribe)
    v.shot("unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_load_state()
    v.shot("unsubscribed")
    assert api.current_state(patient.pk, Channel.EMAIL).status == Status.WITHDRAWN

    # The patient writes again (no box ticked this time): the reply is blocked, no e-mail goes out.
    page.goto("/contact/")
    page.get_by_label("Your name").fill(PATIENT["name"])
    page.get_by_label("E-mail address").fill(PATIENT["email"])
    page.get_by_label("Your message").fill(ADMIN_MESSAGE)
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url("**/contact/sent/")
    v.shot("second-message-sent")
    assert "we will not" in page.locator("main").inner_text()
    assert len(mail.outbox) == 2
    second = OutboundMessage.objects.get(reply_to__text=ADMIN_MESSAGE, channel=Channel.EMAIL)
    assert second.status == OutboundMessage.Status.BLOCKED
    assert second.blocked_reason == "no active express consent for email (status: withdrawn)"

    # Nor does a reply from staff to the first message.
    from messaging.actions import reply_with_template

    staff = type(inbound.physician.account).objects.create_user(email="desk@practice.example", is_staff=True)
    [answer] = reply_with_template(inbound, template="acknowledgement", channels=[Channel.EMAIL], by=staff)
    answer.refresh_from_db()
    assert answer.status == OutboundMessage.Status.BLOCKED and "withdrawn" in answer.blocked_reason
    assert len(mail.outbox) == 2
    assert v.foreign_requests() == []
