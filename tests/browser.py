"""Playwright driving Debian's Chromium (no browser download), for the UI suites.

The ``browser`` fixture is made available to every suite by tests/conftest.py:
one session-wide Playwright, since two sync Playwright instances cannot run in
one thread. Suites must not define their own.
"""
import os
import shutil

import pytest

CHROMIUM = os.environ.get("QUEUE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (each test opens its own context)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield instance
        instance.close()
