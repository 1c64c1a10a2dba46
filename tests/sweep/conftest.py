"""The security sweep's world: every role, and a real object behind every URL pattern.

Roles: anonymous, two physicians (A and B, each with a published profile and posts), staff with the
message permission (the "Practice staff" group), staff without it (profile view permissions only),
and a superuser. Staff and the superuser have a TOTP authenticator, as RequireStaffMFAMiddleware asks.
"""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from PIL import Image

from tests.sweep.access_matrix import ROLES

MARKER = "Zephyr-quokka-7731 lilac thimble"  # a phrase no template or log line would ever contain
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - test data


@pytest.fixture(autouse=True)
def _captured_sends(settings, tmp_path):
    """E-mail and texts in memory; uploaded files in a temporary media root; no page left in the caches."""
    from django.core.cache import cache

    from messaging.backends.sms import LocmemBackend
    from profiles import pagecache

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "messaging.backends.sms.LocmemBackend"
    settings.SITE_URL = "https://portal.example"
    settings.MEDIA_ROOT = tmp_path / "media"
    LocmemBackend.outbox.clear()
    pagecache.clear_local()
    if not settings.REDIS_URL:
        cache.clear()
    yield LocmemBackend.outbox
    LocmemBackend.outbox.clear()
    pagecache.clear_local()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _account(email, *, group=None, verified=True, totp=False, perms=(), **extra):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.models import Group, Permission

    from accounts.models import User

    user = User.objects.create_user(email=email, password="correct-horse-battery", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if totp:
        TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def world(db, settings):
    """Every object a URL pattern needs, made mostly through the real actions."""
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from accounts import roles
    from consent import actions as consent_actions
    from consent import tokens
    from consent.models import ConsentEvent, Disclosure
    from consent.state import Action, Channel
    from messaging import actions as messaging_actions
    from messaging.models import InboundMessage, MessageAccess, OutboundMessage, ReplyTemplate, TextSettings
    from profiles.models import (
        Location,
        PhysicianProfile,
        Post,
        Practice,
        PrivacyCheck,
        PrivacyReview,
        ProfileRevision,
        Term,
    )

    w = SimpleNamespace()
    w.users = {
        "physician_a": _account("dr.a@practice.example", group=roles.PHYSICIANS),
        "physician_b": _account("dr.b@practice.example", group=roles.PHYSICIANS),
        "staff_messages": _account("staff.msg@practice.example", group=roles.PRACTICE_STAFF, is_staff=True,
                                   totp=True),
        "staff_no_messages": _account("staff.profiles@practice.example", is_staff=True, totp=True,
                                      perms=("profiles.view_practice", "profiles.view_location",
                                             "profiles.view_physicianprofile", "profiles.view_term")),
        "superuser": _account("root@practice.example", is_staff=True, is_superuser=True, totp=True),
    }
    w.practice = Practice.current()
    w.practice.name, w.practice.phone = "Lakeside Clinic", "+1 555 0100 400"
    w.practice.save()
    w.location = Location.objects.create(practice=w.practice, name="Lake Street", slug="lake-street",
                                         street_address="1 Lake St", locality="Springfield", region="IL",
                                         postal_code="62701")
    w.term = Term.objects.create(kind=Term.Kind.SPECIALTY, name="Cardiology", slug="cardiology")
    w.photo_name = "a1b2c3d4e5.jpg"
    default_storage.save(f"photos/{w.photo_name}", ContentFile(_jpeg()))
    default_storage.save(f"posts/{w.photo_name}", ContentFile(_jpeg()))
    w.profile_a = PhysicianProfile.objects.create(
        account=w.users["physician_a"], practice=w.practice, name="Avery Able", slug="avery-able",
        credentials="MD", is_published=True, bio="Family medicine for the whole household.",
        photo=f"photos/{w.photo_name}")
    w.profile_b = PhysicianProfile.objects.create(
        account=w.users["physician_b"], practice=w.practice, name="Blake Baker", slug="blake-baker",
        credentials="DO", is_published=True)
    for profile in (w.profile_a, w.profile_b):
        profile.terms.set([w.term])
        profile.locations.set([w.location])
    now = timezone.now()
    w.post_a = Post.objects.create(author=w.profile_a, title="Getting ready for flu season", slug="flu-season",
                                   body="Wash your hands and get the flu shot.", status=Post.Status.PUBLISHED,
                                   publish_at=now - timedelta(days=1),
                                   image=f"posts/{w.photo_name}", image_alt="A sunny clinic")
    w.draft_a = Post.objects.create(author=w.profile_a, title="Sleep habits", slug="sleep-habits",
                                    body="Keep a regular bedtime.")
    w.post_b = Post.objects.create(author=w.profile_b, title="Walking every day", slug="walking",
                                   body="A short walk helps.", status=Post.Status.PUBLISHED,
                                   publish_at=now - timedelta(days=2))
    w.revision = ProfileRevision.objects.create(profile=w.profile_a, changed_by=w.users["physician_a"],
                                                via="portal", changes={"bio": ["", "x"]})
    w.review = PrivacyReview.objects.create(subject="post", post=w.draft_a, profile=w.profile_a, text_hash="0" * 64,
                                            findings=[], requested_by=w.users["physician_a"])
    w.check = PrivacyCheck.objects.create(subject="post", post=w.draft_a, profile=w.profile_a, action="review",
                                          checked_by=w.users["physician_a"], text_hash="0" * 64, findings=[],
                                          outcome=PrivacyCheck.Outcome.HELD, review=w.review)

    # A patient with active consent on both channels, who wrote a message; one with consent pending.
    M = ConsentEvent.Method
    disclosure = Disclosure.latest()
    w.patient = consent_actions.find_or_create_patient(name="Maria Lopez", email="maria@example.com",
                                                       phone="+12025550111")
    for channel, address in ((Channel.EMAIL, w.patient.email), (Channel.SMS, w.patient.phone)):
        consent_actions.grant_consent(w.patient, channel, address=address, method=M.WEB_FORM,
                                      disclosure=disclosure, send_confirmation=False)
        consent_actions.confirm_consent(w.patient, channel, address=address, method=M.CONFIRMATION_LINK)
    w.pending = consent_actions.find_or_create_patient(name="Pat Pending", email="pending@example.com",
                                                       phone="+12025550122")
    for channel, address in ((Channel.EMAIL, w.pending.email), (Channel.SMS, w.pending.phone)):
        consent_actions.grant_consent(w.pending, channel, address=address, method=M.WEB_FORM,
                                      disclosure=disclosure, send_confirmation=False)
    sms_grant = ConsentEvent.objects.filter(patient=w.pending, channel=Channel.SMS, action=Action.GRANT).latest("seq")
    w.sms_code = tokens.sms_code(w.pending.pk, sms_grant.seq)
    w.confirm_token = tokens.make_confirm_token(w.pending.pk, w.pending.email)
    w.unsubscribe_token = tokens.make_unsubscribe_token(w.patient.pk, Channel.EMAIL)
    w.preferences_token = tokens.make_preferences_token(w.patient.pk)
    intake = messaging_actions.receive_message(patient_id=w.patient.pk, text="Can I get a refill of my inhaler?",
                                               physician_id=w.profile_a.pk)
    w.inbound = intake.message_id
    InboundMessage.objects.filter(pk=w.inbound).update(flagged=True)  # in the review queue
    w.outbound = OutboundMessage.objects.filter(reply_to_id=w.inbound).first()
    w.access = messaging_actions.record_access(InboundMessage.objects.get(pk=w.inbound),
                                               by=w.users["staff_messages"], action=MessageAccess.Action.VIEWED,
                                               ip="10.0.0.9")
    TextSettings.current()

    # allauth: an unverified second address of physician A (its confirmation key), a password-reset key.
    extra_address = EmailAddress.objects.create(user=w.users["physician_a"], email="avery.home@example.com",
                                                verified=False, primary=False)
    w.email_confirm_key = EmailConfirmationHMAC(extra_address).key
    w.reset_uidb36 = user_pk_to_url_str(w.users["physician_b"])
    w.reset_key = default_token_generator.make_token(w.users["physician_b"])

    # One object per admin-registered model, for the change/delete/history pages.
    w.admin_objects = {
        "auth.group": Group.objects.get(name=roles.PHYSICIANS).pk,
        "sites.site": Site.objects.get_current().pk,
        "account.emailaddress": extra_address.pk,
        "mfa.authenticator": Authenticator.objects.filter(user=w.users["staff_messages"]).first().pk,
        "accounts.user": w.users["physician_b"].pk,
        "profiles.practice": w.practice.pk,
        "profiles.location": w.location.pk,
        "profiles.term": w.term.pk,
        "profiles.physicianprofile": w.profile_a.pk,
        "profiles.profilerevision": w.revision.pk,
        "profiles.post": w.post_a.pk,
        "profiles.privacyreview": w.review.pk,
        "profiles.privacycheck": w.check.pk,
        "consent.patient": w.patient.pk,
        "consent.consentevent": ConsentEvent.objects.filter(patient=w.patient).first().pk,
        "consent.disclosure": disclosure.pk,
        "messaging.inboundmessage": w.inbound,
        "messaging.outboundmessage": w.outbound.pk,
        "messaging.replytemplate": ReplyTemplate.objects.first().pk,
        "messaging.textsettings": TextSettings.current().pk,
        "messaging.messageaccess": w.access.pk,
    }
    w.profile_content_type = ContentType.objects.get_for_model(PhysicianProfile).pk
    return w


@pytest.fixture
def role_client(world):
    """``role_client(role, **client_kwargs)``: a new Client logged in as that role (anonymous: none)."""

    def make(role, **kwargs):
        assert role in ROLES
        client = Client(**kwargs)
        if role != "anonymous":
            client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
