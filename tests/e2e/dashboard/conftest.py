"""Fixtures of the browser tests: a live server on the sample data, Chromium, a watched page.

Every page fails its test when the browser logs an error or the page throws, unless the test
names the error it provokes.
"""

from __future__ import annotations

import contextlib
import re

import pytest

from tests.e2e.dashboard.intraday_seed import dst_rows, seed_intraday
from tests.e2e.dashboard.live import launch_chromium, live_server, load_sample
from tests.systools import require_for_test

VIEWPORT = {"width": 1200, "height": 820}


class Watched:
    """A page's console errors and uncaught exceptions, and the ones a test expects."""

    def __init__(self):
        self.errors: list[str] = []
        self.expected: list[re.Pattern] = []

    def expect(self, pattern: str) -> None:
        """Allow console errors matching `pattern` (a test that provokes a failure)."""
        self.expected.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        """Return the errors no expectation covers."""
        return [e for e in self.errors if not any(p.search(e) for p in self.expected)]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Return Debian's Chromium; skip without it locally, fail without it in CI."""
    return require_for_test("chromium")


@pytest.fixture(scope="session")
def sample_url(tmp_path_factory) -> str:
    """Return a SQLite database holding the bundled sample (AAPL, FB, GOOG, IBM, MSFT), and MSFT's
    15min bars of two sessions on either side of the 2024 spring DST change (no other symbol has any)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'sample.sqlite3'}"
    load_sample(url)
    seed_intraday(url, dst_rows(), symbol="MSFT", interval="15min")
    return url


@pytest.fixture(scope="session")
def server(sample_url, chromium_path) -> str:
    """Serve the app on the sample data with gunicorn; return its base URL."""
    with live_server(sample_url) as base:
        yield base


@pytest.fixture(scope="session")
def browser(chromium_path):
    """Start Chromium once for all the browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright, chromium_path)
        yield chromium
        chromium.close()


@pytest.fixture
def watched() -> Watched:
    """Return the error log of this test's page."""
    return Watched()


@contextlib.contextmanager
def watched_page(browser, watched, **context_options):
    """Open a fresh browser context and page; fail the test on any unexpected browser error."""
    context = browser.new_context(viewport=VIEWPORT, **context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda message: message.type == "error" and watched.errors.append(message.text))
    page.on("pageerror", lambda error: watched.errors.append(f"uncaught: {error}"))
    yield page
    context.close()
    assert watched.unexpected() == [], "the browser logged errors"


@pytest.fixture
def page(browser, watched):
    """A fresh page in the machine's time zone."""
    with watched_page(browser, watched) as opened:
        yield opened
