"""Shared browser-test machinery: Debian's Chromium through Playwright, a live Streamlit app, request recording.

Not a test module. ``tests/conftest.py`` re-exports the fixtures; the helpers are
imported directly by the tests. Launching Chromium offline is ``graph/export/browser.py``.

Chromium is never downloaded (no ``playwright install``): the system browser at
``/usr/bin/chromium`` is driven instead. Without it the browser tests skip, except
in CI (``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.app_process import APP_READY, GRAPH_DRAWN, embedded_env, running_app, start_streamlit, stop  # noqa: F401  (used by the tests)
from graph.export.browser import block_network, chromium_path, is_external, launch_chromium  # noqa: F401

CHROMIUM = chromium_path()
VIEWPORT = {"width": 1600, "height": 1000}


def require_chromium() -> None:
    """Skip when there is no browser, unless in CI, where that is an error."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium package", pytrace=False)
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")


# -- fixtures (re-exported by conftest.py) ----------------------------------------------------

@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium):
    """A fresh context (1600×1000, zh-CN) whose ``external_requests`` list collects every request that left localhost.

    Listening on the context catches requests from every page, iframe and worker in it.
    """
    context = chromium.new_context(viewport=VIEWPORT, locale="zh-CN", device_scale_factor=1)
    external: list[str] = []
    context.on("request", lambda req: external.append(req.url) if is_external(req.url) else None)
    context.external_requests = external
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    p = browser_context.new_page()
    p.set_default_timeout(60_000)
    return p


@pytest.fixture
def external_requests(browser_context) -> list[str]:
    """URLs of requests that left localhost in this test's browser context (assert it is empty)."""
    return browser_context.external_requests


@pytest.fixture(scope="session")
def streamlit_app(tmp_path_factory):
    """The app, served by a Streamlit subprocess on a free port, on the bundled embedded data.

    NEO4J_URI is removed so the app and the test read the same dataset (``CHAINMAP_DATA`` or data/laoshan).
    """
    require_chromium()
    with running_app(tmp_path_factory.mktemp("streamlit") / "streamlit.log", embedded_env()) as (_, url):
        yield url


def picture_path(name: str) -> Path:
    """Where a test saves a screenshot: out/screenshots/ (gitignored), or docs/ with CHAINMAP_UPDATE_DOCS=1.

    The README pictures are refreshed on purpose, not as a side effect of every test run.
    """
    root = Path(__file__).resolve().parent.parent
    folder = root / "docs" if os.environ.get("CHAINMAP_UPDATE_DOCS") == "1" else root / "out" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name
