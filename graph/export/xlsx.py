"""XLSX: the gap table, the target list, the firms per segment and the sources, for every exported chain.

Each sheet has two header rows — Chinese, then English — both bold and frozen, so a printed sheet reads
in either language; cell values follow the export language. A notes sheet states the district, the
as-of date, the rules and the score formula the rows rest on.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from graph import labels as L
from graph.analysis.gaps import STATUSES, ChainGaps, Rules, analyse_chain, join, position_rule, status_rule
from graph.analysis.targets import Weights
from graph.export import Meeting, view_source_ids
from graph.render import short_name
from graph.store import Store

SHEET_GAPS, SHEET_TARGETS, SHEET_FIRMS, SHEET_SOURCES, SHEET_NOTES = (
    "缺口 gaps", "招商目标 targets", "环节企业 firms", "来源 sources", "说明 notes")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Column:
    """A column: its label key (zh and en headers come from ``graph.labels``) and its width in characters."""

    key: str
    width: int = 14


def _both(key: str) -> tuple[str, str]:
    return L.t(key, "zh"), L.t(key, "en")


def gap_sheet(all_gaps: list[ChainGaps], lang: str) -> tuple[list[Column], list[list]]:
    cols = [Column("chain", 14), Column("code", 16), Column("segment", 28), Column("stage", 8), Column("status", 8),
            Column("gap_position", 8), Column("gap_action", 12), Column("local_firms", 36), Column("numbers", 40),
            Column("rule", 50), Column("targets", 44)]
    rows = []
    for gaps in all_gaps:
        for g in gaps.segments:
            top = join((f"{short_name(L.name_of(t.firm, lang))} ({t.score:g})" for t in g.targets[:3]), lang)
            rows.append([L.name_of(gaps.chain, lang), g.segment.id, L.name_of(g.segment, lang), L.t(g.segment.stage, lang),
                         L.enum_label(L.GAP_STATUS, g.status, lang), L.enum_label(L.GAP_POSITION, g.position, lang),
                         L.enum_label(L.GAP_ACTION, g.action, lang),
                         join((short_name(L.name_of(f, lang)) for f in g.local_firms), lang),
                         g.text("numbers", lang),
                         g.text("rule", lang) + (f"; {g.text('position_rule', lang)}" if g.position else ""),
                         top or g.text("targets_note", lang)])
    return cols, rows


def target_sheet(all_gaps: list[ChainGaps], lang: str) -> tuple[list[Column], list[list]]:
    cols = [Column("chain", 14), Column("segment", 28), Column("status", 8), Column("gap_position", 8),
            Column("rank", 6), Column("firm", 30), Column("code", 18), Column("score", 8), Column("part_links", 8),
            Column("part_quality", 8), Column("part_park", 8), Column("reason", 60)]
    rows = []
    for gaps in all_gaps:
        for g in gaps.segments:
            for rank, t in enumerate(g.targets, 1):
                rows.append([L.name_of(gaps.chain, lang), L.name_of(g.segment, lang), L.enum_label(L.GAP_STATUS, g.status, lang),
                             L.enum_label(L.GAP_POSITION, g.position, lang), rank, L.name_of(t.firm, lang), t.firm.id,
                             t.score, t.link_score, t.quality_score, t.park_score, t.text(lang)])
    return cols, rows


def firm_sheet(store: Store, all_gaps: list[ChainGaps], lang: str) -> tuple[list[Column], list[list]]:
    cols = [Column("chain", 14), Column("stage", 8), Column("segment", 28), Column("firm", 30), Column("code", 18),
            Column("location", 8), Column("evidence", 16), Column("tags", 24), Column("park", 20), Column("sources", 24)]
    parks = {p.id: p for p in store.parks()}
    rows = []
    for gaps in all_gaps:
        view = gaps.view
        for g in gaps.segments:
            for f in sorted(view.firms_on(g.segment.id), key=lambda f: (not f.local, f.id)):
                rows.append([L.name_of(view.chain, lang), L.t(g.segment.stage, lang), L.name_of(g.segment, lang),
                             L.name_of(f, lang), f.id, L.t("local" if f.local else "outside", lang),
                             L.enum_label(L.EVIDENCE, f.evidence, lang) if f.local else "",
                             "、".join(f.tags), join((L.name_of(parks[p], lang) for p in f.parks if p in parks), lang),
                             ", ".join(f.sources)])
    return cols, rows


def source_sheet(store: Store, all_gaps: list[ChainGaps], lang: str) -> tuple[list[Column], list[list]]:
    cols = [Column("code", 16), Column("title", 60), Column("published", 12), Column("url", 50), Column("used_by", 30)]
    used: dict[str, list[str]] = {}
    for gaps in all_gaps:
        for sid in view_source_ids(gaps.view):
            used.setdefault(sid, []).append(L.name_of(gaps.chain, lang))
    rows = [[s.id, s.title, s.published, s.url, join(used.get(s.id, []), lang)] for s in store.sources(tuple(sorted(used)))]
    return cols, rows


def notes_rows(all_gaps: list[ChainGaps], m: Meeting, rules: Rules, weights: Weights) -> list[tuple[str, str]]:
    lang = m.lang
    rows = [(L.t("region", lang), m.district), (L.t("dataset", lang), m.dataset),
            (L.t("as_of", lang), m.as_of), (L.t("exported_on", lang), m.date),
            (L.t("chain", lang), join((L.name_of(g.chain, lang) for g in all_gaps), lang))]
    rows += [(L.enum_label(L.GAP_STATUS, s, lang), status_rule(s, rules, lang)) for s in STATUSES]
    rows += [(L.enum_label(L.GAP_POSITION, p, lang), position_rule(p, lang)) for p in ("break", "extend", "fill")]
    rows += [(L.t("completeness", lang), L.t("completeness_rule", lang)), (L.t("score", lang), L.t("score_rule", lang))]
    rows += [(L.t(f"weight_{k}", lang), f"{v:g}") for k, v in (("link", weights.link), ("quality", weights.quality),
                                                               ("park", weights.park), ("unconfirmed", weights.unconfirmed_link))]
    if m.synthetic:
        rows.append((L.t("status", lang), L.t("synthetic", lang)))
    return rows


def _table(ws, cols: list[Column], rows: list[list]) -> None:
    """Two bold header rows (zh, en), frozen, with a filter on the English row; wrapped cells."""
    zh, en = zip(*(_both(c.key) for c in cols))
    ws.append(list(zh))
    ws.append(list(en))
    for row in rows:
        ws.append(row)
    for r, colour in ((1, "111111"), (2, "555555")):
        for cell in ws[r]:
            cell.font = Font(bold=True, color=colour)
            cell.fill = HEADER_FILL
    ws.freeze_panes = "A3"
    last = get_column_letter(len(cols))
    ws.auto_filter.ref = f"A2:{last}{max(2, ws.max_row)}"
    for i, c in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_workbook(store: Store, ids: list[str], m: Meeting, *, rules: Rules = Rules(),
                   weights: Weights = Weights()) -> bytes:
    """The workbook for ``ids`` as .xlsx bytes: gaps, targets, firms per segment, sources, notes."""
    all_gaps = [analyse_chain(store.chain_view(cid), rules, weights) for cid in ids]
    wb = Workbook()
    wb.remove(wb.active)
    sheets: list[tuple[str, Callable[[], tuple[list[Column], list[list]]]]] = [
        (SHEET_GAPS, lambda: gap_sheet(all_gaps, m.lang)),
        (SHEET_TARGETS, lambda: target_sheet(all_gaps, m.lang)),
        (SHEET_FIRMS, lambda: firm_sheet(store, all_gaps, m.lang)),
        (SHEET_SOURCES, lambda: source_sheet(store, all_gaps, m.lang)),
    ]
    for title, make in sheets:
        _table(wb.create_sheet(title), *make())
    notes = wb.create_sheet(SHEET_NOTES)
    for key, value in notes_rows(all_gaps, m, rules, weights):
        notes.append([key, value])
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 100
    for cell in notes["A"]:
        cell.font = Font(bold=True)
    for cell in notes["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def write_xlsx(store: Store, ids: list[str], out: Path, m: Meeting) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_workbook(store, ids, m))
    return [out]
