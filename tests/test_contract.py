"""One contract, two backends, answers known in advance.

Every store question is asked of the embedded store and of Neo4j (after ``load_into_neo4j``) and must
give (1) the hand-written known answers of the toy and gap datasets, and (2) on every dataset, the
answers of ``tests/reference.py`` — plain loops over the Dataset that neither backend shares code with.
So a wrong answer in either backend fails, and the two backends agree because each agrees with the
reference. The Neo4j backend runs against the session's server ($NEO4J_URI or a throwaway server), loaded by the
writer (``chainmap load``), and against a throwaway server whose database ``neo4j-admin database import`` built
(``chainmap neo4j import``).
"""

from __future__ import annotations

import pytest

from graph.analysis.crosschain import cross_chain

from graph.analysis.gaps import analyse_chain, single_points
from graph.analysis.neighbourhood import neighbourhood
from graph.analysis.whatif import what_if
from graph.embedded import EmbeddedStore
from graph.export.gaps_json import gaps_json
from graph.neo4j.connect import safe_uri
from graph.store import NotFound
from loaders import load_or_raise
from bench.synthetic import synthetic_scale_dataset
from graph.search import MAX_QUERY_CHARS, trim_query
from tests.gapdata import gap_dataset
from tests.reference import ReferenceStore
from tests.toy import toy_dataset

LAOSHAN = "data/laoshan"
# "synthetic": a mid-size set (2,000 firms, 10,000 firm links, ~40 firms per segment), so answers that a
# store computes from indexes or aggregates (overview, paging, search) are checked beyond toy sizes.
DATASETS = {"toy": toy_dataset, "gap": gap_dataset, "laoshan": lambda: load_or_raise(LAOSHAN),
            "synthetic": lambda: synthetic_scale_dataset(2000, chains=5, segments_per_chain=10)}
QUERIES = {
    "toy": ("甲公司", "jgs", "Gamma", "Gamna Co", "园", "zzzzqqq", "b1"),
    "gap": ("企业", "qy", "Firm L3", "环节", "zzzzqqq"),
    "synthetic": ("合成企业 0000123", "hcqy", "hc", "Synthetic firm 00012", "Synthtic frim 0001", "合成环节", "合成",
                  "syn_firm_000012", "firm 0000123", "zzzzqqq"),
    "laoshan": ("歌尔", "ge", "Goertek", "VR", "虚拟现实", "xnxs", "人工智能产业园", "海尔", "zzzzqqq", "firm_goertek"),
}


@pytest.fixture(scope="module", params=sorted(DATASETS))
def name(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def data(name):
    return DATASETS[name]()


@pytest.fixture(scope="module")
def reference(data) -> ReferenceStore:
    return ReferenceStore(data)


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j),
                                        pytest.param("neo4j-import", marks=pytest.mark.neo4j)])
def store(request, data):
    if request.param == "embedded":
        yield EmbeddedStore(data, location=LAOSHAN)
        return
    from graph.neo4j import Neo4jStore, load_into_neo4j

    if request.param == "neo4j-import":  # the offline bulk path (chainmap neo4j import) builds the same graph
        from chainmap.neo4j_server.bulk_import import throwaway_import

        with throwaway_import(data) as imported:
            s = Neo4jStore(imported.uri, "neo4j", "")
            yield s
            s.close()
        return

    uri, (user, password) = request.getfixturevalue("neo4j_uri"), request.getfixturevalue("neo4j_auth")
    load_into_neo4j(request.getfixturevalue("neo4j_driver"), data)
    s = Neo4jStore(uri, user, password)
    yield s
    s.close()


# Known-answer tests run on one dataset (both backends): the dataset parameter is narrowed, not skipped.
TOY = pytest.mark.parametrize("name", ["toy"], scope="module")
GAP = pytest.mark.parametrize("name", ["gap"], scope="module")


def ids(records) -> list[str]:
    return [r.id for r in records]


# -- (1) known answers: the toy chain -----------------------------------------------------------------

@TOY
def test_toy_chain_view_holds_the_chain_segments_links_and_firms(store, name):
    v = store.chain_view("toy")
    assert ids(v.segments) == ["a1", "a2", "b1", "c1"]
    assert [(l.source, l.target) for l in v.links] == [("a1", "b1"), ("a2", "b1"), ("b1", "c1")]
    assert ids(v.firms) == ["f1", "f2", "f3"]
    assert ids(v.local_firms) == ["f1", "f2"]
    assert ids(v.empty_segments) == ["a2", "c1"]  # f3 is outside, so a2 has no local firm
    assert ids(v.parks) == ["p1"]
    assert ids(v.projects) == ["pr1"]
    assert [(l.supplier, l.customer, l.product) for l in v.firm_links] == [("f3", "f1", "零件")]


@TOY
def test_toy_chain_summaries_count_local_firms_and_empty_segments(store, name):
    by_chain = {c.chain.id: c for c in store.chains()}
    assert (by_chain["toy"].segments, by_chain["toy"].local_firms, by_chain["toy"].empty_segments) == (4, 2, 2)
    assert (by_chain["other"].segments, by_chain["other"].local_firms, by_chain["other"].empty_segments) == (1, 1, 0)


@TOY
def test_toy_segment_detail_knows_its_neighbours(store, name):
    d = store.segment_detail("b1")
    assert (ids(d.upstream), ids(d.downstream), ids(d.firms), d.chain.id) == (["a1", "a2"], ["c1"], ["f1", "f2"], "toy")
    assert [s.url for s in d.sources] == ["https://example.org/a"]


@TOY
def test_toy_firm_detail_lists_suppliers_customers_chains_parks(store, name):
    d = store.firm_detail("f1")
    assert [(f.id, l.product) for f, l in d.suppliers] == [("f3", "零件")]
    assert (d.customers, ids(d.chains)) == ((), ["toy"])
    d2 = store.firm_detail("f2")
    assert (ids(d2.chains), ids(d2.parks), ids(d2.projects)) == (["other", "toy"], ["p1"], ["pr1"])


@TOY
def test_toy_park_detail_lists_firms_segments_chains_projects(store, name):
    d = store.park_detail("p1")
    assert (ids(d.firms), ids(d.segments), ids(d.chains), ids(d.projects)) == (["f2"], ["b1", "o1"], ["other", "toy"], ["pr1"])


@TOY
def test_toy_search_finds_chinese_pinyin_initials_english_and_typos(store, name):
    assert store.search("甲公司")[0].entry.id == "f1"
    assert store.search("jgs")[0].entry.id == "f1"  # 甲公司 → j g s
    assert store.search("Gamma")[0].entry.id == "f3"
    assert store.search("Gamna Co")[0].entry.id == "f3"
    assert store.search("zzzzqqq") == ()


@TOY
def test_toy_info_reports_as_of_synthetic_and_meta(store, name):
    info = store.info()
    assert (info.as_of, info.synthetic, info.title, info.meta_value("name")) == ("2024-06-30", True, "toy", "toy")
    assert dict(info.counts) == {"sources": 1, "chains": 2, "segments": 5, "segment_links": 3, "parks": 2, "firms": 3,
                                 "firm_links": 1, "projects": 1}


# -- (1) known answers: the gap chain (tests/gapdata.py) -------------------------------------------------

@GAP
def test_gap_views_hold_the_firms_linked_from_outside_the_chain(store, name):
    assert ids(store.chain_view("c").linked_firms) == ["L6"]  # O5 (on u2) supplies L6, which sits on chain k
    assert ids(store.chain_view("k").linked_firms) == ["O5"]
    assert ids(store.chain_view("c").parks) == ["P1", "P2"]


@GAP
def test_gap_steps_through_the_graph(store, name):
    assert ids(store.firms_on(["m2"], local=False)) == ["O1", "O2", "O3"]
    assert ids(store.firms_on(["d1", "u1"], local=True)) == ["L1", "L2", "L4", "L5"]
    assert [(l.supplier, l.customer) for l in store.firm_links_of(["L4"])] == [("L2", "L4"), ("L5", "L4"), ("O1", "L4")]
    assert [(l.source, l.target) for l in store.segment_links_of(["m1"])] == [
        ("m1", "d2"), ("m1", "k1"), ("m1", "m2"), ("u1", "m1"), ("u2", "m1")]
    assert ids(store.firms(["O2", "L1"])) == ["L1", "O2"]
    assert ids(store.segments(["k1"])) == ["k1"]
    assert store.tags() == ("上市", "专精特新小巨人", "独角兽", "瞪羚企业")


@GAP
def test_gap_park_and_cross_chain_answers(store, name):
    d = store.park_detail("P1")
    assert (ids(d.firms), ids(d.segments), ids(d.chains)) == (["L1", "L6"], ["k1", "u1"], ["c", "k"])
    assert [(x.firm.id, x.chains, x.segments) for x in store.cross_chain_firms()] == [("O4", ("c", "k"), ("d2", "k1"))]
    assert store.cross_chain_firms(local_only=True) == ()
    assert [(x.link.source, x.link.target, x.source_chain, x.target_chain) for x in store.cross_chain_links()] == [
        ("m1", "k1", "c", "k")]
    cc = cross_chain(store)
    assert [(s.segment.id, s.supplies_chains, s.supplied_by_chains) for s in cc.segments] == [
        ("k1", (), ("c",)), ("m1", ("k",), ())]


@GAP
def test_gap_neighbourhood_is_walked_through_the_store(store, name):
    h = neighbourhood(store, "L3", hops=1)
    assert (h.ids("firm", -1), h.ids("segment", -1)) == (("L1", "L2"), ("u1", "u2"))
    assert (h.ids("firm", 1), h.ids("segment", 1)) == (("L6", "O2"), ("d2", "k1", "m2"))
    two = neighbourhood(store, "L3", hops=2)
    assert (two.ids("segment", 2), two.ids("firm", 2)) == (("d1",), ("L4", "L5"))


@GAP
def test_gap_analysis_known_statuses_on_either_store(store, name):
    gaps = analyse_chain(store.chain_view("c"))
    assert {g.segment.id: (g.status, g.position) for g in gaps.segments} == {
        "u1": ("strong", ""), "u2": ("missing", "fill"), "m1": ("single", ""), "m2": ("missing", "break"),
        "x1": ("missing", "fill"), "d1": ("weak", ""), "d2": ("missing", "extend")}
    assert [(t.firm.id, t.score) for t in gaps.segment("m2").targets] == [("O1", 7.0), ("O3", 5.0), ("O2", 2.5)]
    assert [(t.firm.id, t.score) for t in gaps.segment("u2").targets] == [("O5", 5.0)]  # L6 reached as a linked firm


# -- (2) every dataset: each question equals the reference -------------------------------------------------

def test_info_counts_as_of_title_synthetic(store, reference, data):
    info, ref = store.info(), reference.info()
    assert (info.title, info.as_of, info.synthetic, info.counts, info.meta) == (
        ref.title, ref.as_of, ref.synthetic, ref.counts, ref.meta)
    assert dict(info.counts) == data.counts()
    if info.kind == "neo4j":
        assert info.location.startswith(("bolt://", "neo4j://", "bolt+s://", "neo4j+s://", "bolt+ssc://", "neo4j+ssc://"))
        assert "@" not in info.location


def test_chains_parks_and_tags(store, reference):
    assert store.chains() == reference.chains()
    assert store.parks() == reference.parks()
    assert store.tags() == reference.tags()


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


def test_steps_of_every_firm_and_segment(store, reference, data):
    for firm in data.firms:
        assert store.firm_links_of([firm.id]) == reference.firm_links_of([firm.id]), firm.id
    every = [f.id for f in data.firms]
    assert store.firm_links_of(every) == reference.firm_links_of(every)
    assert store.firms(every[:5]) == reference.firms(every[:5])
    for segment in data.segments:
        assert store.segment_links_of([segment.id]) == reference.segment_links_of([segment.id]), segment.id
        for local in (None, True, False):
            assert store.firms_on([segment.id], local) == reference.firms_on([segment.id], local), segment.id
    assert store.firm_links_of([]) == store.segment_links_of([]) == store.firms_on([]) == ()


def test_cross_chain(store, reference):
    assert store.cross_chain_firms() == reference.cross_chain_firms()
    assert store.cross_chain_firms(local_only=True) == reference.cross_chain_firms(local_only=True)
    assert store.cross_chain_links() == reference.cross_chain_links()


def test_sources(store, reference, data):
    src = [s.id for s in data.sources]
    for asked in (src, src[::-1][:3], src[:1] * 2, []):
        assert store.sources(asked) == reference.sources(asked)
    with pytest.raises(NotFound):
        store.sources([src[0], "no-such-source"])


def test_search(store, reference, name):
    assert store.search_entries() == reference.search_entries()
    for query in QUERIES[name]:
        assert store.search(query) == reference.search(query), query
        assert store.search(query, limit=3) == reference.search(query, limit=3), query


def test_chain_overview_of_every_chain(store, reference, data):
    for chain in data.chains:
        for per_segment in (0, 3, 60):
            assert store.chain_overview(chain.id, per_segment) == reference.chain_overview(chain.id, per_segment), chain.id


def test_a_big_chains_overview_holds_the_first_firms_and_counts_that_add_up(store, data):
    chain = max(data.chains, key=lambda c: len(store.chain_view(c.id).firms))
    view, overview = store.chain_view(chain.id), store.chain_overview(chain.id, 5)
    assert overview.firms == len(view.firms) and overview.local_firms == len(view.local_firms)
    assert overview.empty_segments == len(view.empty_segments)
    for seg in overview.segments:
        on = view.firms_on(seg.segment.id)
        assert (seg.firms, seg.local) == (len(on), sum(f.counts_as_local() for f in on))
        assert len(seg.first) == min(5, len(on)) and set(seg.first) <= set(on)
    assert sum(s.firms for s in overview.segments) == sum(len(set(f.segments) & {s.id for s in view.segments})
                                                         for f in view.firms)
    shown = {f.id for s in overview.segments for f in s.first}
    assert all(link.supplier in shown and link.customer in shown for link in overview.firm_links)


def test_segment_pages_return_every_firm_exactly_once(store, reference, data):
    for segment in data.segments[:12]:
        everyone = reference.segment_detail(segment.id).firms
        total, none = store.segment_firms(segment.id, 0, 0)
        assert (total, none) == (len(everyone), ())
        seen = [f for offset in range(0, total + 7, 7) for f in store.segment_firms(segment.id, offset, 7)[1]]
        assert sorted(f.id for f in seen) == [f.id for f in everyone], segment.id
        assert store.segment_firms(segment.id, 0, 10_000) == reference.segment_firms(segment.id, 0, 10_000)
        name = everyone[0].name[-3:] if everyone else "x"
        assert store.segment_firms(segment.id, 0, 10_000, name) == reference.segment_firms(segment.id, 0, 10_000, name)
        # local / outside only (a working unit in the district, as the what-if picker offers them): the two
        # halves split the segment, and the pages of each return every one of its firms once
        halves = {local: [f.id for f in everyone if f.counts_as_local() == local] for local in (True, False)}
        for local, wanted in halves.items():
            total, _ = store.segment_firms(segment.id, 0, 0, local=local)
            seen = [f.id for offset in range(0, total + 5, 5) for f in store.segment_firms(segment.id, offset, 5, local=local)[1]]
            assert (total, sorted(seen)) == (len(wanted), wanted), (segment.id, local)
            assert store.segment_firms(segment.id, 1, 9, name, local) == reference.segment_firms(segment.id, 1, 9, name, local)


def test_a_long_query_is_cut_and_says_so(store):
    long = "歌尔" + "x" * 10_000
    assert trim_query(long) == (long[:MAX_QUERY_CHARS], True) and trim_query(" 歌尔 ") == ("歌尔", False)
    assert store.search(long) == store.search(long[:MAX_QUERY_CHARS])


def test_dataset_round_trips(store, data):
    assert store.dataset() == data


@pytest.mark.parametrize("question", ["chain_view", "segment_detail", "firm_detail", "park_detail"])
def test_unknown_ids_raise_not_found(store, question):
    with pytest.raises(NotFound):
        getattr(store, question)("no-such-id")
    with pytest.raises(NotFound):
        store.firms(["no-such-id"])


def test_analyses_are_the_reference_answers(store, reference, data):
    """Statuses, positions, targets, single points, what-if, neighbourhood and cross-chain answers do not
    depend on the backend: they equal the reference's."""
    ours = [analyse_chain(store.chain_view(c.id)) for c in data.chains]
    theirs = [analyse_chain(reference.chain_view(c.id)) for c in data.chains]
    assert gaps_json(ours) == gaps_json(theirs)
    for chain in data.chains:
        view, ref_view = store.chain_view(chain.id), reference.chain_view(chain.id)
        assert single_points(view) == single_points(ref_view), chain.id
        local = next((f.id for f in view.local_firms), None)
        if local:
            assert what_if(view, leaves=local) == what_if(ref_view, leaves=local), chain.id
    assert cross_chain(store) == cross_chain(reference)
    for firm in data.firms[:40]:
        assert neighbourhood(store, firm.id, hops=2) == neighbourhood(reference, firm.id, hops=2), firm.id


def test_neo4j_location_never_shows_credentials():
    assert safe_uri("neo4j+s://alice:s3cret@db.example.org:7687/?policy=x") == "neo4j+s://db.example.org:7687"
    assert safe_uri("bolt://127.0.0.1:7687") == "bolt://127.0.0.1:7687"
