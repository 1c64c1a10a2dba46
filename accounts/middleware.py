"""Session rules for staff: an idle limit, an absolute limit, and TOTP before anything else."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

LOGIN_AT = "_portal_login_at"
SEEN_AT = "_portal_seen_at"


def _has_session_cookie(request) -> bool:
    # Public pages carry no per-visitor state: without a session cookie, do not touch the session.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class StaffSessionMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_SECONDS idle and STAFF_SESSION_MAX_SECONDS at most."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_session_cookie(request) and request.user.is_authenticated and request.user.is_staff:
            now = time.time()
            login_at = request.session.setdefault(LOGIN_AT, now)
            seen_at = request.session.get(SEEN_AT, now)
            idle, age = now - seen_at, now - login_at
            if idle > settings.STAFF_SESSION_IDLE_SECONDS or age > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, "Your session ended for security. Please log in again.")
                return redirect(f"{reverse('account_login')}?next={request.path}")
            request.session[SEEN_AT] = now
        return self.get_response(request)


class RequireStaffMFAMiddleware:
    """Staff must set up TOTP two-factor authentication before using the portal."""

    allowed_prefixes = ("/accounts/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            _has_session_cookie(request)
            and request.user.is_authenticated
            and request.user.is_staff
            and not request.path.startswith(self.allowed_prefixes)
            and not self._has_totp(request.user)
        ):
            messages.warning(request, "Staff accounts need two-factor authentication. Please set it up to continue.")
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _has_totp(user) -> bool:
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
