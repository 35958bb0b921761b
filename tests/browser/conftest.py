"""Headless Chromium (the Debian package) against pytest-django's live server.

Browser tests need committed data (the server runs in another thread): `committed_data`
(tests/conftest.py). They run last.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-dev-shm-usage",
]
BASE_DIR = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, committed_data):
    return live_server.url


def new_page(
    browser, viewport=PHONE, *, javascript: bool = True, locale: str = "zh-CN", csp: bool = False
):
    """A fresh browser tab. axe-core is injected as an inline script, which the site's
    Content-Security-Policy refuses, so tabs bypass the policy unless `csp` asks to keep it
    (test_csp.py walks the site with it and finds nothing refused)."""
    context = browser.new_context(
        viewport=viewport, java_script_enabled=javascript, locale=locale, bypass_csp=not csp
    )
    context.set_default_timeout(20_000)  # CI runs the browser and both databases on 2 cores
    return context.new_page()
