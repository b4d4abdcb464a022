"""The Neo4j store: the store contract answered with Cypher over Bolt (local server, remote or cluster).

Gives the same answers as the embedded store on the same dataset (the contract suite asserts ``==``
and the known answers of its datasets). The layout is ``schema.py``; the Cypher is ``queries.py``.

Consistency: each question runs in one read transaction that reads the pointer
``(:Current {key: 'dataset'}).load`` first, reads only nodes of that load, and reads the pointer again
at the end. A load only deletes an old load after moving the pointer, so if the pointer did not move
the answer came from one whole, untouched load; if it moved, the question is asked again.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, TypeVar

from graph.model import Chain, Dataset, Firm, FirmLink, Park, Project, Segment, SegmentLink, Source
from graph.neo4j import queries as Q
from graph.neo4j.connect import connect, safe_uri, unavailable
from graph.neo4j.names import NameIndex
from graph.neo4j.rows import by_id, collected, link_rows, link_records, records, segment_link
from graph.neo4j.schema import COUNT_NODES, COUNT_RELS, CURRENT_KEY, CURRENT_QUERY, LAYOUT, META_QUERY, \
    dataset_counts, decode_extra, from_props
from graph.search import SearchEntry, SearchHit, rank, trim_query
from graph.store import (
    CandidateFacts,
    ChainOverview,
    ChainSummary,
    ChainView,
    CrossFirm,
    CrossLink,
    FirmDetail,
    OVERVIEW_FIRMS,
    LocalRule,
    NoDataset,
    NotFound,
    ParkDetail,
    SegmentDetail,
    Store,
    StoreInfo,
    StoreUnavailable,
)
from graph.store.answers import SegmentSummary

SEARCH_CANDIDATES = 200  # names a search ranks at most per kind of hit (equal, starting with, holding, words)
SEARCH_FETCH = 5_000  # index hits read per kind of hit, of which the first SEARCH_CANDIDATES by (kind, id) are ranked

T = TypeVar("T")


class _Moved(Exception):
    """The current load changed while a read transaction ran; ask again."""


class Neo4jStore(Store):
    """The store contract over one Neo4j driver (create one per process; it is thread-safe)."""

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None,
                 **driver_options: Any):
        self._uri, self._user, self._password = uri, user, password
        self._database = database
        self._driver = connect(uri, user, password, max_transaction_retry_time=5.0, **driver_options)
        self._names = NameIndex()  # a district's or city's names, ranked here exactly as the embedded store ranks

    def close(self) -> None:
        self._driver.close()

    def current_load(self) -> str | None:
        """The id of the load readers see now (None before the first load): a new one after every load, so
        the app keys its caches on it."""
        from neo4j import READ_ACCESS

        with unavailable(self._uri, self._user, self._password):
            with self._driver.session(database=self._database, default_access_mode=READ_ACCESS) as session:
                record = session.execute_read(lambda tx: tx.run(CURRENT_QUERY, key=CURRENT_KEY).single())
        return None if record is None else record["load"]

    # -- transactions ------------------------------------------------------
    def _read(self, work: Callable[[Any, str], T]) -> T:
        from neo4j import READ_ACCESS

        def snapshot(tx):
            record = tx.run(CURRENT_QUERY, key=CURRENT_KEY).single()
            if record is None or record["load"] is None:
                raise NoDataset(
                    f"Neo4j at {safe_uri(self._uri)} holds no chainmap dataset yet; "
                    "load one with `chainmap load data/laoshan` (uses NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD)."
                )
            load = record["load"]
            if record["layout"] < LAYOUT:
                raise StoreUnavailable(
                    f"the dataset in Neo4j at {safe_uri(self._uri)} was loaded by an older chainmap; "
                    "load it again with `chainmap load DATA`.")
            try:
                answer = work(tx, load)
            except NotFound:
                if tx.run(CURRENT_QUERY, key=CURRENT_KEY).single()["load"] != load:
                    raise _Moved() from None
                raise
            if tx.run(CURRENT_QUERY, key=CURRENT_KEY).single()["load"] != load:
                raise _Moved()
            return answer

        for _ in range(10):
            try:
                with unavailable(self._uri, self._user, self._password):
                    with self._driver.session(database=self._database, default_access_mode=READ_ACCESS) as session:
                        return session.execute_read(snapshot)
            except _Moved:
                continue
        raise StoreUnavailable(f"the dataset at {safe_uri(self._uri)} kept changing while it was read; try again")

    @staticmethod
    def _get(tx, load: str, cls: type[T], label: str, ident: str) -> T:
        record = tx.run(Q.GET[label], load=load, id=ident).single()
        if record is None:
            raise NotFound(f"{label.lower()} {ident!r}")
        return from_props(cls, record["p"])

    @staticmethod
    def _by_ids(tx, load: str, cls: type[T], label: str, ids: Iterable[str]) -> tuple[T, ...]:
        wanted = set(ids)
        found = {p["id"]: p for p in collected(tx, Q.BY_IDS[label], load=load, ids=sorted(wanted))} if wanted else {}
        missing = wanted - found.keys()
        if missing:
            raise NotFound(f"{label.lower()} {sorted(missing)[0]!r}")
        return tuple(from_props(cls, found[i]) for i in sorted(found))

    def _ask_by_ids(self, cls: type[T], label: str, ids: Iterable[str]) -> tuple[T, ...]:
        ids = tuple(ids)
        return self._read(lambda tx, load: self._by_ids(tx, load, cls, label, ids)) if ids else ()

    # -- the dataset as a whole ------------------------------------------------
    def info(self) -> StoreInfo:
        def work(tx, load):
            record = tx.run(META_QUERY, load=load).single()
            meta = decode_extra(record["meta"]) if record else ()
            if record and record["counts"]:  # written by the load once it verified them
                counts = json.loads(record["counts"])
            else:
                count = lambda q: tx.run(q, load=load).single()["n"]  # noqa: E731
                counts = dataset_counts({label: count(q) for label, q in COUNT_NODES.items()},
                                        {rel: count(q) for rel, q in COUNT_RELS.items()})
            data = Dataset(meta=meta)
            return StoreInfo("neo4j", safe_uri(self._uri), data.title, data.as_of, data.synthetic,
                             tuple(counts.items()), meta)

        return self._read(work)

    def chains(self) -> tuple[ChainSummary, ...]:
        def work(tx, load):
            out = [ChainSummary(from_props(Chain, r["chain"]), r["segments"], r["local"], r["empty"])
                   for r in tx.run(Q.CHAINS, load=load)]
            return tuple(sorted(out, key=lambda s: s.chain.id))

        return self._read(work)

    def parks(self) -> tuple[Park, ...]:
        return self._read(lambda tx, load: records(tx, Park, Q.ALL["Park"], load=load))

    def tags(self) -> tuple[str, ...]:
        def work(tx, load):
            record = tx.run(META_QUERY, load=load).single()
            return tuple(record["tags"] or ()) if record else ()

        return self._read(work)

    # -- one chain, segment, firm, park ----------------------------------------
    def chain_view(self, chain_id: str, firm_links: bool = True) -> ChainView:
        def work(tx, load):
            chain = self._get(tx, load, Chain, "Chain", chain_id)
            p = {"load": load, "id": chain_id}
            segments = records(tx, Segment, Q.CHAIN_SEGMENTS, **p)
            seg_links = tuple(sorted({segment_link(r) for r in tx.run(Q.CHAIN_LINKS, **p)},
                                     key=lambda link: (link.source, link.target)))
            firms = by_id(from_props(Firm, f) for f in collected(tx, Q.CHAIN_FIRMS, **p))
            links = link_rows(collected(tx, Q.CHAIN_FIRM_LINKS, **p)) if firm_links else ()
            linked = by_id(from_props(Firm, f) for f in collected(tx, Q.CHAIN_LINKED_FIRMS, **p)) if firm_links else ()
            return ChainView(chain, segments, seg_links, firms, links, linked,
                             records(tx, Park, Q.CHAIN_PARKS, **p), records(tx, Project, Q.CHAIN_PROJECTS, **p))

        return self._read(work)

    def _chain_aggregate(self, chain_id: str, query: str, rule: LocalRule) -> list:
        def work(tx, load):
            self._get(tx, load, Chain, "Chain", chain_id)
            return collected(tx, query, load=load, id=chain_id, presences=list(rule.presences), uncertain=rule.uncertain)

        return self._read(work)

    def candidate_facts(self, chain_id: str, rule: LocalRule = LocalRule()) -> tuple[CandidateFacts, ...]:
        """Counted in Cypher: one small row per candidate, never the chain's firm links."""
        rows = self._chain_aggregate(chain_id, Q.CANDIDATE_FACTS, rule)
        return tuple(CandidateFacts(i, stated, unconfirmed, tuple(sorted(set(parks))))
                     for i, stated, unconfirmed, parks in sorted(rows, key=lambda r: r[0]))

    def sole_suppliers(self, chain_id: str, rule: LocalRule = LocalRule()) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((a, b) for a, b in self._chain_aggregate(chain_id, Q.SOLE_SUPPLIERS, rule)))

    def chain_overview(self, chain_id: str, per_segment: int = OVERVIEW_FIRMS) -> ChainOverview:
        """Counts written at load and the first ``per_segment`` firms of each segment, ordered in Cypher."""
        def work(tx, load):
            record = tx.run(Q.GET["Chain"], load=load, id=chain_id).single()
            if record is None:
                raise NotFound(f"chain {chain_id!r}")
            chain, counts = from_props(Chain, record["p"]), record["p"]
            p = {"load": load, "id": chain_id}
            rows = tx.run(Q.OVERVIEW_SEGMENTS, **p, leaders=list(chain.leaders), k=max(0, per_segment))
            segs = tuple(sorted((SegmentSummary(from_props(Segment, r["p"]), r["firms"], r["local"],
                                                tuple(from_props(Firm, f) for f in r["first"])) for r in rows),
                                key=lambda s: s.segment.id))
            shown = sorted({f.id for s in segs for f in s.first})
            links = tuple(sorted({segment_link(r) for r in tx.run(Q.CHAIN_LINKS, **p)},
                                 key=lambda link: (link.source, link.target)))
            firm_links = link_records(tx.run(Q.LINKS_AMONG, load=load, ids=shown)) if shown else ()
            return ChainOverview(chain, segs, links, firm_links, counts["n_firms"], counts["n_local"],
                                 counts["n_empty"])

        return self._read(work)

    def segment_firms(self, segment_id: str, offset: int = 0, limit: int = 50, query: str = "",
                      local: bool | None = None) -> tuple[int, tuple[Firm, ...]]:
        """One page in Cypher (SKIP / LIMIT in picture order; the order ends with the id, so pages never
        overlap), and how many firms match (the counts written at load when no name is asked for)."""
        def work(tx, load):
            seg = tx.run(Q.GET["Segment"], load=load, id=segment_id).single()
            chain = tx.run(Q.SEGMENT_CHAIN, load=load, id=segment_id).single()
            if seg is None or chain is None:
                raise NotFound(f"segment {segment_id!r}")
            p = {"load": load, "id": segment_id, "q": query.strip().lower(), "local": local}
            counts = seg["p"]["n_firms"], seg["p"]["n_local"]
            total = (tx.run(Q.SEGMENT_PAGE_COUNT, **p).single()["n"] if p["q"] else
                     counts[0] if local is None else counts[1] if local else counts[0] - counts[1])
            leaders = list(chain["p"].get("leaders") or ())
            rows = tx.run(Q.SEGMENT_PAGE, **p, leaders=leaders, offset=max(0, offset), limit=max(0, limit))
            return total, tuple(from_props(Firm, r["p"]) for r in rows)

        return self._read(work)

    def segment_detail(self, segment_id: str) -> SegmentDetail:
        def work(tx, load):
            seg = self._get(tx, load, Segment, "Segment", segment_id)
            p = {"load": load, "id": segment_id}
            chain = tx.run(Q.SEGMENT_CHAIN, **p).single()
            if chain is None:
                raise NotFound(f"chain {seg.chain!r}")
            return SegmentDetail(
                seg, from_props(Chain, chain["p"]),
                records(tx, Segment, Q.SEGMENT_UP, **p), records(tx, Segment, Q.SEGMENT_DOWN, **p),
                records(tx, Firm, Q.FIRMS_ON, load=load, ids=[segment_id], local=None),
                records(tx, Project, Q.SEGMENT_PROJECTS, **p), self._by_ids(tx, load, Source, "Source", seg.sources),
            )

        return self._read(work)

    def firm_detail(self, firm_id: str) -> FirmDetail:
        def work(tx, load):
            firm = self._get(tx, load, Firm, "Firm", firm_id)
            p = {"load": load, "id": firm_id}

            def pairs(query: str, supplying: bool) -> tuple[tuple[Firm, FirmLink], ...]:
                found = []
                for r in tx.run(query, **p):
                    other = from_props(Firm, r["o"])
                    ends = (firm_id, other.id) if supplying else (other.id, firm_id)
                    link = from_props(FirmLink, r["p"], supplier=ends[0], customer=ends[1])
                    found.append((other, link, r["p"]["i"]))
                found.sort(key=lambda t: (t[0].id, t[1].product, t[2]))
                return tuple((f, link) for f, link, _ in found)

            return FirmDetail(
                firm, records(tx, Segment, Q.FIRM_SEGMENTS, **p), records(tx, Chain, Q.FIRM_CHAINS, **p),
                records(tx, Park, Q.FIRM_PARKS, **p), pairs(Q.FIRM_SUPPLIERS, False), pairs(Q.FIRM_CUSTOMERS, True),
                records(tx, Project, Q.FIRM_PROJECTS, **p), self._by_ids(tx, load, Source, "Source", firm.sources),
            )

        return self._read(work)

    def park_detail(self, park_id: str) -> ParkDetail:
        def work(tx, load):
            park = self._get(tx, load, Park, "Park", park_id)
            p = {"load": load, "id": park_id}
            return ParkDetail(
                park, records(tx, Firm, Q.PARK_FIRMS, **p), records(tx, Chain, Q.PARK_CHAINS, **p),
                records(tx, Segment, Q.PARK_SEGMENTS, **p), records(tx, Project, Q.PARK_PROJECTS, **p),
                self._by_ids(tx, load, Source, "Source", park.sources),
            )

        return self._read(work)

    def sources(self, ids: Iterable[str]) -> tuple[Source, ...]:
        return self._ask_by_ids(Source, "Source", ids)

    # -- steps through the graph -----------------------------------------------
    def firms(self, ids: Iterable[str]) -> tuple[Firm, ...]:
        return self._ask_by_ids(Firm, "Firm", ids)

    def segments(self, ids: Iterable[str]) -> tuple[Segment, ...]:
        return self._ask_by_ids(Segment, "Segment", ids)

    def firm_links_of(self, firm_ids: Iterable[str]) -> tuple[FirmLink, ...]:
        ids = sorted(set(firm_ids))
        return self._read(lambda tx, load: link_rows(collected(tx, Q.FIRM_LINKS_OF, load=load, ids=ids))) if ids else ()

    def segment_links_of(self, segment_ids: Iterable[str]) -> tuple[SegmentLink, ...]:
        ids = sorted(set(segment_ids))

        def work(tx, load):
            links = {segment_link(r) for r in tx.run(Q.SEGMENT_LINKS_OF, load=load, ids=ids)}
            return tuple(sorted(links, key=lambda link: (link.source, link.target)))

        return self._read(work) if ids else ()

    def firms_on(self, segment_ids: Iterable[str], local: bool | None = None) -> tuple[Firm, ...]:
        ids = sorted(set(segment_ids))
        return self._read(lambda tx, load: records(tx, Firm, Q.FIRMS_ON, load=load, ids=ids, local=local)) if ids else ()

    # -- across chains -----------------------------------------------------------
    def cross_chain_firms(self, local_only: bool = False) -> tuple[CrossFirm, ...]:
        def work(tx, load):
            out = []
            for r in tx.run(Q.CROSS_CHAIN_FIRMS, load=load):
                firm = from_props(Firm, r["p"])
                if firm.local or not local_only:
                    out.append(CrossFirm(firm, tuple(sorted(r["chains"])), tuple(sorted(set(firm.segments)))))
            return tuple(sorted(out, key=lambda c: c.firm.id))

        return self._read(work)

    def cross_chain_links(self) -> tuple[CrossLink, ...]:
        def work(tx, load):
            links = [CrossLink(segment_link(r), r["source_chain"], r["target_chain"])
                     for r in tx.run(Q.CROSS_CHAIN_LINKS, load=load)]
            return tuple(sorted(links, key=lambda c: (c.link.source, c.link.target)))

        return self._read(work)

    # -- names and the whole dataset ---------------------------------------------
    def search_entries(self) -> tuple[SearchEntry, ...]:
        def work(tx, load):
            entries = [SearchEntry(label.lower(), r["id"], r["name"], r["name_en"])
                       for label, query in Q.NAMES.items() for r in tx.run(query, load=load)]
            return tuple(sorted(entries, key=lambda e: (e.kind, e.id)))

        return self._read(work)

    def search(self, query: str, limit: int = 20) -> tuple[SearchHit, ...]:
        """Candidates from the keys written at load (whole keys equal to, starting with or holding the query;
        words and typos by full text), ranked by ``graph.search.rank`` as every store ranks; never reads every name."""
        q = trim_query(query)[0].lower()  # the cut every store makes
        if not q:
            return ()
        if (index := self._names.get(self)) is not None:
            return index.search(query, limit)

        def work(tx, load):
            found: dict[tuple[str, str], SearchEntry] = {}

            def add(rows) -> None:
                for r in rows:
                    found[(r["label"], r["id"])] = SearchEntry(r["label"].lower(), r["id"], r["name"], r["name_en"])

            def settled(below: float) -> bool:  # the best ``limit`` all score above what later tiers can reach
                hits = rank(tuple(found.values()), q, limit)
                return len(hits) == limit and hits[-1].score > below

            # Tiers in rank's order of scores: a key equal to q (100), starting with it (95), holding it
            # (80-89), then words and typos (at most 80): full text, and keys holding q less its last one to
            # three characters. A tier that cannot change the best ``limit`` is not asked.
            term = Q.escape(q)
            for lucene, below in ((term, 95), (f"{term}*", 89), (f"*{term}*", 80)):
                add(tx.run(Q.SEARCH_KEYS_QUERY, **Q.SEARCH_PARAMS, load=load, lucene=lucene, fetch=SEARCH_FETCH,
                           limit=SEARCH_CANDIDATES))
                if settled(below):
                    return tuple(found.values())
            words = Q.lucene_query(q)
            if words:
                add(tx.run(Q.SEARCH_FULLTEXT, **Q.SEARCH_PARAMS, load=load, lucene=words, limit=SEARCH_CANDIDATES))
            for k in (1, 2, 3):
                if len(q) - k < 3 or len(found) >= 2 * SEARCH_CANDIDATES:
                    break
                add(tx.run(Q.SEARCH_KEYS_QUERY, **Q.SEARCH_PARAMS, load=load, fetch=SEARCH_FETCH,
                           lucene=f"*{Q.escape(q[:-k])}*", limit=SEARCH_CANDIDATES))
            return tuple(found.values())

        return rank(self._read(work), q, limit)

    def dataset(self) -> Dataset:
        def work(tx, load):
            rows = {label: [r["p"] for r in tx.run(query, load=load)] for label, query in Q.ALL.items()}
            of_kind = lambda cls, label: by_id(from_props(cls, p) for p in rows[label])  # noqa: E731
            seg_links = sorted((segment_link(r) for r in tx.run(Q.ALL_SEGMENT_LINKS, load=load)),
                               key=lambda link: (link.source, link.target))
            meta = tx.run(META_QUERY, load=load).single()
            return Dataset(
                chains=of_kind(Chain, "Chain"), segments=of_kind(Segment, "Segment"), segment_links=tuple(seg_links),
                parks=of_kind(Park, "Park"), firms=of_kind(Firm, "Firm"),
                firm_links=tuple(link for _, link in sorted(
                    ((r["p"]["i"], from_props(FirmLink, r["p"], supplier=r["supplier"], customer=r["customer"]))
                     for r in tx.run(Q.ALL_FIRM_LINKS, load=load)), key=lambda t: t[0])),
                projects=of_kind(Project, "Project"), sources=of_kind(Source, "Source"),
                meta=decode_extra(meta["meta"]) if meta else (),
            )

        return self._read(work)

