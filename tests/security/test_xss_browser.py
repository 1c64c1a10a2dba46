"""Issue 8, item 3, in a real browser: bios made of every corpus vector and a batch of generated ones are
saved through the physician's edit form and shown on the public page and the physician's preview in
headless Chromium, with the page's CSP and with the CSP switched off (so the sanitizer alone is proved).
Nothing may open a dialog, set ``window.__xss``, trip the CSP, or make the page load another host.
"""

import os
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import reverse

from .conftest import profile_form_data
from .xss_corpus import load_vectors
from .xss_generated import sample_batch

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.e2e

BIO_LIMIT = 3000  # PhysicianProfile.bio max_length: the form refuses more, so the corpus goes in slices
GENERATED_IN_BROWSER = 200
BIO_SELECTOR = "section[aria-labelledby='bio-heading']"
HOVERS_PER_PAGE = 15
TABS_PER_PAGE = 6

# Injected through the DevTools protocol, which the page's CSP does not govern.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));
"""

# Fire every kind of event an injected handler could wait for, focus everything, and click every link
# that does not lead to an ordinary web or mail address (a javascript: link would run here).
EXERCISE = """
async (selector) => {
  const root = document.querySelector(selector) || document.body;
  const elements = [root, ...root.querySelectorAll('*')];
  const types = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click', 'dblclick',
    'contextmenu', 'auxclick', 'pointerover', 'pointerenter', 'pointerdown', 'pointerup', 'focus', 'focusin',
    'blur', 'focusout', 'keydown', 'keypress', 'keyup', 'input', 'change', 'copy', 'cut', 'paste', 'drag',
    'dragstart', 'dragend', 'drop', 'toggle', 'beforetoggle', 'animationstart', 'animationend',
    'transitionend', 'scroll', 'wheel', 'load', 'error', 'select', 'submit', 'invalid'];
  const webLink = el => {
    const a = el.closest && el.closest('a[href]');
    return a && /^(https?|mailto):/i.test(a.href);
  };
  for (const el of elements) {
    for (const type of types) {
      if (type === 'click' && webLink(el)) continue;  // would only leave the page
      try { el.dispatchEvent(new Event(type, {bubbles: true, cancelable: true})); } catch (e) {}
    }
    try { if (typeof el.focus === 'function') el.focus(); } catch (e) {}
    if (el.tagName === 'A' && !webLink(el)) { try { el.click(); } catch (e) {} }
  }
  await new Promise(resolve => setTimeout(resolve, 150));
  return {elements: elements.length, xss: window.__xss === 1 ? 1 : 0,
          violations: window.__cspViolations || []};
}
"""


# The centres of the elements inside ``selector`` that have a box in the (tall) viewport.
POINTS = """
(selector) => {
  const root = document.querySelector(selector) || document.body;
  return [...root.querySelectorAll('*')].map(el => el.getBoundingClientRect())
    .filter(r => r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight)
    .map(r => [r.left + r.width / 2, r.top + r.height / 2]);
}
"""


def bio_slices(pieces: list[str], limit: int = BIO_LIMIT) -> list[str]:
    """Pieces joined as Markdown paragraphs, in as few bios of at most ``limit`` characters as possible."""
    bios, current = [], ""
    for piece in pieces:
        assert len(piece) <= limit, f"a vector longer than a bio: {piece[:60]!r}"
        candidate = f"{current}\n\n{piece}" if current else piece
        if len(candidate) > limit:
            bios.append(current)
            candidate = piece
        current = candidate
    return bios + [current] if current else bios


def _lines(text: str) -> str:
    # Line endings may be normalized on the way in; everything else must arrive as sent.
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


class Watcher:
    """A browser context (CSP on or off) whose pages report dialogs, markers, violations and requests."""

    def __init__(self, browser, base_url, *, bypass_csp, session_cookie=None):
        self.label = "csp-off" if bypass_csp else "csp-on"
        self.host = urlparse(base_url).netloc
        self.context = browser.new_context(base_url=base_url, bypass_csp=bypass_csp,
                                           viewport={"width": 1280, "height": 4000})
        self.context.add_init_script(RECORD_CSP_VIOLATIONS)
        if session_cookie:
            self.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie,
                                       "url": base_url}])
        self.context.route("**/*", self._only_the_portal)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.findings: list[str] = []
        self.elements = 0

    def _only_the_portal(self, route):
        url = route.request.url
        if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != self.host:
            self.foreign.append(url)
            return route.abort()
        return route.continue_()

    def _dialog(self, dialog):
        self.dialogs.append(f"{self.label} {dialog.type}: {dialog.message} on {self.page.url}")
        dialog.dismiss()

    def exercise(self, selector=BIO_SELECTOR) -> None:
        result = self.page.evaluate(EXERCISE, selector)
        self.elements += result["elements"]
        self.page.locator(selector).scroll_into_view_if_needed()
        for x, y in self.page.evaluate(POINTS, selector)[:HOVERS_PER_PAGE]:  # real mouse movement as well
            self.page.mouse.move(x, y)
        for _ in range(TABS_PER_PAGE):
            self.page.keyboard.press("Tab")
        self.page.wait_for_timeout(100)
        if self.page.evaluate("window.__xss === 1"):
            self.findings.append(f"{self.label} window.__xss set on {self.page.url}")
        violations = self.page.evaluate("window.__cspViolations || []")
        self.findings += [f"{self.label} CSP violation on {self.page.url}: {v}" for v in violations]

    def close(self):
        self.context.close()


@pytest.fixture
def watchers(browser, live_server):
    opened = []

    def open_watcher(**kwargs):
        watcher = Watcher(browser, live_server.url, **kwargs)
        opened.append(watcher)
        return watcher

    yield open_watcher
    for watcher in opened:
        watcher.close()


def save_bio(client, physician, bio: str, *, staff) -> bool:
    """Save ``bio`` on the published profile through the physician's pages; True if the privacy guard held it.

    A bio the privacy guard holds (some vectors read like dates or names) takes the product's own way out:
    unpublish, save, send for review, a staff member approves that exact text, publish again.
    """
    from profiles import post_actions
    from profiles.models import PrivacyReview

    edit = reverse("profiles:edit-profile")
    response = client.post(edit, profile_form_data(physician, bio=bio))
    if response.status_code == 302:
        return False
    assert "privacy check holds this bio back" in str(response.context["form"].errors), response.context["form"].errors
    assert client.post(reverse("profiles:unpublish-profile", args=[physician.pk])).status_code == 302
    assert client.post(edit, profile_form_data(physician, bio=bio)).status_code == 302
    client.post(reverse("profiles:send-bio-for-review", args=[physician.pk]))
    review = PrivacyReview.objects.filter(profile=physician, subject="bio").latest("requested_at")
    post_actions.decide_review(review, by=staff, approve=True, note="Security sweep: XSS test vectors, no patient.")
    assert client.post(reverse("profiles:publish-profile", args=[physician.pk])).status_code == 302
    return True


def test_no_vector_in_a_saved_bio_runs_script_on_the_public_page_or_the_preview(client, physician, watchers,
                                                                                user_factory):
    vectors = load_vectors()
    # The form refuses NUL characters (Django's ProhibitNullCharactersValidator), so they are dropped here;
    # the sanitizer test covers the NUL vectors as they are.
    pieces = [v.text.replace("\x00", "") for v in vectors] + sample_batch(GENERATED_IN_BROWSER)
    bios = bio_slices(pieces)
    client.force_login(physician.account)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    on, off = watchers(bypass_csp=False, session_cookie=session), watchers(bypass_csp=True, session_cookie=session)
    pages = [physician.get_absolute_url(), reverse("profiles:preview-profile")]
    staff = user_factory(email="reviewer@practice.example", is_staff=True)

    saved_characters, held = 0, 0
    for number, bio in enumerate(bios, start=1):
        held += save_bio(client, physician, bio, staff=staff)
        physician.refresh_from_db()
        assert physician.is_published
        assert _lines(physician.bio) == _lines(bio), f"bio {number} was not stored as sent"
        saved_characters += len(physician.bio)
        for path in pages:
            for watcher in (on, off):
                response = watcher.page.goto(path)
                assert response.status == 200, (path, response.status)
                assert watcher.page.locator(BIO_SELECTOR).count() == 1, f"no bio section on {path}"
                watcher.exercise()

    print(f"\n[xss-browser] vectors={len(vectors)} generated={GENERATED_IN_BROWSER} bios={len(bios)} "
          f"held_by_privacy_guard={held} characters={saved_characters} "
          f"page_loads={len(bios) * 4} elements_exercised={on.elements + off.elements} "
          f"dialogs={len(on.dialogs) + len(off.dialogs)} findings={len(on.findings) + len(off.findings)}")
    assert on.dialogs + off.dialogs == []
    assert on.findings + off.findings == []
    assert on.foreign + off.foreign == []


UNSANITIZED = ("<div id='bio'><img src=x onerror=alert(1)><p onmouseover='window.__xss=1'>hover</p>"
               "<a id=j href='javascript:confirm(2)'>j</a><input autofocus onfocus=prompt(3)></div>")


def test_the_harness_sees_dialogs_and_markers_when_html_is_not_sanitized(watchers, db):
    # Without this, a broken harness would pass the test above by seeing nothing.
    off = watchers(bypass_csp=True)
    off.page.set_content(UNSANITIZED)
    off.exercise("#bio")
    kinds = {d.split()[1] for d in off.dialogs}
    assert {"alert:", "confirm:", "prompt:"} <= kinds, off.dialogs
    assert any("__xss" in f for f in off.findings), off.findings


def test_the_harness_sees_csp_violations_when_the_csp_blocks_an_injected_handler(watchers, live_server):
    on = watchers(bypass_csp=False)
    url = live_server.url + "/__harness__"
    on.page.route(url, lambda route: route.fulfill(
        status=200, body=UNSANITIZED, content_type="text/html",
        headers={"Content-Security-Policy": "script-src 'self'; object-src 'none'"}))
    on.page.goto(url)
    on.exercise("#bio")
    assert on.dialogs == []  # the CSP stops them ...
    assert any("CSP violation" in f for f in on.findings), on.findings  # ... and the recorder sees it try
