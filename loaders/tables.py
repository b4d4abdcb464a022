"""Read data files into plain tables: a CSV folder or one .xlsx workbook.

A table keeps the file name and the spreadsheet row number of every row, so a
validation problem can point at the exact cell a person has to fix.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import KINDS

OPTIONAL_KINDS = ("firm_links", "projects", "meta")


@dataclass
class Table:
    file: str  # what the user sees: "firms.csv" or "laoshan.xlsx[firms]"
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as shown in a spreadsheet, cells)
    notes: list[str] = field(default_factory=list)  # e.g. the encoding that was detected


class ReadError(Exception):
    """A file that cannot be read at all (not a per-cell problem)."""

    def __init__(self, file: str, message: str):
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


def decode(raw: bytes, file: str) -> tuple[str, list[str]]:
    """Decode CSV bytes: UTF-8 (with or without BOM), else GB18030 as Excel writes on Chinese Windows."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), []
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise ReadError(
                file,
                f"not UTF-8 (byte {utf8_error.start}) and not GBK/GB18030 either. "
                "Save it as 'CSV UTF-8 (逗号分隔)(*.csv)' in Excel / 另存为 CSV UTF-8.",
            ) from None
        return text, [
            f"{file}: read as GBK/GB18030 (not UTF-8). It was loaded correctly; to avoid this note, "
            "save as 'CSV UTF-8 (逗号分隔)' / 另存为 CSV UTF-8."
        ]


def parse_csv(text: str, file: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ReadError(file, "the file is empty; the first row must name the columns") from None
    columns = [c.strip() for c in header]
    rows = []
    for line_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns) if col}
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            row["\0overflow"] = ";".join(cells[len(columns):])
        rows.append((line_no, row))
    return Table(file, [c for c in columns if c], rows)


def read_folder(folder: Path) -> dict[str, Table]:
    """Read ``<kind>.csv`` files from a folder; missing optional files are simply absent."""
    tables: dict[str, Table] = {}
    for kind in (*KINDS, "meta"):
        path = folder / f"{kind}.csv"
        if not path.exists():
            continue
        text, notes = decode(path.read_bytes(), path.name)
        table = parse_csv(text, path.name)
        table.notes.extend(notes)
        tables[kind] = table
    return tables


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def read_workbook(path: Path) -> dict[str, Table]:
    """Read one .xlsx whose sheet names are the file stems (firms, chains, ...)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise ReadError(path.name, f"cannot open as an .xlsx workbook ({exc})") from None
    tables: dict[str, Table] = {}
    try:
        for kind in (*KINDS, "meta"):
            if kind not in book.sheetnames:
                continue
            sheet = book[kind]
            it = sheet.iter_rows(values_only=True)
            header = next(it, None)
            file = f"{path.name}[{kind}]"
            if header is None:
                raise ReadError(file, "the sheet is empty; the first row must name the columns")
            columns = [_cell_text(c) for c in header]
            rows = []
            for line_no, values in enumerate(it, start=2):
                cells = [_cell_text(v) for v in values]
                if not any(cells):
                    continue
                rows.append((line_no, {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(columns) if col}))
            tables[kind] = Table(file, [c for c in columns if c], rows)
    finally:
        book.close()
    return tables


def read_tables(path: Path) -> dict[str, Table]:
    """A folder of CSV files or an .xlsx workbook, whichever ``path`` is."""
    path = Path(path)
    if path.is_dir():
        return read_folder(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_workbook(path)
    raise ReadError(str(path), "expected a folder of CSV files or an .xlsx workbook")


def write_workbook(folder: Path, out: Path) -> None:
    """Copy a folder of CSV files into one workbook, one sheet per file stem (for editing in Excel)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for kind, table in read_folder(Path(folder)).items():
        sheet = book.create_sheet(kind)
        sheet.append(table.columns)
        for _, row in table.rows:
            sheet.append([row.get(col, "") for col in table.columns])
    book.save(out)
