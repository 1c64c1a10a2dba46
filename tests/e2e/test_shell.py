"""The page shell in a real browser: accessible, self-contained, and private."""

from tests.e2e.conftest import format_violations


def test_the_home_page_passes_axe_and_loads_nothing_from_other_hosts(visit, db):
    for width in ("phone", "desktop"):
        v = visit(width)
        response = v.page.goto("/")
        assert response.status == 200
        v.shot("home")
        violations = v.axe_violations()
        assert violations == [], format_violations(violations)
        assert v.foreign_requests() == []
        assert v.context.cookies() == []


def test_the_skip_link_is_the_first_stop_for_the_keyboard_and_moves_focus_to_main(visit, db):
    v = visit("desktop")
    v.page.goto("/")
    v.page.keyboard.press("Tab")
    focused = v.page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    v.shot("skip-link-focused")
    v.page.keyboard.press("Enter")
    assert v.page.evaluate("document.activeElement.id") == "main"
