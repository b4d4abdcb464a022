"""What a page asks of Neo4j equals what the embedded store answers, on a mid-size synthetic dataset.

The Neo4j store answers the page questions (``chain_overview``, ``segment_firms``, ``search``, ``chains``,
``info``, ``tags``, ``firms_on``) from counts written at load, Cypher ordering and paging, and search
candidates from its indexes; the embedded store from the whole view. Both must give equal answers, a
segment's pages must hold every firm exactly once, and the overview's counts must add up.
"""

from __future__ import annotations

import dataclasses

import pytest

from bench.synthetic import synthetic_load_dataset
from graph.embedded import EmbeddedStore
from graph.model import Dataset
from graph.neo4j.queries import lucene_query
from graph.neo4j.schema import name_keys
from graph.search import QUERY_CAP, search_keys
from loaders import load_or_raise

QUALITY = ("上市", "专精特新", "链主", "高新技术企业")


def mid_size() -> Dataset:
    """~2,000 synthetic firms (bench/synthetic.py) with quality tags, leaders, a firm on no segment and
    local firms of every presence, so every group of the picture order is filled."""
    data = synthetic_load_dataset(2_000, 6_000)
    firms = []
    for i, f in enumerate(data.firms):
        tags = f.tags + ((QUALITY[i % len(QUALITY)],) if i % 4 == 0 else ())
        presence = ("", "registered", "office", "branch")[i % 4] if f.local else ""
        firms.append(dataclasses.replace(f, tags=tags, presence=presence, segments=() if i == 5 else f.segments))
    by_chain: dict[str, list[str]] = {}
    chain_of = {s.id: s.chain for s in data.segments}
    for f in firms[::37]:
        for sid in f.segments:
            by_chain.setdefault(chain_of[sid], []).append(f.id)
    chains = tuple(dataclasses.replace(c, leaders=tuple(by_chain.get(c.id, [])[:3])) for c in data.chains)
    return dataclasses.replace(data, firms=tuple(firms), chains=chains)


def test_stored_search_keys_are_the_ranking_keys():
    """The keys Neo4j keeps per name are those graph.search ranks on (so its prefilter finds what the
    embedded store finds)."""
    laoshan = load_or_raise("data/laoshan")
    records = [r for kind in ("firms", "segments", "chains", "parks") for r in getattr(laoshan, kind)]
    assert records and all(name_keys(r.name, r.name_en, r.id) == search_keys(r.name, r.name_en, r.id) for r in records)
    assert name_keys("交通银行青岛分行 A") == search_keys("交通银行青岛分行 A")  # 行 read as hang in 银行


def test_full_text_queries_escape_lucene_syntax():
    assert lucene_query('goertek AND "x" (y) ~*?:\\/') == "goertek goertek* goertek~ and and* and~ x y"
    assert lucene_query("+-&|!(){}[]^\"~*?:\\/") == ""


@pytest.fixture(scope="module")
def data() -> Dataset:
    return mid_size()


@pytest.fixture(scope="module")
def embedded(data):
    return EmbeddedStore(data)


@pytest.fixture(scope="module")
def neo(data, neo4j_uri, neo4j_auth, neo4j_driver):
    from graph.neo4j import Neo4jStore, load_into_neo4j

    load_into_neo4j(neo4j_driver, data, batch_size=500)  # small batches: firm links go in parallel blocks
    s = Neo4jStore(neo4j_uri, *neo4j_auth)
    yield s
    s.close()


@pytest.mark.neo4j
def test_chains_info_and_tags_equal(neo, embedded):
    assert neo.chains() == embedded.chains()
    assert neo.tags() == embedded.tags()
    a, b = neo.info(), embedded.info()
    assert (a.title, a.as_of, a.synthetic, a.counts, a.meta) == (b.title, b.as_of, b.synthetic, b.counts, b.meta)


@pytest.mark.neo4j
@pytest.mark.parametrize("per_segment", [0, 3, 60])
def test_chain_overview_equals_the_embedded_one_and_adds_up(neo, embedded, data, per_segment):
    for chain in data.chains:
        ours, theirs = neo.chain_overview(chain.id, per_segment), embedded.chain_overview(chain.id, per_segment)
        assert ours == theirs, chain.id
        view = embedded.chain_view(chain.id)
        assert ours.firms == len(view.firms) and ours.local_firms == len(view.local_firms)
        for s in ours.segments:
            on = view.firms_on(s.segment.id)
            assert (s.firms, s.local) == (len(on), sum(f.counts_as_local() for f in on))
            assert len(s.first) == min(per_segment, len(on)) and set(s.first) <= set(on)
        if per_segment == 60:
            assert any(s.first and s.first[0].id in chain.leaders for s in ours.segments), chain.id


@pytest.mark.neo4j
@pytest.mark.parametrize("query", ["", "00", "Synthetic firm 00001", "合成企业 0000", "no such firm"])
def test_segment_pages_hold_every_firm_once_in_the_embedded_order(neo, embedded, data, query):
    for segment in data.segments[::7]:
        total, everything = embedded.segment_firms(segment.id, 0, 10_000, query)
        pages, offset = [], 0
        while True:
            count, page = neo.segment_firms(segment.id, offset, 7, query)
            assert count == total
            if not page:
                break
            pages.extend(page)
            offset += 7
        assert tuple(pages) == everything, segment.id
        assert len({f.id for f in pages}) == len(pages) == total
        assert neo.segment_firms(segment.id, 3, 5, query) == embedded.segment_firms(segment.id, 3, 5, query)
    assert neo.segment_firms(data.segments[0].id, 10_000, 5) == (embedded.segment_firms(data.segments[0].id)[0], ())


@pytest.mark.neo4j
@pytest.mark.parametrize("query", [
    "合成", "合成企业 00012", "syn_firm_0000042", "hcqy", "hechengqiye", "Synthetic firm 0001234", "Synthetik park 05",
    "合成园区 1", "环节 03-01", "firm 00019", "zzzzqqq", '"(*~:\\', "合" * (QUERY_CAP + 50),
])
@pytest.mark.parametrize("names_in_app", [True, False], ids=["index-in-app", "full-text"])
def test_search_equals_the_embedded_search(neo, embedded, query, names_in_app, monkeypatch):
    """Both ways Neo4j searches: the names of a small load ranked in the app, and (past ``INDEX_MAX`` names,
    forced here) the full-text indexes."""
    import graph.neo4j.names as names

    monkeypatch.setattr(names, "INDEX_MAX", names.INDEX_MAX if names_in_app else 0)
    neo._names = names.NameIndex()  # built again under this limit
    capped = query[:QUERY_CAP]
    assert neo.search(query) == embedded.search(capped), query
    assert neo.search(query, limit=3) == embedded.search(capped, limit=3), query


@pytest.mark.neo4j
def test_firms_on_filters_local_in_the_store(neo, embedded, data):
    ids = [s.id for s in data.segments[:12]]
    for local in (None, True, False):
        assert neo.firms_on(ids, local) == embedded.firms_on(ids, local)
