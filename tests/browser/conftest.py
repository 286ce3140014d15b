import os

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from marketplace.services import exchange_rates_seed
from tests.waiting import BROWSER_BUDGET_MS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium: `playwright install` cannot download browsers here.
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True, scope="session")
def _patient_expectations():
    # An assertion waits for its condition up to the budget rather than Playwright's 5 s, which a
    # page rendered by a live server on a busy 2-core machine can miss. Actions and navigations
    # keep Playwright's own 30 s.
    expect.set_options(timeout=BROWSER_BUDGET_MS)


# Every page reports a Content-Security-Policy violation to the console with this prefix
# (Chromium also logs its own "Refused to …" line); the listener is in place before any page script.
CSP_PREFIX = "CSP violation:"  # the same words open the console line below
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.effectiveDirective + " blocked " + (e.blockedURI || "inline") +
                " at " + e.sourceFile + ":" + e.lineNumber + " (" + (e.sample || "") + ")");
}, true);
"""


def is_csp_violation(text: str) -> bool:
    return text.startswith(CSP_PREFIX) or "Content Security Policy" in text


class CspWatch:
    """The CSP violations seen by every page of every context a test opens."""

    def __init__(self):
        self.violations: list[str] = []

    def watch(self, context: BrowserContext) -> BrowserContext:
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._console)
        return context

    def _console(self, message) -> None:
        if is_csp_violation(message.text):
            self.violations.append(f"{message.page.url if message.page else '?'}: {message.text}")


@pytest.fixture(autouse=True)
def csp_watch(monkeypatch):
    """Fails a browser test whose pages broke the Content-Security-Policy: the `page`
    fixture's context and any context a test makes itself (browser.new_context /
    browser.new_page) are watched, and the test fails at teardown."""
    watch = CspWatch()
    new_context, new_page = Browser.new_context, Browser.new_page

    def watched_context(self, *args, **kwargs):
        return watch.watch(new_context(self, *args, **kwargs))

    def watched_page(self, *args, **kwargs):
        page = new_page(self, *args, **kwargs)
        watch.watch(page.context)  # its own context: watched from the next navigation
        return page

    monkeypatch.setattr(Browser, "new_context", watched_context)
    monkeypatch.setattr(Browser, "new_page", watched_page)
    yield watch
    if watch.violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(watch.violations), pytrace=False)


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's URL, with exchange rates loaded (a transactional test
    starts from tables flushed by the one before)."""
    exchange_rates_seed()
    return live_server.url


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
