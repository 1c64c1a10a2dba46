"""The public pages and the edit page in headless Chromium, at phone and desktop widths.

Screenshots go to $SCREENSHOTS_DIR (var/screenshots). Runs where Chromium is installed, like tests/e2e.
"""


import pytest

from tests.browser import format_violations

pytestmark = [
    pytest.mark.e2e,
    # The live server needs committed rows; restoring the migrated rows (groups) keeps later tests whole.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_practice(user_factory):
    from django.contrib.auth.models import Group

    from accounts import roles
    from profiles import demo

    # A transactional test may start after another one emptied the tables the migrations filled.
    Group.objects.get_or_create(name=roles.PHYSICIANS)
    practice = demo.ensure_practice()
    physicians = [user_factory(group=roles.PHYSICIANS) for _ in demo.PROFILES]
    demo.seed({"physicians": physicians})
    demo.seed_many(5, user_model=type(physicians[0]))
    return practice


def _fits_the_width(v) -> bool:
    return v.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_public_pages_read_well_on_a_phone_and_a_desktop(visit, demo_practice, width):  # noqa: F811
    from profiles.models import PhysicianProfile

    profile = PhysicianProfile.objects.get(name="Avery Chen")
    v = visit(width, name=f"profiles-{width}")
    for label, path in [("home", "/"), ("directory", "/doctors/"),
                        ("directory-filtered", "/doctors/?language=spanish&accepting=1"),
                        ("profile", profile.get_absolute_url())]:
        response = v.page.goto(path)
        assert response.status == 200, path
        v.shot(label)
        assert _fits_the_width(v), f"{path} scrolls sideways at {width}"
        assert all(v.page.evaluate("[...document.images].map(i => i.complete && i.naturalWidth > 0)")), path
        violations = v.axe_violations()
        assert violations == [], format_violations(violations)
    assert v.context.cookies() == []
    assert v.foreign_requests() == []


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_edit_page_and_preview_work_on_a_phone_and_a_desktop(visit, demo_practice, live_server, width):  # noqa: F811
    from django.conf import settings
    from django.test import Client

    from profiles.models import PhysicianProfile

    profile = PhysicianProfile.objects.get(name="Jordan Okafor")
    client = Client()
    client.force_login(profile.account)
    v = visit(width, name=f"profiles-edit-{width}")
    host = live_server.url.split("//")[1].split(":")[0]
    v.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies["sessionid"].value,
                            "domain": host, "path": "/"}])
    assert v.page.goto("/account/profile/").status == 200
    v.shot("edit")
    assert _fits_the_width(v)
    v.page.fill("#id_credentials", "DO, FACP, MPH")
    v.page.click("text=Save and preview")
    v.page.wait_for_url("**/account/profile/preview/")
    v.shot("preview")
    assert "DO, FACP, MPH" in v.page.inner_text("h1")
    assert _fits_the_width(v)
    violations = v.axe_violations()
    assert violations == [], format_violations(violations)
