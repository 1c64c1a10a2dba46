"""Browser tests: headless Debian Chromium driven by Playwright against a live portal.

They run in `make test` whenever /usr/bin/chromium exists, and CI requires them (REQUIRE_BROWSER=1).
Screenshots of each step go to $SCREENSHOTS_DIR (var/screenshots by default) at phone and desktop widths.
"""

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WIDTHS = {"phone": 390, "desktop": 1280}

# Playwright's sync API runs an event loop in this thread; the ORM calls made by test code are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but Chromium is not installed at {CHROMIUM}")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium); CI requires it")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    path = ROOT / os.environ.get("SCREENSHOTS_DIR", "var/screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Visit:
    """One browser context at one width, recording every request and dialog it sees."""

    def __init__(self, browser, base_url, width, shots, name):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, base_url=base_url)
        # axe-core is injected through the DevTools protocol, which the page's CSP does not govern.
        self.context.add_init_script(path=str(AXE))
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.base_host = urlparse(base_url).netloc
        self.shots, self.name, self.width = shots, name, width
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.step = 0

    def shot(self, label: str) -> Path:
        self.step += 1
        path = self.shots / f"{self.name}-{self.step:02d}-{label}-{self.width}px.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if urlparse(u).scheme in ("http", "https")
                and urlparse(u).netloc != self.base_host]

    def axe_violations(self) -> list[dict]:
        result = self.page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, live_server, screenshots_dir, request):
    opened: list[Visit] = []

    def open_visit(width="desktop", name=None):
        v = Visit(browser, live_server.url, WIDTHS.get(width, width), screenshots_dir, name or request.node.name)
        opened.append(v)
        return v

    yield open_visit
    for v in opened:
        v.close()


def format_violations(violations) -> str:
    return json.dumps(violations, indent=2)
