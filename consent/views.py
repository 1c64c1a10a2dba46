"""Patient-facing pages: the contact form, confirmation links and codes, unsubscribe, preferences."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import actions, api, ratelimit, tokens
from .forms import ContactForm, PreferencesForm, TextCodeForm
from .models import ConsentEvent, Disclosure, Patient
from .phone import mask
from .state import Action, Channel, Status

logger = logging.getLogger(__name__)
Method = ConsentEvent.Method
RESULT_KEY = "consent_contact_result"
CODE_LIMIT, WINDOW = 5, 600


def _facts(request) -> actions.RequestFacts:
    return actions.RequestFacts(ip=request.META.get("REMOTE_ADDR") or None,
                                user_agent=request.META.get("HTTP_USER_AGENT", ""))


def _physician(slug: str):
    from profiles.models import PhysicianProfile

    return PhysicianProfile.objects.published().filter(slug=slug).first() if slug else None


def _patient_or_404(patient_id: int) -> Patient:
    patient = Patient.objects.filter(pk=patient_id).first()
    if patient is None:
        raise Http404("No such patient")
    return patient


@require_http_methods(["GET", "POST"])
def request_contact(request):
    """The contact form: a message, and one unticked consent checkbox per channel next to the disclosure."""
    error, status = "", 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        if not ratelimit.hit("contact", request, limit=settings.CONTACT_FORM_RATE_LIMIT, window=WINDOW):
            error, status = "You have sent several messages in a short time. Please wait 10 minutes and try again, " \
                            "or call us.", 429
        elif form.is_valid():
            data, physician = form.cleaned_data, _physician(form.cleaned_data["doctor"])
            try:
                intake = actions.submit_contact_request(
                    name=data["name"], email=data["email"], phone=data["phone"], text=data["message"],
                    channels=form.channels(), physician_id=physician.pk if physician else None,
                    facts=_facts(request))
            except DatabaseError:
                logger.exception("contact form: database unavailable")
                error, status = "Sorry, your message could not be sent because of a problem on our side. " \
                                "Nothing was sent. Please try again in a few minutes, or call us.", 503
            else:
                request.session[RESULT_KEY] = {
                    "category": str(intake.category), "reply_subject": intake.reply_subject,
                    "reply_text": intake.reply_text, "channels": form.channels(),
                    "physician": physician.display_name if physician else "",
                }
                return redirect("consent:contact-sent")
        else:
            status = 400
    else:
        form = ContactForm(initial={"doctor": request.GET.get("doctor", "")})
    physician = _physician(form["doctor"].value() or "")
    try:
        disclosure = Disclosure.latest()
    except DatabaseError:
        # Keep the first error (the one about the message just typed): both say nothing was sent.
        disclosure, status = None, 503
        error = error or "Sorry, the form is unavailable right now. Nothing was sent. Please call us."
    context = {"form": form, "disclosure": disclosure, "physician": physician, "error": error}
    return render(request, "consent/contact_form.html", context, status=status)


def contact_sent(request):
    result = request.session.get(RESULT_KEY)
    if not result:
        return redirect("consent:request-contact")
    return render(request, "consent/contact_sent.html", {"result": result,
                                                         "is_emergency": result["category"] == "emergency"})


def _link_problem(request, message: str, status: int = 400):
    return render(request, "consent/link_problem.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def confirm_email(request, token: str):
    """GET shows a button (mail scanners follow links); POST records the confirmation."""
    try:
        patient_id, address = tokens.read_confirm_token(token)
    except tokens.BadToken as exc:
        if exc.expired:
            return _link_problem(request, "This confirmation link has expired. Please use the contact form again "
                                          "to get a new one.", status=410)
        return _link_problem(request, str(exc))
    patient = _patient_or_404(patient_id)
    state = api.current_state(patient.pk, Channel.EMAIL)
    if request.method == "POST":
        event = actions.confirm_consent(patient, Channel.EMAIL, address=address, method=Method.CONFIRMATION_LINK,
                                        facts=_facts(request))
        state = api.current_state(patient.pk, Channel.EMAIL)
        return render(request, "consent/confirmed.html", {"state": state, "confirmed": event is not None,
                                                          "channel_label": "e-mail"})
    return render(request, "consent/confirm.html", {"state": state, "channel_label": "e-mail",
                                                    "address": address, "is_pending": state.status == Status.PENDING})


def _latest_sms_grant(patient_id: int):
    return (ConsentEvent.objects.filter(patient_id=patient_id, channel=Channel.SMS, action=Action.GRANT)
            .order_by("-seq").first())


def _code_is_current(patient: Patient, code: str) -> bool:
    grant = _latest_sms_grant(patient.pk)
    return (grant is not None and grant.created_at > timezone.now() - timedelta(seconds=tokens.CONFIRM_MAX_AGE)
            and actions.code_matches(patient, code))


@require_http_methods(["GET", "POST"])
def confirm_text_link(request, patient_id: int, code: str):
    """The short link in the confirmation text: the code is in the link."""
    if not ratelimit.hit("code", request, limit=CODE_LIMIT * 4, window=WINDOW):
        return _link_problem(request, "Too many attempts. Please wait 10 minutes.", status=429)
    patient = Patient.objects.filter(pk=patient_id).first()
    if patient is None or not _code_is_current(patient, code):
        return _link_problem(request, "This confirmation link is not valid or has expired.")
    state = api.current_state(patient.pk, Channel.SMS)
    if request.method == "POST":
        event = actions.confirm_consent(patient, Channel.SMS, method=Method.CONFIRMATION_CODE, facts=_facts(request))
        state = api.current_state(patient.pk, Channel.SMS)
        return render(request, "consent/confirmed.html", {"state": state, "confirmed": event is not None,
                                                          "channel_label": "text message"})
    return render(request, "consent/confirm.html", {"state": state, "channel_label": "text message",
                                                    "address": mask(state.address),
                                                    "is_pending": state.status == Status.PENDING})


@require_http_methods(["GET", "POST"])
def confirm_text_code(request):
    """Enter the 6-digit code from the confirmation text."""
    form, error, status = TextCodeForm(request.POST or None), "", 200
    if request.method == "POST":
        if not ratelimit.hit("code", request, limit=CODE_LIMIT, window=WINDOW):
            error, status = "Too many attempts. Please wait 10 minutes and try again.", 429
        elif form.is_valid():
            number, code = form.cleaned_data["phone"], form.cleaned_data["code"]
            confirmed = [p for p in Patient.objects.filter(phone=number)
                         if _code_is_current(p, code) and actions.confirm_consent(
                             p, Channel.SMS, address=number, method=Method.CONFIRMATION_CODE, facts=_facts(request))]
            if confirmed:
                state = api.current_state(confirmed[0].pk, Channel.SMS)
                return render(request, "consent/confirmed.html", {"state": state, "confirmed": True,
                                                                  "channel_label": "text message"})
            error, status = "This code does not match, or it has expired. Please check the number and the code.", 400
        else:
            status = 400
    return render(request, "consent/confirm_code.html", {"form": form, "error": error}, status=status)


@csrf_exempt  # the signed token authenticates; RFC 8058 one-click POSTs come without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET: a one-button page. POST (the button, or an RFC 8058 one-click POST): withdraw at once."""
    try:
        patient_id, channel = tokens.read_unsubscribe_token(token)
        channel = Channel(channel)
    except (tokens.BadToken, ValueError):
        return _link_problem(request, "This unsubscribe link is not valid. Reply STOP to a text, or call us, "
                                      "and we will stop at once.")
    patient = _patient_or_404(patient_id)
    if request.method == "POST":
        actions.withdraw_consent(patient, channel, method=Method.UNSUBSCRIBE_LINK, facts=_facts(request),
                                 note="one-click (RFC 8058)" if request.POST.get("List-Unsubscribe") else "")
        return render(request, "consent/unsubscribed.html", {"channel": channel,
                                                             "preferences_url": api.preferences_url(patient.pk)})
    return render(request, "consent/unsubscribe.html", {"channel": channel, "token": token,
                                                        "state": api.current_state(patient.pk, channel)})


def _preferences_rows(patient: Patient):
    rows = []
    for channel in Channel:
        state = api.current_state(patient.pk, channel)
        address = patient.email if channel == Channel.EMAIL else patient.phone
        shown = state.address or address
        rows.append({"channel": channel, "state": state, "can_request": bool(address),
                     "address": mask(shown) if channel == Channel.SMS else _mask_email(shown)})
    return rows


def _mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else ""


@require_http_methods(["GET", "POST"])
def preferences(request, token: str):
    """The patient's contact preferences, reached by a signed link: state per channel, withdraw or ask again."""
    try:
        patient = _patient_or_404(tokens.read_preferences_token(token))
    except tokens.BadToken:
        return _link_problem(request, "This link is not valid.")
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            channel = Channel(form.cleaned_data["channel"])
            if form.cleaned_data["action"] == "withdraw":
                actions.withdraw_consent(patient, channel, method=Method.PREFERENCES_PAGE, facts=_facts(request))
                messages.success(request, f"Done: we will not contact you by {channel.label.lower()}.")
            else:
                address = patient.email if channel == Channel.EMAIL else patient.phone
                if address:
                    actions.grant_consent(patient, channel, address=address, method=Method.PREFERENCES_PAGE,
                                          disclosure=Disclosure.latest(), facts=_facts(request))
                    messages.success(request, "We sent a confirmation request. Nothing else is sent until you "
                                              "confirm it.")
        return redirect("consent:preferences", token=token)
    return render(request, "consent/preferences.html", {"rows": _preferences_rows(patient),
                                                        "disclosure": Disclosure.latest(), "token": token})


@require_POST
@csrf_exempt  # authenticated by Twilio's signature (or, locally, DEBUG or a shared test secret)
def sms_inbound(request):
    """The inbound text webhook: STOP, HELP, YES, or a message for the practice. Answers with empty TwiML."""
    from django.http import HttpResponse, HttpResponseForbidden

    from .twilio_signature import is_valid

    if settings.TWILIO_AUTH_TOKEN:
        url = settings.SITE_URL + request.get_full_path()
        if not is_valid(settings.TWILIO_AUTH_TOKEN, url, dict(request.POST.lists()),
                        request.headers.get("X-Twilio-Signature", "")):
            return HttpResponseForbidden("invalid signature")
    else:
        secret = getattr(settings, "SMS_INBOUND_TEST_SECRET", "")
        if not (settings.DEBUG or (secret and request.headers.get("X-Portal-Test-Secret") == secret)):
            return HttpResponseForbidden("inbound texts are not configured")
    actions.receive_text(from_number=request.POST.get("From", ""), body=request.POST.get("Body", ""))
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', content_type="text/xml")
