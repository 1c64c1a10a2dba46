"""Every public and patient-facing page passes axe-core's WCAG 2.0/2.1 A and AA rules at phone and desktop
widths, and the consent form can be completed with the keyboard alone."""

import pytest
from django.core import mail

from tests.e2e.conftest import format_violations
from tests.e2e.scenario import (  # noqa: F401
    ADMIN_MESSAGE,
    ADVICE_QUESTION,
    EMERGENCY_MESSAGE,
    PATIENT,
    link_in,
    patient_link_pages,
    portal,
    practice,
    public_pages,
    send_contact_form,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_every_public_page_and_the_consent_form_pass_axe_with_no_violation(visit, practice, width):  # noqa: F811
    v = visit(width, name=f"a11y-{width}")
    page, found, checked, too_wide = v.page, {}, [], []

    def check(label):
        v.shot(label)
        checked.append(label)
        if violations := v.axe_violations():
            found[label] = violations
        # Reflow (WCAG 1.4.10): nothing makes the page scroll sideways.
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            too_wide.append(label)

    for label, path, status in public_pages() + patient_link_pages():
        assert page.goto(path).status == status, path
        check(label)

    # The link pages after their one button: confirmed, unsubscribed.
    for label, path, _ in patient_link_pages("after.buttons@example.org")[:2]:
        page.goto(path)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        check(f"{label}-done")

    # The contact form sent empty: every error announced and tied to its field.
    page.goto("/contact/")
    page.get_by_role("button", name="Send message").click()
    page.locator("#form-error").wait_for()
    check("contact-form-errors")
    assert page.locator("[aria-invalid=true], .is-invalid").count() >= 2

    # The page after sending, for each kind of message (and both channels ticked once).
    for label, text, phone in [("emergency", EMERGENCY_MESSAGE, "202-555-0147"), ("advice", ADVICE_QUESTION, ""),
                               ("administrative", ADMIN_MESSAGE, "")]:
        page.goto("/contact/")
        send_contact_form(page, message=text, phone=phone, consent_sms=bool(phone))
        page.wait_for_url("**/contact/sent/")
        check(f"sent-{label}")

    assert len(checked) >= 20
    assert found == {}, format_violations(found)
    assert too_wide == []


def test_the_emergency_reply_is_shown_as_an_alert_first_on_the_page(visit, practice):  # noqa: F811
    v = visit("phone", name="a11y-emergency")
    v.page.goto("/contact/")
    send_contact_form(v.page, message=EMERGENCY_MESSAGE)
    v.page.wait_for_url("**/contact/sent/")
    alert = v.page.get_by_role("alert")
    assert alert.count() == 1
    assert "call 911 now" in alert.inner_text() and "988" in alert.inner_text()
    # The alert is the first thing after the page's heading, visible without scrolling on a phone.
    box = alert.bounding_box()
    assert box["y"] + 80 < v.page.viewport_size["height"]


def test_the_consent_form_can_be_completed_with_the_keyboard_alone(visit, practice):  # noqa: F811
    from consent import api
    from consent.models import Patient
    from consent.state import Channel, Status

    v = visit("desktop", name="a11y-keyboard")
    page = v.page
    page.goto("/contact/?doctor=avery-chen")
    typed = {"id_name": PATIENT["name"], "id_email": PATIENT["email"], "id_message": ADVICE_QUESTION}
    focused, submitted = [], False
    for _ in range(40):
        page.keyboard.press("Tab")
        element = page.evaluate("({id: document.activeElement.id, tag: document.activeElement.tagName,"
                                " type: document.activeElement.type || '', text: document.activeElement.innerText})")
        focused.append(element["id"] or element["tag"])
        if element["id"] in typed:
            page.keyboard.type(typed[element["id"]])
        elif element["id"] == "id_consent_email":
            page.keyboard.press("Space")
            v.shot("keyboard-consent-ticked")
        elif element["tag"] == "BUTTON" and element["text"].strip() == "Send message":
            page.keyboard.press("Enter")
            submitted = True
            break
    assert submitted, focused
    page.wait_for_url("**/contact/sent/")
    v.shot("keyboard-sent")

    assert "id_website" not in focused  # the honeypot is never reached
    order = [focused.index(i) for i in ("id_name", "id_email", "id_phone", "id_message", "id_consent_email",
                                        "id_consent_sms")]
    assert order == sorted(order), focused
    patient = Patient.objects.get(email=PATIENT["email"])
    assert api.current_state(patient.pk, Channel.EMAIL).status == Status.PENDING
    assert api.current_state(patient.pk, Channel.SMS).status == Status.NONE
    assert patient.inbound_messages.get().text == ADVICE_QUESTION
    assert [m.to for m in mail.outbox] == [[PATIENT["email"]]]  # the confirmation request
