"""The app on a real Neo4j that goes away and comes back, in a real browser: a clear message inside the page
(navigation still usable), recovery by itself on the next click once the server is back (no app restart),
every page from its own URL, and a wrong password that never shows in the page or the app's log.

Each test starts and stops its own server (a temporary home beside the shared jars, auth off, or on for the
password test) and its own app process.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from chainmap import neo4j_server as ns
from chainmap.cli import main as cli
from chainmap.neo4j_server import process
from graph import words as L
from loaders.open import open_data
from tests.browser import APP_READY, GRAPH_DRAWN, require_chromium, start_streamlit, stop

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

LAOSHAN = Path(__file__).resolve().parent.parent / "data" / "laoshan"
PAGES = ("panorama", "parks", "search", "gaps", "targets", "whatif", "neighbourhood", "crosschain", "present",
         "export")
PASSWORD = "right-pw-7f3a"
WRONG = "wrong-secret-Qz81x"


@pytest.fixture
def server_home(tmp_path):
    """A Neo4j home of this test's own (so it can be stopped and started again on the same data folder)."""
    if shutil.which("java") is None:
        pytest.skip("needs Java 17 on PATH")
    require_chromium()
    ns.ensure_installed(ns.DEFAULT_HOME)
    home = tmp_path / "neo4j"
    home.mkdir()
    (home / "lib").symlink_to(ns.DEFAULT_HOME / "lib", target_is_directory=True)
    try:
        yield home
    finally:
        ns.stop(home)


def start_server(home: Path, ports: tuple[int, int], **kw) -> str:
    return ns.start(home, bolt_port=ports[0], http_port=ports[1], heap="512m", pagecache="64m",
                    extra_conf=process._FAST_STOP_CONF, **kw)


def app_on(uri: str, log: Path, password: str = ""):
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
    env.update(NEO4J_URI=uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=password)
    return start_streamlit(log, env=env)


def main_text(page) -> str:
    page.locator(APP_READY).wait_for()
    return page.locator("[data-testid='stMain']").inner_text()


def wait_text(page, wanted: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = main_text(page)
        if wanted in text:
            return text
        time.sleep(0.3)
    raise AssertionError(f"{wanted!r} not in the page: {main_text(page)[:400]!r}")


def nav_link(page, key: str):
    return page.get_by_role("link", name=L.t(key, "zh")).first


def no_page_not_found(page) -> None:
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[role='dialog']").count() == 0


def test_neo4j_stopped_and_started_again_under_an_open_page(page, server_home, tmp_path, external_requests):
    ports = tuple(process._free_ports(2))
    uri = start_server(server_home, ports, auth=False)
    assert cli(["load", str(LAOSHAN), "--uri", uri]) == 0
    proc, url = app_on(uri, tmp_path / "streamlit.log")
    vr = L.name_of(open_data(LAOSHAN).chain_view("vr").chain, "zh")
    try:
        page.goto(f"{url}/panorama?chain=vr")
        page.locator(GRAPH_DRAWN).first.wait_for()
        assert page.locator("h1").first.inner_text() == vr

        ns.stop(server_home)
        nav_link(page, "page_gaps").click()
        text = wait_text(page, L.t("store_error", "zh"))
        assert "not reachable" in text and "Traceback" not in text
        assert page.locator("[data-testid='stException']").count() == 0
        # the navigation stays: another page can be chosen, and says the same inside the page
        nav_link(page, "page_parks").click()
        page.wait_for_url("**/parks**")
        wait_text(page, L.t("store_error", "zh"))
        # a page opened from its own URL while the server is down: the message, not "Page not found"
        page.goto(f"{url}/targets?chain=vr")
        wait_text(page, L.t("store_error", "zh"))
        no_page_not_found(page)

        assert start_server(server_home, ports, auth=False) == uri  # the same data folder
        nav_link(page, "page_panorama").click()
        page.locator(GRAPH_DRAWN).first.wait_for(timeout=90_000)
        assert L.t("store_error", "zh") not in main_text(page)
        assert page.locator("h1").first.inner_text() == vr  # the chain chosen before is kept

        for name in PAGES:  # every page from its own URL
            page.goto(f"{url}/{name}?chain=vr&lang=en")
            text = main_text(page)
            no_page_not_found(page)
            assert page.locator("[data-testid='stException']").count() == 0, name
            assert L.t("store_error", "en") not in text, name
            assert "chain=vr" in page.url and "lang=en" in page.url, name
        assert L.t("page_export", "en") in page.locator("h1").first.inner_text()
    finally:
        stop(proc)
    log = (tmp_path / "streamlit.log").read_text(errors="replace")
    assert "Traceback" not in log
    assert external_requests == []


def test_a_wrong_password_is_said_but_never_shown(page, server_home, tmp_path, external_requests):
    ports = tuple(process._free_ports(2))
    uri = start_server(server_home, ports, auth=True, password=PASSWORD)
    log = tmp_path / "streamlit.log"
    proc, url = app_on(uri, log, password=WRONG)
    try:
        for name in ("panorama", "gaps"):
            page.goto(f"{url}/{name}?chain=vr")
            text = wait_text(page, L.t("store_error", "zh"))
            assert "rejected user 'neo4j'" in text and "NEO4J_PASSWORD" in text
            assert WRONG not in page.content() and WRONG not in text
            no_page_not_found(page)
        nav_link(page, "page_parks").click()
        wait_text(page, L.t("store_error", "zh"))
        assert WRONG not in page.content()
    finally:
        stop(proc)
    assert WRONG not in log.read_text(errors="replace")
    assert PASSWORD not in log.read_text(errors="replace")
    assert external_requests == []
