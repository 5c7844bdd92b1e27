"""End-to-end fixtures: one headless Debian Chromium per session, one fresh browser context per test.

The browser may talk to the live server only: every other request (map tiles, fonts, anything) is
aborted and recorded in `browser_log.blocked`, and host resolution for anything but localhost is
switched off in Chromium itself as a second guard. Tests therefore never need the internet.

Every test also fails if one of our own responses is a 4xx/5xx or the page logs a script error,
unless the test accepts that one response with `browser_log.allow(...)`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
SKIP_ENV = "HROMADA_SKIP_BROWSER"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Second guard besides the request routing below: no proxy, and no name but localhost resolves.
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
# Generous enough for a loaded CI runner, short enough that a broken page fails fast.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run everywhere, except where HROMADA_SKIP_BROWSER=1 says there is no browser."""
    if os.environ.get(SKIP_ENV) != "1":
        return
    skip = pytest.mark.skip(reason=f"{SKIP_ENV}=1: browser tests switched off")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@dataclass
class BrowserLog:
    """What the page did besides rendering: requests we refused, script errors, console errors."""

    origin: str
    blocked: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def allow(self, failed_response: str) -> None:
        """Accept one failed response the test provoked on purpose (e.g. the 400 of a refused login)."""
        assert failed_response in self.failed_responses, (failed_response, self.failed_responses)
        self.failed_responses.remove(failed_response)

    def problems(self) -> list[str]:
        """Our own pages and assets must load cleanly: no 4xx/5xx, no script errors, no CSP refusals."""
        return self.failed_responses + self.page_errors + self.console_errors


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM} (Debian package `chromium`, installed by "
            "`make test-browser` through scripts/ensure-chromium). "
            f"Set {SKIP_ENV}=1 to skip the browser tests on a machine without it.",
            pytrace=False,
        )
    # Playwright's sync API keeps an asyncio loop running in this thread for as long as it is started,
    # and Django refuses ORM calls while a loop runs (SynchronousOnlyOperation). The tests and the
    # factories are plain synchronous code, so we lift the guard for the lifetime of the browser only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright: Any) -> Iterator[Any]:
    # The system Chromium, so Playwright never needs (or downloads) a browser build of its own.
    chromium = _playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def site(live_server: Any, transactional_db: None, hromada: Any) -> str:
    """The live server's base URL; the default hromada (conftest) answers for `localhost`."""
    return live_server.url


@pytest.fixture
def browser_log(site: str) -> BrowserLog:
    return BrowserLog(origin=site)


@pytest.fixture
def context(browser: Any, site: str, browser_log: BrowserLog) -> Iterator[Any]:
    ctx = browser.new_context(
        base_url=site, viewport={"width": 1280, "height": 900}, locale="en-US", service_workers="block"
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.set_default_navigation_timeout(TIMEOUT_MS)

    def refuse(route: Any) -> None:
        browser_log.blocked.append(route.request.url)
        route.abort("blockedbyclient")

    # A pattern, not a function: the browser then pauses only the requests that leave the site; with a
    # function every request (each page's CSS, scripts, images) waited for this process to look at it.
    ctx.route(re.compile("^(?!" + re.escape(site + "/") + ")"), refuse)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: Any, browser_log: BrowserLog) -> Iterator[Any]:
    """A tab whose own failures (bad responses, script and console errors) fail the test at teardown."""
    tab = context.new_page()
    tab.on("pageerror", lambda error: browser_log.page_errors.append(f"script error: {error}"))

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.url.startswith(browser_log.origin):
            request = response.request
            browser_log.failed_responses.append(f"HTTP {response.status} {request.method} {response.url}")

    def on_console(message: Any) -> None:
        if message.type != "error":
            return
        # Refused external requests (map tiles) log "Failed to load resource: net::ERR_BLOCKED_BY_CLIENT",
        # and failed responses are already listed with their URL.
        if "ERR_BLOCKED_BY_CLIENT" in message.text or message.text.startswith("Failed to load resource"):
            return
        browser_log.console_errors.append(f"console error: {message.text}")

    tab.on("response", on_response)
    tab.on("console", on_console)
    yield tab
    problems = browser_log.problems()
    assert not problems, "the browser met problems on our own pages:\n" + "\n".join(problems)


@pytest.fixture
def screenshot_dir() -> Path:
    """Screenshots go to /tmp (never into the repository) for a human to look at."""
    path = Path(os.environ.get("HROMADA_SCREENSHOT_DIR", "/tmp/hromada-browser"))  # noqa: S108
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def log_in(page: Any) -> Any:
    """Fill the accounts login form as a person would; returns the page after the redirect."""

    def submit(email: str, password: str = PASSWORD, next_url: str = "") -> Any:
        page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
        return page

    return submit


@pytest.fixture
def map_ready(page: Any) -> Any:
    """Wait until map.js drew `features` GeoJSON features and Leaflet finished its fit-to-districts zoom.

    During the zoom animation the (empty) tile layer is scaled over the page, which confuses both
    screenshots and axe-core's colour-contrast check.
    """
    from playwright.sync_api import expect

    def wait(features: int) -> None:
        expect(page.locator("#map")).to_have_attribute("data-loaded", str(features))
        expect(page.locator("#map .leaflet-zoom-anim")).to_have_count(0)

    return wait


SEVERE_IMPACTS = frozenset({"serious", "critical"})


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        rule, impact, help_text, url = (violation[k] for k in ("id", "impact", "help", "helpUrl"))
        lines.append(f"- {rule} ({impact}): {help_text} <{url}>")
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    target={node['target']} html={node['html'][:200]!r} {summary}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible() -> Any:
    """Run axe-core on the current page; fail on serious or critical violations, print every finding.

    Results axe cannot decide alone ("incomplete", to be reviewed by a person) are printed, not failed.
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: Any, name: str) -> list[dict[str, Any]]:
        results = axe.run(page, options={"resultTypes": ["violations", "incomplete"]}).response
        violations, to_review = results["violations"], results["incomplete"]
        if violations:
            print(f"\naxe-core violations on {name} ({page.url}):\n{describe_violations(violations)}")  # noqa: T201
        if to_review:
            print(f"\naxe-core needs review on {name} ({page.url}):\n{describe_violations(to_review)}")  # noqa: T201
        severe = [v for v in violations if v["impact"] in SEVERE_IMPACTS]
        assert not severe, f"serious/critical axe-core violations on {name}:\n{describe_violations(severe)}"
        return violations

    return check
