"""
The access matrix: what every URL pattern answers to every role, and who may change data with a POST.

Keys are URL names (namespaced), or the route for the admin's unnamed patterns. Each row gives the GET
outcome per role, in ROLES order, and the roles whose POST may write to the database. A pattern that is
missing here fails tests/sweep/test_access_matrix.py: a new URL needs a decision before it ships.

Outcomes: a status code (200, 403, 404, 405), LOGIN (a redirect to /accounts/login/ or /admin/login/),
or REDIRECT (a redirect anywhere else). The addresses are built on physician A's objects (profile, posts),
a patient with consent and a message, and real signed tokens; see tests/sweep/surface.py.
"""

from dataclasses import dataclass

ROLES = ("anonymous", "physician_a", "physician_b", "staff_messages", "staff_no_messages", "superuser")
ANON, A, B, SM, SN, SU = ROLES
LOGGED_IN = frozenset(ROLES[1:])
EVERYONE = frozenset(ROLES)
STAFF = (SM, SN, SU)

LOGIN = "login"
REDIRECT = "redirect"


@dataclass(frozen=True)
class Access:
    get: tuple  # the expected GET outcome for each role, in ROLES order
    writes: frozenset = frozenset()  # roles whose POST may change the database; for all others nothing changes

    def __post_init__(self):
        assert len(self.get) == len(ROLES), self.get
        assert self.writes <= EVERYONE, self.writes


def each(*outcomes, writes=()) -> Access:
    return Access(tuple(outcomes), frozenset(writes))


def every(outcome, writes=()) -> Access:
    return Access((outcome,) * len(ROLES), frozenset(writes))


def staff_only(sm, sn, su, writes=()) -> Access:
    """An admin page: anonymous visitors and physicians (not staff) are sent to the login."""
    return Access((LOGIN, LOGIN, LOGIN, sm, sn, su), frozenset(writes))


def admin_model(app_model: str, *, view=(), add=(), change=(), delete=(), act=None) -> dict:
    """The pages of one registered model. Each argument lists the staff roles allowed to do it; ``view``
    includes those who may change. ``act``: who may run the list's actions (default: those who may delete)."""
    app, model = app_model.split(".")
    viewers = {*view, *change}

    def allowed(roles):
        return tuple(200 if role in roles else 403 for role in STAFF)

    base = f"admin:{app}_{model}"
    return {
        f"{base}_changelist": staff_only(*allowed(viewers), writes=delete if act is None else act),
        f"{base}_add": staff_only(*allowed(add), writes=add),
        f"{base}_change": staff_only(*allowed(viewers), writes=change),
        f"{base}_history": staff_only(*allowed(viewers)),
        f"{base}_delete": staff_only(*allowed(delete), writes=delete),
        # /admin/<app>/<model>/<pk>/ only redirects to the change page (which then checks permissions).
        f"admin/{app}/{model}/<path:object_id>/": staff_only(REDIRECT, REDIRECT, REDIRECT),
    }


# Practice staff ("Practice staff" group, granted by each app's data migration): SM. Staff with profile view
# permissions only: SN. The superuser may do what the model admins allow anybody (evidence stays read-only).
MATRIX: dict[str, Access] = {
    "healthz": every(200),
    # The admin --------------------------------------------------------------------------------------------
    "admin:index": staff_only(200, 200, 200),
    "admin:login": each(LOGIN, 403, 403, REDIRECT, REDIRECT, REDIRECT),  # allauth's login, with its limits
    "admin:logout": each(REDIRECT, REDIRECT, REDIRECT, 405, 405, 405),
    "admin:password_change": staff_only(200, 200, 200, writes=STAFF),
    "admin:password_change_done": staff_only(200, 200, 200),
    "admin:autocomplete": staff_only(403, 403, 403),
    "admin:jsi18n": staff_only(200, 200, 200),
    "admin:view_on_site": staff_only(REDIRECT, REDIRECT, REDIRECT),
    "admin:app_list": staff_only(200, 404, 200),  # /admin/messaging/: nothing there for SN
    "admin/(?P<url>.*)$": staff_only(404, 404, 404),
    **admin_model("auth.group", view=[SU], add=[SU], change=[SU], delete=[SU]),
    **admin_model("sites.site", view=[SU], add=[SU], change=[SU], delete=[SU]),
    **admin_model("account.emailaddress", view=[SU], add=[SU], change=[SU], delete=[SU]),
    **admin_model("mfa.authenticator", view=[SU], add=[SU], change=[SU], delete=[SU]),
    "admin:auth_user_password_change": staff_only(403, 403, 200, writes=[SU]),
    **admin_model("accounts.user", view=[SM], add=[SU], change=[SU], delete=[SU]),
    **admin_model("profiles.practice", view=[SN], add=[SM, SU], change=[SM, SU], delete=[SU]),
    **admin_model("profiles.location", view=[SN], add=[SM, SU], change=[SM, SU], delete=[SU]),
    **admin_model("profiles.term", view=[SN], add=[SM, SU], change=[SM, SU], delete=[SU]),
    **admin_model("profiles.physicianprofile", view=[SN], add=[SM, SU], change=[SM, SU], delete=[SU]),
    **admin_model("profiles.profilerevision", view=[SM, SU]),
    **admin_model("profiles.post", view=[SM, SU], act=[SM, SU]),  # approve/reject with a note
    **admin_model("profiles.privacyreview", view=[SM, SU], act=[SM, SU]),
    **admin_model("profiles.privacycheck", view=[SM, SU]),
    "admin:consent_patient_record": staff_only(200, 403, 200, writes=[SM, SU]),
    "admin:consent_patient_export": staff_only(200, 403, 200),
    **admin_model("consent.patient", view=[SM], add=[SU], change=[SU], act=[]),  # nobody deletes a patient
    **admin_model("consent.consentevent", view=[SM, SU]),  # the ledger: read-only for everyone
    **admin_model("consent.disclosure", view=[SM, SU], add=[SM, SU], change=[SM, SU]),
    **admin_model("messaging.inboundmessage", view=[SM, SU], act=[SM, SU]),  # review, escalate, reply, reclassify
    **admin_model("messaging.outboundmessage", view=[SM, SU]),
    **admin_model("messaging.replytemplate", view=[SM, SU], change=[SM, SU]),
    **admin_model("messaging.textsettings", view=[SM, SU], change=[SM, SU]),
    **admin_model("messaging.messageaccess", view=[SM, SU]),  # append-only evidence
    # allauth: login, password, e-mail and two-factor pages -------------------------------------------------
    "account_login": each(200, *[REDIRECT] * 5, writes=[ANON]),
    "account_logout": each(REDIRECT, *[200] * 5),
    "account_inactive": every(200),
    "account_signup": each(200, *[REDIRECT] * 5),  # invitation only: a POST creates nobody
    "account_reauthenticate": each(LOGIN, *[200] * 5),
    # allauth refuses a new address on an account with two-factor authentication (all staff have it).
    "account_email": each(LOGIN, *[200] * 5, writes=[A, B]),
    "account_email_verification_sent": every(200),
    "account_change_password": each(LOGIN, *[200] * 5, writes=LOGGED_IN),
    "account_set_password": each(LOGIN, *[REDIRECT] * 5),
    "account_reset_password": every(200),
    "account_confirm_login_code": each(LOGIN, *[REDIRECT] * 5),
    "account_confirm_email": every(200, writes=EVERYONE),  # the signed key is the credential
    "account_reset_password_from_key_done": every(200),
    "account_reset_password_from_key": every(200, writes=EVERYONE),  # the reset key is the credential
    "account_reset_password_done": every(200),
    "mfa_index": each(LOGIN, *[200] * 5),
    "mfa_authenticate": each(LOGIN, *[REDIRECT] * 5),
    "mfa_reauthenticate": each(LOGIN, REDIRECT, REDIRECT, 200, 200, 200),
    "mfa_activate_totp": each(LOGIN, *[REDIRECT] * 5, writes=[A, B]),
    "mfa_deactivate_totp": each(LOGIN, 404, 404, REDIRECT, REDIRECT, REDIRECT),  # only after reauthentication
    "mfa_view_recovery_codes": each(LOGIN, *[404] * 5),
    "mfa_generate_recovery_codes": each(LOGIN, *[REDIRECT] * 5),
    "mfa_download_recovery_codes": each(LOGIN, *[404] * 5),
    "accounts:home": each(LOGIN, *[200] * 5),
    # Patients' pages: public, or opened by a signed token -------------------------------------------------
    "consent:request-contact": every(200, writes=EVERYONE),
    "consent:contact-sent": every(REDIRECT),
    "consent:confirm-email": every(200, writes=EVERYONE),
    "consent:confirm-text-link": every(200, writes=EVERYONE),
    "consent:confirm-text-code": every(200, writes=EVERYONE),
    "consent:unsubscribe": every(200, writes=EVERYONE),
    "consent:preferences": every(200, writes=EVERYONE),
    "consent:sms-inbound": every(405),  # POST only, and only with Twilio's signature
    # Public pages -----------------------------------------------------------------------------------------
    "profiles:practice-home": every(200),
    "profiles:directory": every(200),
    "profiles:profile-detail": every(200),
    "profiles:news": every(200),
    "profiles:news-feed": every(200),
    "profiles:post-detail": every(200),
    "profiles:sitemap": every(200),
    "profiles:robots": every(200),
    "profiles:photo": every(200),
    "profiles:post-image": every(200),
    # A physician's own profile and posts (addresses name physician A's objects) ---------------------------
    "profiles:edit-profile": each(LOGIN, 200, 200, 403, 403, 403, writes=[A, B]),  # each edits their own
    "profiles:preview-profile": each(LOGIN, 200, 200, 404, 404, 404),
    "profiles:publish-profile": each(LOGIN, *[405] * 5, writes=[A]),
    "profiles:unpublish-profile": each(LOGIN, *[405] * 5, writes=[A]),
    "profiles:send-bio-for-review": each(LOGIN, *[405] * 5, writes=[A]),
    "profiles:my-posts": each(LOGIN, 200, 200, 404, 404, 404),
    "profiles:new-post": each(LOGIN, 200, 200, 404, 404, 404, writes=[A, B]),
    "profiles:preview-post": each(LOGIN, 200, 404, 404, 404, 404),
    "profiles:edit-post": each(LOGIN, 200, 404, 404, 404, 404, writes=[A]),
    "profiles:publish-post": each(LOGIN, *[405] * 5, writes=[A]),
    "profiles:unpublish-post": each(LOGIN, *[405] * 5, writes=[A]),
    "profiles:send-post-for-review": each(LOGIN, *[405] * 5, writes=[A]),
}

# Pages anybody may see and that are the same for everybody: they need no "no-store" for a logged-in user.
PUBLIC = {key for key, access in MATRIX.items() if key.startswith("profiles:") and access == every(200)} | {"healthz"}

# The only views that take a POST without a CSRF token, and what protects them instead.
CSRF_EXEMPT = {
    "consent:sms-inbound": "Twilio's request signature (X-Twilio-Signature)",
    "consent:unsubscribe": "the signed unsubscribe token (RFC 8058 one-click POSTs carry no CSRF token)",
}
