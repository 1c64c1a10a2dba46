"""Demo patients for `manage.py seed_demo`: confirmed, pending and withdrawn consent, made through the actions."""


from . import actions
from .models import ConsentEvent, Disclosure, Patient
from .state import Channel

Method = ConsentEvent.Method
DEMO = [
    # name, e-mail, mobile, what happened
    ("Maria Lopez", "maria.lopez@example.com", "+12025550111", "both confirmed"),
    ("Daniel Kim", "daniel.kim@example.com", "", "email pending"),
    ("Grace Adeyemi", "grace.adeyemi@example.com", "+12025550133", "email confirmed, sms withdrawn"),
]


def seed(accounts: dict) -> list[Patient]:
    """Create the demo patients (idempotent). Confirmation requests are not queued for demo data."""
    if Patient.objects.filter(email=DEMO[0][1]).exists():
        return list(Patient.objects.filter(email__in=[d[1] for d in DEMO]))
    staff = accounts.get("staff")
    disclosure = Disclosure.latest()
    facts = actions.RequestFacts(ip="203.0.113.7", user_agent="Demo browser")
    patients = []
    # The demo records history, it does not message anyone: no confirmation requests are queued.
    for name, email, phone, story in DEMO:
        patient = actions.find_or_create_patient(name=name, email=email, phone=phone)
        patients.append(patient)
        actions.grant_consent(patient, Channel.EMAIL, address=email, method=Method.WEB_FORM,
                              disclosure=disclosure, facts=facts, send_confirmation=False)
        if phone:
            actions.grant_consent(patient, Channel.SMS, address=phone, method=Method.WEB_FORM,
                                  disclosure=disclosure, facts=facts, send_confirmation=False)
        if story == "email pending":
            continue
        actions.confirm_consent(patient, Channel.EMAIL, address=email, method=Method.CONFIRMATION_LINK, facts=facts)
        if phone:
            actions.confirm_consent(patient, Channel.SMS, address=phone, method=Method.TEXT_KEYWORD)
        if story.endswith("sms withdrawn"):
            actions.withdraw_consent(patient, Channel.SMS, method=Method.TEXT_KEYWORD)
    if staff is not None:
        actions.record_texting_reason(patients[0], staff_user=staff,
                                      reason="Post-operative follow-up: texting is the only reliable way to reach "
                                             "this patient in the next two weeks.")
    return patients
