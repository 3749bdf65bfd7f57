"""Browser tests: Debian's Chromium driven by Playwright, pages checked with axe-core."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from themes.tests.taxonomy_fixture import new_taxonomy  # noqa: F401

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HEARD_CHROMIUM", "/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    # The live server runs in this process: importing every view now (reversing a name loads every
    # URL module), not in the first page's request, keeps that request within Playwright's time
    # limit on a busy machine.
    reverse("feedback:list")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class Visit:
    """A page plus what a person cares about: what it says, that it is accessible, that nothing broke."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        self.checked: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("request", self._only_local)
        page.on("response", self._subresource_failed)

    def _console(self, msg):
        # A page's own 403 or 404 is shown on purpose; failed styles, scripts or images are caught below.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            self.problems.append(f"console: {msg.text}")

    def _subresource_failed(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    def _only_local(self, request):
        if not request.url.startswith((self.base_url, "data:", "blob:")):
            self.problems.append(f"request off this server: {request.url}")

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def sign_in(self, email: str):
        """Sign in as `email` (every test person has the same password), leaving any earlier login."""
        from organisations.tests.factories import PASSWORD

        self.page.context.clear_cookies()
        page = self.go("/sign-in/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Sign out").wait_for()
        return page

    def nav(self, name: str):
        """Follow a header navigation link, opening "More" first if the header folded it away."""
        self.page.wait_for_load_state()
        header = self.page.locator("header")
        header.get_by_role("link", name="Home", exact=True).wait_for()
        link = header.get_by_role("link", name=name, exact=True)
        if not link.count():  # folded into the hidden "More" list, so not in the accessibility tree
            header.get_by_role("button", name="More").click()
        self.follow(link.first)
        return self.page

    def section(self, group: str, name: str):
        """Open a group of pages from the header (Governance, Organisation), then one of its pages."""
        self.nav(group)
        self.follow(self.page.get_by_role("navigation", name=group).get_by_role("link", name=name, exact=True))
        return self.page

    def follow(self, link):
        """Click a link and wait until the page it opens has loaded, so that the next step (axe above
        all, which reads the whole document) never runs on a page that is being replaced."""
        with self.page.expect_navigation():
            link.click()

    def check_accessibility(self):
        """Zero axe violations on the page as it is now (and no console errors or CSP breaks so far)."""
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        assert violations == [], f"{self.page.url}: {json.dumps(violations, indent=1)}"
        assert self.problems == [], self.problems
        self.checked.append(self.page.url)


@pytest.fixture
def visit(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Visit(page, live_server.url)
    context.close()
