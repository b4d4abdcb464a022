"""Whom to attract for a segment, and why: outside firms ranked by a transparent score.

score = ``link`` × link credit + ``quality`` × quality tags + ``park`` × park fit, where

- link credit: each firm link between the candidate and a local firm (either direction) counts 1 when
  its ``basis`` is ``stated`` (or not given) and ``unconfirmed_link`` when ``reported`` / ``inferred``;
- quality tags: how many of the candidate's tags are quality tags (上市, 独角兽, …);
- park fit (0–2) of the best park: 1 when its focus names the chain, +1 when it already hosts a
  local firm the candidate is linked to.

Each target also carries a one-line reason that names the local firms and the path through the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import labels as L
from graph.model import Firm, FirmLink, Park
from graph.render import short_name
from graph.store import ChainView

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
    basis: str
    segment: str  # the local firm's segment on the path ("" when it has none in this chain)
    link: FirmLink


@dataclass(frozen=True)
class Target:
    """An outside firm for a segment: ``score`` = ``link_score + quality_score + park_score``."""

    firm: Firm
    score: float
    reason: str
    reason_en: str
    links: tuple[TargetLink, ...]
    quality_tags: tuple[str, ...]
    park: Park | None
    park_fit: int
    link_score: float
    quality_score: float
    park_score: float

    def text(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" else self.reason


def _basis(link: FirmLink) -> str:
    return dict(link.extra).get("basis", "stated") or "stated"


def _path_segment(view: ChainView, local: Firm, segment_id: str, direction: str) -> str:
    """The local firm's segment on the path: one linked to ``segment_id`` in the supply direction if any."""
    mine = [s for s in local.segments if any(s == x.id for x in view.segments)]
    linked = {l.target for l in view.links if l.source == segment_id} if direction == "supplies" \
        else {l.source for l in view.links if l.target == segment_id}
    preferred = [s for s in mine if s in linked]
    return (preferred or mine or [""])[0]


def target_links(view: ChainView, firm: Firm, segment_id: str) -> tuple[TargetLink, ...]:
    """The candidate's firm links with local firms, by (local firm id, direction)."""
    every = {f.id: f for f in (*view.firms, *view.linked_firms)}
    out = []
    for link in view.firm_links:
        if link.supplier == firm.id and every.get(link.customer) and every[link.customer].local:
            other, direction = every[link.customer], "supplies"
        elif link.customer == firm.id and every.get(link.supplier) and every[link.supplier].local:
            other, direction = every[link.supplier], "buys"
        else:
            continue
        out.append(TargetLink(other, direction, _basis(link), _path_segment(view, other, segment_id, direction), link))
    return tuple(sorted(out, key=lambda t: (t.local_firm.id, t.direction, t.link.product)))


def best_park(view: ChainView, partners: set[str]) -> tuple[Park | None, int, tuple[Firm, ...]]:
    """The park with the highest fit for a candidate linked to ``partners``; (None, 0, ()) if no park focuses on the chain."""
    hosts = {p.id: tuple(f for f in (*view.firms, *view.linked_firms) if f.id in partners and p.id in f.parks)
             for p in view.parks}
    fitting = [p for p in view.parks if view.chain.id in p.focus]
    if not fitting:
        return None, 0, ()
    park = min(fitting, key=lambda p: (-bool(hosts[p.id]), PARK_ORDER.get(p.status, 9), p.id))
    return park, 1 + bool(hosts[park.id]), hosts[park.id]


def _reason(view: ChainView, t_links, tags, park, hosts, lang: str) -> str:
    segs = {s.id: s for s in view.segments}
    parts = []
    for tl in t_links:
        firm = short_name(L.name_of(tl.local_firm, lang))
        if tl.segment:  # the local firm is on this chain: name its segment, the next step on the path
            seg = short_name(L.name_of(segs[tl.segment], lang))
            text = L.t(f"reason_{tl.direction}", lang).format(firm=firm, segment=seg)
        else:
            text = L.t(f"reason_{tl.direction}_firm", lang).format(firm=firm)
        if tl.basis in ("reported", "inferred"):
            text += " " + L.t(f"basis_{tl.basis}", lang)
        parts.append(text)
    if tags:
        parts.append("、".join(tags))  # tags are Chinese terms in the data, whatever the language
    if park is not None:
        name = short_name(L.name_of(park, lang))
        parts.append(L.t("reason_park_partner", lang).format(park=name, firms=(", " if lang == "en" else "、").join(
            short_name(L.name_of(f, lang)) for f in hosts)) if hosts else L.t("reason_park", lang).format(park=name))
    return "; ".join(parts) or L.t("reason_nothing", lang)


def score_target(view: ChainView, firm: Firm, segment_id: str, weights: Weights = Weights(),
                 quality_tags: tuple[str, ...] = ()) -> Target:
    """Score one candidate for one segment, with every part and a reason in zh and en."""
    t_links = target_links(view, firm, segment_id)
    credit = sum(1.0 if tl.basis not in ("reported", "inferred") else weights.unconfirmed_link for tl in t_links)
    tags = tuple(t for t in firm.tags if t in quality_tags)
    park, fit, hosts = best_park(view, {tl.local_firm.id for tl in t_links})
    link_s, qual_s, park_s = weights.link * credit, weights.quality * len(tags), weights.park * fit
    return Target(firm, round(link_s + qual_s + park_s, 6),
                  _reason(view, t_links, tags, park, hosts, "zh"), _reason(view, t_links, tags, park, hosts, "en"),
                  t_links, tags, park, fit, link_s, qual_s, park_s)


def rank_targets(view: ChainView, segment_id: str, weights: Weights = Weights(),
                 quality_tags: tuple[str, ...] = ()) -> tuple[Target, ...]:
    """Outside firms (``local`` false) on ``segment_id``, best score first, ties by firm id.

    Returns ``()`` when the data holds no outside firm on the segment.
    """
    found = [score_target(view, f, segment_id, weights, quality_tags) for f in view.firms_on(segment_id, local=False)]
    return tuple(sorted(found, key=lambda t: (-t.score, t.firm.id)))
