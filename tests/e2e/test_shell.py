"""The page shell in a real browser: accessible, self-contained, and private."""

import pytest

from tests.e2e.conftest import format_violations

# Transactional (the live server needs committed rows), restoring the migrations' rows afterwards: a
# transactional test without it leaves tables the next serialized-rollback test cannot refill.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_home_page_passes_axe_and_loads_nothing_from_other_hosts(visit):
    for width in ("phone", "desktop"):
        v = visit(width)
        response = v.page.goto("/")
        assert response.status == 200
        v.shot("home")
        violations = v.axe_violations()
        assert violations == [], format_violations(violations)
        assert v.foreign_requests() == []
        assert v.context.cookies() == []


def test_the_skip_link_is_the_first_stop_for_the_keyboard_and_moves_focus_to_main(visit):
    v = visit("desktop")
    v.page.goto("/")
    v.page.keyboard.press("Tab")
    focused = v.page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    v.shot("skip-link-focused")
    v.page.keyboard.press("Enter")
    assert v.page.evaluate("document.activeElement.id") == "main"


def test_on_a_phone_the_menu_button_opens_the_navigation(visit):
    v = visit("phone")
    v.page.goto("/")
    menu = v.page.get_by_role("button", name="Toggle navigation")
    directory = v.page.get_by_role("link", name="Our physicians")
    assert menu.get_attribute("aria-expanded") == "false" and not directory.is_visible()
    menu.click()
    directory.wait_for()
    assert menu.get_attribute("aria-expanded") == "true"
    v.shot("menu-open")
    directory.click()
    v.page.wait_for_url("**/doctors/")
