"""The app and the standalone page in a real browser (Debian's Chromium): drawn offline, readable, fitting the
officer's screen, clickable, and the chosen chain kept across pages, reloads and links.

Also saves a screenshot of the default panorama at 1366×768 (``docs/screenshot.png`` with CHAINMAP_UPDATE_DOCS=1).
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from bench.readability_page import INSTRUMENT, read_labels
from bench.synthetic_chains import write_synthetic_chain
from graph import words as L
from graph.embedded import EmbeddedStore
from graph.export import meeting
from graph.export.html import chain_html
from graph.picture.network import node_id
from loaders.open import data_path, open_data
from tests.browser import APP_READY, GRAPH_DRAWN, block_network, picture_path, embedded_env, running_app

pytestmark = pytest.mark.browser

SCREENSHOT = picture_path("screenshot.png")
LAPTOP = {"width": 1366, "height": 768}
NODES = "h => h.network ? h.network.body.data.nodes.get({fields: ['id', 'label']}) : []"
# A node's centre on screen (the picture's canvas sits inside the component's host).
WHERE = """(h, id) => { const p = h.network.canvasToDOM(h.network.getPosition(id));
  const r = h.querySelector('canvas').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }"""


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return open_data(data_path())


@pytest.fixture(scope="module")
def chain_ids(store) -> list[str]:
    """In the order of the chain picker (confirmed chains first); the first is the default."""
    order = {s: i for i, s in enumerate(("confirmed", "named", "candidate", "legacy"))}
    return [c.chain.id for c in sorted(store.chains(), key=lambda c: (order[c.chain.status], c.chain.id))]


@pytest.fixture(scope="module")
def synthetic_app(tmp_path_factory):
    """The app on a synthetic 300-firm chain (marked synthetic; written outside data/)."""
    folder = write_synthetic_chain(300, tmp_path_factory.mktemp("syn") / "syn-300")
    with running_app(tmp_path_factory.mktemp("st") / "streamlit.log", embedded_env(CHAINMAP_DATA=str(folder))) as (_, url):
        yield url, open_data(folder)


def drawn_nodes(page, must_have: set[str], timeout: float = 60.0) -> dict[str, str]:
    """Wait until one drawn picture holds every id in ``must_have``; return its node id → label."""
    page.locator(APP_READY).wait_for()
    page.locator(GRAPH_DRAWN).first.wait_for()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for host in page.locator(GRAPH_DRAWN).all():
            nodes = {n["id"]: n["label"] for n in host.evaluate(NODES)}
            if must_have <= set(nodes):
                return nodes
        time.sleep(0.2)
    raise AssertionError(f"no drawn picture held {sorted(must_have)[:4]}…")


def segments_of(store, chain_id: str) -> set[str]:
    return {node_id("segment", s.id) for s in store.chain_view(chain_id).segments}


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def wait_heading(page, expected: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.locator("h1").count() and heading(page) == expected:
            return
        time.sleep(0.2)
    raise AssertionError(f"heading stayed {heading(page)!r}, wanted {expected!r}")


def cjk_font_installed() -> bool:
    fc = shutil.which("fc-list")
    return bool(fc and subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip())


def test_default_chain_is_readable_and_fits_a_1366_screen(browser_context, streamlit_app, external_requests,
                                                           store, chain_ids):
    assert cjk_font_installed(), "no CJK font: Chinese labels would draw as boxes (apt-get install fonts-noto-cjk)"
    browser_context.add_init_script(INSTRUMENT.replace("%QUIET%", "300"))
    page = browser_context.new_page()
    page.set_viewport_size(LAPTOP)
    page.goto(streamlit_app)
    nodes = drawn_nodes(page, segments_of(store, chain_ids[0]))
    assert all(nodes[i] for i in segments_of(store, chain_ids[0]))  # every segment named

    host = page.locator(GRAPH_DRAWN).first
    box = host.bounding_box()
    assert box["y"] < 330 and box["y"] + box["height"] <= LAPTOP["height"]  # starts high, ends inside the window
    host.evaluate("h => { window.chainmap = {network: h.network, drawn: true}; }")
    labels = read_labels(page)
    assert labels["min_px"] >= 12 and labels["overlaps"] == 0 and labels["outside"] == 0, labels
    assert page.get_by_text(L.t("detail", "zh"), exact=True).bounding_box()["x"] > box["x"] + box["width"] - 5  # beside

    page.evaluate("document.fonts.ready.then(() => true)")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000
    assert external_requests == []


def test_the_chain_is_kept_across_pages_and_reloads_and_named_in_the_url(page, streamlit_app, external_requests, store):
    page.set_viewport_size(LAPTOP)
    page.goto(streamlit_app)
    page.locator(APP_READY).wait_for()
    vr = L.name_of(store.chain_view("vr").chain, "zh")
    page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first.click()
    page.get_by_role("option").filter(has_text=re.compile("^" + re.escape(vr))).click()
    wait_heading(page, vr)
    drawn_nodes(page, segments_of(store, "vr"))
    assert "chain=vr" in page.url

    page.get_by_role("link", name=L.t("page_gaps", "zh")).first.click()
    wait_heading(page, f"{L.t('page_gaps', 'zh')} · {vr}")
    page.reload()
    wait_heading(page, f"{L.t('page_gaps', 'zh')} · {vr}")
    assert "chain=vr" in page.url

    ic = L.name_of(store.chain_view("ic").chain, "zh")
    page.goto(f"{streamlit_app}/targets?chain=ic")
    wait_heading(page, f"{L.t('page_targets', 'zh')} · {ic}")
    page.goto(f"{streamlit_app}/panorama?chain=ai&lang=en")
    wait_heading(page, L.name_of(store.chain_view("ai").chain, "en"))
    assert external_requests == []


def test_clicking_a_segment_shows_its_details_in_view_at_1366(page, streamlit_app, external_requests, store, chain_ids):
    page.set_viewport_size(LAPTOP)
    page.goto(streamlit_app)
    drawn_nodes(page, segments_of(store, chain_ids[0]))
    segment = store.chain_view(chain_ids[0]).segments[0]
    point = page.locator(GRAPH_DRAWN).first.evaluate(WHERE, node_id("segment", segment.id))
    assert 0 < point["x"] < LAPTOP["width"] and 0 < point["y"] < LAPTOP["height"], point
    page.mouse.click(point["x"], point["y"])
    title = page.get_by_text(f"{L.t('segment', 'zh')}: {L.name_of(segment, 'zh')}", exact=True)
    title.wait_for()
    panel = title.bounding_box()
    assert panel["y"] + panel["height"] <= LAPTOP["height"] and panel["x"] + panel["width"] <= LAPTOP["width"]
    assert external_requests == []


def test_plus_n_opens_the_segments_full_list(page, synthetic_app, external_requests):
    url, syn = synthetic_app
    page.set_viewport_size(LAPTOP)
    page.goto(url)
    chain = syn.chains()[0].chain
    nodes = drawn_nodes(page, segments_of(syn, chain.id))
    more = sorted((i for i in nodes if i.startswith("more:")), key=lambda i: -int(re.sub(r"\D", "", nodes[i])))
    assert more, "a 300-firm chain shows '+N' chips at 1366×768"
    segment_id, n = more[0].split(":", 1)[1], int(re.sub(r"\D", "", nodes[more[0]]))
    shown = sum(1 for i in nodes if i.startswith("firm:") and i.endswith("#" + segment_id))
    total = len(syn.segment_detail(segment_id).firms)
    assert shown + n == total  # the chip counts what is left out

    point = page.locator(GRAPH_DRAWN).first.evaluate(WHERE, more[0])
    page.mouse.click(point["x"], point["y"])
    name = L.name_of(syn.segment_detail(segment_id).segment, "zh")
    page.get_by_text(L.t("segment_list", "zh").format(segment=name, n=total)).wait_for()
    page.locator(APP_READY).wait_for()
    pages = math.ceil(total / 25)  # 25 firms a page, a page picker when there are more
    assert page.locator("[data-testid='stNumberInput']").count() == (1 if pages > 1 else 0)
    assert external_requests == []


def test_standalone_page_opens_the_full_list_offline(page, external_requests, tmp_path: Path):
    folder = write_synthetic_chain(300, tmp_path / "syn-300")
    syn = open_data(folder)
    chain = syn.chains()[0].chain.id
    path = tmp_path / "chain.html"
    path.write_text(chain_html(syn, chain, meeting(syn, "zh")), encoding="utf-8")
    blocked = block_network(page)
    page.set_viewport_size(LAPTOP)
    page.goto(path.as_uri())
    page.wait_for_function("window.chainmap && window.chainmap.drawn === true")
    ids = page.evaluate("window.chainmap.nodeIds")
    assert segments_of(syn, chain) <= set(ids)
    shown, total = page.evaluate("[window.chainmap.shown, window.chainmap.total]")
    assert total == len(syn.chain_view(chain).firms) and 0 < shown < total
    assert f"显示 {shown} / {total} 家企业" in page.locator("header").inner_text()

    more = next(i for i in ids if i.startswith("more:"))
    segment_id = more.split(":", 1)[1]
    point = page.evaluate("""id => { const n = window.chainmap.network, p = n.canvasToDOM(n.getPosition(id));
        const r = document.querySelector('#graph canvas').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }""",
                          more)
    page.mouse.click(point["x"], point["y"])
    page.locator("#list").wait_for(state="visible")
    assert page.locator("#list-items li").count() == len(syn.segment_detail(segment_id).firms)
    first = syn.segment_firms(segment_id, 0, 1)[1][0]
    page.locator("#list-search").fill(L.short(first, "zh")[-4:])
    assert 1 <= page.locator("#list-items li").count() < len(syn.segment_detail(segment_id).firms)
    assert blocked == [] and external_requests == []
