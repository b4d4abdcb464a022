"""Whom to attract for a segment, and why: outside firms ranked by a transparent score.

score = ``link`` × link credit + ``quality`` × quality tags + ``park`` × park fit, where

- link credit: each firm link between the candidate and a local firm (either direction) counts 1 when
  its ``basis`` is ``stated`` (or not given) and ``unconfirmed_link`` when ``reported`` / ``inferred``;
- quality tags: how many of the candidate's tags are quality tags (上市, 独角兽, …);
- park fit (0–2) of the best park: 1 when its focus names the chain, +1 when it already hosts a
  local firm the candidate is linked to.

A ``Target`` holds the facts behind its score (the links, with the local firm and the segment on the
path; the tags; the park and the linked firms it hosts); the one-line reason is worded from them when
it is shown (``graph.words.explain.reason``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from graph.model import Firm, FirmLink, Park
from graph.store import CandidateFacts, ChainView, link_basis
from graph.store.answers import UNCONFIRMED_BASES

PARK_ORDER = {"confirmed": 0, "likely": 1, "candidate": 2, "unlikely": 3}


@dataclass(frozen=True)
class Weights:
    """Score weights, shown next to every ranking and adjustable in the app."""

    link: float = 3.0
    quality: float = 2.0
    park: float = 1.0
    unconfirmed_link: float = 0.5  # credit for a reported or inferred link, as a share of a stated one


@dataclass(frozen=True)
class TargetLink:
    """A firm link between the candidate and a local firm, seen from the candidate."""

    local_firm: Firm
    direction: str  # "supplies" (candidate → local firm) | "buys" (local firm → candidate)
    basis: str  # stated | reported | inferred
    segment: str  # the local firm's segment on the path ("" when it has none in this chain)
    link: FirmLink


@dataclass(frozen=True)
class Target:
    """An outside firm for a segment: ``score`` = ``link_score + quality_score + park_score``."""

    firm: Firm
    score: float
    links: tuple[TargetLink, ...]
    quality_tags: tuple[str, ...]
    park: Park | None
    park_fit: int
    park_hosts: tuple[Firm, ...]  # linked local firms already in ``park``
    link_score: float
    quality_score: float
    park_score: float


def score_parts(weights: Weights, stated: int, unconfirmed: int, quality_tags: int, park_fit: int
                ) -> tuple[float, float, float, float]:
    """(link, quality, park, total) score from the counts behind them: the one formula both ways of ranking use
    (from a view's links, and from a store's ``candidate_facts``), so they rank alike to the last digit."""
    link_s = weights.link * (stated + weights.unconfirmed_link * unconfirmed)
    qual_s, park_s = weights.quality * quality_tags, weights.park * park_fit
    return link_s, qual_s, park_s, round(link_s + qual_s + park_s, 6)


def _working_unit(firm: Firm) -> bool:
    return firm.counts_as_local()


class _Lookups:
    """What scoring every candidate of one view needs and no rule changes: links by firm, segment neighbours,
    the chain's firm ids, the parks focused on the chain. Built once per view (kept beside the view's own
    lookups, not as a field), so every ranking of the view — each segment, each change of rules — reuses it."""

    def __init__(self, view: ChainView):
        links_of: defaultdict[str, list[FirmLink]] = defaultdict(list)
        for link in view.firm_links:
            links_of[link.supplier].append(link)
            if link.customer != link.supplier:
                links_of[link.customer].append(link)
        self.links_of: dict[str, list[FirmLink]] = dict(links_of)
        self.downstream: dict[str, set[str]] = {}
        self.upstream: dict[str, set[str]] = {}
        for link in view.links:
            self.downstream.setdefault(link.source, set()).add(link.target)
            self.upstream.setdefault(link.target, set()).add(link.source)
        self.on_chain = view.chain_firm_ids
        self.fitting = sorted((p for p in view.parks if view.chain.id in p.focus),
                              key=lambda p: (PARK_ORDER.get(p.status, 9), p.id))

    @staticmethod
    def of(view: ChainView) -> _Lookups:
        found = view.__dict__.get("_targets_lookups")
        if found is None:
            found = view.__dict__["_targets_lookups"] = _Lookups(view)
        return found


class _Index:
    """The view's lookups and which firms count as local (the rules' presences): every other firm on a
    segment is a candidate. Ranking from one index is linear in the view, not quadratic."""

    def __init__(self, view: ChainView, is_local: Callable[[Firm], bool] = _working_unit):
        self.view = view
        self.is_local = is_local
        lookups = _Lookups.of(view)
        self.links_of, self.downstream, self.upstream = lookups.links_of, lookups.downstream, lookups.upstream
        self.on_chain, self.fitting = lookups.on_chain, lookups.fitting


def _index_of(view: ChainView) -> _Index:
    """The view's default index (working units count as local), so asking ``target_links`` / ``best_park`` /
    ``score_target`` for many candidates stays linear."""
    return _Index(view)


def _path_segment(ix: _Index, local: Firm, segment_id: str, direction: str) -> str:
    """The local firm's segment on the path: one linked to ``segment_id`` in the supply direction if any."""
    mine = [s for s in local.segments if s in ix.view.segment_by_id]
    linked = ix.downstream.get(segment_id, set()) if direction == "supplies" else ix.upstream.get(segment_id, set())
    preferred = [s for s in mine if s in linked]
    return (preferred or mine or [""])[0]


def _target_links(ix: _Index, firm: Firm, segment_id: str) -> tuple[TargetLink, ...]:
    every = ix.view.firm_by_id
    out = []
    for link in ix.links_of.get(firm.id, ()):
        if link.supplier == firm.id and link.customer in every and ix.is_local(every[link.customer]):
            other, direction = every[link.customer], "supplies"
        elif link.customer == firm.id and link.supplier in every and ix.is_local(every[link.supplier]):
            other, direction = every[link.supplier], "buys"
        else:
            continue
        out.append(TargetLink(other, direction, link_basis(link), _path_segment(ix, other, segment_id, direction), link))
    return tuple(sorted(out, key=lambda t: (t.local_firm.id, t.direction, t.link.product)))


def target_links(view: ChainView, firm: Firm, segment_id: str) -> tuple[TargetLink, ...]:
    """The candidate's firm links with local firms, by (local firm id, direction)."""
    return _target_links(_index_of(view), firm, segment_id)


def _best_park(ix: _Index, partners: tuple[Firm, ...]) -> tuple[Park | None, int, tuple[Firm, ...]]:
    if not ix.fitting:
        return None, 0, ()
    order = lambda f: (f.id not in ix.on_chain, f.id)  # noqa: E731  (the view's firms, then the linked ones)
    # Partners by id (a firm linked twice is one partner; hashing ids, not whole records, keeps this cheap).
    hosts = {p.id: tuple(sorted({f.id: f for f in partners if p.id in f.parks}.values(), key=order)) for p in ix.fitting}
    park = min(ix.fitting, key=lambda p: not hosts[p.id])  # the first fitting park that hosts a partner, else the first
    return park, 1 + bool(hosts[park.id]), hosts[park.id]


def best_park(view: ChainView, partners: set[str]) -> tuple[Park | None, int, tuple[Firm, ...]]:
    """The park with the highest fit for a candidate linked to ``partners``; (None, 0, ()) if no park focuses on the chain."""
    return _best_park(_index_of(view), tuple(view.firm_by_id[i] for i in sorted(partners) if i in view.firm_by_id))


def _score(ix: _Index, firm: Firm, segment_id: str, weights: Weights, quality_tags: tuple[str, ...]) -> Target:
    t_links = _target_links(ix, firm, segment_id)
    unconfirmed = sum(1 for tl in t_links if tl.basis in UNCONFIRMED_BASES)
    tags = tuple(t for t in firm.tags if t in quality_tags)
    park, fit, hosts = _best_park(ix, tuple(tl.local_firm for tl in t_links))
    link_s, qual_s, park_s, score = score_parts(weights, len(t_links) - unconfirmed, unconfirmed, len(tags), fit)
    return Target(firm, score, t_links, tags, park, fit, hosts, link_s, qual_s, park_s)


def score_target(view: ChainView, firm: Firm, segment_id: str, weights: Weights = Weights(),
                 quality_tags: tuple[str, ...] = ()) -> Target:
    """Score one candidate for one segment, with every part of the score."""
    return _score(_index_of(view), firm, segment_id, weights, quality_tags)


def rank_targets(view: ChainView, segment_id: str, weights: Weights = Weights(),
                 quality_tags: tuple[str, ...] = (), index: _Index | None = None) -> tuple[Target, ...]:
    """Candidates on ``segment_id`` — firms that do not count as local (outside firms, and local firms with
    no working unit here) — best score first, ties by firm id.

    Returns ``()`` when the data holds no candidate on the segment. Pass ``index`` (``view_index``) to score
    several segments of one view from one index, and to say which firms count as local.
    """
    ix = index or _index_of(view)
    found = [_score(ix, f, segment_id, weights, quality_tags) for f in view.firms_on(segment_id) if not ix.is_local(f)]
    return tuple(sorted(found, key=lambda t: (-t.score, t.firm.id)))


def view_index(view: ChainView, is_local: Callable[[Firm], bool] = _working_unit) -> _Index:
    """The lookups ``rank_targets`` needs, for reuse across the segments of one view."""
    return _Index(view, is_local)


def best_candidates(view: ChainView, segment_id: str, facts: Mapping[str, CandidateFacts], weights: Weights,
                    quality_tags: tuple[str, ...], is_local: Callable[[Firm], bool], top: int) -> tuple[int, tuple[str, ...]]:
    """How many candidates ``segment_id`` has, and the ids of the best ``top`` in ``rank_targets``' order, scored
    from the store's ``candidate_facts`` instead of the links (a view without firm links is enough)."""
    fitting = _Lookups.of(view).fitting
    none = CandidateFacts("", 0, 0, ())
    scored = []
    for firm in view.firms_on(segment_id):
        if is_local(firm):
            continue
        x = facts.get(firm.id, none)
        fit = 1 + (not set(x.parks).isdisjoint(p.id for p in fitting)) if fitting else 0
        tags = sum(1 for t in firm.tags if t in quality_tags)
        scored.append((-score_parts(weights, x.stated, x.unconfirmed, tags, fit)[3], firm.id))
    scored.sort()
    return len(scored), tuple(i for _, i in scored[:max(0, top)])


def score_chosen(view: ChainView, segment_id: str, ids: Iterable[str], weights: Weights = Weights(),
                 quality_tags: tuple[str, ...] = (), index: _Index | None = None) -> tuple[Target, ...]:
    """The targets for the candidates ``ids`` (in that order), scored from ``view``, which must hold their firm links."""
    ix = index or _index_of(view)
    return tuple(_score(ix, view.firm_by_id[i], segment_id, weights, quality_tags) for i in ids)
