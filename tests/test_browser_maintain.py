"""The whole maintenance flow in a real browser (Debian's Chromium), on a copy of the Laoshan data: an editor
signs in, downloads the workbook, adds a firm and a project in it (openpyxl, as Excel would), uploads it, reads
the changes and their effect on the gaps, applies them — and the panorama, the gap page and the history show
the change without restarting the app. Nothing leaves localhost.

Saves the screenshots of docs/maintain.md (``docs/maintain-*.png`` with CHAINMAP_UPDATE_DOCS=1).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph import words as L
from graph.analysis.gaps import segment_statuses
from graph.embedded import EmbeddedStore
from graph.picture.network import node_id
from loaders.accounts import Accounts
from loaders.open import DEFAULT_DATA
from loaders.snapshots import list_snapshots
from loaders.validate import load_or_raise
from tests.browser import APP_READY, GRAPH_DRAWN, picture_path, embedded_env, running_app

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
EDITOR, PASSWORD = "wang", "correct horse battery"
NEW_FIRM, NEW_PROJECT = "firm_browser_new", "proj_browser_new"
NODES = "h => h.network ? h.network.body.data.nodes.getIds() : []"


@pytest.fixture(scope="module")
def maintained_app(tmp_path_factory):
    """The app on a copy of the data, with one editor account; yields (url, data folder)."""
    root = tmp_path_factory.mktemp("maintain")
    folder = root / "data"
    shutil.copytree(DEFAULT_DATA, folder)
    Accounts(root / "home").add(EDITOR, PASSWORD, "editor")
    env = embedded_env(CHAINMAP_DATA=str(folder), CHAINMAP_HOME=str(root / "home"))
    with running_app(root / "streamlit.log", env) as (_, url):
        yield url, folder


def shot(page, name: str) -> None:
    """A small 1366×768 PNG (256 colours) of what the officer sees."""
    from PIL import Image

    path = picture_path(name)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(path))
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)


def settle(page) -> None:
    time.sleep(0.3)
    page.locator(APP_READY).wait_for()


def missing_segment(folder: Path) -> str:
    data = load_or_raise(folder)
    return next(g.segment.id for g in segment_statuses(EmbeddedStore(data).chain_view("ai")) if g.status == "missing")


def add_rows(path: Path, segment: str) -> None:
    """In the downloaded workbook: a new local firm on a segment with no local firm, and its project."""
    book = load_workbook(path)
    source = book["sources"].cell(2, 1).value
    for sheet, values in (
        ("firms", {"id": NEW_FIRM, "name": "青岛浏览器测试科技有限公司", "local": "true", "segments": segment,
                   "evidence": "strong", "sources": source, "presence": "registered"}),
        ("projects", {"id": NEW_PROJECT, "name": "浏览器测试项目", "chain": "ai", "segment": segment, "firm": NEW_FIRM,
                      "investment_yi": 3, "year": 2026, "status": "signed 2026-12", "sources": source}),
    ):
        ws = book[sheet]
        header = [c.value for c in ws[1]]
        row = ws.max_row + 1
        for column, value in values.items():
            ws.cell(row, header.index(column) + 1).value = value
    book.save(path)


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has=page.get_by_text(label, exact=True)).first
    return box.locator("[data-testid='stMetricValue']").inner_text()


def test_sign_in_download_edit_upload_apply_and_see_it_everywhere(browser_context, maintained_app, external_requests,
                                                                 tmp_path):
    url, folder = maintained_app
    segment = missing_segment(folder)
    page = browser_context.new_page()
    page.set_default_timeout(60_000)
    page.set_viewport_size(LAPTOP)
    page.goto(f"{url}/panorama?chain=ai")
    page.locator(GRAPH_DRAWN).first.wait_for()
    empty_before = int(metric(page, L.t("empty_segments")))

    page.goto(f"{url}/maintain")  # a viewer: the sign-in prompt, no action
    page.get_by_text(L.t("signin_prompt")).wait_for()
    assert page.get_by_role("button", name=L.t("maintain_download")).count() == 0
    page.get_by_label(L.t("user_name")).fill(EDITOR)
    page.get_by_label(L.t("password"), exact=True).fill(PASSWORD)
    shot(page, "maintain-signin.png")
    page.get_by_role("button", name=L.t("sign_in")).click()

    download_button = page.get_by_role("button", name=L.t("maintain_download"))
    download_button.wait_for()
    with page.expect_download() as info:
        download_button.click()
    book = tmp_path / "data.xlsx"
    info.value.save_as(book)
    add_rows(book, segment)

    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(book))
    summary = L.t("diff_summary").format(added=2, removed=0, changed=0)
    page.get_by_text(summary).wait_for()
    page.get_by_text(L.t("report_ok").split(",")[0]).first.wait_for()
    page.get_by_role("heading", name=L.t("effect_title")).wait_for()
    assert page.get_by_text(L.t("effect_none")).count() == 0  # the new firm fills a gap
    assert list_snapshots(folder) == ()  # nothing applied yet
    settle(page)
    page.get_by_role("heading", name=L.t("report_title")).evaluate("e => e.scrollIntoView({block: 'start'})")
    shot(page, "maintain-diff.png")

    page.get_by_role("button", name=L.t("apply")).click()
    page.get_by_text(re.compile("^" + re.escape(L.t("applied").split("(")[0]))).wait_for()
    assert [s.author for s in list_snapshots(folder)] == ["", EDITOR]
    assert NEW_FIRM in (folder / "firms.csv").read_text("utf-8")

    page.goto(f"{url}/panorama?chain=ai")  # the same server process: no restart
    page.locator(GRAPH_DRAWN).first.wait_for()
    assert int(metric(page, L.t("empty_segments"))) == empty_before - 1
    deadline = time.monotonic() + 30
    while node_id("firm", NEW_FIRM) + f"#{segment}" not in (ids := page.locator(GRAPH_DRAWN).first.evaluate(NODES)):
        assert time.monotonic() < deadline, f"the new firm is not in the panorama: {ids}"
        time.sleep(0.3)

    page.goto(f"{url}/gaps?chain=ai")
    page.locator(APP_READY).wait_for()
    data = load_or_raise(folder)
    gaps = segment_statuses(EmbeddedStore(data).chain_view("ai"))
    assert metric(page, L.enum_label("gap_status", "missing")) == str(sum(g.status == "missing" for g in gaps))

    page.goto(f"{url}/history")
    page.get_by_role("heading", name=L.t("hist_completeness")).wait_for()
    assert metric(page, L.t("gaps_closed")) == "1"
    assert metric(page, L.t("hist_firms_added")) == "1"
    settle(page)
    shot(page, "maintain-history.png")
    assert external_requests == []
