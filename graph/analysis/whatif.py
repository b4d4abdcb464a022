"""What if a firm lands here (in a park), or a local firm leaves? Statuses before and after, side by side.

The scenario is applied to a copy of the ``ChainView`` (a landing firm becomes ``local`` with the chosen
park; a leaving firm stops being local and loses its parks), then the same analysis runs on both views.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from graph.analysis.gaps import ChainGaps, Rules, SinglePoint, analyse_chain, single_points
from graph.analysis.targets import Weights
from graph.model import Firm, Segment
from graph.store import ChainView


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


def apply_scenario(view: ChainView, lands: str | Iterable[str] = (), leaves: str | Iterable[str] = (),
                   park: str | None = None) -> ChainView:
    """A copy of ``view`` where ``lands`` are local with a registered unit (in ``park`` when given) and
    ``leaves`` are not local.

    Raises ``KeyError`` for a firm the view does not hold and ``ValueError`` for a firm that already
    has (lands) or has no (leaves) working unit in the district.
    """
    every = {f.id: f for f in (*view.firms, *view.linked_firms)}
    changed: dict[str, Firm] = {}
    for fid in _ids(lands):
        firm = every[fid]
        if firm.counts_as_local():
            raise ValueError(f"{fid} is already local (with a working unit)")
        changed[fid] = replace(firm, local=True, parks=(park,) if park else firm.parks, evidence=firm.evidence or "inferred",
                               presence="registered")
    for fid in _ids(leaves):
        firm = every[fid]
        if not firm.counts_as_local():
            raise ValueError(f"{fid} is not local (no working unit to leave)")
        changed[fid] = replace(firm, local=False, parks=(), evidence="", presence="none")
    swap = lambda firms: tuple(changed.get(f.id, f) for f in firms)  # noqa: E731
    return replace(view, firms=swap(view.firms), linked_firms=swap(view.linked_firms))


def what_if(view: ChainView, *, lands: str | Iterable[str] = (), leaves: str | Iterable[str] = (),
            park: str | None = None, rules: Rules = Rules(), weights: Weights = Weights()) -> WhatIf:
    """Recompute statuses, positions, completeness and single points after firms land or leave.

    Parameters: ``view`` — one chain; ``lands`` / ``leaves`` — firm ids; ``park`` — where the landing firms go.
    Returns: ``WhatIf`` with ``before`` / ``after`` analyses, the changed segments and per-stage deltas.

    A landing firm with no evidence value gets ``inferred``: it is a hypothesis, so with
    ``Rules(count_uncertain=False)`` it would not count.
    """
    after_view = apply_scenario(view, lands, leaves, park)
    before, after = analyse_chain(view, rules, weights), analyse_chain(after_view, rules, weights)
    changes = tuple(
        SegmentChange(b.segment, b.status, a.status, b.position, a.position)
        for b, a in zip(before.segments, after.segments)
        if (b.status, b.position) != (a.status, a.position)
    )
    stages = tuple(StageDelta(b.stage, b.completeness, a.completeness) for b, a in zip(before.by_stage, after.by_stage))
    return WhatIf(_ids(lands), _ids(leaves), park or "", before, after, changes, stages,
                  single_points(view, rules), single_points(after_view, rules))
