"""
The practice's canned replies: which one answers which triage category, and how it is rendered.

The rule (the guideline: a patient who asks for medical advice online is encouraged to visit the office
or the nearest hospital or urgent care): an emergency gets the "call the emergency number now" reply,
a request for medical advice gets the "please visit the office" reply (how to book, the address and
phone, urgent care guidance, and no medical content), and anything administrative an acknowledgement.

A reply is rendered from the practice's editable template text (``ReplyTemplate`` rows, seeded from
``templates/emails/<key>.txt`` and ``templates/sms/<key>.txt``) with Django's template engine. The
patient's own words are never part of the context, so a reply can never echo them.

No ORM and no clock here: the caller passes the template texts and the context.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.template import Context, Engine

from .triage import Category

EMERGENCY = "emergency"
MEDICAL_ADVICE = "medical_advice"
ACKNOWLEDGEMENT = "acknowledgement"
CONSENT_CONFIRMATION = "consent_confirmation"
STOP_CONFIRMATION = "stop_confirmation"
HELP_REPLY = "help_reply"

TEMPLATE_FOR_CATEGORY = {
    Category.EMERGENCY: EMERGENCY,
    Category.MEDICAL_ADVICE: MEDICAL_ADVICE,
    Category.ADMINISTRATIVE: ACKNOWLEDGEMENT,
}
# Replies about care (purpose CARE at the gate); the rest are administrative.
CARE_TEMPLATES = {EMERGENCY, MEDICAL_ADVICE}
# The context keys a template may use. Nothing the patient wrote is ever among them.
CONTEXT_KEYS = ("practice", "confirm_url", "unsubscribe_url", "preferences_url")

# Plain-text output: no HTML escaping (the texts are not HTML), no custom tag libraries.
_engine = Engine(autoescape=False)

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=256)
def _compile(source: str):
    # Compiled templates are reusable; the practice edits them rarely, and a new text is a new key.
    return _engine.from_string(source)


@dataclass(frozen=True)
class Reply:
    subject: str
    body: str


def template_for(category: str) -> str:
    """The reply template key answering a triage category."""
    return TEMPLATE_FOR_CATEGORY[Category(category)]


def render(subject_source: str, body_source: str, context: dict) -> Reply:
    """Render one reply from its template texts; unknown context keys are dropped."""
    ctx = Context({key: context[key] for key in CONTEXT_KEYS if key in context}, autoescape=False)
    subject = " ".join(_compile(subject_source).render(ctx).split())
    body = _compile(body_source).render(ctx).strip()
    # Collapse the blank lines that template tags leave behind to at most one.
    lines: list[str] = []
    for line in (raw.rstrip() for raw in body.splitlines()):
        if line or (lines and lines[-1]):
            lines.append(line)
    return Reply(subject=subject, body="\n".join(lines))


@lru_cache(maxsize=1)
def _footer_source() -> str:
    return (TEMPLATES_DIR / "emails" / "footer.txt").read_text()


def email_footer(context: dict) -> str:
    """The footer every e-mail carries: the practice, and the one-click unsubscribe link."""
    return render("", _footer_source(), context).body


def default_source(key: str, channel: str) -> tuple[str, str] | None:
    """The shipped default (subject, body) for a template key and channel, read from ``templates/``.

    E-mail files hold the subject on the first line, then a blank line, then the body.
    """
    folder = "emails" if channel == "email" else "sms"
    path = TEMPLATES_DIR / folder / f"{key}.txt"
    if not path.exists():
        return None
    text = path.read_text()
    if channel != "email":
        return "", text
    subject, _, body = text.partition("\n\n")
    return subject.strip(), body
