"""The embedded store: the whole dataset in one networkx graph, no server needed.

Nodes are ``(kind, id)`` with the model record in the ``record`` attribute;
edges carry a ``rel`` name, the same relationship types the Neo4j store uses:
``IN_CHAIN`` (segment→chain), ``SUPPLIES`` (segment→segment), ``IN_SEGMENT``
(firm→segment), ``IN_PARK`` (firm→park), ``SUPPLIES_FIRM`` (firm→firm),
``FOCUSES_ON`` (park→chain).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.model import Chain, Dataset, Firm, FirmLink, Park, Project, Segment, Source
from graph.search import SearchEntry
from graph.store import (
    ChainSummary,
    ChainView,
    FirmDetail,
    NotFound,
    ParkDetail,
    SegmentDetail,
    Store,
    StoreInfo,
)


def _by_id(records):
    return tuple(sorted(records, key=lambda r: r.id))


class EmbeddedStore(Store):
    def __init__(self, data: Dataset, location: str = "(in memory)"):
        self._data = data
        self._location = location
        g = nx.MultiDiGraph()
        for kind, rows in (("chain", data.chains), ("segment", data.segments), ("park", data.parks),
                           ("firm", data.firms), ("project", data.projects), ("source", data.sources)):
            for r in rows:
                g.add_node((kind, r.id), record=r)
        for s in data.segments:
            g.add_edge(("segment", s.id), ("chain", s.chain), rel="IN_CHAIN")
        for link in data.segment_links:
            g.add_edge(("segment", link.source), ("segment", link.target), rel="SUPPLIES", record=link)
        for f in data.firms:
            for sid in f.segments:
                g.add_edge(("firm", f.id), ("segment", sid), rel="IN_SEGMENT")
            for pid in f.parks:
                g.add_edge(("firm", f.id), ("park", pid), rel="IN_PARK")
        for link in data.firm_links:
            g.add_edge(("firm", link.supplier), ("firm", link.customer), rel="SUPPLIES_FIRM", record=link)
        for p in data.parks:
            for cid in p.focus:
                g.add_edge(("park", p.id), ("chain", cid), rel="FOCUSES_ON")
        self.graph = g

    @classmethod
    def from_path(cls, path: str | Path) -> "EmbeddedStore":
        from loaders import load_or_raise

        return cls(load_or_raise(path), location=str(path))

    # -- graph helpers -------------------------------------------------
    def _get(self, kind: str, ident: str):
        node = (kind, ident)
        if node not in self.graph:
            raise NotFound(f"{kind} {ident!r}")
        return self.graph.nodes[node]["record"]

    def _neighbours(self, node, rel: str, outgoing: bool, kind: str | None = None):
        edges = self.graph.out_edges(node, data=True) if outgoing else self.graph.in_edges(node, data=True)
        for u, v, d in edges:
            if d["rel"] == rel:
                other = v if outgoing else u
                if kind is None or other[0] == kind:
                    yield other, d

    def _records(self, nodes) -> tuple:
        return _by_id({self.graph.nodes[n]["record"] for n in nodes})

    def _chain_segments(self, chain_id: str) -> tuple[Segment, ...]:
        return self._records(n for n, _ in self._neighbours(("chain", chain_id), "IN_CHAIN", outgoing=False))

    def _firms_on(self, segment_ids) -> tuple[Firm, ...]:
        nodes = set()
        for sid in segment_ids:
            nodes.update(n for n, _ in self._neighbours(("segment", sid), "IN_SEGMENT", outgoing=False))
        return self._records(nodes)

    def _projects(self, pred) -> tuple[Project, ...]:
        return _by_id(p for p in self._data.projects if pred(p))

    # -- the contract ----------------------------------------------------
    def info(self) -> StoreInfo:
        d = self._data
        return StoreInfo("embedded", self._location, d.title, d.as_of, d.synthetic, tuple(d.counts().items()))

    def chains(self) -> tuple[ChainSummary, ...]:
        return tuple(self.chain_view(c.id).summary() for c in self._data.chains)

    def parks(self) -> tuple[Park, ...]:
        return self._data.parks

    def chain_view(self, chain_id: str) -> ChainView:
        chain: Chain = self._get("chain", chain_id)
        segments = self._chain_segments(chain_id)
        seg_ids = {s.id for s in segments}
        links = tuple(sorted(
            (d["record"] for s in seg_ids for _, d in self._neighbours(("segment", s), "SUPPLIES", outgoing=True)
             if d["record"].target in seg_ids),
            key=lambda l: (l.source, l.target),
        ))
        firms = self._firms_on(seg_ids)
        firm_ids = {f.id for f in firms}
        firm_links = set()
        for fid in firm_ids:
            for outgoing in (True, False):
                firm_links.update(d["record"] for _, d in self._neighbours(("firm", fid), "SUPPLIES_FIRM", outgoing))
        firm_links = tuple(sorted(firm_links, key=lambda l: (l.supplier, l.customer, l.product)))
        linked = {("firm", x) for l in firm_links for x in (l.supplier, l.customer) if x not in firm_ids}
        park_nodes = {n for fid in firm_ids for n, _ in self._neighbours(("firm", fid), "IN_PARK", outgoing=True)}
        park_nodes.update(n for n, _ in self._neighbours(("chain", chain_id), "FOCUSES_ON", outgoing=False))
        projects = self._projects(lambda p: chain_id in p.chains)
        return ChainView(chain, segments, links, firms, firm_links, self._records(linked),
                         self._records(park_nodes), projects)

    def segment_detail(self, segment_id: str) -> SegmentDetail:
        seg: Segment = self._get("segment", segment_id)
        node = ("segment", segment_id)
        up = self._records(n for n, _ in self._neighbours(node, "SUPPLIES", outgoing=False))
        down = self._records(n for n, _ in self._neighbours(node, "SUPPLIES", outgoing=True))
        return SegmentDetail(seg, self._get("chain", seg.chain), up, down, self._firms_on([segment_id]),
                             self._projects(lambda p: p.segment == segment_id), self.sources(seg.sources))

    def firm_detail(self, firm_id: str) -> FirmDetail:
        firm: Firm = self._get("firm", firm_id)
        node = ("firm", firm_id)
        segments = self._records(n for n, _ in self._neighbours(node, "IN_SEGMENT", outgoing=True))
        chains = _by_id({self._get("chain", s.chain) for s in segments})
        parks = self._records(n for n, _ in self._neighbours(node, "IN_PARK", outgoing=True))

        def pairs(outgoing: bool) -> tuple[tuple[Firm, FirmLink], ...]:
            found = [(self.graph.nodes[n]["record"], d["record"])
                     for n, d in self._neighbours(node, "SUPPLIES_FIRM", outgoing)]
            return tuple(sorted(found, key=lambda p: (p[0].id, p[1].product)))

        return FirmDetail(firm, segments, chains, parks, pairs(False), pairs(True),
                          self._projects(lambda p: p.firm == firm_id), self.sources(firm.sources))

    def park_detail(self, park_id: str) -> ParkDetail:
        park: Park = self._get("park", park_id)
        node = ("park", park_id)
        firms = self._records(n for n, _ in self._neighbours(node, "IN_PARK", outgoing=False))
        chain_ids = set(park.focus)
        for f in firms:
            chain_ids.update(self._get("segment", s).chain for s in f.segments)
        chains = _by_id(self._get("chain", c) for c in chain_ids)
        return ParkDetail(park, firms, chains, self._projects(lambda p: p.park == park_id),
                          self.sources(park.sources))

    def sources(self, ids) -> tuple[Source, ...]:
        return _by_id({self._get("source", i) for i in ids})

    def search_entries(self) -> tuple[SearchEntry, ...]:
        d = self._data
        entries = [SearchEntry(kind, r.id, r.name, r.name_en)
                   for kind, rows in (("chain", d.chains), ("segment", d.segments), ("park", d.parks),
                                      ("firm", d.firms))
                   for r in rows]
        return tuple(sorted(entries, key=lambda e: (e.kind, e.id)))

    def dataset(self) -> Dataset:
        return self._data
