"""The answers a store gives: frozen dataclasses of model records in canonical order (by id).

Two backends answer with equal values (the contract suite asserts ``==``), so an answer never holds
anything backend-specific.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from graph.model import QUALITY_TAGS, WORKING_UNITS, Chain, Firm, FirmLink, Park, Project, Segment, SegmentLink, Source


@dataclass(frozen=True)
class StoreInfo:
    kind: str  # "embedded" | "neo4j"
    location: str  # data folder or server URI (never a password)
    title: str
    as_of: str
    synthetic: bool
    counts: tuple[tuple[str, int], ...]
    meta: tuple[tuple[str, str], ...] = ()  # the dataset's meta pairs (district, name, as_of, ...)

    def meta_value(self, key: str, default: str = "") -> str:
        return dict(self.meta).get(key, default)


@dataclass(frozen=True)
class ChainSummary:
    chain: Chain
    segments: int
    local_firms: int  # firms with a working unit in the district (``Firm.counts_as_local``)
    empty_segments: int  # segments with no such firm


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

    # Lookups built once per view (not fields: two views with equal fields stay equal).
    @cached_property
    def _on_segment(self) -> dict[str, tuple[Firm, ...]]:
        out: dict[str, list[Firm]] = {s.id: [] for s in self.segments}
        for f in self.firms:
            for sid in dict.fromkeys(f.segments):
                if sid in out:
                    out[sid].append(f)
        return {sid: tuple(firms) for sid, firms in out.items()}

    @cached_property
    def firm_by_id(self) -> dict[str, Firm]:
        """Every firm of the view, the linked ones included, by id."""
        return {f.id: f for f in (*self.firms, *self.linked_firms)}

    @cached_property
    def chain_firm_ids(self) -> frozenset[str]:
        """The ids of ``firms`` (the chain's own firms, not the linked ones)."""
        return frozenset(f.id for f in self.firms)

    @cached_property
    def segment_by_id(self) -> dict[str, Segment]:
        return {s.id: s for s in self.segments}

    @cached_property
    def source_ids(self) -> tuple[str, ...]:
        """Every source id the chain rests on: chain, segments, links, firms, firm links, projects (each once)."""
        ids: dict[str, None] = dict.fromkeys(self.chain.sources)
        for group in (self.segments, self.links, self.firms, self.firm_links, self.projects):
            for record in group:
                ids.update(dict.fromkeys(record.sources))
        return tuple(ids)

    def firms_on(self, segment_id: str, local: bool | None = None) -> tuple[Firm, ...]:
        firms = self._on_segment.get(segment_id, ())
        return firms if local is None else tuple(f for f in firms if f.local == local)

    @property
    def local_firms(self) -> tuple[Firm, ...]:
        """Firms with a working unit in the district (local, and registered / branch / R&D)."""
        return tuple(f for f in self.firms if f.counts_as_local())

    @property
    def empty_segments(self) -> tuple[Segment, ...]:
        """Segments with no firm that has a working unit in the district."""
        return tuple(s for s in self.segments if not any(f.counts_as_local() for f in self.firms_on(s.id)))

    def summary(self) -> ChainSummary:
        return ChainSummary(self.chain, len(self.segments), len(self.local_firms), len(self.empty_segments))


OVERVIEW_FIRMS = 60  # first firms per segment an overview holds by default: what a chain picture may draw
UNCONFIRMED_BASES = ("reported", "inferred")  # a firm link's ``basis`` that earns part of a stated link's credit


def link_basis(link: FirmLink) -> str:
    """A firm link's ``basis`` (an extra column): stated, reported or inferred; "stated" when not given."""
    return dict(link.extra).get("basis", "stated") or "stated"


@dataclass(frozen=True)
class LocalRule:
    """Which firms a gap analysis counts as local: local, with a presence among ``presences`` (or none
    recorded), and, unless ``uncertain``, not resting on weak or inferred evidence."""

    presences: tuple[str, ...] = WORKING_UNITS
    uncertain: bool = True

    def counts(self, firm: Firm) -> bool:
        return firm.counts_as_local(self.presences) and (self.uncertain or not firm.uncertain)


@dataclass(frozen=True)
class CandidateFacts:
    """What ranking a candidate needs, counted over its firm links with firms that count as local (a store
    answers this in one aggregate, without sending the links): a firm of the chain that does not count as
    local, and has at least one such link."""

    firm: str
    stated: int  # links whose basis is stated (or not given)
    unconfirmed: int  # links whose basis is reported or inferred
    parks: tuple[str, ...]  # the parks of the linked local firms, sorted, each once


def candidate_facts_of(view: ChainView, rule: LocalRule) -> tuple[CandidateFacts, ...]:
    """The candidates' facts from a full view (what a store answers when it has the view at hand)."""
    every = view.firm_by_id
    found: dict[str, list] = {}
    for link in view.firm_links:
        for mine, other in ((link.supplier, link.customer), (link.customer, link.supplier)):
            if mine == other or mine not in every or other not in every:
                continue
            firm, partner = every[mine], every[other]
            if firm.id in view.chain_firm_ids and not rule.counts(firm) and rule.counts(partner):
                facts = found.setdefault(firm.id, [0, 0, set()])
                facts[1 if link_basis(link) in UNCONFIRMED_BASES else 0] += 1
                facts[2].update(partner.parks)
    return tuple(CandidateFacts(i, a, b, tuple(sorted(parks))) for i, (a, b, parks) in sorted(found.items()))


def sole_suppliers_of(view: ChainView, rule: LocalRule) -> tuple[tuple[str, str], ...]:
    """(supplier, customer) for every firm of the chain that counts as local and has exactly one supplier that
    does (itself not included), by (supplier, customer)."""
    every = view.firm_by_id
    suppliers: dict[str, set[str]] = {}
    for link in view.firm_links:
        s, c = every.get(link.supplier), every.get(link.customer)
        if s and c and s.id != c.id and c.id in view.chain_firm_ids and rule.counts(s) and rule.counts(c):
            suppliers.setdefault(c.id, set()).add(s.id)
    return tuple(sorted((next(iter(sup)), c) for c, sup in suppliers.items() if len(sup) == 1))


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
    segments: tuple[Segment, ...]  # the segments of the park's firms (so a page names them, never shows ids)
    projects: tuple[Project, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class CrossFirm:
    """A firm whose segments lie on two or more chains."""

    firm: Firm
    chains: tuple[str, ...]  # chain ids, sorted; always two or more
    segments: tuple[str, ...]  # segment ids, sorted


@dataclass(frozen=True)
class CrossLink:
    """A segment link whose ends belong to different chains."""

    link: SegmentLink
    source_chain: str
    target_chain: str


_QUALITY = frozenset(QUALITY_TAGS)


def picture_order(firm: Firm, leaders: tuple[str, ...] = ()) -> tuple:
    """The order in which a picture shows a segment's firms, as many as fit: the chain's leaders (链主),
    then local firms with a quality tag, other local firms, outside firms with a quality tag, the rest;
    by id within each group."""
    tagged = not _QUALITY.isdisjoint(firm.tags)
    local = firm.counts_as_local()
    return (firm.id not in leaders, not (local and tagged), not local, not tagged, firm.id)


@dataclass(frozen=True)
class SegmentSummary:
    """One segment as a chain's picture needs it: its counts and the first firms in picture order."""

    segment: Segment
    firms: int  # every firm on the segment
    local: int  # firms with a working unit in the district
    first: tuple[Firm, ...]  # the first ``per_segment`` firms in ``picture_order``


@dataclass(frozen=True)
class ChainOverview:
    """A chain as its picture draws it: segments with counts and their first firms, segment links, and the
    firm links among the firms shown (a page asks for this, not for every firm of a big chain)."""

    chain: Chain
    segments: tuple[SegmentSummary, ...]  # by segment id
    links: tuple[SegmentLink, ...]
    firm_links: tuple[FirmLink, ...]  # links whose two ends are both among the first firms
    firms: int  # distinct firms on the chain's segments (a firm on two segments counts once)
    local_firms: int  # distinct firms with a working unit in the district
    empty_segments: int  # segments with no such firm

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The sources of what the picture shows: chain, segments, links, the firms shown."""
        ids: dict[str, None] = dict.fromkeys(self.chain.sources)
        for group in ((s.segment for s in self.segments), self.links, (f for s in self.segments for f in s.first),
                      self.firm_links):
            for record in group:
                ids.update(dict.fromkeys(record.sources))
        return tuple(ids)


def overview_of(view: ChainView, per_segment: int) -> ChainOverview:
    """The overview of a full view (what a store answers when it has the view at hand)."""
    leaders = view.chain.leaders
    segs = tuple(SegmentSummary(s, len(view.firms_on(s.id)), sum(f.counts_as_local() for f in view.firms_on(s.id)),
                                tuple(sorted(view.firms_on(s.id), key=lambda f: picture_order(f, leaders))[:per_segment]))
                 for s in view.segments)
    shown = {f.id for s in segs for f in s.first}
    links = tuple(link for link in view.firm_links if link.supplier in shown and link.customer in shown)
    summary = view.summary()
    return ChainOverview(view.chain, segs, view.links, links, len(view.firms), summary.local_firms, summary.empty_segments)
