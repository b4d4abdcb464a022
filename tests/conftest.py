"""Shared fixtures. The browser fixtures live in tests/browser.py (also used by bench/render.py)."""

from tests.browser import browser_context, chromium, external_requests, page, streamlit_app  # noqa: F401
