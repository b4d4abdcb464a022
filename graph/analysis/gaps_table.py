"""Gap analyses as table rows (for st.dataframe) and as an Excel workbook (for st.download_button).

Column headers are in the chosen language; every row states the rule it rests on, so a printed sheet
can be defended without the app.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from graph import labels as L
from graph.analysis.gaps import STATUSES, ChainGaps, join, position_rule, single_points, status_rule
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


def rules_rows(gaps: ChainGaps, lang: str = "zh") -> list[dict]:
    """The rules, the weights and the completeness formula, as rows for a sheet of their own."""
    t = lambda k: L.t(k, lang)  # noqa: E731
    rows = [{t("rule"): L.enum_label(L.GAP_STATUS, s, lang), t("detail"): status_rule(s, gaps.rules, lang)} for s in STATUSES]
    rows += [{t("rule"): L.enum_label(L.GAP_POSITION, p, lang), t("detail"): position_rule(p, lang)} for p in ("break", "extend", "fill")]
    rows.append({t("rule"): t("completeness"), t("detail"): t("completeness_rule")})
    rows.append({t("rule"): t("score"), t("detail"): t("score_rule")})
    w = gaps.weights
    rows += [{t("rule"): t(f"weight_{k}"), t("detail"): v} for k, v in
             (("link", w.link), ("quality", w.quality), ("park", w.park), ("unconfirmed", w.unconfirmed_link))]
    rows += [{t("rule"): t("single_points"), t("detail"): f"{short_name(L.name_of(p.firm, lang))}: {p.text(gaps.view, lang)}"}
             for p in single_points(gaps.view, gaps.rules)]
    return rows


def workbook_bytes(sheets: dict[str, list[dict]]) -> bytes:
    """An .xlsx file with one sheet per entry: bold frozen header row, widths fitted to the text."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title[:31])
        header = list(dict.fromkeys(k for r in rows for k in r))
        ws.append(header)
        for r in rows:
            ws.append([r.get(k) for k in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for i, key in enumerate(header, 1):
            longest = max([len(str(key))] + [len(str(r.get(key) or "")) for r in rows])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, 4 + 1.8 * longest)
            for cell in ws[ws.cell(1, i).column_letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def gaps_workbook(gaps: ChainGaps, lang: str = "zh") -> bytes:
    """The gap table, the target list and the rules of one chain in one workbook."""
    return workbook_bytes({L.t("page_gaps", lang): gap_rows(gaps, lang), L.t("targets", lang): target_rows(gaps, lang),
                           L.t("rule", lang): rules_rows(gaps, lang)})
