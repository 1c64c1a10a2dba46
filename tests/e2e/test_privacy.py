"""Public and patient-facing pages, as the browser sees them: nothing from other hosts, no cookie except
where there is a form, and a strict Content-Security-Policy (no inline or eval'd script)."""

import pytest

from tests.e2e.scenario import (  # noqa: F401
    ADVICE_QUESTION,
    patient_link_pages,
    portal,
    practice,
    public_pages,
    send_contact_form,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Pages with a form carry the CSRF cookie; nothing else sets any cookie.
FORM_PAGES = {"contact-form", "text-code", "login", "confirm", "preferences"}


def _directives(csp: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in csp.split(";")) if parts}


def _csp_problems(csp: str | None) -> list[str]:
    if not csp:
        return ["no Content-Security-Policy header"]
    directives = _directives(csp)
    scripts = directives.get("script-src", directives.get("default-src"))
    problems = []
    if scripts is None:
        problems.append("neither script-src nor default-src")
    else:
        problems += [f"script-src allows {s}" for s in scripts
                     if s in ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:", "blob:")
                     or "://" in s]
    if directives.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    if "'unsafe-inline'" in directives.get("style-src", directives.get("default-src", [])):
        problems.append("style-src allows 'unsafe-inline'")
    return problems


def test_public_and_patient_pages_load_nothing_from_other_hosts_set_cookies_only_with_a_form_and_send_a_strict_csp(
        visit, practice):  # noqa: F811
    v = visit("desktop", name="privacy")
    page, console = v.page, []
    page.on("console", lambda message: console.append(message.text))
    cookies, csp_problems, inline = {}, {}, {}

    for label, path, status in public_pages() + patient_link_pages():
        v.context.clear_cookies()
        response = page.goto(path)
        assert response.status == status, path
        cookies[label] = sorted(c["name"] for c in v.context.cookies())
        if problems := _csp_problems(response.all_headers().get("content-security-policy")):
            csp_problems[label] = problems
        # Inline code would be refused by the CSP anyway: there should be none to refuse.
        count = page.evaluate("document.querySelectorAll('script:not([src]):not([type=\"application/ld+json\"]),"
                              " [style], [onclick], [onload]').length")
        if count:
            inline[label] = count

    assert {label: names for label, names in cookies.items() if names and label not in FORM_PAGES} == {}
    assert {label: names for label, names in cookies.items() if label in FORM_PAGES} == {
        label: ["csrftoken"] for label in FORM_PAGES}
    assert csp_problems == {}
    assert inline == {}
    assert [m for m in console if "Content Security Policy" in m] == []
    assert v.foreign_requests() == []
    assert len(v.requests) > len(cookies)  # the stylesheets, scripts and images were recorded too


def test_the_contact_flow_sets_the_session_cookie_only_when_the_form_is_sent(visit, practice):  # noqa: F811
    v = visit("phone", name="privacy-contact")
    page = v.page
    for path in ("/", "/doctors/", "/doctors/avery-chen/"):
        page.goto(path)
    assert v.context.cookies() == []

    page.get_by_role("link", name="Request contact").last.click()
    page.wait_for_url("**/contact/?doctor=avery-chen")
    assert [c["name"] for c in v.context.cookies()] == ["csrftoken"]
    with page.expect_response("**/contact/sent/") as sent:
        send_contact_form(page, message=ADVICE_QUESTION)
    page.wait_for_url("**/contact/sent/")
    # The reply shown on the sent page lives in the server-side session; its id is the only new cookie,
    # set by the form's answer. The sent page itself sets none, and has the same strict policy.
    assert sorted(c["name"] for c in v.context.cookies()) == ["csrftoken", "sessionid"]
    session = next(c for c in v.context.cookies() if c["name"] == "sessionid")
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    assert "set-cookie" not in sent.value.all_headers()
    assert _csp_problems(sent.value.all_headers().get("content-security-policy")) == []
    assert ADVICE_QUESTION not in " ".join(c["value"] for c in v.context.cookies())

    # Back on the public pages the cookies are sent, but the pages stay the same for everyone.
    with page.expect_response("**/doctors/") as directory:
        page.goto("/doctors/")
    assert "set-cookie" not in directory.value.all_headers()
    assert v.foreign_requests() == []
