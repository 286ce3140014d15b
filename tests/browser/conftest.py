import os

import pytest
from playwright.sync_api import expect

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
