"""Send one request as one role, look at the answer, and undo whatever it changed in the database."""

import hashlib
from http.cookies import SimpleCookie

from django.apps import apps
from django.conf import settings
from django.db import transaction

from tests.sweep.access_matrix import LOGIN, REDIRECT, ROLES

# Sessions change on every request (logins, the staff idle timer): they are not the data we guard.
NOT_DATA = {"sessions.session"}


class _Undo(Exception):
    pass


def outcome(response):
    """The status code, or LOGIN / REDIRECT for a redirect."""
    if response.status_code in (301, 302, 303, 307, 308):
        target = response["Location"]
        if target.startswith(("/accounts/login/", "/admin/login/")):
            return LOGIN
        return REDIRECT
    return response.status_code


def fingerprint() -> dict[str, str]:
    """A digest of every row of every table (counts alone would miss an update)."""
    digests = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in NOT_DATA:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        digests[label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


class Sweeper:
    """One logged-in client per role (each from its own address). Each request runs inside a savepoint that
    is rolled back afterwards, so every request meets the same world; the role's cookies are restored too."""

    def __init__(self, role_client, **client_kwargs):
        self.clients, self.cookies = {}, {}
        for n, role in enumerate(ROLES, start=1):
            client = role_client(role, REMOTE_ADDR=f"10.20.0.{n}", **client_kwargs)
            self.clients[role] = client
            self.cookies[role] = client.cookies.output(header="", sep=";")
        self.baseline = fingerprint()

    def client(self, role):
        client = self.clients[role]
        client.cookies = SimpleCookie(self.cookies[role])
        return client

    def request(self, role, method, url, *, data=None, changed=False, cookies=None, **extra):
        """Returns (response, tables changed or None); the database is as before afterwards."""
        client = self.client(role)
        for name, value in (cookies or {}).items():
            client.cookies[name] = value
        tables = None
        try:
            with transaction.atomic():
                if method == "get":
                    response = client.get(url, data or {}, **extra)
                else:
                    response = client.post(url, data or {}, **extra)
                if changed:
                    after = fingerprint()
                    tables = sorted(label for label, digest in after.items() if self.baseline.get(label) != digest)
                raise _Undo
        except _Undo:
            pass
        return response, tables


def header_problems(response, *, logged_in: bool, public: bool) -> list[str]:
    """What an HTML response lacks of the security headers; what any response's cookies lack."""
    problems = []
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        csp = {}
        for directive in response.get("Content-Security-Policy", "").split(";"):
            name, _, value = directive.strip().partition(" ")
            if name:
                csp[name] = value
        scripts = csp.get("script-src", csp.get("default-src"))
        if scripts is None:
            problems.append("no CSP for scripts")
        elif "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts or "*" in scripts.split():
            problems.append(f"CSP allows unsafe scripts: {scripts}")
        if csp.get("frame-ancestors") != "'none'":
            problems.append("CSP lacks frame-ancestors 'none'")
        if response.get("X-Frame-Options") != "DENY":
            problems.append(f"X-Frame-Options is {response.get('X-Frame-Options')!r}")
        hsts = response.get("Strict-Transport-Security", "")
        if f"max-age={settings.SECURE_HSTS_SECONDS}" not in hsts:
            problems.append(f"HSTS is {hsts!r}")
        if response.get("X-Content-Type-Options") != "nosniff":
            problems.append("no X-Content-Type-Options: nosniff")
        if response.get("Referrer-Policy") not in ("same-origin", "strict-origin-when-cross-origin", "no-referrer"):
            problems.append(f"Referrer-Policy is {response.get('Referrer-Policy')!r}")
        if logged_in and not public and "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"logged-in page without no-store: Cache-Control {response.get('Cache-Control')!r}")
    for name, morsel in response.cookies.items():
        if morsel["max-age"] == 0 and not morsel.value:
            continue  # a deletion: the browser drops the cookie, whatever its flags
        missing = [flag for flag in ("secure", "httponly") if not morsel[flag]]
        if not morsel["samesite"]:
            missing.append("samesite")
        if missing:
            problems.append(f"cookie {name} lacks {', '.join(missing)}")
    return problems
