"""The clock the posts pages read, swappable in tests (like ``PasswordResetTokenGenerator._now``)."""

from django.utils import timezone


def now():
    return timezone.now()
