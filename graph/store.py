"""The store contract: the questions the app, the CLI and the analyses ask.

Two backends implement it (``graph.embedded.EmbeddedStore`` on networkx and
``graph.neo4j_store.Neo4jStore`` over Bolt). Every answer is a frozen
dataclass of model records in canonical order (by id), so the contract tests
can assert that both backends answer with equal values.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass

from graph.model import Chain, Dataset, Firm, FirmLink, Park, Project, Segment, SegmentLink, Source
from graph.search import SearchEntry, SearchHit, rank


class NotFound(KeyError):
    """An id the store does not hold."""


@dataclass(frozen=True)
class StoreInfo:
    kind: str  # "embedded" | "neo4j"
    location: str  # data folder or server URI (never a password)
    title: str
    as_of: str
    synthetic: bool
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ChainSummary:
    chain: Chain
    segments: int
    local_firms: int
    empty_segments: int  # segments with no local firm


@dataclass(frozen=True)
class ChainView:
    """Everything needed to draw and analyse one chain."""

    chain: Chain
    segments: tuple[Segment, ...]
    links: tuple[SegmentLink, ...]  # between this chain's segments
    firms: tuple[Firm, ...]  # firms on at least one of this chain's segments (local and outside)
    firm_links: tuple[FirmLink, ...]  # firm links with at least one end in ``firms``
    linked_firms: tuple[Firm, ...]  # the other ends of ``firm_links`` that are not in ``firms``
    parks: tuple[Park, ...]  # parks of the firms, and parks whose focus names the chain
    projects: tuple[Project, ...]  # projects of the chain

    def firms_on(self, segment_id: str, local: bool | None = None) -> tuple[Firm, ...]:
        return tuple(f for f in self.firms if segment_id in f.segments and (local is None or f.local == local))

    @property
    def local_firms(self) -> tuple[Firm, ...]:
        return tuple(f for f in self.firms if f.local)

    @property
    def empty_segments(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if not self.firms_on(s.id, local=True))

    def summary(self) -> ChainSummary:
        return ChainSummary(self.chain, len(self.segments), len(self.local_firms), len(self.empty_segments))


@dataclass(frozen=True)
class SegmentDetail:
    segment: Segment
    chain: Chain
    upstream: tuple[Segment, ...]  # segments that supply this one
    downstream: tuple[Segment, ...]  # segments this one supplies
    firms: tuple[Firm, ...]
    projects: tuple[Project, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class FirmDetail:
    firm: Firm
    segments: tuple[Segment, ...]
    chains: tuple[Chain, ...]
    parks: tuple[Park, ...]
    suppliers: tuple[tuple[Firm, FirmLink], ...]  # firms that supply this one
    customers: tuple[tuple[Firm, FirmLink], ...]  # firms this one supplies
    projects: tuple[Project, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ParkDetail:
    park: Park
    firms: tuple[Firm, ...]
    chains: tuple[Chain, ...]  # focus chains and chains of the park's firms
    projects: tuple[Project, ...]
    sources: tuple[Source, ...]


class Store(abc.ABC):
    """What every backend answers. Unknown ids raise ``NotFound``."""

    @abc.abstractmethod
    def info(self) -> StoreInfo: ...

    @abc.abstractmethod
    def chains(self) -> tuple[ChainSummary, ...]: ...

    @abc.abstractmethod
    def parks(self) -> tuple[Park, ...]: ...

    @abc.abstractmethod
    def chain_view(self, chain_id: str) -> ChainView: ...

    @abc.abstractmethod
    def segment_detail(self, segment_id: str) -> SegmentDetail: ...

    @abc.abstractmethod
    def firm_detail(self, firm_id: str) -> FirmDetail: ...

    @abc.abstractmethod
    def park_detail(self, park_id: str) -> ParkDetail: ...

    @abc.abstractmethod
    def sources(self, ids: tuple[str, ...] | list[str]) -> tuple[Source, ...]: ...

    @abc.abstractmethod
    def search_entries(self) -> tuple[SearchEntry, ...]:
        """Every searchable name (firms, segments, chains, parks); ranking is shared code."""

    @abc.abstractmethod
    def dataset(self) -> Dataset:
        """The whole dataset as the model (for exports and cross-chain analysis)."""

    def search(self, query: str, limit: int = 20) -> tuple[SearchHit, ...]:
        return rank(self.search_entries(), query, limit)

    def close(self) -> None:  # backends holding connections override this
        return None
