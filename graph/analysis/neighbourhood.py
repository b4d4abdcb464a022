"""A firm's upstream and downstream neighbourhood, N supply steps each way.

A step follows one supply relation backwards (upstream) or forwards (downstream): a firm link
(supplier → customer) between firms, or a segment link between segments. The firm's own segments are
at distance 0. With ``segment_firms`` the local firms on every reached segment are shown beside it
(at the segment's distance) but not walked further, so the picture stays small.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import Dataset, Firm, Segment


@dataclass(frozen=True)
class HoodNode:
    kind: str  # "firm" | "segment"
    record: Firm | Segment
    distance: int  # < 0 upstream, 0 the firm and its segments, > 0 downstream


@dataclass(frozen=True)
class HoodEdge:
    source: tuple[str, str]  # (kind, id)
    target: tuple[str, str]
    rel: str  # SUPPLIES_FIRM | SUPPLIES | IN_SEGMENT
    label: str = ""


@dataclass(frozen=True)
class Neighbourhood:
    centre: Firm
    hops: int
    nodes: tuple[HoodNode, ...]  # by (distance, kind, id)
    edges: tuple[HoodEdge, ...]

    def ids(self, kind: str, distance: int | None = None) -> tuple[str, ...]:
        return tuple(n.record.id for n in self.nodes if n.kind == kind and (distance is None or n.distance == distance))


def neighbourhood(data: Dataset, firm_id: str, hops: int = 1, segment_firms: bool = True) -> Neighbourhood:
    """Firms and segments within ``hops`` supply steps of ``firm_id``, upstream and downstream.

    Parameters: ``data`` — the whole dataset; ``firm_id``; ``hops`` ≥ 0; ``segment_firms`` — add local
    firms on reached segments. Returns: ``Neighbourhood``. Raises ``KeyError`` for an unknown firm.
    """
    firms = {f.id: f for f in data.firms}
    segments = {s.id: s for s in data.segments}
    centre = firms[firm_id]
    step = {
        -1: {"firm": lambda i: [l.supplier for l in data.firm_links if l.customer == i],
             "segment": lambda i: [l.source for l in data.segment_links if l.target == i]},
        1: {"firm": lambda i: [l.customer for l in data.firm_links if l.supplier == i],
            "segment": lambda i: [l.target for l in data.segment_links if l.source == i]},
    }
    dist: dict[tuple[str, str], int] = {("firm", firm_id): 0}
    dist.update((("segment", s), 0) for s in centre.segments if s in segments)
    for sign in (-1, 1):
        frontier = [n for n, d in dist.items() if d == 0]
        for k in range(1, hops + 1):
            found = [(kind, j) for kind, i in frontier for j in step[sign][kind](i)]
            frontier = [n for n in dict.fromkeys(found) if n not in dist]
            dist.update((n, sign * k) for n in frontier)
    if segment_firms:
        for f in data.firms:
            if f.local and ("firm", f.id) not in dist:
                reached = [dist[("segment", s)] for s in f.segments if dist.get(("segment", s), 0) != 0]
                if reached:
                    dist[("firm", f.id)] = min(reached, key=abs)
    record = lambda n: firms[n[1]] if n[0] == "firm" else segments[n[1]]  # noqa: E731
    nodes = tuple(sorted((HoodNode(k, record((k, i)), d) for (k, i), d in dist.items()),
                         key=lambda n: (n.distance, n.kind, n.record.id)))
    edges = [HoodEdge(("firm", l.supplier), ("firm", l.customer), "SUPPLIES_FIRM", l.product)
             for l in data.firm_links if ("firm", l.supplier) in dist and ("firm", l.customer) in dist]
    edges += [HoodEdge(("segment", l.source), ("segment", l.target), "SUPPLIES")
              for l in data.segment_links if ("segment", l.source) in dist and ("segment", l.target) in dist]
    edges += [HoodEdge(("firm", n.record.id), ("segment", s), "IN_SEGMENT")
              for n in nodes if n.kind == "firm" for s in n.record.segments if ("segment", s) in dist]
    return Neighbourhood(centre, hops, nodes, tuple(edges))
