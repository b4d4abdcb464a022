"""Debian's Chromium through Playwright, kept offline: how every picture export (and every browser check)
opens a page. Chromium is never downloaded (no ``playwright install``)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file", "data", "blob", "about")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def chromium_path() -> Path:
    """Debian's ``/usr/bin/chromium``, or the binary ``CHAINMAP_CHROMIUM`` names."""
    return Path(os.environ.get("CHAINMAP_CHROMIUM", "/usr/bin/chromium"))


def launch_chromium(playwright):
    """Headless Chromium with the flags that keep it quiet and offline-friendly."""
    return playwright.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS, headless=True)


def is_external(url: str) -> bool:
    """True for any request that would leave this machine (anything but localhost, file:, data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


def block_network(target) -> list[str]:
    """Let a page or context load only local URLs (file:, data:, blob:, about:); return the (live) list of
    the URLs it blocked."""
    blocked: list[str] = []

    def only_local(route) -> None:
        if urlsplit(route.request.url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    target.route("**/*", only_local)
    return blocked
