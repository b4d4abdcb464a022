"""The embedded store: the whole dataset in one networkx graph, no server needed.

Nodes are ``(kind, id)`` (kind = the Dataset attribute: ``"firms"``, ``"segments"``, …) with the
model record in the ``record`` attribute; edges carry a ``rel`` name. Edges are made from the model's
relationship tables (``graph.model.REFERENCES`` and ``LINKS``), the same ones the Neo4j backend
writes, so both stores hold the same graph. Opening a data folder is ``loaders.open_data``.
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from graph.model import LINKS, RECORD_KINDS, REFERENCES, Chain, Dataset, Firm, FirmLink, Park, Segment, SegmentLink, Source
from graph.search import SearchEntry
from graph.store import (
    ChainSummary,
    ChainView,
    CrossFirm,
    CrossLink,
    FirmDetail,
    NotFound,
    ParkDetail,
    SegmentDetail,
    Store,
    StoreInfo,
)

_SINGULAR = {"sources": "source", "chains": "chain", "segments": "segment", "parks": "park", "firms": "firm",
             "projects": "project"}


def _by_id(records) -> tuple:
    return tuple(sorted(records, key=lambda r: r.id))


def _link_key(link: SegmentLink) -> tuple[str, str]:
    return (link.source, link.target)


class EmbeddedStore(Store):
    def __init__(self, data: Dataset, location: str = "(in memory)"):
        self._data = data
        self._location = location
        g = nx.MultiDiGraph()
        for kind in RECORD_KINDS:
            g.add_nodes_from(((kind, r.id), {"record": r}) for r in getattr(data, kind))
        for ref in REFERENCES:
            g.add_edges_from(((ref.kind, r.id), (ref.target, i), {"rel": ref.name})
                             for r in getattr(data, ref.kind) for i in ref.ids(r))
        for lk in LINKS:
            a, b = lk.fields
            g.add_edges_from(((lk.ends, getattr(r, a)), (lk.ends, getattr(r, b)), {"rel": lk.name, "record": r})
                             for r in getattr(data, lk.kind))
        self.graph = g
        # Firm links keep their dataset order (two links may share supplier, customer and product).
        self._firm_link_order = {id(link): i for i, link in enumerate(data.firm_links)}

    # -- graph helpers -------------------------------------------------
    def _get(self, kind: str, ident: str):
        node = (kind, ident)
        if node not in self.graph:
            raise NotFound(f"{_SINGULAR[kind]} {ident!r}")
        return self.graph.nodes[node]["record"]

    def _neighbours(self, node, rel: str, outgoing: bool):
        edges = self.graph.out_edges(node, data=True) if outgoing else self.graph.in_edges(node, data=True)
        for u, v, d in edges:
            if d["rel"] == rel:
                yield (v if outgoing else u), d

    def _records(self, nodes) -> tuple:
        return _by_id({self.graph.nodes[n]["record"] for n in nodes})

    def _near(self, node, rel: str, outgoing: bool) -> tuple:
        return self._records(n for n, _ in self._neighbours(node, rel, outgoing))

    def _chain_segments(self, chain_id: str) -> tuple[Segment, ...]:
        return self._near(("chains", chain_id), "IN_CHAIN", outgoing=False)

    def _ordered_firm_links(self, links) -> tuple[FirmLink, ...]:
        return tuple(sorted(set(links), key=lambda link: self._firm_link_order[id(link)]))

    # -- the dataset as a whole ------------------------------------------
    def info(self) -> StoreInfo:
        d = self._data
        return StoreInfo("embedded", self._location, d.title, d.as_of, d.synthetic, tuple(d.counts().items()), d.meta)

    def chains(self) -> tuple[ChainSummary, ...]:
        out = []
        for chain in self._data.chains:
            segments = self._chain_segments(chain.id)
            local: set[str] = set()
            empty = 0
            for seg in segments:
                here = {n[1] for n, _ in self._neighbours(("segments", seg.id), "IN_SEGMENT", outgoing=False)
                        if self.graph.nodes[n]["record"].counts_as_local()}
                local |= here
                empty += not here
            out.append(ChainSummary(chain, len(segments), len(local), empty))
        return tuple(out)

    def parks(self) -> tuple[Park, ...]:
        return self._data.parks

    def tags(self) -> tuple[str, ...]:
        return tuple(sorted({t for f in self._data.firms for t in f.tags}))

    # -- one chain, segment, firm, park ----------------------------------
    def chain_view(self, chain_id: str) -> ChainView:
        chain: Chain = self._get("chains", chain_id)
        segments = self._chain_segments(chain_id)
        seg_ids = {s.id for s in segments}
        links = tuple(sorted((link for link in self.segment_links_of(seg_ids)
                              if link.source in seg_ids and link.target in seg_ids), key=_link_key))
        firms = self.firms_on(seg_ids)
        firm_ids = {f.id for f in firms}
        firm_links = self.firm_links_of(firm_ids)
        linked = {("firms", x) for link in firm_links for x in (link.supplier, link.customer) if x not in firm_ids}
        park_nodes = {n for fid in firm_ids for n, _ in self._neighbours(("firms", fid), "IN_PARK", outgoing=True)}
        park_nodes.update(n for n, _ in self._neighbours(("chains", chain_id), "FOCUSES_ON", outgoing=False))
        projects = self._near(("chains", chain_id), "FOR_CHAIN", outgoing=False)
        return ChainView(chain, segments, links, firms, firm_links, self._records(linked), self._records(park_nodes),
                         projects)

    def segment_detail(self, segment_id: str) -> SegmentDetail:
        seg: Segment = self._get("segments", segment_id)
        node = ("segments", segment_id)
        return SegmentDetail(seg, self._get("chains", seg.chain), self._near(node, "SUPPLIES", outgoing=False),
                             self._near(node, "SUPPLIES", outgoing=True), self.firms_on([segment_id]),
                             self._near(node, "ON_SEGMENT", outgoing=False), self.sources(seg.sources))

    def firm_detail(self, firm_id: str) -> FirmDetail:
        firm: Firm = self._get("firms", firm_id)
        node = ("firms", firm_id)
        segments = self._near(node, "IN_SEGMENT", outgoing=True)
        chains = _by_id({self._get("chains", s.chain) for s in segments})

        def pairs(outgoing: bool) -> tuple[tuple[Firm, FirmLink], ...]:
            found = [(self.graph.nodes[n]["record"], d["record"]) for n, d in self._neighbours(node, "SUPPLIES_FIRM", outgoing)]
            return tuple(sorted(found, key=lambda p: (p[0].id, p[1].product, self._firm_link_order[id(p[1])])))

        return FirmDetail(firm, segments, chains, self._near(node, "IN_PARK", outgoing=True), pairs(False), pairs(True),
                          self._near(node, "BY_FIRM", outgoing=False), self.sources(firm.sources))

    def park_detail(self, park_id: str) -> ParkDetail:
        park: Park = self._get("parks", park_id)
        node = ("parks", park_id)
        firms = self._near(node, "IN_PARK", outgoing=False)
        segments = self.segments({s for f in firms for s in f.segments})
        chains = _by_id({self._get("chains", c) for c in {*park.focus, *(s.chain for s in segments)}})
        return ParkDetail(park, firms, chains, segments, self._near(node, "AT_PARK", outgoing=False),
                          self.sources(park.sources))

    def sources(self, ids: Iterable[str]) -> tuple[Source, ...]:
        return _by_id({self._get("sources", i) for i in ids})

    # -- steps through the graph -------------------------------------------
    def firms(self, ids: Iterable[str]) -> tuple[Firm, ...]:
        return _by_id({self._get("firms", i) for i in ids})

    def segments(self, ids: Iterable[str]) -> tuple[Segment, ...]:
        return _by_id({self._get("segments", i) for i in ids})

    def firm_links_of(self, firm_ids: Iterable[str]) -> tuple[FirmLink, ...]:
        found = []
        for fid in firm_ids:
            node = ("firms", fid)
            if node in self.graph:
                for outgoing in (True, False):
                    found.extend(d["record"] for _, d in self._neighbours(node, "SUPPLIES_FIRM", outgoing))
        return self._ordered_firm_links(found)

    def segment_links_of(self, segment_ids: Iterable[str]) -> tuple[SegmentLink, ...]:
        found = set()
        for sid in segment_ids:
            node = ("segments", sid)
            if node in self.graph:
                for outgoing in (True, False):
                    found.update(d["record"] for _, d in self._neighbours(node, "SUPPLIES", outgoing))
        return tuple(sorted(found, key=_link_key))

    def firms_on(self, segment_ids: Iterable[str], local: bool | None = None) -> tuple[Firm, ...]:
        nodes = set()
        for sid in segment_ids:
            nodes.update(n for n, _ in self._neighbours(("segments", sid), "IN_SEGMENT", outgoing=False))
        firms = self._records(nodes)
        return firms if local is None else tuple(f for f in firms if f.local == local)

    # -- across chains -------------------------------------------------------
    def cross_chain_firms(self, local_only: bool = False) -> tuple[CrossFirm, ...]:
        chain_of = {s.id: s.chain for s in self._data.segments}
        out = []
        for f in self._data.firms:
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

    def dataset(self) -> Dataset:
        return self._data
