"""Across chains: firms whose segments span several chains, and segment links that cross chains.

The store answers the two questions (``cross_chain_firms``, ``cross_chain_links``) with small answers
— in Cypher on Neo4j — and this module adds which segments serve other chains.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import Segment
from graph.store import CrossFirm, CrossLink, Store

__all__ = ["CrossChain", "CrossFirm", "CrossLink", "CrossSegment", "cross_chain"]


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


def cross_chain(store: Store, local_only: bool = False) -> CrossChain:
    """Firms on several chains (``local_only``: local firms only), cross-chain links and the segments they join.

    Parameters: ``store`` — any store; ``local_only`` — leave outside firms out of ``firms``.
    Returns: ``CrossChain`` with every list in id order.

    Example: in the test dataset a firm on ``a1`` (chain c) and ``k1`` (chain k) is a ``CrossFirm``
    with ``chains == ("c", "k")``.
    """
    links = store.cross_chain_links()
    out: dict[str, tuple[set, set]] = {}
    for cl in links:
        out.setdefault(cl.link.source, (set(), set()))[0].add(cl.target_chain)
        out.setdefault(cl.link.target, (set(), set()))[1].add(cl.source_chain)
    segs = {s.id: s for s in store.segments(out)}
    segments = tuple(CrossSegment(segs[sid], tuple(sorted(a)), tuple(sorted(b))) for sid, (a, b) in sorted(out.items()))
    return CrossChain(store.cross_chain_firms(local_only), links, segments)
