"""The sweep's header check itself: it flags each missing or weak header (so a clean sweep means something)."""

import pytest
from django.http import HttpResponse

from tests.sweep.sweeper import header_problems

GOOD = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store, private",
}


def _response(**changes):
    response = HttpResponse("<p>page</p>")
    for name, value in {**GOOD, **changes}.items():
        if value is None:
            del response[name]
        else:
            response[name] = value
    return response


@pytest.fixture(autouse=True)
def _hsts(settings):
    settings.SECURE_HSTS_SECONDS = 31536000


def test_a_page_with_every_header_passes():
    assert header_problems(_response(), logged_in=True, public=False) == []


@pytest.mark.parametrize(("changes", "problem"), [
    ({"Content-Security-Policy": None}, "no CSP for scripts"),
    ({"Content-Security-Policy": "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"}, "unsafe scripts"),
    ({"Content-Security-Policy": "default-src 'self' 'unsafe-eval'; frame-ancestors 'none'"}, "unsafe scripts"),
    ({"Content-Security-Policy": "script-src 'self'"}, "frame-ancestors"),
    ({"X-Frame-Options": None}, "X-Frame-Options"),
    ({"Strict-Transport-Security": None}, "HSTS"),
    ({"X-Content-Type-Options": None}, "nosniff"),
    ({"Referrer-Policy": "unsafe-url"}, "Referrer-Policy"),
    ({"Cache-Control": "private, max-age=60"}, "no-store"),
])
def test_each_missing_or_weak_header_is_reported(changes, problem):
    problems = header_problems(_response(**changes), logged_in=True, public=False)
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(("flags", "missing"), [
    ({"secure": False, "httponly": True, "samesite": "Lax"}, "secure"),
    ({"secure": True, "httponly": False, "samesite": "Lax"}, "httponly"),
    ({"secure": True, "httponly": True, "samesite": None}, "samesite"),
])
def test_a_cookie_without_secure_httponly_or_samesite_is_reported(flags, missing):
    response = _response()
    response.set_cookie("sessionid", "abc", **flags)
    assert any(missing in p for p in header_problems(response, logged_in=False, public=True))


def test_a_public_page_needs_no_no_store_but_a_cookie_deletion_is_ignored():
    response = _response(**{"Cache-Control": "public, max-age=60"})
    response.delete_cookie("messages")
    assert header_problems(response, logged_in=True, public=True) == []
