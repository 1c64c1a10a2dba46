"""Headless Chromium for the browser tests: one Playwright browser per test session (tests/conftest.py).

Debian's Chromium driven by Playwright's Python package; axe-core is injected through the DevTools
protocol, which a page's CSP does not govern. Screenshots go to $SCREENSHOTS_DIR (var/screenshots).
"""

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "e2e" / "vendor" / "axe.min.js"
WIDTHS = {"phone": 390, "desktop": 1280}


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or bool(shutil.which("chromium"))


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


def format_violations(violations) -> str:
    return json.dumps(violations, indent=2)
