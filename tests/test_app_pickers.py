"""The firm pickers of 企业上下游 and 假设推演 on a synthetic chain of 5,000 firms (AppTest, embedded store).

A picker offers one segment's firms a page at a time, with the segment's count; the pages ask the store only
for that (a recording store shows that neither page asks for the whole chain to fill its picker).
"""

from __future__ import annotations

import json
import math

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import common
from app_pages.common import HOOD_FIRM, SELECTED, WHATIF_FIRM, WHATIF_MODE
from app_pages.details import NAMES_SHOWN
from app_pages.firm_picker import PAGE_SIZE, page_key, segment_key
from bench.synthetic_chains import CHAIN_ID, write_synthetic_chain
from graph.analysis.neighbourhood import neighbourhood
from graph.picture.gaps import neighbourhood_network
from graph.store.answers import picture_order
from graph.words import short
from loaders.open import open_data

FIRMS = 5000
WHOLE_CHAIN = {"chain_view", "dataset", "search_entries"}  # what a picker must not ask for


class Recording:
    """A store that notes every question asked of it: (name, arguments)."""

    def __init__(self, inner):
        self.inner, self.asked = inner, []

    @property
    def calls(self) -> list[str]:
        return [name for name, _ in self.asked]

    def __getattr__(self, name):
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def asked(*args, **kwargs):
            self.asked.append((name, (*args, *kwargs.values())))
            return attr(*args, **kwargs)
        return asked


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_synthetic_chain(FIRMS, tmp_path_factory.mktemp("pickers") / "syn")


@pytest.fixture
def store(folder, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("CHAINMAP_DATA", str(folder))
    recording = Recording(open_data(folder))
    monkeypatch.setattr(common, "_store", lambda version: recording)
    return recording


def _hood():
    from app_pages import neighbourhood

    neighbourhood.page()


def _whatif():
    from app_pages import whatif

    whatif.page()


def on_segment(data, local=None):
    """Each segment's firms in picture order (``local``: only those with / without a working unit)."""
    leaders = data.chains[0].leaders
    out = {s.id: [f for f in data.firms if s.id in f.segments and local in (None, f.counts_as_local())]
           for s in data.segments}
    return {sid: sorted(firms, key=lambda f: picture_order(f, leaders)) for sid, firms in out.items()}


def drawn_nodes(at) -> set[str]:
    (picture,) = at.get("bidi_component")
    return {n["id"] for n in json.loads(json.loads(picture.proto.json)["graph"])["nodes"]}


def count_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("共 "))


def test_neighbourhood_picks_a_firm_a_segment_page_at_a_time(store):
    data = store.inner.dataset()
    at = AppTest.from_function(_hood, default_timeout=60).run()
    assert not at.exception
    firms = on_segment(data)
    names = {s.id: short(s, "zh") for s in data.segments}
    segments = at.selectbox(key=segment_key(HOOD_FIRM, CHAIN_ID))
    assert sorted(segments.options) == sorted(f"{names[sid]}({len(f)} 家)" for sid, f in firms.items() if f)
    biggest = max(firms, key=lambda sid: len(firms[sid]))
    everyone = firms[biggest]
    pages = math.ceil(len(everyone) / PAGE_SIZE)
    assert pages > 2
    segments.set_value(biggest).run()
    assert count_caption(at) == f"共 {len(everyone)} 家企业 · 第 1/{pages} 页"
    assert len(at.selectbox(key=HOOD_FIRM).options) == PAGE_SIZE
    at.number_input(key=page_key(HOOD_FIRM, biggest)).set_value(pages).run()
    assert len(at.selectbox(key=HOOD_FIRM).options) == len(everyone) - PAGE_SIZE * (pages - 1)
    assert count_caption(at) == f"共 {len(everyone)} 家企业 · 第 {pages}/{pages} 页"
    at.number_input(key=page_key(HOOD_FIRM, biggest)).set_value(2).run()
    chosen = everyone[PAGE_SIZE + 7]  # on page 2 only
    at.selectbox(key=HOOD_FIRM).set_value(chosen.id).run()
    assert not at.exception
    expected = neighbourhood_network(neighbourhood(store.inner, chosen.id, 1), "zh")
    assert drawn_nodes(at) == {n["id"] for n in expected.nodes} and f"firm:{chosen.id}" in drawn_nodes(at)
    # the segment's panel names its first firms and counts the rest (it does not print 1,000 names)
    at.session_state[SELECTED] = f"segment:{biggest}"
    at.run()
    local = [f for f in everyone if f.counts_as_local()]
    assert len(local) > NAMES_SHOWN
    names_line = "、".join(f.name for f in local[:NAMES_SHOWN])
    assert f"本地企业({len(local)} 家):{names_line} 等,另有 {len(local) - NAMES_SHOWN} 家" in [t.value for t in at.text]
    segment = next(x for x in data.segments if x.id == biggest)
    assert [e.label for e in at.expander] == [f"{segment.name}:全部 {len(everyone)} 家企业"]
    # the filter (Chinese or English names) narrows the segment and opens on its first page
    at.number_input(key=page_key(HOOD_FIRM, biggest)).set_value(2).run()
    word = chosen.name_en.split()[1].lower()  # its city: "Synthetic Qingdao …"
    matching = [f for f in everyone if word in f.name.lower() or word in f.name_en.lower()]
    filtered_pages = math.ceil(len(matching) / PAGE_SIZE)
    assert 2 <= filtered_pages < pages
    at.text_input(key=f"{HOOD_FIRM}_filter").input(word.upper()).run()
    assert not at.exception
    assert count_caption(at) == f"共 {len(matching)} 家企业 · 第 1/{filtered_pages} 页"
    at.text_input(key=f"{HOOD_FIRM}_filter").input("没有这个名字").run()
    assert any(i.value == "没有找到匹配项。" for i in at.info) and not at.get("bidi_component")
    assert WHOLE_CHAIN.isdisjoint(store.calls)
    assert all(args[2] <= PAGE_SIZE for name, args in store.asked if name == "segment_firms")


def test_what_if_offers_local_firms_to_leave_and_outside_firms_to_land(store):
    data = store.inner.dataset()
    at = AppTest.from_function(_whatif, default_timeout=60).run()
    assert not at.exception
    for mode, local in (("leaves", True), ("lands", False)):
        at.radio(key=WHATIF_MODE).set_value(mode).run()
        key = f"{WHATIF_FIRM}_{mode}"
        firms = on_segment(data, local)
        names = {s.id: short(s, "zh") for s in data.segments}
        segments = at.selectbox(key=segment_key(key, CHAIN_ID))
        assert sorted(segments.options) == sorted(f"{names[sid]}({len(f)} 家)" for sid, f in firms.items() if f)
        biggest = max(firms, key=lambda sid: len(firms[sid]))
        segments.set_value(biggest).run()
        pages = math.ceil(len(firms[biggest]) / PAGE_SIZE)
        assert count_caption(at) == f"共 {len(firms[biggest])} 家企业 · 第 1/{pages} 页"
        assert len(at.selectbox(key=key).options) == min(PAGE_SIZE, len(firms[biggest]))
        at.selectbox(key=key).set_value(firms[biggest][3].id).run()
        assert not at.exception
        assert at.metric[0].label == "完整度"
    # the analysis itself still reads the chain; the pickers ask for one page at most
    assert {"dataset", "search_entries"}.isdisjoint(store.calls)
    assert all(args[2] <= PAGE_SIZE for name, args in store.asked if name == "segment_firms")
