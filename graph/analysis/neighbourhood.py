"""A firm's upstream and downstream neighbourhood, N supply steps each way.

A step follows one supply relation backwards (upstream) or forwards (downstream): a firm link
(supplier → customer) between firms, or a segment link between segments. The firm's own segments are
at distance 0. Beside every reached segment its first ``beside`` local firms (with a working unit in the
district, in picture order) are shown at the segment's distance but not walked further, and how many more it
has is counted (``more``), so the picture stays small: a province's segment holds hundreds of local firms.

The walk asks the store one step at a time (``firm_links_of``, ``segment_links_of``, one page of
``segment_firms`` per reached segment), so it reads only the neighbourhood, from either backend.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import Firm, Segment
from graph.store import Store

Node = tuple[str, str]  # ("firm" | "segment", id)
BESIDE = 12  # local firms shown beside each reached segment, as the segment panel names them


@dataclass(frozen=True)
class HoodNode:
    kind: str  # "firm" | "segment"
    record: Firm | Segment
    distance: int  # < 0 upstream, 0 the firm and its segments, > 0 downstream


@dataclass(frozen=True)
class HoodEdge:
    source: Node
    target: Node
    rel: str  # SUPPLIES_FIRM | SUPPLIES | IN_SEGMENT
    label: str = ""


@dataclass(frozen=True)
class Neighbourhood:
    centre: Firm
    hops: int
    nodes: tuple[HoodNode, ...]  # by (distance, kind, id)
    edges: tuple[HoodEdge, ...]
    more: tuple[tuple[str, int], ...] = ()  # (segment id, local firms on it not shown), by segment id

    def more_on(self, segment_id: str) -> int:
        return dict(self.more).get(segment_id, 0)

    def ids(self, kind: str, distance: int | None = None) -> tuple[str, ...]:
        return tuple(n.record.id for n in self.nodes if n.kind == kind and (distance is None or n.distance == distance))


def _steps(store: Store, frontier: list[Node], sign: int) -> list[Node]:
    """The nodes one supply step from ``frontier`` (upstream for ``sign`` -1, downstream for +1), in order."""
    firms = [i for kind, i in frontier if kind == "firm"]
    segments = [i for kind, i in frontier if kind == "segment"]
    firm_links, segment_links = store.firm_links_of(firms), store.segment_links_of(segments)
    found: list[Node] = []
    for fid in firms:
        found += [("firm", l.supplier) for l in firm_links if l.customer == fid] if sign < 0 else \
                 [("firm", l.customer) for l in firm_links if l.supplier == fid]
    for sid in segments:
        found += [("segment", l.source) for l in segment_links if l.target == sid] if sign < 0 else \
                 [("segment", l.target) for l in segment_links if l.source == sid]
    return list(dict.fromkeys(found))


def neighbourhood(store: Store, firm_id: str, hops: int = 1, beside: int = BESIDE) -> Neighbourhood:
    """Firms and segments within ``hops`` supply steps of ``firm_id``, upstream and downstream.

    Parameters: ``store`` — any store; ``firm_id``; ``hops`` ≥ 0; ``beside`` — how many local firms to show
    beside each reached segment (0: none). Returns: ``Neighbourhood``. Raises ``NotFound`` (a ``KeyError``)
    for an unknown firm.
    """
    (centre,) = store.firms([firm_id])
    dist: dict[Node, int] = {("firm", firm_id): 0}
    dist.update((("segment", s), 0) for s in dict.fromkeys(centre.segments))
    for sign in (-1, 1):
        frontier = [n for n, d in dist.items() if d == 0]
        for k in range(1, hops + 1):
            frontier = [n for n in _steps(store, frontier, sign) if n not in dist]
            dist.update((n, sign * k) for n in frontier)
    more: list[tuple[str, int]] = []
    if beside > 0:
        reached = {i: d for (kind, i), d in dist.items() if kind == "segment" and d != 0}
        shown: dict[str, Firm] = {}
        for sid in sorted(reached):
            total, page = store.segment_firms(sid, 0, beside, local=True)
            shown.update((f.id, f) for f in page)
            if total > len(page):
                more.append((sid, total - len(page)))
        for fid in sorted(shown):
            if ("firm", fid) not in dist:
                dist[("firm", fid)] = min((reached[s] for s in shown[fid].segments if s in reached), key=abs)
    firm_ids = [i for kind, i in dist if kind == "firm"]
    segment_ids = [i for kind, i in dist if kind == "segment"]
    records: dict[Node, Firm | Segment] = {("firm", f.id): f for f in store.firms(firm_ids)}
    records.update((("segment", s.id), s) for s in store.segments(segment_ids))
    nodes = tuple(sorted((HoodNode(k, records[(k, i)], d) for (k, i), d in dist.items()),
                         key=lambda n: (n.distance, n.kind, n.record.id)))
    edges = [HoodEdge(("firm", l.supplier), ("firm", l.customer), "SUPPLIES_FIRM", l.product)
             for l in store.firm_links_of(firm_ids) if ("firm", l.supplier) in dist and ("firm", l.customer) in dist]
    edges += [HoodEdge(("segment", l.source), ("segment", l.target), "SUPPLIES")
              for l in store.segment_links_of(segment_ids)
              if ("segment", l.source) in dist and ("segment", l.target) in dist]
    edges += [HoodEdge(("firm", n.record.id), ("segment", s), "IN_SEGMENT")
              for n in nodes if n.kind == "firm" for s in n.record.segments if ("segment", s) in dist]
    return Neighbourhood(centre, hops, nodes, tuple(edges), tuple(more))
