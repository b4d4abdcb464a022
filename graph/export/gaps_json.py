"""Gap analyses as plain JSON-ready dicts (the shape is documented in docs/gaps.md).

Records become ids; texts come in zh and en (``reason`` / ``reason_en``), worded by ``graph.words``;
numbers are rounded (completeness to 4 places, scores to 3) so the output is stable and readable.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Iterable

from graph.analysis.gaps import POSITIONS, STATUSES, ChainGaps, Rules, SegmentGap
from graph.analysis.targets import Target, Weights
from graph.store import ChainView
from graph.words import enum_label, t
from graph.words import explain


def _both(text) -> tuple[str, str]:
    return text("zh"), text("en")


def target_json(tg: Target, view: ChainView) -> dict:
    reason, reason_en = _both(lambda lang: explain.reason(tg, view, lang))
    return {
        "firm": tg.firm.id,
        "name": tg.firm.name,
        "name_en": tg.firm.name_en,
        "score": round(tg.score, 3),
        "reason": reason,
        "reason_en": reason_en,
        "parts": {"links": round(tg.link_score, 3), "quality": round(tg.quality_score, 3), "park": round(tg.park_score, 3)},
        "linked_local_firms": [tl.local_firm.id for tl in tg.links],
        "quality_tags": list(tg.quality_tags),
        "park": tg.park.id if tg.park else None,
    }


def segment_json(g: SegmentGap, gaps: ChainGaps) -> dict:
    rule, rule_en = _both(lambda lang: explain.status_rule(g.status, gaps.rules, lang))
    numbers, numbers_en = _both(lambda lang: explain.gap_numbers(g, gaps.view, lang))
    out = {
        "id": g.segment.id,
        "name": g.segment.name,
        "name_en": g.segment.name_en,
        "stage": g.segment.stage,
        "status": g.status,
        "rule": rule,
        "rule_en": rule_en,
        "numbers": numbers,
        "numbers_en": numbers_en,
        "position": g.position or None,
        "action": g.action or None,
        "local_firms": [f.id for f in g.local_firms],
        "quality_firms": [f.id for f in g.quality_firms],
        "targets": [target_json(tg, gaps.view) for tg in g.targets],
        "candidates": g.candidates,
    }
    if g.position:
        position_rule, position_rule_en = _both(lambda lang: explain.position_rule(g.position, lang))
        out.update(position_rule=position_rule, position_rule_en=position_rule_en,
                   local_upstream=list(g.local_upstream), local_downstream=list(g.local_downstream))
    note, note_en = _both(lambda lang: explain.targets_note(g, lang))
    if note:
        out.update(targets_note=note, targets_note_en=note_en)
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
        "segments": [segment_json(g, gaps) for g in gaps.segments],
        "single_points": [{"firm": p.firm.id, "name": p.firm.name, "empties": list(p.empties),
                           "sole_supplier_of": list(p.sole_supplier_of),
                           "text": explain.single_point(p, gaps.view, "zh"),
                           "text_en": explain.single_point(p, gaps.view, "en")}
                          for p in gaps.points],
    }


def gaps_json(chains: Iterable[ChainGaps], rules: Rules = Rules(), weights: Weights = Weights(),
              meta: dict | None = None) -> dict:
    """The whole report: the rules and weights used, their texts, and one entry per chain."""
    return {
        **(meta or {}),
        "rules": {
            **{k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(rules).items()},
            "status": {s: {"label": enum_label("gap_status", s, "zh"), "label_en": enum_label("gap_status", s, "en"),
                           "rule": explain.status_rule(s, rules, "zh"), "rule_en": explain.status_rule(s, rules, "en")}
                       for s in STATUSES},
            "position": {p: {"label": enum_label("gap_position", p, "zh"), "label_en": enum_label("gap_position", p, "en"),
                             "rule": explain.position_rule(p, "zh"), "rule_en": explain.position_rule(p, "en")}
                         for p in POSITIONS},
            "completeness": {"rule": t("completeness_rule", "zh"), "rule_en": t("completeness_rule", "en")},
            "presence": {"rule": explain.presence_rule(rules, "zh"), "rule_en": explain.presence_rule(rules, "en")},
        },
        "weights": {**asdict(weights), "rule": t("score_rule", "zh"), "rule_en": t("score_rule", "en")},
        "chains": [chain_json(g) for g in chains],
    }
