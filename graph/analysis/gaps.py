"""Where a chain is thin: segment status, gap position, completeness, single points of failure.

Functions take a ``ChainView`` (any store's) and return frozen dataclasses of facts — codes, counts,
records — so the same answer can be worded in either language where it is shown
(``graph.words.explain`` states every rule and number below in words).

Statuses, checked in this order (the first that applies wins):

- ``missing`` (缺失): no local firm on the segment.
- ``single`` (单点): 1 … ``Rules.single_max`` local firms — the segment empties if they leave.
- ``weak`` (薄弱): local firms, but fewer than ``Rules.min_quality`` of them carry a quality tag
  (``Rules.quality_tags``; with ``Rules.leaders_are_quality`` the chain's leaders count as tagged).
- ``strong`` (较强): otherwise.

Positions of missing segments (``nx.ancestors`` / ``nx.descendants`` over the chain's segment links,
so "upstream" means reachable backwards through any number of links, through missing segments too):

- ``break`` (断链): some local segment is upstream and some local segment is downstream — the chain is cut here.
- ``extend`` (延链): some local segment is upstream and none is downstream — beyond the local chain's end.
- ``fill`` (补链): otherwise (nothing local upstream, or no link to a local segment at all).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cached_property

import networkx as nx

from graph.analysis.targets import Target, Weights, best_candidates, rank_targets, score_chosen, view_index
from graph.model import QUALITY_TAGS, STAGES, WORKING_UNITS, Firm, Segment
from graph.store import OVERVIEW_FIRMS, ChainView, LocalRule, Store
from graph.store.answers import sole_suppliers_of

STATUSES = ("missing", "single", "weak", "strong")
POSITIONS = ("break", "extend", "fill")
NEEDY = ("missing", "single", "weak")  # statuses that ask for targets
TOP_TARGETS = 20  # targets a page lists per segment (analyse_chain_in); how many candidates there are is counted


@dataclass(frozen=True)
class Rules:
    """What counts as a gap. Change these to change every status; the rule texts follow.

    ``single_max``: a segment with 1 … this many local firms is ``single``.
    ``min_quality``: a segment with fewer tagged local firms than this is ``weak``.
    ``leaders_are_quality``: the chain's ``leaders`` count as tagged firms.
    ``count_uncertain``: count local firms whose evidence is weak or inferred.
    ``local_presences``: the presences that make a local firm count (by default a working unit in the
    district: registered, branch or subsidiary, R&D centre); an agreement, an office or a planned move
    does not, so such a firm is a candidate to attract instead.
    """

    quality_tags: tuple[str, ...] = QUALITY_TAGS
    single_max: int = 1
    min_quality: int = 1
    leaders_are_quality: bool = True
    count_uncertain: bool = True
    local_presences: tuple[str, ...] = WORKING_UNITS

    @cached_property  # (asked once per firm and segment: made once per rules)
    def local_rule(self) -> LocalRule:
        """Which firms count as local, as a store question takes it."""
        return LocalRule(self.local_presences, self.count_uncertain)

    def counts(self, firm: Firm) -> bool:
        """Whether ``firm`` counts as a local firm under these rules."""
        return self.local_rule.counts(firm)


@dataclass(frozen=True)
class StageCompleteness:
    stage: str
    segments: int
    with_local: int

    @property
    def completeness(self) -> float:
        return self.with_local / self.segments if self.segments else 0.0


@dataclass(frozen=True)
class SegmentGap:
    """One segment's status, the counts behind it, its position (missing only) and its targets.

    ``local_firms`` / ``quality_firms`` are the counted local firms (records, by id);
    ``position`` is "" unless ``status == "missing"``; ``targets`` are ranked best first and
    empty for strong segments (and for needy segments with no outside candidate in the data).
    """

    segment: Segment
    status: str
    local_firms: tuple[Firm, ...]
    quality_firms: tuple[Firm, ...]
    position: str = ""
    local_upstream: tuple[str, ...] = ()  # local segment ids upstream (missing segments only)
    local_downstream: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    candidates: int = 0  # outside candidates on the segment; ``targets`` may hold only the best of them

    @property
    def action(self) -> str:
        """``fill`` / ``break`` / ``extend`` for missing segments, ``strengthen`` for single or weak ones, else ""."""
        if self.status == "missing":
            return self.position
        return "strengthen" if self.status in ("single", "weak") else ""

    @property
    def needy(self) -> bool:
        return self.status in NEEDY


@dataclass(frozen=True)
class ChainGaps:
    chain_id: str
    view: ChainView
    rules: Rules
    weights: Weights
    segments: tuple[SegmentGap, ...]
    by_stage: tuple[StageCompleteness, ...]
    points: tuple[SinglePoint, ...] = ()  # single points of failure (``single_points``)

    @property
    def chain(self):
        return self.view.chain

    @property
    def with_local(self) -> int:
        return sum(1 for g in self.segments if g.status != "missing")

    @property
    def completeness(self) -> float:
        """Share of segments with a local firm (0.0 for a chain without segments)."""
        return self.with_local / len(self.segments) if self.segments else 0.0

    def count(self, status: str) -> int:
        return sum(1 for g in self.segments if g.status == status)

    def count_position(self, position: str) -> int:
        return sum(1 for g in self.segments if g.position == position)

    def segment(self, segment_id: str) -> SegmentGap:
        return next(g for g in self.segments if g.segment.id == segment_id)


@dataclass(frozen=True)
class SinglePoint:
    """A local firm whose departure empties segments or cuts a local firm off from its only local supplier."""

    firm: Firm
    empties: tuple[str, ...]  # segment ids left with no local firm
    sole_supplier_of: tuple[str, ...]  # local firm ids with no other local supplier


def counted_local(view: ChainView, segment_id: str, rules: Rules = Rules()) -> tuple[Firm, ...]:
    """The local firms on a segment that the rules count."""
    return tuple(f for f in view.firms_on(segment_id, local=True) if rules.counts(f))


def is_quality(firm: Firm, view: ChainView, rules: Rules = Rules()) -> bool:
    return bool(set(firm.tags) & set(rules.quality_tags)) or (
        rules.leaders_are_quality and firm.id in view.chain.leaders)


def classify(local: int, quality: int, rules: Rules = Rules()) -> str:
    """Status from the counts of counted local firms and of tagged ones among them.

    >>> [classify(0, 0), classify(1, 1), classify(2, 0), classify(2, 1)]
    ['missing', 'single', 'weak', 'strong']
    """
    if local == 0:
        return "missing"
    if local <= rules.single_max:
        return "single"
    return "weak" if quality < rules.min_quality else "strong"


def stage_order(segment: Segment) -> tuple[int, str]:
    return (STAGES.index(segment.stage) if segment.stage in STAGES else len(STAGES), segment.id)


def segment_graph(view: ChainView) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(s.id for s in view.segments)
    g.add_edges_from((link.source, link.target) for link in view.links)
    return g


def position_of(graph: nx.DiGraph, segment_id: str, local: set[str]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Position of a missing segment and the local segments upstream / downstream of it (ids, sorted)."""
    up = tuple(sorted(nx.ancestors(graph, segment_id) & local))
    down = tuple(sorted(nx.descendants(graph, segment_id) & local))
    return ("break" if up and down else "extend" if up else "fill"), up, down


def completeness_by_stage(view: ChainView, local_segments: set[str]) -> tuple[StageCompleteness, ...]:
    """Completeness per stage, in stage order; stages a chain lacks are left out."""
    out = []
    for stage in (*STAGES, *sorted({s.stage for s in view.segments} - set(STAGES))):
        segs = [s for s in view.segments if s.stage == stage]
        if segs:
            out.append(StageCompleteness(stage, len(segs), sum(1 for s in segs if s.id in local_segments)))
    return tuple(out)


def segment_statuses(view: ChainView, rules: Rules = Rules()) -> tuple[SegmentGap, ...]:
    """Status, counted firms and (for missing segments) position of every segment, without targets.

    Parameters: ``view`` — one chain; ``rules`` — thresholds and quality tags.
    Returns: one ``SegmentGap`` per segment, upstream → midstream → downstream, by id within a stage.
    """
    counted = {s.id: counted_local(view, s.id, rules) for s in view.segments}
    local = {sid for sid, firms in counted.items() if firms}
    graph = segment_graph(view)
    out = []
    for seg in sorted(view.segments, key=stage_order):
        firms = counted[seg.id]
        quality = tuple(f for f in firms if is_quality(f, view, rules))
        status = classify(len(firms), len(quality), rules)
        gap = SegmentGap(seg, status, firms, quality)
        if status == "missing":
            pos, up, down = position_of(graph, seg.id, local)
            gap = replace(gap, position=pos, local_upstream=up, local_downstream=down)
        out.append(gap)
    return tuple(out)


def analyse_chain(view: ChainView, rules: Rules = Rules(), weights: Weights = Weights(), top: int | None = None) -> ChainGaps:
    """Statuses, positions, completeness, ranked targets and single points for one chain.

    Parameters: ``view`` — one chain from any store (with its firm links); ``rules`` / ``weights`` — thresholds
    and score weights; ``top`` — keep only the best ``top`` targets per segment (all when None).
    Returns: ``ChainGaps`` (``.completeness``, ``.by_stage``, ``.segments[i].status/.position/.targets``).
    """
    index = view_index(view, rules.counts)
    segments = []
    for gap in segment_statuses(view, rules):
        if gap.needy:
            ranked = rank_targets(view, gap.segment.id, weights, rules.quality_tags, index)
            gap = replace(gap, targets=ranked[:top] if top is not None else ranked, candidates=len(ranked))
        segments.append(gap)
    local = {g.segment.id for g in segments if g.status != "missing"}
    return ChainGaps(view.chain.id, view, rules, weights, tuple(segments), completeness_by_stage(view, local),
                     single_points(view, rules))


def analyse_chain_in(store: Store, chain_id: str, rules: Rules = Rules(), weights: Weights = Weights(),
                     top: int = TOP_TARGETS, shown: int = OVERVIEW_FIRMS) -> ChainGaps:
    """``analyse_chain(view, rules, weights, top)`` for a chain of any size, without the chain's firm links.

    A province's chain has ~23k firms, ~225k firm links and ~200k firms at their other ends; this asks the
    store for the chain's firms only, and for two aggregates it computes where the data is (Cypher on Neo4j):
    each candidate's link counts and partner parks (``candidate_facts``, enough to rank every candidate) and the
    sole local suppliers (``sole_suppliers``). Then only the best ``top`` candidates per segment are read in
    full (their links and the firms at the other ends), with the links among the first ``shown`` firms per
    segment the gap picture draws. Same statuses, positions, completeness, targets and single points as
    ``analyse_chain`` on the full view (the contract suite checks it); ``.view`` holds only what was read.
    """
    # Four questions that do not depend on each other, asked side by side (a server answers them in parallel).
    with ThreadPoolExecutor(max_workers=4) as pool:
        asked = (pool.submit(store.chain_view, chain_id, False),
                 pool.submit(store.candidate_facts, chain_id, rules.local_rule),
                 pool.submit(store.sole_suppliers, chain_id, rules.local_rule),
                 pool.submit(lambda: store.chain_overview(chain_id, shown).firm_links if shown > 0 else ()))
        light, candidate_facts, sole, picture = (f.result() for f in asked)
    statuses = segment_statuses(light, rules)
    facts = {x.firm: x for x in candidate_facts}
    best = {g.segment.id: best_candidates(light, g.segment.id, facts, weights, rules.quality_tags, rules.counts, top)
            for g in statuses if g.needy}
    chosen = sorted({i for _, ids in best.values() for i in ids})
    links = tuple(dict.fromkeys((*picture, *(store.firm_links_of(chosen) if chosen else ()))))
    on_chain = light.chain_firm_ids
    ends = {x for link in links for x in (link.supplier, link.customer)} | {s for s, _ in sole}
    linked = store.firms(sorted(ends - on_chain))
    view = replace(light, firm_links=links, linked_firms=linked)
    index = view_index(view, rules.counts)
    segments = tuple(replace(g, targets=score_chosen(view, g.segment.id, best[g.segment.id][1], weights,
                                                     rules.quality_tags, index), candidates=best[g.segment.id][0])
                     if g.needy else g for g in statuses)
    local = {g.segment.id for g in segments if g.status != "missing"}
    return ChainGaps(chain_id, view, rules, weights, segments, completeness_by_stage(view, local),
                     _points(view, rules, sole))


def single_points(view: ChainView, rules: Rules = Rules()) -> tuple[SinglePoint, ...]:
    """Local firms whose departure empties a segment, or leaves a local firm of this chain with no local supplier.

    Only customers on this chain's segments are checked: the view holds all of their supplier links
    (a linked firm's other suppliers may lie outside the view).

    Returns: one ``SinglePoint`` per such firm, by firm id.
    """
    return _points(view, rules, sole_suppliers_of(view, rules.local_rule))


def _points(view: ChainView, rules: Rules, sole_pairs: tuple[tuple[str, str], ...]) -> tuple[SinglePoint, ...]:
    """Single points from the segments' counted firms and the (supplier, customer) pairs of sole local suppliers."""
    empties: dict[str, list[str]] = {}
    for seg in view.segments:
        firms = counted_local(view, seg.id, rules)
        if len(firms) == 1:
            empties.setdefault(firms[0].id, []).append(seg.id)
    sole: dict[str, list[str]] = {}
    for supplier, customer in sole_pairs:
        sole.setdefault(supplier, []).append(customer)
    every = view.firm_by_id
    ids = sorted(set(empties) | set(sole))
    return tuple(SinglePoint(every[i], tuple(empties.get(i, ())), tuple(sorted(sole.get(i, ())))) for i in ids)
