"""The embedded store: the whole dataset held in memory, indexed once when it opens; no server needed.

The relationships are the model's tables (``graph.model.REFERENCES`` and ``LINKS``), the same ones the
Neo4j backend writes, so both stores hold the same graph: here as adjacency dicts (``rel`` → id → ids),
built in one pass over the records. What pages ask for again and again — the chain summaries, each
segment's firms in picture order, the tags, the search keys — is computed once at open, so a question
costs what its answer holds, not what the dataset holds. Opening a data folder is ``loaders.open_data``.
"""

from __future__ import annotations

import threading
from collections import Counter
from operator import attrgetter
from typing import Iterable

from graph.model import LINKS, RECORD_KINDS, REFERENCES, Chain, Dataset, Firm, FirmLink, Park, Segment, SegmentLink, Source
from graph.search import SearchEntry, SearchHit, SearchIndex
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
    NotFound,
    ParkDetail,
    SegmentDetail,
    SegmentSummary,
    Store,
    StoreInfo,
    picture_order,
)
from graph.store.answers import candidate_facts_of, sole_suppliers_of

_SINGULAR = {"sources": "source", "chains": "chain", "segments": "segment", "parks": "park", "firms": "firm",
             "projects": "project"}


def _by_id(records) -> tuple:
    return tuple(sorted(records, key=lambda r: r.id))


def _link_key(link: SegmentLink) -> tuple[str, str]:
    return (link.source, link.target)


def _runs(ends: list[str]) -> tuple[list[int], dict[str, tuple[int, int]]]:
    """Positions sorted by their end (a stable sort: dataset order within an end) and each end's run in them."""
    order = sorted(range(len(ends)), key=ends.__getitem__)
    runs: dict[str, tuple[int, int]] = {}
    at = 0
    for end, count in Counter(map(ends.__getitem__, order)).items():  # counted in C, in sorted order
        runs[end] = (at, at + count)
        at += count
    return order, runs


class EmbeddedStore(Store):
    def __init__(self, data: Dataset, location: str = "(in memory)"):
        self._data = data
        self._location = location
        self._views: dict[str, ChainView] = {}  # see _full_view
        self._views_lock = threading.Lock()
        self._rec: dict[str, dict[str, object]] = {kind: {r.id: r for r in getattr(data, kind)} for kind in RECORD_KINDS}
        # rel -> id -> ids it points to (out) / ids pointing to it (into), each once, in record order
        self._out: dict[str, dict[str, tuple[str, ...]]] = {}
        self._into: dict[str, dict[str, list[str]]] = {}
        for ref in REFERENCES:
            out, into = {}, {}
            for r in getattr(data, ref.kind):
                targets = ref.ids(r)
                if targets:
                    out[r.id] = targets
                    for i in targets:
                        into.setdefault(i, []).append(r.id)
            self._out[ref.name], self._into[ref.name] = out, into
        # link kind -> end id -> positions of the link records (dataset order), as runs of one sorted array
        self._link_out: dict[str, tuple[list[int], dict[str, tuple[int, int]]]] = {}
        self._link_in: dict[str, tuple[list[int], dict[str, tuple[int, int]]]] = {}
        for lk in LINKS:
            records = getattr(data, lk.kind)
            for field, index in zip(lk.fields, (self._link_out, self._link_in)):
                ends = list(map(attrgetter(field), records))
                index[lk.name] = _runs(ends)
        self._index_aggregates()
        self._search: SearchIndex | None = None

    def _index_aggregates(self) -> None:
        """Per segment its firms (by id and in picture order), per chain its segments and summary, the tags."""
        d = self._data
        firm_rec = self._rec["firms"]
        on_segment = self._into["IN_SEGMENT"]
        self._segment_firms: dict[str, tuple[Firm, ...]] = {}
        self._picture: dict[str, tuple[Firm, ...]] = {}
        chain_of = {s.id: s.chain for s in d.segments}
        leaders = {c.id: c.leaders for c in d.chains}
        local = {f.id for f in d.firms if f.counts_as_local()}
        self._local_on: dict[str, int] = {}
        for sid in chain_of:
            ids = sorted(set(on_segment.get(sid, ())))
            firms = tuple(firm_rec[i] for i in ids)
            self._segment_firms[sid] = firms
            self._local_on[sid] = sum(i in local for i in ids)
            lead = leaders.get(chain_of[sid], ())
            self._picture[sid] = tuple(sorted(firms, key=lambda f: picture_order(f, lead)))
        self._chain_segments: dict[str, tuple[Segment, ...]] = {
            c.id: _by_id(self._rec["segments"][i] for i in self._into["IN_CHAIN"].get(c.id, ())) for c in d.chains}
        self._summaries: dict[str, tuple[ChainSummary, int]] = {}
        for chain in d.chains:
            segments = self._chain_segments[chain.id]
            every = {i for seg in segments for i in on_segment.get(seg.id, ())}
            empty = sum(not self._local_on[seg.id] for seg in segments)
            self._summaries[chain.id] = (ChainSummary(chain, len(segments), len(every & local), empty), len(every))
        self._tags = tuple(sorted({t for f in d.firms for t in f.tags}))
        self._counts = tuple(d.counts().items())

    # -- lookups -------------------------------------------------------
    def _get(self, kind: str, ident: str):
        try:
            return self._rec[kind][ident]
        except KeyError:
            raise NotFound(f"{_SINGULAR[kind]} {ident!r}") from None

    def _records(self, kind: str, ids) -> tuple:
        rec = self._rec[kind]  # sorted ids, not a set of records: hashing a record hashes all of its fields
        return tuple(rec[i] for i in sorted(set(ids)))

    def _outgoing(self, rel: str, ident: str) -> tuple[str, ...]:
        return self._out[rel].get(ident, ())

    def _incoming(self, rel: str, ident: str) -> list[str]:
        return self._into[rel].get(ident, [])

    def _link_positions(self, rel: str, ident: str, outgoing: bool) -> list[int]:
        order, runs = (self._link_out if outgoing else self._link_in)[rel]
        start, end = runs.get(ident, (0, 0))
        return order[start:end]

    def _ordered_firm_links(self, positions: Iterable[int]) -> tuple[FirmLink, ...]:
        links = self._data.firm_links
        return tuple(dict.fromkeys(links[p] for p in sorted(set(positions))))

    # -- the dataset as a whole ------------------------------------------
    def info(self) -> StoreInfo:
        d = self._data
        return StoreInfo("embedded", self._location, d.title, d.as_of, d.synthetic, self._counts, d.meta)

    def chains(self) -> tuple[ChainSummary, ...]:
        return tuple(self._summaries[c.id][0] for c in self._data.chains)

    def parks(self) -> tuple[Park, ...]:
        return self._data.parks

    def tags(self) -> tuple[str, ...]:
        return self._tags

    # -- one chain, segment, firm, park ----------------------------------
    def chain_view(self, chain_id: str, firm_links: bool = True) -> ChainView:
        chain: Chain = self._get("chains", chain_id)
        segments = self._chain_segments[chain_id]
        seg_ids = {s.id for s in segments}
        links = tuple(link for link in self.segment_links_of(seg_ids) if link.source in seg_ids and link.target in seg_ids)
        firms = self.firms_on(seg_ids)
        firm_ids = {f.id for f in firms}
        firm_links = self.firm_links_of(firm_ids) if firm_links else ()
        linked = {x for link in firm_links for x in (link.supplier, link.customer) if x not in firm_ids}
        parks = {p for fid in firm_ids for p in self._outgoing("IN_PARK", fid)}
        parks.update(self._incoming("FOCUSES_ON", chain_id))
        projects = self._records("projects", self._incoming("FOR_CHAIN", chain_id))
        return ChainView(chain, segments, links, firms, firm_links, self._records("firms", linked),
                         self._records("parks", parks), projects)

    def _full_view(self, chain_id: str) -> ChainView:
        """The last chain views asked for the gap aggregates (the data never changes once open, so they stay
        right; two, so a page's before and after or two users' chains do not rebuild each other's)."""
        with self._views_lock:  # asked side by side by analyse_chain_in: one builds, the other waits
            if chain_id not in self._views:
                if len(self._views) >= 2:
                    self._views.pop(next(iter(self._views)))
                self._views[chain_id] = self.chain_view(chain_id)
            return self._views[chain_id]

    def candidate_facts(self, chain_id: str, rule: LocalRule = LocalRule()) -> tuple[CandidateFacts, ...]:
        return candidate_facts_of(self._full_view(chain_id), rule)

    def sole_suppliers(self, chain_id: str, rule: LocalRule = LocalRule()) -> tuple[tuple[str, str], ...]:
        return sole_suppliers_of(self._full_view(chain_id), rule)

    def chain_overview(self, chain_id: str, per_segment: int = OVERVIEW_FIRMS) -> ChainOverview:
        chain: Chain = self._get("chains", chain_id)
        segments = self._chain_segments[chain_id]
        seg_ids = {s.id for s in segments}
        segs = tuple(SegmentSummary(s, len(self._segment_firms[s.id]), self._local_on[s.id],
                                    self._picture[s.id][:per_segment]) for s in segments)
        shown = {f.id for s in segs for f in s.first}
        customers = self._data.firm_links
        positions = [p for fid in shown for p in self._link_positions("SUPPLIES_FIRM", fid, True)
                     if customers[p].customer in shown]
        links = tuple(link for link in self.segment_links_of(seg_ids) if link.source in seg_ids and link.target in seg_ids)
        summary, firms = self._summaries[chain_id]
        return ChainOverview(chain, segs, links, self._ordered_firm_links(positions), firms, summary.local_firms,
                             summary.empty_segments)

    def segment_firms(self, segment_id: str, offset: int = 0, limit: int = 50, query: str = "",
                      local: bool | None = None) -> tuple[int, tuple[Firm, ...]]:
        self._get("segments", segment_id)
        firms = self._picture[segment_id]
        q = query.strip().lower()
        if q:
            firms = tuple(f for f in firms if q in f.name.lower() or q in f.name_en.lower())
        if local is not None:
            firms = tuple(f for f in firms if f.counts_as_local() == local)
        offset = max(0, offset)
        return len(firms), firms[offset:offset + max(0, limit)]

    def segment_detail(self, segment_id: str) -> SegmentDetail:
        seg: Segment = self._get("segments", segment_id)
        up = {self._data.segment_links[p].source for p in self._link_positions("SUPPLIES", segment_id, False)}
        down = {self._data.segment_links[p].target for p in self._link_positions("SUPPLIES", segment_id, True)}
        return SegmentDetail(seg, self._get("chains", seg.chain), self._records("segments", up),
                             self._records("segments", down), self._segment_firms[segment_id],
                             self._records("projects", self._incoming("ON_SEGMENT", segment_id)), self.sources(seg.sources))

    def firm_detail(self, firm_id: str) -> FirmDetail:
        firm: Firm = self._get("firms", firm_id)
        segments = self._records("segments", self._outgoing("IN_SEGMENT", firm_id))
        chains = _by_id({self._get("chains", s.chain) for s in segments})
        links = self._data.firm_links
        firm_rec = self._rec["firms"]

        def pairs(outgoing: bool) -> tuple[tuple[Firm, FirmLink], ...]:
            found = [(firm_rec[links[p].customer if outgoing else links[p].supplier], links[p], p)
                     for p in self._link_positions("SUPPLIES_FIRM", firm_id, outgoing)]
            return tuple((f, link) for f, link, _ in sorted(found, key=lambda x: (x[0].id, x[1].product, x[2])))

        return FirmDetail(firm, segments, chains, self._records("parks", self._outgoing("IN_PARK", firm_id)),
                          pairs(False), pairs(True), self._records("projects", self._incoming("BY_FIRM", firm_id)),
                          self.sources(firm.sources))

    def park_detail(self, park_id: str) -> ParkDetail:
        park: Park = self._get("parks", park_id)
        firms = self._records("firms", self._incoming("IN_PARK", park_id))
        segments = self.segments({s for f in firms for s in f.segments})
        chains = _by_id({self._get("chains", c) for c in {*park.focus, *(s.chain for s in segments)}})
        return ParkDetail(park, firms, chains, segments, self._records("projects", self._incoming("AT_PARK", park_id)),
                          self.sources(park.sources))

    def sources(self, ids: Iterable[str]) -> tuple[Source, ...]:
        return _by_id({self._get("sources", i) for i in ids})

    # -- steps through the graph -------------------------------------------
    def firms(self, ids: Iterable[str]) -> tuple[Firm, ...]:
        return _by_id({self._get("firms", i) for i in ids})

    def segments(self, ids: Iterable[str]) -> tuple[Segment, ...]:
        return _by_id({self._get("segments", i) for i in ids})

    def firm_links_of(self, firm_ids: Iterable[str]) -> tuple[FirmLink, ...]:
        found: list[int] = []
        for fid in firm_ids:
            for outgoing in (True, False):
                found.extend(self._link_positions("SUPPLIES_FIRM", fid, outgoing))
        return self._ordered_firm_links(found)

    def segment_links_of(self, segment_ids: Iterable[str]) -> tuple[SegmentLink, ...]:
        links = self._data.segment_links
        found = set()
        for sid in segment_ids:
            for outgoing in (True, False):
                found.update(links[p] for p in self._link_positions("SUPPLIES", sid, outgoing))
        return tuple(sorted(found, key=_link_key))

    def firms_on(self, segment_ids: Iterable[str], local: bool | None = None) -> tuple[Firm, ...]:
        on = self._segment_firms
        firms = self._records("firms", (f.id for sid in segment_ids for f in on.get(sid, ())))
        return firms if local is None else tuple(f for f in firms if f.local == local)

    # -- across chains -------------------------------------------------------
    def cross_chain_firms(self, local_only: bool = False) -> tuple[CrossFirm, ...]:
        chain_of = {s.id: s.chain for s in self._data.segments}
        out = []
        for f in self._data.firms:
            if len(f.segments) < 2:
                continue
            chains = tuple(sorted({chain_of[s] for s in f.segments if s in chain_of}))
            if len(chains) > 1 and (f.local or not local_only):
                out.append(CrossFirm(f, chains, tuple(sorted(set(f.segments)))))
        return tuple(out)

    def cross_chain_links(self) -> tuple[CrossLink, ...]:
        chain_of = {s.id: s.chain for s in self._data.segments}
        return tuple(CrossLink(link, chain_of[link.source], chain_of[link.target]) for link in self._data.segment_links
                     if chain_of[link.source] != chain_of[link.target])

    # -- names and the whole dataset ---------------------------------------------
    def search_entries(self) -> tuple[SearchEntry, ...]:
        d = self._data
        entries = [SearchEntry(kind, r.id, r.name, r.name_en)
                   for kind, rows in (("chain", d.chains), ("segment", d.segments), ("park", d.parks), ("firm", d.firms))
                   for r in rows]
        return tuple(sorted(entries, key=lambda e: (e.kind, e.id)))

    def search_index(self) -> SearchIndex:
        """The search keys of every name, built once (at open by ``loaders.open_data``, else on first search)."""
        if self._search is None:
            self._search = SearchIndex(self.search_entries())
        return self._search

    def search(self, query: str, limit: int = 20) -> tuple[SearchHit, ...]:
        return self.search_index().search(query, limit)

    def dataset(self) -> Dataset:
        return self._data
