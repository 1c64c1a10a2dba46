"""What the POST sweep sends to each URL pattern: a valid request where there is one, so that a role
allowed to write really writes (PROVEN) and a role that is not allowed is refused for the right reason."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from tests.sweep.html_forms import form_data

NEW_PASSWORD = "Plenty-long-n3w-secret"  # noqa: S105 - test data

# For these keys, every role the matrix lets write must actually have written with the payload below:
# this proves the payload is valid, so the "nothing changed" result for the other roles means something.
PROVEN = {
    "consent:request-contact", "consent:confirm-email", "consent:confirm-text-link", "consent:confirm-text-code",
    "consent:unsubscribe", "consent:preferences", "account_confirm_email", "account_email",
    "account_change_password",
    "profiles:edit-profile", "profiles:publish-profile", "profiles:unpublish-profile", "profiles:new-post",
    "profiles:edit-post", "profiles:publish-post", "profiles:unpublish-post",
    "admin:consent_patient_record", "admin:messaging_inboundmessage_changelist", "admin:profiles_term_add",
    "admin:profiles_practice_change", "admin:messaging_replytemplate_change", "admin:messaging_textsettings_change",
    "admin:consent_disclosure_add", "admin:profiles_term_delete", "admin:auth_user_password_change",
    "admin:profiles_term_changelist", "admin:auth_group_add",
}

# Overrides on top of what the superuser's add form shows (the rest of a fresh form is empty).
ADD_FORMS = {
    "admin:profiles_term_add": {"kind": ["specialty"], "name": ["Neurology"], "slug": ["neurology"]},
    "admin:consent_disclosure_add": {"text": ["We may contact you by e-mail about your care. Reply STOP."]},
    "admin:auth_group_add": {"name": ["Sweepers"]},
    "admin:sites_site_add": {"domain": ["sweep.example"], "name": ["Sweep"]},
}


def _selected(pk, action, **extra):
    return {"action": [action], ACTION_CHECKBOX_NAME: [str(pk)], **extra}


def _app_model(key: str, suffix: str, world) -> str:
    model = key.removeprefix("admin:").removesuffix(suffix)
    return next(name for name in world.admin_objects if name.replace(".", "_") == model)


def payload(key: str, url: str, world, admin_page) -> dict:
    """The POST data for ``key``; ``admin_page(url)`` returns an admin page's HTML as the superuser sees it."""
    w = world
    fixed = {
        "consent:request-contact": {"name": "Sam Sweep", "email": "sam.sweep@example.com",
                                    "message": "Could you call me about an appointment next week?",
                                    "consent_email": "on"},
        "consent:confirm-text-code": {"phone": w.pending.phone, "code": w.sms_code},
        "consent:preferences": {"channel": "email", "action": "withdraw"},
        "consent:sms-inbound": {"From": w.patient.phone, "Body": "STOP", "To": "+12025550100"},
        "account_login": {"login": "dr.a@practice.example", "password": "not-the-password"},
        "account_signup": {"email": "intruder@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        "account_email": {"email": "second.address@example.com", "action_add": ""},
        "account_change_password": {"oldpassword": "correct-horse-battery", "password1": NEW_PASSWORD,
                                    "password2": NEW_PASSWORD},
        "account_reset_password": {"email": "dr.a@practice.example"},
        "account_reset_password_from_key": {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        "mfa_activate_totp": {"code": "000000"},
        "admin:password_change": {"old_password": "correct-horse-battery", "new_password1": NEW_PASSWORD,
                                  "new_password2": NEW_PASSWORD},
        "admin:auth_user_password_change": {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                            "usable_password": "true"},
        "admin:consent_patient_record": {"action": "withdraw", "channel": "email", "method": "staff_phone",
                                         "note": "Asked by phone"},
        "profiles:edit-profile": {"name": "Dr Sweep", "credentials": "MD", "bio": "Family medicine, every age.",
                                  "accepting_new_patients": "on", "specialties": [w.term.pk],
                                  "locations": [w.location.pk]},
        "profiles:new-post": {"title": "Staying active in winter", "body": "Indoor walks count too."},
        "profiles:edit-post": {"title": "Sleep habits", "body": "Keep a regular bedtime and a dark room."},
        "profiles:publish-post": {"publish_at": ""},
        "admin:messaging_inboundmessage_changelist": _selected(w.inbound, "mark_reviewed"),
        "admin:profiles_post_changelist": _selected(w.draft_a.pk, "approve_selected", apply="1",
                                                    note="Checked: no patient details."),
        "admin:profiles_privacyreview_changelist": _selected(w.review.pk, "approve_selected", apply="1",
                                                             note="Checked: no patient details."),
        "admin:consent_patient_changelist": _selected(w.patient.pk, "export_consent_proof"),
    }
    if key in fixed:
        return fixed[key]
    if key.startswith("admin:") and key.endswith("_changelist"):
        app_model = _app_model(key, "_changelist", w)
        return _selected(w.admin_objects[app_model], "delete_selected", post="yes")
    if key.startswith("admin:") and key.endswith("_delete"):
        return {"post": "yes"}
    if key.startswith("admin:") and key.endswith(("_change", "_add")):
        app_model = _app_model(key, "_change" if key.endswith("_change") else "_add", w)
        data = form_data(admin_page(url), form_id=f"{app_model.split('.')[1]}_form")
        data.pop("csrfmiddlewaretoken", None)
        data.update(ADD_FORMS.get(key, {}))
        return data
    return {}
