"""The posts pages in headless Chromium at phone and desktop widths: the news page, a post page, the
post form, the preview with the privacy check's findings, and the form refusing a post that names a
patient. axe finds no WCAG 2.1 A/AA violation; nothing scrolls sideways; public pages set no cookie.

Screenshots go to $SCREENSHOTS_DIR (var/screenshots). Runs where Chromium is installed, like tests/e2e.
"""


import pytest

from tests.browser import format_violations

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_practice(user_factory):
    from django.contrib.auth.models import Group

    from accounts import roles
    from consent import actions as consent_actions
    from profiles import demo

    Group.objects.get_or_create(name=roles.PHYSICIANS)
    practice = demo.ensure_practice()
    physicians = [user_factory(group=roles.PHYSICIANS) for _ in demo.PROFILES]
    demo.seed({"physicians": physicians})
    consent_actions.find_or_create_patient(name="Maria Lopez", email="maria.lopez@example.com")
    return practice


def _check_page(v, label):
    v.shot(label)
    assert v.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{label} scrolls sideways"
    assert all(v.page.evaluate("[...document.images].map(i => i.complete && i.naturalWidth > 0)")), label
    violations = v.axe_violations()
    assert violations == [], format_violations(violations)


def _log_in(v, live_server, account):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(account)
    host = live_server.url.split("//")[1].split(":")[0]
    v.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies["sessionid"].value,
                            "domain": host, "path": "/"}])


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_news_page_and_a_post_read_well_and_set_no_cookie(visit, demo_practice, width):
    from profiles.models import Post

    post = Post.objects.order_by("pk").first()
    v = visit(width, name=f"posts-public-{width}")
    for label, path in [("news", "/news/"), ("post", post.get_absolute_url()),
                        ("profile-with-posts", post.author.get_absolute_url())]:
        assert v.page.goto(path).status == 200, path
        _check_page(v, label)
    assert v.page.locator("a[href^='/contact/?doctor=']").count() == 1
    assert v.context.cookies() == []
    assert v.foreign_requests() == []


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_writing_a_post_that_names_a_patient_shows_the_findings_in_place(visit, demo_practice, live_server,
                                                                         width):
    from profiles.models import PhysicianProfile, Post

    profile = PhysicianProfile.objects.get(name="Avery Chen")
    v = visit(width, name=f"posts-form-{width}")
    _log_in(v, live_server, profile.account)
    assert v.page.goto("/account/posts/").status == 200
    _check_page(v, "list")
    v.page.click("text=Write a post")
    _check_page(v, "new")
    v.page.fill("#id_title", "A proud month at the clinic")
    v.page.fill("#id_body", "Maria López's recovery after her knee surgery shows why physiotherapy matters.")
    v.page.click("text=Save and preview")
    v.page.wait_for_url("**/account/posts/*/")
    assert v.page.locator("mark.privacy-mark").count() == 1
    assert "Maria López" in v.page.inner_text("#finding-1")
    _check_page(v, "preview-with-findings")

    published = Post.objects.filter(author=profile, status=Post.Status.PUBLISHED).first()
    assert v.page.goto(f"/account/posts/{published.pk}/edit/").status == 200
    v.page.fill("#id_body", "Thank you, Maria Lopez, for letting me share your story.")
    v.page.click("text=Save and preview")
    v.page.wait_for_selector("mark.privacy-mark")
    assert "/edit/" in v.page.url  # refused: the form is back, with the findings above it
    _check_page(v, "form-refused")
    assert "Maria Lopez" not in Post.objects.get(pk=published.pk).body
