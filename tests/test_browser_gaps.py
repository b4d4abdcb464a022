"""The gap and what-if pages in a real browser: the graphs draw offline, coloured by status."""

from __future__ import annotations

import time

import pytest

from graph import words as L
from graph.analysis.gaps import analyse_chain
from loaders.open import open_data
from graph.picture.gaps import gap_look
from graph.picture.network import node_id
from loaders.open import data_path
from tests.browser import APP_READY, GRAPH_DRAWN

pytestmark = pytest.mark.browser

READ_COLOURS = """hosts => hosts.filter(h => h.getAttribute('data-drawn') === 'true' && h.network).map(h =>
  Object.fromEntries(h.network.body.data.nodes.get({fields: ['id', 'color']}).filter(n => n.color)
    .map(n => [n.id, n.color.background])))"""


def drawn_colours(page, count: int, timeout: float = 60.0) -> list[dict[str, str]]:
    """Node id → background colour for each drawn graph, once ``count`` graphs are drawn."""
    page.locator(APP_READY).wait_for()
    page.locator(GRAPH_DRAWN).first.wait_for()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        graphs = page.locator("div.chainmap-graph").evaluate_all(READ_COLOURS)
        if len(graphs) == count:
            return graphs
        time.sleep(0.2)
    raise AssertionError(f"expected {count} drawn graphs")


def test_gap_page_draws_segments_in_status_colours(page, streamlit_app, external_requests):
    store = open_data(data_path())
    gaps = analyse_chain(store.chain_view(store.chains()[0].chain.id))
    page.goto(streamlit_app + "/gaps")
    (colours,) = drawn_colours(page, 1)
    expected = {node_id("segment", g.segment.id): gap_look(g.status, g.position).bg for g in gaps.segments}
    assert {k: colours[k] for k in expected} == expected
    # One short legend line; each item states its rule on hover.
    assert page.locator(f"span.item[title^='{L.t('rule_missing', 'zh')}']").count() >= 3
    assert external_requests == []


def test_what_if_page_draws_before_and_after(page, streamlit_app, external_requests):
    page.goto(streamlit_app + "/whatif")
    before, after = drawn_colours(page, 2)
    assert set(before) == set(after)
    assert external_requests == []
