"""Every URL pattern as every role, against the access matrix kept in tests/sweep/access_matrix.py.

GET: the outcome must be the matrix's (0 unexpected 200s), and every HTML answer carries the security
headers. POST: a role the matrix does not let write leaves every table exactly as it was.
"""

import pytest

from tests.sweep.access_matrix import ANON, MATRIX, PUBLIC, ROLES
from tests.sweep.payloads import PROVEN, payload
from tests.sweep.surface import concrete_url, url_patterns
from tests.sweep.sweeper import Sweeper, header_problems, outcome

PRODUCTION_TRANSPORT = {
    "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
    "SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
}


@pytest.fixture
def production_transport(settings):
    """The transport settings production runs with (portal/settings.py with DJANGO_DEBUG=0), minus the
    redirect to HTTPS: the requests are made as HTTPS already."""
    for name, value in PRODUCTION_TRANSPORT.items():
        setattr(settings, name, value)
    settings.CONTACT_FORM_RATE_LIMIT = 1000  # six roles post the form from six addresses; limits are tested elsewhere


@pytest.fixture
def surface(world):
    return [(key, concrete_url(key, route, name, world)) for key, route, name in url_patterns()]


def test_every_url_pattern_has_a_row_in_the_access_matrix_and_no_row_is_stale(db):
    keys = [key for key, _route, _name in url_patterns()]
    missing = sorted(set(keys) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(keys))
    assert not missing, f"URL patterns without a row in tests/sweep/access_matrix.py: {missing}"
    assert not stale, f"rows in the access matrix for URL patterns that no longer exist: {stale}"
    assert len(keys) == len(set(keys)), "two patterns share a key"


def test_every_url_as_every_role_answers_as_the_matrix_says_with_the_security_headers(
        production_transport, surface, role_client, world):
    sweeper = Sweeper(role_client)
    mismatches, unexpected_200, header_failures, checked = [], [], [], 0
    for key, url in surface:
        expected = dict(zip(ROLES, MATRIX[key].get, strict=True))
        for role in ROLES:
            response, _ = sweeper.request(role, "get", url, secure=True)
            checked += 1
            got = outcome(response)
            if got != expected[role]:
                mismatches.append(f"{key} {url} as {role}: expected {expected[role]}, got {got}")
                if got == 200:
                    unexpected_200.append(f"{key} as {role}")
            for problem in header_problems(response, logged_in=role != ANON, public=key in PUBLIC):
                header_failures.append(f"{key} {url} as {role}: {problem}")
    print(f"GET sweep: {len(surface)} URLs x {len(ROLES)} roles = {checked} requests")  # noqa: T201
    assert checked == len(MATRIX) * len(ROLES)
    assert not unexpected_200, "unexpected 200s:\n" + "\n".join(unexpected_200)
    assert not mismatches, f"{len(mismatches)} mismatches with the access matrix:\n" + "\n".join(mismatches)
    assert not header_failures, "security header problems:\n" + "\n".join(header_failures)


def test_no_post_as_any_role_writes_anything_the_matrix_does_not_allow(
        production_transport, surface, role_client, world):
    sweeper = Sweeper(role_client)
    admin_pages = {}

    def admin_page(url):
        if url not in admin_pages:
            response, _ = sweeper.request("superuser", "get", url, secure=True)
            admin_pages[url] = response.content.decode()
        return admin_pages[url]

    forbidden_writes, unproven, header_failures, checked, wrote = [], [], [], 0, 0
    for key, url in surface:
        access, data = MATRIX[key], payload(key, dict(surface)[key], world, admin_page)
        for role in ROLES:
            response, tables = sweeper.request(role, "post", url, data=data, changed=True, secure=True)
            checked += 1
            wrote += bool(tables)
            if tables and role not in access.writes:
                forbidden_writes.append(f"{key} {url} as {role} ({response.status_code}) changed {tables}")
            if not tables and role in access.writes and key in PROVEN:
                unproven.append(f"{key} as {role} ({response.status_code}) changed nothing")
            for problem in header_problems(response, logged_in=role != ANON, public=key in PUBLIC):
                header_failures.append(f"POST {key} {url} as {role}: {problem}")
    print(f"POST sweep: {checked} requests, {wrote} allowed writes")  # noqa: T201
    assert not forbidden_writes, "writes without permission:\n" + "\n".join(forbidden_writes)
    assert not unproven, "the payload of a PROVEN key did not write (fix the payload):\n" + "\n".join(unproven)
    assert not header_failures, "security header problems:\n" + "\n".join(header_failures)
