"""The people and the practice the browser tests meet, and the steps they share (log in, read an e-mail).

Fixtures here are imported by the test modules that use them (tests/e2e/conftest.py stays tiny).
"""

import re

import pytest

PASSWORD = "correct-horse-battery"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the `staff_user` fixture's secret
ADVICE_QUESTION = "Should I stop taking my metformin because of stomach pain?"
EMERGENCY_MESSAGE = "I have crushing chest pain right now and I can't breathe"
ADMIN_MESSAGE = "Could you send me the opening hours of the Riverside office?"
PATIENT = {"name": "Robin Patient", "email": "robin.patient@example.org"}


@pytest.fixture
def portal(settings, live_server, tmp_path):
    """Sends are captured (e-mail in ``django.core.mail.outbox``, texts in memory), links in e-mails point at
    the live server, uploaded photos go to a temporary folder. Tasks run inline (tests/conftest.py)."""
    from messaging.backends.sms import LocmemBackend

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "messaging.backends.sms.LocmemBackend"
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    LocmemBackend.outbox.clear()
    yield live_server
    LocmemBackend.outbox.clear()


@pytest.fixture
def practice(portal, django_user_model):
    """The demo practice with its two physicians (verified e-mail, in the Physicians group) and five more."""
    from profiles import demo

    physicians = [physician_account(f"{values['name'].split()[0].lower()}@practice.example")
                  for values in demo.PROFILES]
    demo.seed({"physicians": physicians})
    demo.seed_many(5, user_model=django_user_model)
    _forget_cached_pages()
    return demo.ensure_practice()


def _forget_cached_pages():
    from profiles import pagecache

    pagecache.clear_local()


def physician_account(email: str):
    """A physician's login: in the Physicians group, e-mail address verified (as after the invitation)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import User

    user = User.objects.create_user(email=email, password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.PHYSICIANS))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def staff(staff_user):
    """The practice's staff member, with TOTP (tests/conftest.py) and a verified e-mail address."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=staff_user, email=staff_user.email, verified=True, primary=True)
    return staff_user


def totp_code(secret: str = TOTP_SECRET) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def log_in(v, email: str, *, path: str = "/accounts/login/", totp_secret: str | None = None,
           shots: bool = False) -> None:
    """Log in through allauth's pages in the browser, with the TOTP step when the account has one."""
    page = v.page
    page.goto(path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if shots:
        v.shot("login")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    if totp_secret:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.locator("input[autocomplete=one-time-code]").fill(totp_code(totp_secret))
        if shots:
            v.shot("two-factor")
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state()
    assert "/accounts/login/" not in page.url and "/2fa/" not in page.url, page.url


def link_in(body: str, path_fragment: str) -> str:
    """The one link in an e-mail body whose path contains ``path_fragment``."""
    links = [url for url in re.findall(r"https?://\S+", body) if path_fragment in url]
    assert len(links) == 1, (path_fragment, links)
    return links[0]


def public_pages() -> list[tuple[str, str, int]]:
    """(label, path, status) of every page anyone can open without a link from an e-mail."""
    from profiles.models import PhysicianProfile, Post

    profile = PhysicianProfile.objects.get(name="Avery Chen")
    pages = [("home", "/", 200), ("directory", "/doctors/", 200),
             ("directory-filtered", "/doctors/?language=spanish&accepting=1", 200),
             ("profile", profile.get_absolute_url(), 200),
             ("contact-form", f"/contact/?doctor={profile.slug}", 200),
             ("text-code", "/consent/confirm-text/", 200),
             ("login", "/accounts/login/", 200),
             ("not-found", "/no-such-page/", 404),
             ("link-problem", "/consent/unsubscribe/not-a-valid-token/", 400)]
    # The practice news (added with the physicians' posts): each public post too.
    pages.append(("news", "/news/", 200))
    pages += [(f"post-{post.slug}", post.get_absolute_url(), 200) for post in Post.objects.order_by("pk")]
    return pages


def patient_link_pages(email: str = "link.pages@example.org") -> list[tuple[str, str, int]]:
    """(label, path, status) of the pages a patient reaches from our e-mails: confirm, unsubscribe, preferences.

    Made for a patient with a pending e-mail grant (so the confirmation page shows its button)."""
    from consent import actions, api
    from consent.models import ConsentEvent, Disclosure
    from consent.state import Channel

    patient = actions.find_or_create_patient(name="Link Pages", email=email)
    actions.grant_consent(patient, Channel.EMAIL, address=email, method=ConsentEvent.Method.WEB_FORM,
                          disclosure=Disclosure.latest(), send_confirmation=False)
    return [("confirm", actions.confirm_url(patient.pk, Channel.EMAIL, email), 200),
            ("unsubscribe", api.unsubscribe_url(patient.pk, Channel.EMAIL), 200),
            ("preferences", api.preferences_url(patient.pk), 200)]


def send_contact_form(page, *, message: str, email: str = PATIENT["email"], phone: str = "",
                      consent_email: bool = True, consent_sms: bool = False) -> None:
    """Fill the contact form the page shows, and send it."""
    page.get_by_label("Your name").fill(PATIENT["name"])
    page.get_by_label("E-mail address").fill(email)
    if phone:
        page.get_by_label("Mobile number").fill(phone)
    page.get_by_label("Your message").fill(message)
    if consent_email:
        page.get_by_label("I agree to be contacted by e-mail").check()
    if consent_sms:
        page.get_by_label("I agree to be contacted by text message").check()
    page.get_by_role("button", name="Send message").click()
