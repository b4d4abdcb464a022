"""The store contract: the questions the app, the CLI, the analyses and the exports ask.

Two backends implement it (``graph.embedded.EmbeddedStore`` in memory and ``graph.neo4j.Neo4jStore``
over Bolt). Every answer is a frozen dataclass or a tuple of model records in canonical order (by id),
so the contract suite (``tests/test_contract.py``) asserts that both answer with equal values — and
with the known answers of its own datasets.

A page asks only for what it draws: the questions here are small on purpose. ``dataset()`` is for
whole-dataset exports (writing the data back to files) and nothing else.
"""

from __future__ import annotations

import abc
from typing import Iterable

from graph.model import Dataset, Firm, FirmLink, Park, Segment, SegmentLink, Source
from graph.search import SearchEntry, SearchHit, rank
from graph.store.answers import (
    CandidateFacts,
    ChainOverview,
    ChainSummary,
    ChainView,
    CrossFirm,
    CrossLink,
    FirmDetail,
    ParkDetail,
    SegmentDetail,
    OVERVIEW_FIRMS,
    LocalRule,
    StoreInfo,
    candidate_facts_of,
    overview_of,
    picture_order,
    sole_suppliers_of,
)


class NotFound(KeyError):
    """An id the store does not hold."""


class StoreUnavailable(RuntimeError):
    """The store cannot answer: server down, wrong credentials, or no dataset loaded.

    The message says what to do and never holds a password.
    """


class NoDataset(StoreUnavailable):
    """The database holds no chainmap dataset yet."""


class Store(abc.ABC):
    """What every backend answers. Unknown ids raise ``NotFound``; a backend that cannot answer at all
    raises ``StoreUnavailable``."""

    # -- the dataset as a whole ----------------------------------------------
    @abc.abstractmethod
    def info(self) -> StoreInfo:
        """Kind, location, title, as-of date, synthetic flag, record counts and the meta pairs."""

    @abc.abstractmethod
    def chains(self) -> tuple[ChainSummary, ...]: ...

    @abc.abstractmethod
    def parks(self) -> tuple[Park, ...]: ...

    @abc.abstractmethod
    def tags(self) -> tuple[str, ...]:
        """Every tag any firm carries, sorted, each once."""

    # -- one chain, segment, firm, park ----------------------------------------
    @abc.abstractmethod
    def chain_view(self, chain_id: str, firm_links: bool = True) -> ChainView:
        """The chain: its segments, links, firms, parks, projects and — unless ``firm_links`` is False — every
        firm link of its firms with the firms at their other ends (at 1M firms a chain's firm links are ~225k
        and their other ends ~200k firms: a gap page asks without them, see ``candidate_facts``)."""

    # -- aggregates for the gap analyses of a big chain (graph.analysis.gaps.analyse_chain_in) ------------
    def candidate_facts(self, chain_id: str, rule: LocalRule = LocalRule()) -> tuple[CandidateFacts, ...]:
        """For each firm of the chain that does not count as local under ``rule`` and has firm links with firms
        that do: how many of those links are stated / unconfirmed, and the parks of those firms. By firm id."""
        return candidate_facts_of(self.chain_view(chain_id), rule)

    def sole_suppliers(self, chain_id: str, rule: LocalRule = LocalRule()) -> tuple[tuple[str, str], ...]:
        """(supplier, customer) for each firm of the chain counting as local whose only supplier counting as
        local is ``supplier``; by (supplier, customer)."""
        return sole_suppliers_of(self.chain_view(chain_id), rule)

    def chain_overview(self, chain_id: str, per_segment: int = OVERVIEW_FIRMS) -> ChainOverview:
        """What the chain's picture draws: per segment its counts and first ``per_segment`` firms in picture
        order (``answers.picture_order``). A backend may answer it without reading every firm."""
        return overview_of(self.chain_view(chain_id), per_segment)

    def segment_firms(self, segment_id: str, offset: int = 0, limit: int = 50, query: str = "",
                      local: bool | None = None) -> tuple[int, tuple[Firm, ...]]:
        """One page of a segment's firms in picture order, and how many match. ``query``: names containing it;
        ``local``: only firms with (True) or without (False) a working unit in the district (``counts_as_local``)."""
        detail = self.segment_detail(segment_id)
        leaders = detail.chain.leaders
        q = query.strip().lower()
        firms = [f for f in detail.firms if (not q or q in f.name.lower() or q in f.name_en.lower())
                 and local in (None, f.counts_as_local())]
        firms.sort(key=lambda f: picture_order(f, leaders))
        return len(firms), tuple(firms[offset:offset + limit])

    @abc.abstractmethod
    def segment_detail(self, segment_id: str) -> SegmentDetail: ...

    @abc.abstractmethod
    def firm_detail(self, firm_id: str) -> FirmDetail: ...

    @abc.abstractmethod
    def park_detail(self, park_id: str) -> ParkDetail: ...

    @abc.abstractmethod
    def sources(self, ids: Iterable[str]) -> tuple[Source, ...]: ...

    # -- steps through the graph (a neighbourhood is a walk of these) ------------
    @abc.abstractmethod
    def firms(self, ids: Iterable[str]) -> tuple[Firm, ...]:
        """The firms with these ids, by id; an unknown id raises ``NotFound``."""

    @abc.abstractmethod
    def segments(self, ids: Iterable[str]) -> tuple[Segment, ...]:
        """The segments with these ids, by id; an unknown id raises ``NotFound``."""

    @abc.abstractmethod
    def firm_links_of(self, firm_ids: Iterable[str]) -> tuple[FirmLink, ...]:
        """Firm links with at least one end among ``firm_ids``, in dataset order."""

    @abc.abstractmethod
    def segment_links_of(self, segment_ids: Iterable[str]) -> tuple[SegmentLink, ...]:
        """Segment links with at least one end among ``segment_ids`` (any chain), by (source, target)."""

    @abc.abstractmethod
    def firms_on(self, segment_ids: Iterable[str], local: bool | None = None) -> tuple[Firm, ...]:
        """Firms on any of these segments (``local``: only local / only outside ones), by id."""

    # -- across chains -----------------------------------------------------------
    @abc.abstractmethod
    def cross_chain_firms(self, local_only: bool = False) -> tuple[CrossFirm, ...]:
        """Firms whose segments lie on two or more chains, by firm id."""

    @abc.abstractmethod
    def cross_chain_links(self) -> tuple[CrossLink, ...]:
        """Segment links whose ends belong to different chains, by (source, target)."""

    # -- names -------------------------------------------------------------------
    @abc.abstractmethod
    def search_entries(self) -> tuple[SearchEntry, ...]:
        """Every searchable name (firms, segments, chains, parks); ranking is shared code."""

    def search(self, query: str, limit: int = 20) -> tuple[SearchHit, ...]:
        return rank(self.search_entries(), query, limit)

    # -- whole-dataset exports only -------------------------------------------
    @abc.abstractmethod
    def dataset(self) -> Dataset:
        """The whole dataset as the model: for writing it back to files, never for a page."""

    def close(self) -> None:  # backends holding connections override this
        return None
