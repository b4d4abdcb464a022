"""The embedded store answers the app's questions on a small chain whose answers are known."""

import pytest

from graph.embedded import EmbeddedStore
from graph.store import NotFound
from tests.toy import toy_dataset


@pytest.fixture(scope="module")
def store():
    return EmbeddedStore(toy_dataset())


def test_chain_view_holds_the_chain_segments_links_and_firms(store):
    v = store.chain_view("toy")
    assert [s.id for s in v.segments] == ["a1", "a2", "b1", "c1"]
    assert [(l.source, l.target) for l in v.links] == [("a1", "b1"), ("a2", "b1"), ("b1", "c1")]
    assert [f.id for f in v.firms] == ["f1", "f2", "f3"]
    assert [f.id for f in v.local_firms] == ["f1", "f2"]
    assert [s.id for s in v.empty_segments] == ["a2", "c1"]  # f3 is outside, so a2 has no local firm
    assert [p.id for p in v.parks] == ["p1"]
    assert [p.id for p in v.projects] == ["pr1"]


def test_chain_summaries_count_local_firms_and_empty_segments(store):
    by_id = {c.chain.id: c for c in store.chains()}
    assert (by_id["toy"].segments, by_id["toy"].local_firms, by_id["toy"].empty_segments) == (4, 2, 2)
    assert (by_id["other"].segments, by_id["other"].local_firms, by_id["other"].empty_segments) == (1, 1, 0)


def test_segment_detail_knows_its_neighbours(store):
    d = store.segment_detail("b1")
    assert [s.id for s in d.upstream] == ["a1", "a2"]
    assert [s.id for s in d.downstream] == ["c1"]
    assert [f.id for f in d.firms] == ["f1", "f2"]
    assert d.chain.id == "toy"
    assert [s.url for s in d.sources] == ["https://example.org/a"]


def test_firm_detail_lists_suppliers_customers_chains_parks(store):
    d = store.firm_detail("f1")
    assert [(f.id, l.product) for f, l in d.suppliers] == [("f3", "零件")]
    assert d.customers == ()
    assert [c.id for c in d.chains] == ["toy"]
    d2 = store.firm_detail("f2")
    assert [c.id for c in d2.chains] == ["other", "toy"]
    assert [p.id for p in d2.parks] == ["p1"]
    assert [p.id for p in d2.projects] == ["pr1"]


def test_park_detail_lists_firms_chains_projects(store):
    d = store.park_detail("p1")
    assert [f.id for f in d.firms] == ["f2"]
    assert [c.id for c in d.chains] == ["other", "toy"]  # focus toy + f2's chains
    assert [p.id for p in d.projects] == ["pr1"]


def test_search_finds_chinese_pinyin_initials_english_and_typos(store):
    assert store.search("甲公司")[0].entry.id == "f1"
    assert store.search("jgs")[0].entry.id == "f1"  # 甲公司 → j g s
    assert store.search("Gamma")[0].entry.id == "f3"
    assert store.search("Gamna Co")[0].entry.id == "f3"
    assert store.search("zzzzqqq") == ()


def test_unknown_ids_raise_not_found(store):
    with pytest.raises(NotFound):
        store.chain_view("nope")
    with pytest.raises(NotFound):
        store.firm_detail("nope")


def test_info_reports_as_of_and_synthetic(store):
    info = store.info()
    assert (info.kind, info.as_of, info.synthetic) == ("embedded", "2024-06-30", True)
