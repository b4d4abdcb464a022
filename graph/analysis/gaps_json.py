"""Gap analyses as plain JSON-ready dicts (the shape is documented in docs/gaps.md).

Records become ids; texts come in zh and en (``reason`` / ``reason_en``); numbers are rounded
(completeness to 4 places, scores to 3) so the output is stable and readable.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Iterable

from graph import labels as L
from graph.analysis.gaps import POSITIONS, STATUSES, ChainGaps, Rules, SegmentGap, position_rule, single_points, status_rule
from graph.analysis.targets import Target, Weights


def target_json(t: Target) -> dict:
    return {
        "firm": t.firm.id,
        "name": t.firm.name,
        "name_en": t.firm.name_en,
        "score": round(t.score, 3),
        "reason": t.reason,
        "reason_en": t.reason_en,
        "parts": {"links": round(t.link_score, 3), "quality": round(t.quality_score, 3), "park": round(t.park_score, 3)},
        "linked_local_firms": [tl.local_firm.id for tl in t.links],
        "quality_tags": list(t.quality_tags),
        "park": t.park.id if t.park else None,
    }


def segment_json(g: SegmentGap) -> dict:
    out = {
        "id": g.segment.id,
        "name": g.segment.name,
        "name_en": g.segment.name_en,
        "stage": g.segment.stage,
        "status": g.status,
        "rule": g.rule,
        "rule_en": g.rule_en,
        "numbers": g.numbers,
        "numbers_en": g.numbers_en,
        "position": g.position or None,
        "action": g.action or None,
        "local_firms": [f.id for f in g.local_firms],
        "quality_firms": [f.id for f in g.quality_firms],
        "targets": [target_json(t) for t in g.targets],
    }
    if g.position:
        out.update(position_rule=g.position_rule, position_rule_en=g.position_rule_en,
                   local_upstream=list(g.local_upstream), local_downstream=list(g.local_downstream))
    if g.targets_note:
        out.update(targets_note=g.targets_note, targets_note_en=g.targets_note_en)
    return out


def chain_json(gaps: ChainGaps) -> dict:
    """One chain: ``id``, ``completeness``, per-stage completeness, status counts, segments, single points."""
    return {
        "id": gaps.chain.id,
        "name": gaps.chain.name,
        "name_en": gaps.chain.name_en,
        "chain_status": gaps.chain.status,
        "completeness": round(gaps.completeness, 4),
        "segments_with_local_firm": gaps.with_local,
        "segment_count": len(gaps.segments),
        "by_stage": [{"stage": s.stage, "segments": s.segments, "with_local_firm": s.with_local,
                      "completeness": round(s.completeness, 4)} for s in gaps.by_stage],
        "counts": {status: gaps.count(status) for status in STATUSES},
        "segments": [segment_json(g) for g in gaps.segments],
        "single_points": [{"firm": p.firm.id, "name": p.firm.name, "empties": list(p.empties),
                           "sole_supplier_of": list(p.sole_supplier_of),
                           "text": p.text(gaps.view, "zh"), "text_en": p.text(gaps.view, "en")}
                          for p in single_points(gaps.view, gaps.rules)],
    }


def gaps_json(chains: Iterable[ChainGaps], rules: Rules = Rules(), weights: Weights = Weights(),
              meta: dict | None = None) -> dict:
    """The whole report: the rules and weights used, their texts, and one entry per chain."""
    return {
        **(meta or {}),
        "rules": {
            **{k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(rules).items()},
            "status": {s: {"label": L.enum_label(L.GAP_STATUS, s, "zh"), "label_en": L.enum_label(L.GAP_STATUS, s, "en"),
                           "rule": status_rule(s, rules, "zh"), "rule_en": status_rule(s, rules, "en")}
                       for s in STATUSES},
            "position": {p: {"label": L.enum_label(L.GAP_POSITION, p, "zh"), "label_en": L.enum_label(L.GAP_POSITION, p, "en"),
                             "rule": position_rule(p, "zh"), "rule_en": position_rule(p, "en")} for p in POSITIONS},
            "completeness": {"rule": L.t("completeness_rule", "zh"), "rule_en": L.t("completeness_rule", "en")},
        },
        "weights": {**asdict(weights), "rule": L.t("score_rule", "zh"), "rule_en": L.t("score_rule", "en")},
        "chains": [chain_json(g) for g in chains],
    }
