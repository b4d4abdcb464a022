"""Read an .xlsx workbook into tables, within fixed bounds whatever the workbook holds.

Why bounded: openpyxl's read-only mode pads every row to the sheet's recorded width, so one stray cell at
XFD1048576 turns a small sheet into 17 billion empty cells. Here only the columns that have a name in the
header row are read, reading stops after EMPTY_RUN empty rows, and the zip's unpacked size is checked
before parsing. Formulas are read as the result Excel stored (a formula without one is an error), merged
cells are refused (only their first cell holds the value) and sheets that are not read are named.
"""

from __future__ import annotations

import datetime
import difflib
import io
import math
import re
import zipfile
from pathlib import Path

from graph.model import KINDS
from loaders.tables import MAX_ROWS, ReadError, Table, check_cells, header_columns, printable_name, read_bytes

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # all parts of the zip together, unpacked
EMPTY_RUN = 1_000  # this many empty rows in a row end a sheet
NOTES_SHEET = "说明"  # the editable workbook's instructions (loaders/edit_workbook.py): not data, never named as unread
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
_REF = re.compile(r"([A-Z]+)([0-9]+)")
UNMERGE = "unmerge them (开始 → 合并后居中 → 取消单元格合并 / Home → Merge & Center → Unmerge) and fill every cell"


def cell_text(value: object) -> str:
    """A cell value as the text a person sees: 2918.0 → '2918', a date at midnight → '2024-03-01'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value).strip()


def _scan(archive: zipfile.ZipFile, part: str | None) -> tuple[bool, list[str]]:
    """(has formulas, merged ranges) of one sheet's XML, read in chunks without parsing it."""
    if part is None or part not in archive.namelist():
        return True, []  # unknown layout: look for formulas cell by cell
    formulas, merges, tail = False, [], b""
    with archive.open(part) as src:
        while chunk := src.read(1 << 20):
            data = tail + chunk
            formulas = formulas or bool(_FORMULA.search(data))
            merges.extend(m.decode() for m in _MERGE.findall(data))
            tail = data[-200:]
    return formulas, list(dict.fromkeys(merges))


def read_workbook(path: Path) -> dict[str, Table]:
    """Read one .xlsx whose sheet names are the file stems (firms, chains, ...)."""
    from openpyxl import load_workbook

    name = printable_name(Path(path).name)
    raw = read_bytes(Path(path), name)
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ReadError(name, "is password-protected (encrypted) or an old .xls file; neither can be read",
                        hint="remove the password (文件 → 信息 → 保护工作簿 → 用密码进行加密 → 清空 / File → Info → "
                             "Protect Workbook → Encrypt with Password → empty) and save as .xlsx")
    if not raw.startswith(b"PK"):
        looks = "text (a CSV file renamed to .xlsx?)" if raw[:1000].isascii() or raw[:3] == b"\xef\xbb\xbf" else \
            "some other kind of file"
        raise ReadError(name, f"is not an .xlsx workbook (not a zip file); it looks like {looks}",
                        hint="open it in Excel and save as Excel 工作簿 (*.xlsx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(name, f"is a damaged workbook: the zip cannot be opened ({exc})",
                        hint="open it in Excel (which may repair it) and save it again") from None
    if unpacked > MAX_UNZIPPED_BYTES:
        raise ReadError(name, f"unpacks to {unpacked / 2**20:,.0f} MB; the limit is "
                        f"{MAX_UNZIPPED_BYTES / 2**20:,.0f} MB", hint="split the workbook or delete unused sheets")
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for a bad file; each is one answer
        raise ReadError(name, f"cannot be opened as an .xlsx workbook ({type(exc).__name__}: {str(exc)[:200]})",
                        hint="open it in Excel and save it again as .xlsx") from None
    formula_book = None
    tables: dict[str, Table] = {}
    wanted = (*KINDS, "meta")
    try:
        others = [s for s in book.sheetnames if s not in wanted and s != NOTES_SHEET]
        for kind in wanted:
            if kind not in book.sheetnames:
                continue
            file = f"{name}[{kind}]"
            try:
                sheet = book[kind]
                formulas, merges = _scan(archive, getattr(sheet, "_worksheet_path", None))
                if formulas and formula_book is None:
                    formula_book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
                tables[kind] = _read_sheet(sheet, formula_book[kind] if formulas else None, merges, file)
            except ReadError:
                raise
            except Exception as exc:  # noqa: BLE001 — damaged XML inside the zip, a chart sheet, …
                raise ReadError(file, f"cannot be read ({type(exc).__name__}: {str(exc)[:200]})",
                                hint="open the workbook in Excel and save it again") from None
    finally:
        book.close()
        if formula_book is not None:
            formula_book.close()
    if others and tables:
        near = {o: difflib.get_close_matches(o.strip().lower(), wanted, n=1) for o in others}
        hint = "; ".join(f"'{o}' → '{m[0]}'?" for o, m in near.items() if m)
        first = next(iter(tables.values()))
        first.notes.append(f"sheets not read: {', '.join(others)} (sheet names must be "
                           f"{', '.join(wanted)})" + (f" — did you mean {hint}" if hint else ""))
    return tables


def _read_sheet(sheet, formula_sheet, merges: list[str], file: str) -> Table:
    declared_rows, declared_columns = sheet.max_row, sheet.max_column
    sheet.reset_dimensions()  # a wrong <dimension> must neither cut rows nor pad them
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ()) or ()
    names = [cell_text(v) for v in header]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise ReadError(file, "the sheet is empty; the first row must name the columns", row=1,
                        hint="the first row names the columns, e.g. id, name, …")
    width = len(names)
    table = Table(file, [], [])
    columns = header_columns(table, names)
    values = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    if formula_sheet is not None:
        formula_sheet.reset_dimensions()
        formulas = formula_sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    empty = stored = 0
    row_no = 1
    for row_no, cells in enumerate(values, start=2):
        raw = next(formulas, None) if formula_sheet is not None else None
        if raw is not None:
            stored += _formula_cells(table, row_no, columns, cells, raw)
        texts = [cell_text(v) for v in cells] if any(cells) or not all(v is None for v in cells) else []
        if not any(texts):
            empty += 1
            if empty >= EMPTY_RUN:
                break
            continue
        empty = 0
        if len(table.rows) >= MAX_ROWS:
            raise ReadError(file, f"has more than {MAX_ROWS:,} rows (the limit per sheet)", row=row_no,
                            hint="split the data; a district's data fits far below this")
        table.rows.append((row_no, {col: (texts[i] if i < len(texts) else "") for i, col in enumerate(columns) if col}))
    if empty >= EMPTY_RUN and declared_rows and declared_rows > row_no:
        table.notes.append(f"reading stopped after row {row_no - EMPTY_RUN:,}: the next {EMPTY_RUN:,} rows are empty, "
                           f"but the sheet's used range reaches row {declared_rows:,}; anything further down was not "
                           "read — delete stray cells below the table")
    if (declared_columns or 0) > width or len(header) > width:
        table.notes.append(f"only the {width} named columns were read; cells to the right of the last "
                           "column name are ignored")
    if stored:
        table.notes.append(f"{stored} formula cell(s) were read as the values Excel last computed and stored")
    for ref in merges[:20]:
        _merged(table, ref, columns)
    check_cells(table)
    return table


def _formula_cells(table: Table, row_no: int, columns: list[str], cells, raw) -> int:
    """Count formula cells with a stored value; report those without one or with an error value."""
    stored = 0
    for i, (value, formula) in enumerate(zip(cells, raw)):
        if formula is None or formula == value or not isinstance(formula, str) and not hasattr(formula, "text"):
            continue
        column = columns[i] if i < len(columns) else ""
        if value is None:
            table.problems.append((row_no, column, str(formula)[:60], "a formula without a stored result",
                                   "open the workbook in Excel, let it calculate, and save it; or paste values"))
        elif isinstance(value, str) and value in EXCEL_ERRORS:
            table.problems.append((row_no, column, value, f"the formula's result is an error ({value})",
                                   "fix the formula in Excel, or type the value"))
        else:
            stored += 1
    return stored


def _merged(table: Table, ref: str, columns: list[str]) -> None:
    from openpyxl.utils import column_index_from_string

    m = _REF.match(ref)
    col = column_index_from_string(m.group(1)) - 1
    column = columns[col] if col < len(columns) and columns[col] else m.group(1)
    table.problems.append((int(m.group(2)), column, ref, f"merged cells {ref}: only the first cell holds the value",
                           UNMERGE))
