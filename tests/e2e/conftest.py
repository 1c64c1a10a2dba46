"""End-to-end browser tests: the fixtures (browser, visit, screenshots_dir) live in tests/conftest.py."""

from tests.browser import format_violations  # noqa: F401 - re-exported for the tests here
