"""
Consent writes: every grant, confirmation and withdrawal is one appended ledger event.

Each action runs inside ``transaction.atomic``. Messages are never sent from here: the confirmation
request and the STOP/HELP replies are queued through ``messaging.actions.queue_message``, and the
gate decides at send time.
"""

import hmac
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from . import api, tokens
from .gate import Purpose
from .models import ConsentEvent, Disclosure, Patient
from .state import Action, Channel, Status

Method = ConsentEvent.Method
CONFIRMATION_TEMPLATE = "consent_confirmation"
STOP_TEMPLATE = "stop_confirmation"
HELP_TEMPLATE = "help_reply"


@dataclass(frozen=True)
class RequestFacts:
    """Who asked, from where: the facts an event records. Staff entries carry the staff user."""

    ip: str | None = None
    user_agent: str = ""
    staff_user: object | None = None

    def event_fields(self) -> dict:
        fields = {"ip": self.ip or None, "user_agent": (self.user_agent or "")[:500]}
        if self.staff_user is not None:
            fields.update(actor_kind=ConsentEvent.Actor.STAFF, actor=self.staff_user,
                          actor_label=self.staff_user.email)
        return fields


def _verified_addresses(patient_id: int) -> set[str]:
    return set(ConsentEvent.objects.filter(patient_id=patient_id, action=Action.CONFIRM)
               .values_list("address", flat=True))


def find_or_create_patient(*, name: str, email: str = "", phone: str = "") -> Patient:
    """The patient these details belong to, de-duplicated by verified e-mail or number.

    An existing patient is reused only if every address given is already theirs and either one of them
    is verified or the details are the same; so nobody can attach a new address to someone else's record.
    """
    email = (email or "").strip().lower()
    query = (Q(email=email) if email else Q()) | (Q(phone=phone) if phone else Q())
    if not query:
        raise ValueError("An e-mail address or a mobile number is needed.")
    fallback = None
    for patient in Patient.objects.filter(query).order_by("pk"):
        if (email and patient.email != email) or (phone and patient.phone != phone):
            continue
        if _verified_addresses(patient.pk) & {email, phone}:
            return patient
        if fallback is None and patient.email == email and patient.phone == phone:
            fallback = patient
    return fallback or Patient.objects.create(name=name.strip(), email=email, phone=phone)


def _append(patient, channel, action, method, facts: RequestFacts | None, **fields) -> ConsentEvent:
    return ConsentEvent.objects.append(patient=patient, channel=channel, action=action, method=method,
                                       **(facts or RequestFacts()).event_fields(), **fields)


def confirm_url(patient_id: int, channel, address: str) -> str:
    """The link in the confirmation request: signed and expiring for e-mail, short with the code for texts."""
    from django.conf import settings

    if channel == Channel.EMAIL:
        path = reverse("consent:confirm-email", args=[tokens.make_confirm_token(patient_id, address)])
    else:
        grant = (ConsentEvent.objects.filter(patient_id=patient_id, channel=Channel.SMS, action=Action.GRANT)
                 .order_by("-seq").first())
        path = reverse("consent:confirm-text-link", args=[patient_id, tokens.sms_code(patient_id, grant.seq)])
    return settings.SITE_URL + path


def request_confirmation(patient: Patient, channel) -> None:
    """Queue the one message a pending channel may receive: the confirmation request."""
    from messaging.actions import queue_message

    address = api.current_state(patient.pk, channel).address
    queue_message(patient_id=patient.pk, channel=channel, purpose=Purpose.CONFIRMATION,
                  template=CONFIRMATION_TEMPLATE, context={"confirm_url": confirm_url(patient.pk, channel, address)})


@transaction.atomic
def grant_consent(patient: Patient, channel, *, address: str, method: str, disclosure: Disclosure | None,
                  facts: RequestFacts | None = None, note: str = "", send_confirmation: bool = True
                  ) -> ConsentEvent | None:
    """Record a grant (PENDING until confirmed) and queue the confirmation request.

    Granting again what is already active for the same address records nothing and sends nothing.
    """
    state = api.current_state(patient.pk, channel)
    if state.status == Status.ACTIVE and state.address == address:
        return None
    event = _append(patient, channel, Action.GRANT, method, facts, address=address, disclosure=disclosure, note=note)
    if send_confirmation:  # only demo data skips it
        request_confirmation(patient, channel)
    return event


@transaction.atomic
def confirm_consent(patient: Patient, channel, *, address: str = "", method: str,
                    facts: RequestFacts | None = None) -> ConsentEvent | None:
    """Record the confirmation of a pending grant (for that address); None if nothing is pending.

    The replies the gate held back while the channel was pending are queued again, once (messaging decides which).
    """
    from messaging.actions import release_held_replies

    state = api.current_state(patient.pk, channel)
    if state.status != Status.PENDING or (address and address != state.address):
        return None
    event = _append(patient, channel, Action.CONFIRM, method, facts, address=state.address,
                    disclosure_version=state.disclosure_version)
    release_held_replies(patient_id=patient.pk, channel=channel)
    return event


@transaction.atomic
def withdraw_consent(patient: Patient, channel, *, method: str, facts: RequestFacts | None = None,
                     note: str = "", needs_review: bool = False, force: bool = False) -> ConsentEvent | None:
    """Withdraw at once. Takes the channel lock first, so a send in progress finishes or never starts.

    Returns None (and records nothing) if the channel is already withdrawn or was never granted,
    unless ``force`` (a patient's own STOP is always recorded as evidence).
    """
    with api.channel_lock(patient.pk, channel):
        state = api.current_state(patient.pk, channel)
        if not force and state.status in (Status.NONE, Status.WITHDRAWN):
            return None
        address = state.address or (patient.email if channel == Channel.EMAIL else patient.phone)
        return _append(patient, channel, Action.WITHDRAW, method, facts, address=address, note=note,
                       needs_review=needs_review)


@transaction.atomic
def record_texting_reason(patient: Patient, *, reason: str, staff_user, method: str = Method.STAFF_IN_PERSON):
    """Staff record why texting this patient about care is imperative (empty reason: clears it)."""
    return _append(patient, Channel.SMS, Action.TEXTING_REASON, method, RequestFacts(staff_user=staff_user),
                   note=reason.strip())


def _queue_keyword_reply(patient: Patient, template: str) -> None:
    from messaging.actions import queue_message

    queue_message(patient_id=patient.pk, channel=Channel.SMS, purpose=Purpose.KEYWORD_REPLY, template=template)


def code_matches(patient: Patient, code: str) -> bool:
    grant = (ConsentEvent.objects.filter(patient=patient, channel=Channel.SMS, action=Action.GRANT)
             .order_by("-seq").first())
    return grant is not None and hmac.compare_digest(tokens.sms_code(patient.pk, grant.seq), code)


@transaction.atomic
def receive_text(*, from_number: str, body: str):
    """Act on one inbound text: STOP withdraws (one confirmation text), HELP answers, YES confirms,
    a stop request in other words withdraws and is flagged for staff; anything else goes to messaging.
    Returns the Keyword it understood.
    """
    from messaging.actions import receive_message

    from .keywords import Keyword, classify_inbound, confirmation_code
    from .phone import InvalidNumber, to_e164

    keyword = classify_inbound(body)
    try:
        number = to_e164(from_number)
    except InvalidNumber:
        return Keyword.NONE
    patients = list(Patient.objects.filter(phone=number).order_by("pk"))
    if keyword in (Keyword.STOP, Keyword.STOP_IN_WORDS):
        in_words = keyword == Keyword.STOP_IN_WORDS
        for patient in patients:
            withdraw_consent(patient, Channel.SMS, force=True,
                             method=Method.TEXT_FREE_TEXT if in_words else Method.TEXT_KEYWORD,
                             note="Withdrawn by free-text request." if in_words else "",
                             needs_review=in_words)
        if patients:
            _queue_keyword_reply(patients[0], STOP_TEMPLATE)
            if in_words:  # the text may say more than "stop": staff read it
                receive_message(patient_id=patients[0].pk, text=body, channel_hint="sms")
        return keyword
    if keyword == Keyword.HELP:
        if patients:
            _queue_keyword_reply(patients[0], HELP_TEMPLATE)
        return keyword
    if keyword == Keyword.YES:
        code = confirmation_code(body)
        confirmed = False
        for patient in patients:
            if code and not code_matches(patient, code):
                continue
            method = Method.CONFIRMATION_CODE if code else Method.TEXT_KEYWORD
            confirmed |= confirm_consent(patient, Channel.SMS, address=number, method=method) is not None
        if confirmed:
            return keyword
    patient = patients[0] if patients else Patient.objects.create(name="", phone=number)
    receive_message(patient_id=patient.pk, text=body, channel_hint="sms")
    return Keyword.NONE


@transaction.atomic
def submit_contact_request(*, name: str, email: str, phone: str, text: str, channels: list[str],
                           physician_id: int | None, facts: RequestFacts):
    """The contact form: find or create the patient, record a pending grant per ticked channel (with the
    disclosure shown), queue the confirmations, then hand the message to messaging. Returns its Intake."""
    from messaging.actions import receive_message

    patient = find_or_create_patient(name=name, email=email, phone=phone)
    disclosure = Disclosure.latest()
    for channel in channels:
        address = email.strip().lower() if channel == Channel.EMAIL else phone
        grant_consent(patient, channel, address=address, method=Method.WEB_FORM, disclosure=disclosure, facts=facts)
    return receive_message(patient_id=patient.pk, text=text, physician_id=physician_id, channel_hint="web")
