"""Reply rendering: the right template per category, only the allowed context, texts that fit."""

import types

import pytest

from messaging import replies
from messaging.triage import Category

PRACTICE = types.SimpleNamespace(name="Maple Street Family Practice", phone="+1 555 010 0200",
                                 emergency_number="911", crisis_line="988", booking_instructions="Call us.",
                                 urgent_care_guidance="", locations=None)


@pytest.mark.parametrize(("category", "key"), [
    (Category.EMERGENCY, "emergency"),
    (Category.MEDICAL_ADVICE, "medical_advice"),
    (Category.ADMINISTRATIVE, "acknowledgement"),
])
def test_each_category_has_its_reply(category, key):
    assert replies.template_for(category) == key


def test_only_the_allowed_context_reaches_a_template():
    # Even if a caller slipped the patient's words into the context, the template cannot print them.
    reply = replies.render("{{ text }}", "Hello{{ text }} from {{ practice.name }}",
                           {"practice": PRACTICE, "text": "my private symptoms"})
    assert reply == replies.Reply(subject="", body="Hello from Maple Street Family Practice")


def test_rendering_is_plain_text_without_html_escaping():
    reply = replies.render("", "{{ practice.name }}", {"practice": types.SimpleNamespace(name="O'Brien & Co")})
    assert reply.body == "O'Brien & Co"


@pytest.mark.parametrize("key", ["emergency", "medical_advice", "acknowledgement", "stop_confirmation", "help_reply"])
def test_the_shipped_texts_fit_in_160_characters_name_the_practice_and_offer_stop(key):
    subject, body = replies.default_source(key, "sms")
    text = replies.render(subject, body, {"practice": PRACTICE}).body
    assert len(text) <= 160, text
    assert text.startswith(PRACTICE.name)
    assert "STOP" in text or key == "stop_confirmation"


@pytest.mark.parametrize("key", ["emergency", "medical_advice", "acknowledgement"])
def test_the_shipped_e_mails_have_a_subject_and_a_body(key):
    subject, body = replies.default_source(key, "email")
    reply = replies.render(subject, body, {"practice": PRACTICE})
    assert reply.subject and "\n" not in reply.subject and len(reply.body) > 100


def test_the_email_footer_carries_the_unsubscribe_link():
    footer = replies.email_footer({"practice": PRACTICE, "unsubscribe_url": "https://portal.example/u/x/"})
    assert "https://portal.example/u/x/" in footer and PRACTICE.name in footer
