"""XLSX: the gap table, the target list, the firms per segment and the sources, for every exported chain.

Each sheet is a table of ``graph.tables`` (the same columns as the pages and the CLI) with two header
rows — Chinese, then English — both bold and frozen, so a printed sheet reads in either language; cell
values follow the export language. A notes sheet states the district, the as-of date, the rules and the
score formula the rows rest on. Text that would start a formula (``= + - @``) is written as text.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from graph.analysis.gaps import POSITIONS, STATUSES, ChainGaps, Rules, analyse_chain
from graph.analysis.targets import Weights
from graph.export.common import Meeting
from graph.store import Store
from graph.tables import Context, Table, cells, headers
from graph.tables.gaps import GAPS, TARGETS, gap_rows, target_rows
from graph.tables.data import FIRMS, SOURCES, SourceRow, firm_rows
from graph.words import enum_label, join, name_of, t
from graph.words.explain import position_rule, presence_rule, status_rule

SHEETS = {"gaps": "缺口 gaps", "targets": "招商目标 targets", "firms": "环节企业 firms", "sources": "来源 sources",
          "notes": "说明 notes"}
SHEET_GAPS, SHEET_TARGETS, SHEET_FIRMS, SHEET_SOURCES, SHEET_NOTES = SHEETS.values()
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FORMULA_START = ("=", "+", "-", "@")


def put(cell, value: Any) -> None:
    """Write ``value`` as data: text that starts like a formula stays text (never a live formula)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_table(ws, table: Table, rows: Iterable[Any], ctx: Context) -> None:
    """Two bold header rows (zh, en), frozen, with a filter on the English row; wrapped cells."""
    for r, lang in enumerate(("zh", "en"), 1):
        for i, text in enumerate(headers(table, ctx.medium, lang), 1):
            cell = ws.cell(r, i)
            put(cell, text)
            cell.font = Font(bold=True, color="111111" if r == 1 else "555555")
            cell.fill = HEADER_FILL
    for r, values in enumerate(cells(table, rows, ctx), 3):
        for i, value in enumerate(values, 1):
            cell = ws.cell(r, i)
            put(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    cols = table.shown(ctx.medium)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{max(2, ws.max_row)}"
    for i, c in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = c.width


def notes_rows(all_gaps: list[ChainGaps], m: Meeting, rules: Rules, weights: Weights) -> list[tuple[str, str]]:
    lang = m.lang
    rows = [(t("region", lang), m.district), (t("dataset", lang), m.dataset),
            (t("as_of", lang), m.as_of), (t("exported_on", lang), m.date),
            (t("chain", lang), join((name_of(g.chain, lang) for g in all_gaps), lang))]
    rows += [(enum_label("gap_status", s, lang), status_rule(s, rules, lang)) for s in STATUSES]
    rows += [(enum_label("gap_position", p, lang), position_rule(p, lang)) for p in POSITIONS]
    rows += [(t("presence", lang), presence_rule(rules, lang))]
    rows += [(t("completeness", lang), t("completeness_rule", lang)), (t("score", lang), t("score_rule", lang))]
    rows += [(t(f"weight_{k}", lang), f"{v:g}") for k, v in (("link", weights.link), ("quality", weights.quality),
                                                             ("park", weights.park), ("unconfirmed", weights.unconfirmed_link))]
    if m.synthetic:
        rows.append((t("status", lang), t("synthetic", lang)))
    return rows


def build_workbook(store: Store, ids: list[str], m: Meeting, *, rules: Rules = Rules(),
                   weights: Weights = Weights()) -> bytes:
    """The workbook for ``ids`` as .xlsx bytes: gaps, targets, firms per segment, sources, notes."""
    all_gaps = [analyse_chain(store.chain_view(cid), rules, weights) for cid in ids]
    used: dict[str, list[str]] = {}
    for gaps in all_gaps:
        for sid in gaps.view.source_ids:
            used.setdefault(sid, []).append(name_of(gaps.chain, m.lang))
    sources = store.sources(tuple(sorted(used)))
    ctx = Context(m.lang, "sheet", top=3, extra={"sources": {s.id: s for s in sources}})
    wb = Workbook()
    wb.remove(wb.active)
    for name, table, rows in (
        ("gaps", GAPS, gap_rows(all_gaps)),
        ("targets", TARGETS, target_rows(all_gaps)),
        ("firms", FIRMS, firm_rows(g.view for g in all_gaps)),
        ("sources", SOURCES, [SourceRow(s, tuple(used[s.id])) for s in sources]),
    ):
        write_table(wb.create_sheet(SHEETS[name]), table, rows, ctx)
    notes = wb.create_sheet(SHEET_NOTES)
    for r, (key, value) in enumerate(notes_rows(all_gaps, m, rules, weights), 1):
        put(notes.cell(r, 1), key)
        put(notes.cell(r, 2), value)
        notes.cell(r, 1).font = Font(bold=True)
        notes.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 100
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def write_xlsx(store: Store, ids: list[str], out: Path, m: Meeting) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_workbook(store, ids, m))
    return [out]
