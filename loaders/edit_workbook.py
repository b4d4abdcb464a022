"""The current data as one workbook made for editing in Excel, and the version it was made from.

One sheet per kind (the file stems: ``firms``, ``chains``, … and ``meta``), its first row the column names the
reader expects, each header cell with a comment stating the column's meaning and allowed values (Chinese,
then English), drop-down lists for ids, stages, statuses, booleans and evidence, the header row frozen, and a
``说明`` sheet explaining how to edit (Chinese first, English below). Cells are written so that reading the
workbook back gives the same ``Dataset``: text as text (a text that starts like a formula stays text),
numbers as numbers. The data version the workbook was made from travels in the workbook's properties
(``identifier``), so an upload can tell whether the data changed since the download.
"""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from graph.export.xlsx import put
from graph.model import CHAIN_STATUSES, EVIDENCE, PARK_STATUSES, PRESENCES, STAGES, Dataset, cell as file_cell
from graph.words import enum_label, t
from graph.words import en, zh
from loaders.validate import SCHEMA
from loaders.workbook import NOTES_SHEET
from loaders.write import _rows

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ROOM = 2000  # rows below the data that the drop-downs still cover (rows staff add)
NUMBERS = {("parks", "area_mu"), ("projects", "investment_yi"), ("projects", "year")}
# (kind, column) -> the kind whose ids it names; list columns take several ids separated by ';'
IDS = {("chains", "leaders"): "firms", ("segments", "chain"): "chains", ("segment_links", "from"): "segments",
       ("segment_links", "to"): "segments", ("parks", "focus"): "chains", ("firms", "park"): "parks",
       ("firms", "segments"): "segments", ("firm_links", "supplier"): "firms", ("firm_links", "customer"): "firms",
       ("projects", "chain"): "chains", ("projects", "segment"): "segments", ("projects", "park"): "parks",
       ("projects", "firm"): "firms"}
# (kind, column) -> (words table for the labels or "", allowed codes, may be empty)
CODES = {("chains", "status"): ("chain_status", CHAIN_STATUSES, False), ("segments", "stage"): ("", STAGES, False),
         ("parks", "status"): ("park_status", PARK_STATUSES, False), ("firms", "evidence"): ("evidence", EVIDENCE, True),
         ("firms", "presence"): ("presence", PRESENCES, True), ("firms", "local"): ("", ("true", "false"), False)}


def _help(kind: str, column: str, lang: str) -> str:
    book = zh if lang == "zh" else en
    text = book.COLUMNS.get(f"{kind}.{column}") or book.COLUMNS.get(column) or book.COLUMNS["extra"]
    if (kind, column) in CODES:
        table, codes, empty = CODES[(kind, column)]
        label = (lambda c: f"{c} = {enum_label(table, c, lang)}") if table else \
            (lambda c: f"{c} = {t(c, lang)}" if c in STAGES else c)
        text += f"\n{t('wb_allowed', lang)}: " + " | ".join(label(c) for c in codes)
        if empty:
            text += f" ({t('wb_may_be_empty', lang)})"
    if (kind, column) in IDS:
        target = IDS[(kind, column)]
        text += "\n" + t("wb_ids_of", lang).format(sheet=target)
        if column in SCHEMA[kind][1]:
            text += " " + t("wb_list", lang)
    elif column == "sources":
        text += "\n" + t("wb_ids_of", lang).format(sheet="sources") + " " + t("wb_list", lang)
    return text


def _value(kind: str, column: str, text: str):
    if not text:
        return None
    if (kind, column) in NUMBERS:
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    return text


def _validations(ws, kind: str, columns: list[str], last: int) -> None:
    for i, column in enumerate(columns, 1):
        letter = get_column_letter(i)
        rule = None
        if (kind, column) in CODES:
            _, codes, empty = CODES[(kind, column)]
            rule = DataValidation(type="list", formula1='"' + ",".join(codes) + '"', allow_blank=empty)
            rule.showErrorMessage = True
        elif (kind, column) in IDS or column == "sources":
            target = IDS.get((kind, column), "sources")
            rule = DataValidation(type="list", formula1=f"{target}!$A$2:$A${last}", allow_blank=True)
            # a list cell holds several ids ("a;b"), and a new id may be on a row added below: suggest, never refuse
            rule.showErrorMessage = column not in SCHEMA[kind][1]
        if rule is None:
            continue
        rule.error, rule.errorTitle = t("wb_refused", "zh") + " / " + t("wb_refused", "en"), "chainmap"
        rule.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(rule)


def _sheet(wb: Workbook, kind: str, rows: list[dict], last: int) -> None:
    ws = wb.create_sheet(kind)
    columns = list(SCHEMA[kind][0])
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    for i, column in enumerate(columns, 1):
        cell = ws.cell(1, i)
        put(cell, column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.comment = Comment(_help(kind, column, "zh") + "\n\n" + _help(kind, column, "en"), "chainmap",
                               width=320, height=200)
        ws.column_dimensions[get_column_letter(i)].width = 28 if column in ("name", "title", "note") else 16
    for r, row in enumerate(rows, 2):
        for i, column in enumerate(columns, 1):
            value = _value(kind, column, file_cell(row.get(column)))
            if value is not None:
                put(ws.cell(r, i), value)
    ws.freeze_panes = "A2"
    if kind != "meta":
        _validations(ws, kind, columns, last)


def _notes(wb: Workbook, data: Dataset, base: str) -> None:
    ws = wb.create_sheet(NOTES_SHEET, 0)
    lines = [(t("wb_notes_title", "zh"), "")]
    lines += [("", line) for line in t("wb_notes", "zh").splitlines()]
    lines += [(t("wb_version", "zh"), base), (t("as_of", "zh"), data.as_of), ("", "")]
    lines += [(t("wb_notes_title", "en"), "")]
    lines += [("", line) for line in t("wb_notes", "en").splitlines()]
    lines += [(t("wb_version", "en"), base), (t("as_of", "en"), data.as_of)]
    for r, (key, text) in enumerate(lines, 1):
        put(ws.cell(r, 1), key or None)
        put(ws.cell(r, 2), text or None)
        ws.cell(r, 1).font = Font(bold=True)
        ws.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 110


def edit_workbook(data: Dataset, base: str = "") -> bytes:
    """``data`` as an editable .xlsx (bytes); ``base`` names the data version it was made from."""
    rows = _rows(data)
    last = max(len(r) for r in rows.values()) + ROOM
    wb = Workbook()
    wb.remove(wb.active)
    _notes(wb, data, base)
    for kind, kind_rows in rows.items():
        _sheet(wb, kind, kind_rows, last)
    wb.properties.identifier = base or None
    wb.properties.title = data.title or None
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def workbook_base(raw: bytes) -> str:
    """The data version an editable workbook was made from ("" when it does not say, or is no workbook)."""
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True)
    except Exception:  # noqa: BLE001 — not a workbook: the reader reports it properly
        return ""
    try:
        return book.properties.identifier or ""
    finally:
        book.close()
