"""One contract, two backends: every store question gets the same answer (``==``) from the embedded
store and from Neo4j, on the toy dataset and on the real Laoshan data.

The reference answers come from an EmbeddedStore on the same data; each backend (a fresh embedded
store, and Neo4j after ``load_into_neo4j``) must match them question by question. The Neo4j backend
runs against the session's server (tests/conftest.py: $NEO4J_URI or a throwaway server).
"""

from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.store import NotFound
from loaders import load_or_raise
from tests.toy import toy_dataset

LAOSHAN = "data/laoshan"
DATASETS = {"toy": toy_dataset, "laoshan": lambda: load_or_raise(LAOSHAN)}
QUERIES = {
    "toy": ("甲公司", "jgs", "Gamma", "Gamna Co", "园", "zzzzqqq", "b1"),
    "laoshan": ("歌尔", "ge", "Goertek", "VR", "虚拟现实", "xnxs", "人工智能产业园", "海尔", "zzzzqqq", "firm_goertek"),
}


@pytest.fixture(scope="module", params=sorted(DATASETS))
def name(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def data(name):
    return DATASETS[name]()


@pytest.fixture(scope="module")
def reference(data) -> EmbeddedStore:
    return EmbeddedStore(data)


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, data):
    if request.param == "embedded":
        yield EmbeddedStore(data, location=LAOSHAN)
        return
    from graph.neo4j_store import Neo4jStore
    from loaders.neo4j_load import load_into_neo4j

    uri, (user, password) = request.getfixturevalue("neo4j_uri"), request.getfixturevalue("neo4j_auth")
    load_into_neo4j(request.getfixturevalue("neo4j_driver"), data)
    s = Neo4jStore(uri, user, password)
    yield s
    s.close()


def test_info_counts_as_of_title_synthetic(store, reference, data):
    info, ref = store.info(), reference.info()
    assert info.kind in ("embedded", "neo4j")
    assert (info.title, info.as_of, info.synthetic, info.counts) == (ref.title, ref.as_of, ref.synthetic, ref.counts)
    assert dict(info.counts) == data.counts()
    if info.kind == "neo4j":
        assert info.location.startswith(("bolt://", "neo4j://", "bolt+s://", "neo4j+s://", "bolt+ssc://", "neo4j+ssc://"))
        assert "@" not in info.location


def test_chains(store, reference):
    assert store.chains() == reference.chains()


def test_parks(store, reference):
    assert store.parks() == reference.parks()


def test_chain_view_of_every_chain(store, reference, data):
    for chain in data.chains:
        assert store.chain_view(chain.id) == reference.chain_view(chain.id), chain.id


def test_segment_detail_of_every_segment(store, reference, data):
    for segment in data.segments:
        assert store.segment_detail(segment.id) == reference.segment_detail(segment.id), segment.id


def test_firm_detail_of_every_firm(store, reference, data):
    for firm in data.firms:
        assert store.firm_detail(firm.id) == reference.firm_detail(firm.id), firm.id


def test_park_detail_of_every_park(store, reference, data):
    for park in data.parks:
        assert store.park_detail(park.id) == reference.park_detail(park.id), park.id


def test_sources(store, reference, data):
    ids = [s.id for s in data.sources]
    for asked in (ids, ids[::-1][:3], ids[:1] * 2, []):
        assert store.sources(asked) == reference.sources(asked)
    with pytest.raises(NotFound):
        store.sources([ids[0], "no-such-source"])


def test_search(store, reference, name):
    assert store.search_entries() == reference.search_entries()
    for query in QUERIES[name]:
        assert store.search(query) == reference.search(query), query
        assert store.search(query, limit=3) == reference.search(query, limit=3), query


def test_dataset_round_trips(store, data):
    assert store.dataset() == data


@pytest.mark.parametrize("question", ["chain_view", "segment_detail", "firm_detail", "park_detail"])
def test_unknown_ids_raise_not_found(store, question):
    with pytest.raises(NotFound):
        getattr(store, question)("no-such-id")


def test_neo4j_location_never_shows_credentials():
    from graph.neo4j_store import safe_uri

    assert safe_uri("neo4j+s://alice:s3cret@db.example.org:7687/?policy=x") == "neo4j+s://db.example.org:7687"
    assert safe_uri("bolt://127.0.0.1:7687") == "bolt://127.0.0.1:7687"


def test_gap_analysis_is_the_same_from_both_stores(store, reference, data):
    """Issue 4's answers (statuses, positions, targets, what-if, cross-chain) do not depend on the backend."""
    from graph.analysis.crosschain import cross_chain
    from graph.analysis.gaps import analyse_chain, single_points
    from graph.analysis.gaps_json import gaps_json
    from graph.analysis.whatif import what_if

    ours = [analyse_chain(store.chain_view(c.id)) for c in data.chains]
    theirs = [analyse_chain(reference.chain_view(c.id)) for c in data.chains]
    assert gaps_json(ours) == gaps_json(theirs)
    for chain in data.chains:
        view, ref_view = store.chain_view(chain.id), reference.chain_view(chain.id)
        assert single_points(view) == single_points(ref_view), chain.id
        local = next((f.id for f in view.local_firms), None)
        if local:
            assert what_if(view, leaves=local) == what_if(ref_view, leaves=local), chain.id
    assert cross_chain(store.dataset()) == cross_chain(reference.dataset())
