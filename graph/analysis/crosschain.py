"""Across chains: firms whose segments span several chains, and segment links that cross chains.

Works on the whole ``Dataset`` (``store.dataset()``): a chain view only sees its own segments.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import Dataset, Firm, Segment, SegmentLink


@dataclass(frozen=True)
class CrossFirm:
    firm: Firm
    chains: tuple[str, ...]  # chain ids, sorted; always two or more
    segments: tuple[str, ...]


@dataclass(frozen=True)
class CrossLink:
    link: SegmentLink
    source_chain: str
    target_chain: str


@dataclass(frozen=True)
class CrossSegment:
    """A segment that serves chains besides its own, through cross-chain segment links."""

    segment: Segment
    supplies_chains: tuple[str, ...]  # other chains whose segments it supplies
    supplied_by_chains: tuple[str, ...]  # other chains whose segments supply it

    @property
    def chains(self) -> tuple[str, ...]:
        return tuple(sorted({self.segment.chain, *self.supplies_chains, *self.supplied_by_chains}))


@dataclass(frozen=True)
class CrossChain:
    firms: tuple[CrossFirm, ...]
    links: tuple[CrossLink, ...]
    segments: tuple[CrossSegment, ...]


def cross_chain(data: Dataset, local_only: bool = False) -> CrossChain:
    """Firms on several chains (``local_only``: local firms only), cross-chain links and the segments they join.

    Parameters: ``data`` — the whole dataset; ``local_only`` — leave outside firms out of ``firms``.
    Returns: ``CrossChain`` with every list in id order.

    Example: in the test dataset a firm on ``a1`` (chain c) and ``k1`` (chain k) is a ``CrossFirm``
    with ``chains == ("c", "k")``.
    """
    chain_of = {s.id: s.chain for s in data.segments}
    firms = []
    for f in data.firms:
        chains = tuple(sorted({chain_of[s] for s in f.segments if s in chain_of}))
        if len(chains) > 1 and (f.local or not local_only):
            firms.append(CrossFirm(f, chains, tuple(sorted(f.segments))))
    links = tuple(CrossLink(l, chain_of[l.source], chain_of[l.target]) for l in data.segment_links
                  if l.source in chain_of and l.target in chain_of and chain_of[l.source] != chain_of[l.target])
    out: dict[str, tuple[set, set]] = {}
    for cl in links:
        out.setdefault(cl.link.source, (set(), set()))[0].add(cl.target_chain)
        out.setdefault(cl.link.target, (set(), set()))[1].add(cl.source_chain)
    segs = {s.id: s for s in data.segments}
    segments = tuple(CrossSegment(segs[sid], tuple(sorted(a)), tuple(sorted(b))) for sid, (a, b) in sorted(out.items()))
    return CrossChain(tuple(firms), links, segments)
