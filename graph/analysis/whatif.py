"""What if a firm lands here (in a park), or a local firm leaves? Statuses before and after, side by side.

The scenario is applied to a copy of the ``ChainView`` (a landing firm becomes ``local`` with the chosen
park; a leaving firm stops being local and loses its parks), then the same analysis runs on both views.
``what_if_in`` does the same for a chain of any size through ``analyse_chain_in``: the store is asked as if
the scenario had happened (``_AsIf``), re-counting only what the moved firms touch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Iterable

from graph.analysis.gaps import TOP_TARGETS, ChainGaps, Rules, SinglePoint, analyse_chain, analyse_chain_in
from graph.analysis.targets import Weights
from graph.model import Firm, Segment
from graph.store import OVERVIEW_FIRMS, CandidateFacts, ChainOverview, ChainView, LocalRule, Store
from graph.store.answers import candidate_facts_of, sole_suppliers_of


@dataclass(frozen=True)
class SegmentChange:
    segment: Segment
    before: str  # status
    after: str
    position_before: str = ""
    position_after: str = ""


@dataclass(frozen=True)
class StageDelta:
    stage: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class WhatIf:
    """Before and after for one scenario. ``changes`` lists segments whose status or position changed."""

    lands: tuple[str, ...]
    leaves: tuple[str, ...]
    park: str
    before: ChainGaps
    after: ChainGaps
    changes: tuple[SegmentChange, ...]
    stages: tuple[StageDelta, ...]
    single_points_before: tuple[SinglePoint, ...]
    single_points_after: tuple[SinglePoint, ...]

    @property
    def completeness_delta(self) -> float:
        return self.after.completeness - self.before.completeness

    @property
    def moved(self) -> tuple[str, ...]:
        return self.lands + self.leaves


def _ids(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _changed(every: dict[str, Firm], lands: tuple[str, ...], leaves: tuple[str, ...], park: str | None) -> dict[str, Firm]:
    """The moved firms as the scenario makes them. Raises ``KeyError`` for a firm not in ``every`` and
    ``ValueError`` for a firm that already has (lands) or has no (leaves) working unit in the district."""
    changed: dict[str, Firm] = {}
    for fid in lands:
        firm = every[fid]
        if firm.counts_as_local():
            raise ValueError(f"{fid} is already local (with a working unit)")
        changed[fid] = replace(firm, local=True, parks=(park,) if park else firm.parks, evidence=firm.evidence or "inferred",
                               presence="registered")
    for fid in leaves:
        firm = every[fid]
        if not firm.counts_as_local():
            raise ValueError(f"{fid} is not local (no working unit to leave)")
        changed[fid] = replace(firm, local=False, parks=(), evidence="", presence="none")
    return changed


def apply_scenario(view: ChainView, lands: str | Iterable[str] = (), leaves: str | Iterable[str] = (),
                   park: str | None = None) -> ChainView:
    """A copy of ``view`` where ``lands`` are local with a registered unit (in ``park`` when given) and
    ``leaves`` are not local.

    Raises ``KeyError`` for a firm the view does not hold and ``ValueError`` for a firm that already
    has (lands) or has no (leaves) working unit in the district.
    """
    changed = _changed({f.id: f for f in (*view.firms, *view.linked_firms)}, _ids(lands), _ids(leaves), park)
    swap = lambda firms: tuple(changed.get(f.id, f) for f in firms)  # noqa: E731
    return replace(view, firms=swap(view.firms), linked_firms=swap(view.linked_firms))


def _what_if(lands: tuple[str, ...], leaves: tuple[str, ...], park: str | None, before: ChainGaps,
             after: ChainGaps) -> WhatIf:
    changes = tuple(
        SegmentChange(b.segment, b.status, a.status, b.position, a.position)
        for b, a in zip(before.segments, after.segments)
        if (b.status, b.position) != (a.status, a.position)
    )
    stages = tuple(StageDelta(b.stage, b.completeness, a.completeness) for b, a in zip(before.by_stage, after.by_stage))
    return WhatIf(lands, leaves, park or "", before, after, changes, stages, before.points, after.points)


def what_if(view: ChainView, *, lands: str | Iterable[str] = (), leaves: str | Iterable[str] = (),
            park: str | None = None, rules: Rules = Rules(), weights: Weights = Weights(),
            top: int | None = None) -> WhatIf:
    """Recompute statuses, positions, completeness and single points after firms land or leave.

    Parameters: ``view`` — one chain; ``lands`` / ``leaves`` — firm ids; ``park`` — where the landing firms go;
    ``top`` — keep only the best ``top`` targets per segment.
    Returns: ``WhatIf`` with ``before`` / ``after`` analyses, the changed segments and per-stage deltas.

    A landing firm with no evidence value gets ``inferred``: it is a hypothesis, so with
    ``Rules(count_uncertain=False)`` it would not count.
    """
    after_view = apply_scenario(view, lands, leaves, park)
    return _what_if(_ids(lands), _ids(leaves), park, analyse_chain(view, rules, weights, top),
                    analyse_chain(after_view, rules, weights, top))


def what_if_in(store: Store, chain_id: str, *, lands: str | Iterable[str] = (), leaves: str | Iterable[str] = (),
               park: str | None = None, rules: Rules = Rules(), weights: Weights = Weights(),
               top: int = TOP_TARGETS) -> WhatIf:
    """``what_if(view, …, top=top)`` for a chain of any size: both analyses by ``analyse_chain_in``, the one after
    on the store as if the scenario had happened (reusing the answers the one before got). Raises ``NotFound``
    for an unknown firm and ``ValueError`` as ``apply_scenario`` does."""
    lands, leaves = _ids(lands), _ids(leaves)
    changed = _changed({f.id: f for f in store.firms({*lands, *leaves})}, lands, leaves, park)
    asked: dict = {}
    return _what_if(lands, leaves, park, analyse_chain_in(_AsIf(store, {}, asked), chain_id, rules, weights, top),
                    analyse_chain_in(_AsIf(store, changed, asked), chain_id, rules, weights, top))


class _AsIf:
    """The questions ``analyse_chain_in`` asks, answered as if the ``changed`` firms were as given.

    The store's own answers are asked once per what-if (``asked`` is shared by the analyses before and after).
    Links do not change, so only the firms a move touches are counted again — the moved firms and the firms
    at the other ends of their links (their link counts, partner parks and local suppliers are all a move can
    change) — from those firms' own links: a few dozen, not the chain's.
    """

    def __init__(self, store: Store, changed: dict[str, Firm], asked: dict):
        self._store, self._changed, self._asked = store, changed, asked
        self._lock = threading.Lock()

    def _base(self, question: str, *args):
        key = (question, *args)
        if key not in self._asked:
            self._asked[key] = getattr(self._store, question)(*args)
        return self._asked[key]

    def _swap(self, firms: tuple[Firm, ...]) -> tuple[Firm, ...]:
        return tuple(self._changed.get(f.id, f) for f in firms) if self._changed else firms

    def chain_view(self, chain_id: str, firm_links: bool = True) -> ChainView:
        view = self._base("chain_view", chain_id, firm_links)
        return replace(view, firms=self._swap(view.firms), linked_firms=self._swap(view.linked_firms))

    def firms(self, ids: Iterable[str]) -> tuple[Firm, ...]:
        """The firms by id, each read from the store once per what-if (the analysis after asks for most of the
        firms the one before read)."""
        known: dict[str, Firm] = self._asked.setdefault("firms", {})
        ids = sorted(set(ids))
        known.update((f.id, f) for f in self._store.firms([i for i in ids if i not in known]))
        return self._swap(tuple(known[i] for i in ids))

    def firm_links_of(self, firm_ids: Iterable[str]):
        return self._base("firm_links_of", tuple(sorted(set(firm_ids))))

    def chain_overview(self, chain_id: str, per_segment: int = OVERVIEW_FIRMS) -> ChainOverview:
        """Links among the firms shown: the moved firms may now be among them, so their links are added."""
        overview = self._base("chain_overview", chain_id, per_segment)
        moved = self.firm_links_of(self._changed) if self._changed else ()
        return replace(overview, firm_links=tuple(dict.fromkeys((*overview.firm_links, *moved))))

    def _recounted(self, chain_id: str) -> ChainView:
        """The touched firms of the chain with all their links and the (changed) firms at their other ends."""
        key = ("recounted", chain_id, tuple(sorted(self._changed)))
        with self._lock:  # asked side by side (candidate_facts, sole_suppliers): counted once
            if key not in self._asked:
                near = self.firm_links_of(self._changed)
                touched = {x for link in near for x in (link.supplier, link.customer)} | set(self._changed)
                links = self.firm_links_of(touched)
                light = self.chain_view(chain_id, False)
                mine = tuple(f for f in light.firms if f.id in touched)
                ends = {x for link in links for x in (link.supplier, link.customer)} - {f.id for f in mine}
                self._asked[key] = replace(light, firms=mine, firm_links=links, linked_firms=self.firms(ends))
            return self._asked[key]

    def candidate_facts(self, chain_id: str, rule: LocalRule = LocalRule()) -> tuple[CandidateFacts, ...]:
        base = self._base("candidate_facts", chain_id, rule)
        if not self._changed:
            return base
        part = self._recounted(chain_id)
        again = {x.firm: x for x in candidate_facts_of(part, rule)}
        kept = {x.firm: x for x in base if x.firm not in part.chain_firm_ids}
        return tuple(v for _, v in sorted({**kept, **again}.items()))

    def sole_suppliers(self, chain_id: str, rule: LocalRule = LocalRule()) -> tuple[tuple[str, str], ...]:
        base = self._base("sole_suppliers", chain_id, rule)
        if not self._changed:
            return base
        part = self._recounted(chain_id)
        kept = [p for p in base if p[1] not in part.chain_firm_ids]
        return tuple(sorted((*kept, *sole_suppliers_of(part, rule))))
