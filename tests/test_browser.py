"""The app and the standalone page in a real browser (Debian's Chromium): drawn, offline, clickable.

Also saves a screenshot of the default panorama (``docs/screenshot.png`` with CHAINMAP_UPDATE_DOCS=1).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from graph import style
from graph import words as L
from graph.embedded import EmbeddedStore
from loaders.open import open_data
from graph.picture.network import node_id, to_html
from graph.picture.panorama import panorama
from loaders.open import data_path
from tests.browser import APP_READY, GRAPH_DRAWN, block_network, picture_path

pytestmark = pytest.mark.browser

SCREENSHOT = picture_path("screenshot.png")
HOST = "div.chainmap-graph"

# Every drawn host (there may be several for a moment while Streamlit swaps components): its node ids and labels.
READ_HOSTS = """hosts => hosts.map(h => ({
  drawn: h.getAttribute('data-drawn') === 'true',
  nodes: h.network ? h.network.body.data.nodes.get({fields: ['id', 'label']}) : [],
}))"""


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return open_data(data_path())


@pytest.fixture(scope="module")
def chain_ids(store) -> list[str]:
    """In the order of the sidebar selectbox; the first is the default."""
    return [c.chain.id for c in store.chains()]


def expected_nodes(store, chain_id: str) -> dict[str, str]:
    """Node id → label, as ``panorama`` builds them for the app's default language."""
    return {n["id"]: n["label"] for n in panorama(store.chain_view(chain_id), "zh").nodes}


def segment_ids(store, chain_id: str) -> set[str]:
    return {node_id("segment", s.id) for s in store.chain_view(chain_id).segments}


def wait_for_graph(page, expected: dict[str, str], timeout: float = 60.0) -> dict[str, str]:
    """Wait until exactly one drawn graph holds exactly ``expected``'s node ids; return its id → label."""
    page.locator(APP_READY).wait_for()
    page.locator(GRAPH_DRAWN).first.wait_for()
    deadline = time.monotonic() + timeout
    hosts = []
    while time.monotonic() < deadline:
        hosts = page.locator(HOST).evaluate_all(READ_HOSTS)
        if len(hosts) == 1 and hosts[0]["drawn"] and {n["id"] for n in hosts[0]["nodes"]} == set(expected):
            return {n["id"]: n["label"] for n in hosts[0]["nodes"]}
        time.sleep(0.2)
    got = [sorted(n["id"] for n in h["nodes"])[:5] for h in hosts]
    raise AssertionError(f"graph never showed the expected {len(expected)} nodes; hosts seen: {got}")


def cjk_font_installed() -> bool:
    fc = shutil.which("fc-list")
    return bool(fc and subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip())


def test_default_chain_draws_offline_and_makes_the_readme_screenshot(page, streamlit_app, external_requests,
                                                                    store, chain_ids):
    assert cjk_font_installed(), "no CJK font: Chinese labels would draw as boxes (apt-get install fonts-noto-cjk)"
    page.set_viewport_size({"width": 1600, "height": 1160})  # the whole 760 px graph below the header fits
    page.goto(streamlit_app)
    expected = expected_nodes(store, chain_ids[0])
    drawn = wait_for_graph(page, expected)

    segments = segment_ids(store, chain_ids[0])
    assert segments and segments <= set(drawn)
    assert {i: drawn[i] for i in segments} == {i: expected[i] for i in segments}
    # Fixed layout: the browser keeps the positions Python computed.
    positions = page.locator(GRAPH_DRAWN).evaluate("h => h.network.getPositions()")
    given = {n["id"]: (n["x"], n["y"]) for n in panorama(store.chain_view(chain_ids[0]), "zh").nodes}
    assert all(abs(positions[i]["x"] - x) < 0.01 and abs(positions[i]["y"] - y) < 0.01 for i, (x, y) in given.items())

    page.evaluate("document.fonts.ready.then(() => true)")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000
    assert external_requests == []


def test_choosing_another_chain_redraws_with_its_segments(page, streamlit_app, external_requests, store, chain_ids):
    page.goto(streamlit_app)
    wait_for_graph(page, expected_nodes(store, chain_ids[0]))

    other = store.chain_view(chain_ids[1]).chain
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").click()
    page.get_by_role("option").filter(has_text=re.compile("^" + re.escape(L.name_of(other, "zh")))).click()
    expected = expected_nodes(store, other.id)
    drawn = wait_for_graph(page, expected)

    assert page.locator("h1").filter(has_text=L.name_of(other, "zh")).count() == 1
    segments = segment_ids(store, other.id)
    assert {i: drawn[i] for i in segments} == {i: expected[i] for i in segments}
    assert not segments & segment_ids(store, chain_ids[0])
    assert external_requests == []


def test_clicking_a_segment_opens_its_detail_panel(page, streamlit_app, external_requests, store, chain_ids):
    page.goto(streamlit_app)
    wait_for_graph(page, expected_nodes(store, chain_ids[0]))
    host = page.locator(GRAPH_DRAWN)
    host.scroll_into_view_if_needed()

    segment = store.chain_view(chain_ids[0]).segments[0]
    point = host.evaluate(
        """(h, id) => {
             const p = h.network.canvasToDOM(h.network.getPosition(id));
             const r = h.querySelector('canvas').getBoundingClientRect();
             return {x: r.left + p.x, y: r.top + p.y};
           }""",
        node_id("segment", segment.id),
    )
    assert 0 < point["x"] < 1600 and 0 < point["y"] < 1000, f"node is off screen at {point}"
    page.mouse.click(point["x"], point["y"])

    heading = f"{L.t('segment', 'zh')}: {L.name_of(segment, 'zh')}"
    page.get_by_text(heading, exact=True).wait_for()
    page.locator(APP_READY).wait_for()
    assert page.get_by_text(L.t("click_hint", "zh")).count() == 0
    assert external_requests == []


def test_standalone_page_draws_from_a_file_with_the_network_blocked(page, external_requests, tmp_path: Path,
                                                                    store, chain_ids):
    net = panorama(store.chain_view(chain_ids[0]), "zh")
    path = tmp_path / "panorama.html"
    path.write_text(to_html(net), encoding="utf-8")
    blocked = block_network(page)
    page.goto(path.as_uri())
    page.wait_for_function("window.chainmap && window.chainmap.drawn === true")

    assert page.evaluate("window.chainmap.nodeIds") == [n["id"] for n in net.nodes]
    assert page.evaluate("window.chainmap.network.body.data.nodes.length") == len(net.nodes)
    assert page.evaluate("window.chainmap.drawMs") > 0
    assert blocked == []
    assert external_requests == []
