"""Gap analyses as table rows for the app's tables (the Excel workbook is graph.export.xlsx).

Column headers are in the chosen language; every row states the rule it rests on.
"""

from __future__ import annotations

from graph import labels as L
from graph.analysis.gaps import ChainGaps, join
from graph.render import short_name


def gap_rows(gaps: ChainGaps, lang: str = "zh") -> list[dict]:
    """One row per segment: stage, status, position, action, local firms, rule and numbers, best target."""
    t = lambda k: L.t(k, lang)  # noqa: E731
    rows = []
    for g in gaps.segments:
        best = g.targets[0] if g.targets else None
        rows.append({
            t("segment"): short_name(L.name_of(g.segment, lang)),
            t("stage"): t(g.segment.stage),
            t("status"): L.enum_label(L.GAP_STATUS, g.status, lang),
            t("gap_position"): L.enum_label(L.GAP_POSITION, g.position, lang),
            t("gap_action"): L.enum_label(L.GAP_ACTION, g.action, lang),
            t("local_firms"): join((short_name(L.name_of(f, lang)) for f in g.local_firms), lang),
            t("numbers"): g.text("numbers", lang),
            t("rule"): g.text("rule", lang) + (f"; {g.text('position_rule', lang)}" if g.position else ""),
            t("targets"): (f"{short_name(L.name_of(best.firm, lang))} ({best.score:g})"
                           + (f" +{len(g.targets) - 1}" if len(g.targets) > 1 else "")
                           if best else g.text("targets_note", lang)),
            "id": g.segment.id,
        })
    return rows


def target_rows(gaps: ChainGaps, lang: str = "zh") -> list[dict]:
    """One row per (segment, target), best first within a segment; a row with the note when none exists."""
    t = lambda k: L.t(k, lang)  # noqa: E731
    rows = []
    for g in gaps.segments:
        if g.status == "strong":
            continue
        base = {t("segment"): short_name(L.name_of(g.segment, lang)),
                t("status"): L.enum_label(L.GAP_STATUS, g.status, lang),
                t("gap_position"): L.enum_label(L.GAP_POSITION, g.position, lang)}
        if not g.targets:
            rows.append({**base, "#": None, t("firm"): "", t("score"): None, t("reason"): g.text("targets_note", lang)})
        for rank, tg in enumerate(g.targets, 1):
            rows.append({**base, "#": rank, t("firm"): short_name(L.name_of(tg.firm, lang)), t("score"): tg.score,
                         t("part_links"): tg.link_score, t("part_quality"): tg.quality_score, t("part_park"): tg.park_score,
                         t("reason"): tg.text(lang), "id": tg.firm.id})
    return rows
