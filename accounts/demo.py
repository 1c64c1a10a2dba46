"""Demo accounts for `manage.py seed_demo`: a staff member (with TOTP) and two physicians."""

from django.contrib.auth.models import Group

from . import roles
from .models import User

# A fixed secret, so a demo user can add it to an authenticator app or run `manage.py demo_totp`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo data only
DEMO_PASSWORD = "demo-practice-2026"  # noqa: S105 - demo data only

STAFF = {"email": "staff@practice.example", "first_name": "Sam", "last_name": "Rivera", "is_staff": True,
         "personal_phone": "+1 555 0100 901"}
PHYSICIANS = [
    {"email": "avery.chen@practice.example", "first_name": "Avery", "last_name": "Chen",
     "personal_phone": "+1 555 0100 311", "home_address": "12 Private Lane, Springfield",
     "personal_social_accounts": "@avery_at_home"},
    {"email": "jordan.okafor@practice.example", "first_name": "Jordan", "last_name": "Okafor",
     "personal_phone": "+1 555 0100 322", "home_address": "98 Quiet Road, Springfield",
     "personal_social_accounts": "@jordan_weekends"},
]


def _account(values: dict, group: str) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=values["email"]).first()
    if user is None:
        user = User.objects.create_user(password=DEMO_PASSWORD, **values)
    user.groups.add(Group.objects.get(name=group))
    # Invited accounts verify their address by following the invitation; demo ones start verified.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def seed() -> dict:
    """Create the demo accounts (idempotent) and return them by role."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    staff = _account(STAFF, roles.PRACTICE_STAFF)
    if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(staff, DEMO_TOTP_SECRET)
    physicians = [_account(values, roles.PHYSICIANS) for values in PHYSICIANS]
    return {"staff": staff, "physicians": physicians}
