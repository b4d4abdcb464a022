"""Read data files into plain tables: a CSV folder or one .xlsx workbook.

A table keeps the file name and the spreadsheet row number of every row, so a
validation problem can point at the exact cell a person has to fix.

Every file gets an answer, never a traceback: what cannot be read at all raises ReadError (file, and
row/column when known); damage inside a readable file (a control character, an invalid byte, a cell
over the length limit) is kept in ``Table.problems`` so one report lists all of it. The limits below
are stated in docs/data-format.md ("Limits and encodings").
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import KINDS
from loaders.encoding import SAVE_AS_UTF8, EncodingRefused, damaged_char, implausible_gb18030, is_unusual, sniff

OPTIONAL_KINDS = ("firm_links", "projects", "meta")
# A province's data folder: 1M firms (~105 MB of firms.csv) and 5M firm links (~300 MB), read from disk by
# `chainmap check / load / neo4j import` (bench/scale.py --sizes 1m); an upload in the app has its own, smaller
# limit (loaders/upload.py). The embedded store says when the data is past what it handles well.
MAX_FILE_BYTES = 512 * 1024 * 1024  # per file, checked from stat before reading
MAX_ROWS = 10_000_000  # data rows per file or sheet
MAX_CELL_CHARS = 32_767  # Excel's own cell limit
MAX_PROBLEMS_PER_FILE = 20  # then one line says how many more
# The parser must never stop at a long cell: the cell checks report each one with its row and column.
# (csv's limit is process-wide; it is only ever raised here, never lowered.)
if csv.field_size_limit() <= MAX_FILE_BYTES:
    csv.field_size_limit(MAX_FILE_BYTES + 1)
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LOST = re.compile(r"\?\?")  # what Excel writes for characters its chosen encoding cannot hold


@dataclass
class Table:
    file: str  # what the user sees: "firms.csv" or "laoshan.xlsx[firms]"
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as shown in a spreadsheet, cells)
    notes: list[str] = field(default_factory=list)  # e.g. the encoding that was detected
    problems: list[tuple[int | None, str, str, str, str]] = field(default_factory=list)  # row, column, value, what, fix


class ReadError(Exception):
    """A file that cannot be read at all (not a per-cell problem); ``more`` holds further located problems."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str = "", value: str = "",
                 hint: str = "", more: list[ReadError] | tuple = ()):
        super().__init__(f"{file}: {message}")
        self.file, self.message, self.row, self.column, self.value, self.hint = file, message, row, column, value, hint
        self.more = list(more)

    def all(self) -> list[ReadError]:
        return [self, *self.more]


def _snippet(text: str, at: int = 0, width: int = 40) -> str:
    start = max(0, at - width // 2)
    return ("…" if start else "") + text[start:start + width] + ("…" if len(text) > start + width else "")


def read_bytes(path: Path, file: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is a ReadError.

    Opened non-blocking and checked with fstat, so a FIFO or a device in place of a file is refused
    instead of hanging the import, and the size is known before anything is read.
    """
    limit = limit or MAX_FILE_BYTES
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(file, "is a symbolic link that points to itself (a link loop)",
                            hint="replace the link with the real file") from None
        if exc.errno == errno.ENOENT:
            raise ReadError(file, "is a link to a file that does not exist",
                            hint="replace the link with the real file") from None
        if exc.errno == errno.EISDIR:
            raise ReadError(file, "is a folder, not a file", hint="put the file itself here") from None
        raise ReadError(file, f"cannot be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(file, "is a folder, not a file", hint="put the file itself here")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(file, "is not a regular file (a device, a pipe or a socket)",
                            hint="put a saved CSV or .xlsx file here")
        if info.st_size > limit:
            raise ReadError(file, f"is {info.st_size / 2**20:,.1f} MB; the limit is {limit / 2**20:,.0f} MB per file",
                            hint="split the data or remove unused columns")
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        raise ReadError(file, f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise ReadError(file, f"is larger than the limit of {limit / 2**20:,.0f} MB per file")
    return raw


def decode(raw: bytes, file: str) -> tuple[str, list[str]]:
    """Decode CSV bytes: UTF-8 (with or without BOM), else GB18030 as Excel writes on Chinese Windows.

    Invalid bytes become lone surrogates (U+DC80–DCFF) for ``check_cells`` to report by row and column.
    """
    try:
        codec, body = sniff(raw)
    except EncodingRefused as exc:
        raise ReadError(file, exc.message, hint=exc.hint) from None
    text = body.decode(codec, errors="surrogateescape")
    if codec == "utf-8":
        return text, []
    return text, [
        "read as GBK/GB18030 (not UTF-8). It was loaded correctly; to avoid this note, "
        "save as 'CSV UTF-8 (逗号分隔)' / 另存为 CSV UTF-8."
    ]


_CSV_ERRORS = (
    ("field larger than field limit", f"a cell in this row is longer than {MAX_CELL_CHARS:,} characters (Excel's "
     "limit) — usually a quote \" that is never closed, so the following rows became one cell",
     'close the quote, or write "" for a quote inside a cell'),
    ("unexpected end of data", "a quote \" opened in this row is never closed: the rest of the file would be one cell",
     'add the closing ", or write "" for a quote inside a cell'),
    ("expected after", 'text follows the closing quote of a cell', 'a cell that starts with " must end with "; '
     'write "" for a quote inside it'),
)


def parse_csv(text: str, file: str) -> Table:
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    table = Table(file, [], [])
    record = 1
    try:
        header = next(reader, None)
        if header is None or not any(c.strip() for c in header):
            raise ReadError(file, "the file is empty; the first row must name the columns",
                            hint="the first row names the columns, e.g. id,name,…")
        columns = header_columns(table, [c.strip() for c in header])
        width, plain = len(columns), all(columns)  # plain: no blanked (repeated) column, so zip() fits
        rows, strip = table.rows, str.strip
        for record, cells in enumerate(reader, start=2):
            values = list(map(strip, cells))
            if not any(values):
                continue  # a blank row
            if len(rows) >= MAX_ROWS:
                raise ReadError(file, f"has more than {MAX_ROWS:,} rows (the limit per file)", row=record,
                                hint="split the data; a district's data fits far below this")
            if plain and len(values) == width:
                row = dict(zip(columns, values))
            else:
                row = {col: (values[i] if i < len(values) else "") for i, col in enumerate(columns) if col}
                if len(values) > width and any(values[width:]):
                    row["\0overflow"] = ";".join(cells[width:])
            rows.append((record, row))
    except csv.Error as exc:
        text_of = str(exc)
        message, hint = next(((m, h) for key, m, h in _CSV_ERRORS if key in text_of),
                             (f"cannot be read as CSV ({text_of})", "save it again from Excel as CSV UTF-8"))
        raise ReadError(file, message, row=record + 1 if table.columns else 1, hint=hint) from None
    return table


def header_columns(table: Table, columns: list[str]) -> list[str]:
    """Keep the header; a repeated column name is an error (the later one would silently win)."""
    seen: dict[str, int] = {}
    for i, col in enumerate(columns):
        if col in seen:
            table.problems.append((1, col, "", f"column name appears twice (columns {seen[col] + 1} and {i + 1})",
                                   "rename or delete one of the two columns"))
            columns[i] = ""
        elif col:
            seen[col] = i
        if any(unicodedata.category(ch) == "Cf" for ch in col):
            table.problems.append((1, col, col, "the column name contains an invisible character (U+"
                                   + next(f"{ord(ch):04X}" for ch in col if unicodedata.category(ch) == "Cf")
                                   + "), e.g. a second byte-order mark", "retype the column name"))
    table.columns = [c for c in columns if c]
    return columns


_CELL_SEP = "\x1f"  # between cells in ``_clean``'s one string (a cell holding it takes the careful path)
_PLAIN = bytes([9, 10, 13, *range(0x20, 0x7F)])  # tab, line ends and printable ASCII: never damaged


def _clean_text(text: str) -> bool:
    """Whether every cell parsed from ``text`` (a CSV file's text) is surely clean, decided over the text
    itself, which holds every cell: no '??', no damaged character, and — when no quote lets a cell hold a
    comma or a line end — no line, hence no cell, over the length limit."""
    if "??" in text:
        return False
    rest = text.encode("utf-8", "surrogatepass").translate(None, _PLAIN).decode("utf-8", "surrogatepass")
    if any(damaged_char(ch) for ch in set(rest)):
        return False
    return len(text) <= MAX_CELL_CHARS or ('"' not in text and max(map(len, text.split("\n"))) <= MAX_CELL_CHARS)


def _clean(table: Table, text: str | None = None) -> bool:
    """Whether every cell is surely clean (no damaged character, none too long, no '??'), decided over one
    string of the whole table at C speed (the file's own text when given); when in doubt, ``check_cells``
    looks at every cell."""
    if text is not None and _clean_text(text):
        return True
    values = [*table.columns, *(v for _, row in table.rows for v in row.values())]
    blob = _CELL_SEP.join(values)
    if blob.count(_CELL_SEP) != len(values) - 1 or "??" in blob:
        return False
    chars = set(blob)
    chars.discard(_CELL_SEP)
    if any(damaged_char(ch) for ch in chars if not ch.isascii() or _ASCII_CONTROL.match(ch)):
        return False
    return max(map(len, values), default=0) <= MAX_CELL_CHARS


def check_cells(table: Table, gb18030: bool = False, text: str | None = None) -> None:
    """Report damaged characters and too-long cells by row and column; refuse implausible GB18030 text.
    ``text``: the CSV text the table was parsed from (lets a clean file be told clean from its text).

    Damaged characters are replaced by U+FFFD after they are reported, so no message can fail to print.
    """
    if not gb18030 and _clean(table, text):
        return
    cells = [(1, col, col) for col in table.columns]
    cells += [(n, col, v) for n, row in table.rows for col, v in row.items() if v]
    found: list[tuple[int | None, str, str, str, str]] = []
    chars: set[str] = set()
    for n, col, v in cells:
        if len(v) > MAX_CELL_CHARS:
            found.append((n, col.lstrip("\0"), _snippet(v), f"the cell has {len(v):,} characters; the limit is "
                          f"{MAX_CELL_CHARS:,} (Excel's cell limit)",
                          'shorten it; if it spans many lines, a quote " was probably never closed'
                          if "\n" in v else "shorten it"))
        if not v.isascii():
            chars.update(v)
        elif _ASCII_CONTROL.search(v):
            chars.update(_ASCII_CONTROL.findall(v))
    bad = {ch: why for ch in chars if (why := damaged_char(ch))}
    if bad:
        pattern = re.compile("[" + "".join(re.escape(ch) for ch in bad) + "]")
        for n, col, v in cells:
            if (m := pattern.search(v)):
                found.append((n, col.lstrip("\0"), _snippet(v, m.start()), f"the cell contains {bad[m.group()]}",
                              "delete the character; if many cells are affected, " + SAVE_AS_UTF8))
        _replace(table, pattern)
    for n, col, v in cells:
        if "??" in v and (m := _LOST.search(v)):
            found.append((n, col.lstrip("\0"), _snippet(v, m.start()), "'??' — characters were lost: the file was "
                          "saved in an encoding that cannot hold Chinese, which writes ? instead", SAVE_AS_UTF8))
    if len(found) > MAX_PROBLEMS_PER_FILE:
        rest = len(found) - MAX_PROBLEMS_PER_FILE
        found = found[:MAX_PROBLEMS_PER_FILE] + [(None, "", "", f"… and {rest:,} more such problems in this file", "")]
    table.problems.extend(found)
    if gb18030:
        why = implausible_gb18030("\n".join(v for _, _, v in cells))
        if why:
            raise _implausible(table, cells, why)


def _implausible(table: Table, cells, why: str) -> ReadError:
    rows: list[ReadError] = []
    for n, col, v in cells:
        if len(rows) == 5:
            break
        at = next((i for i, ch in enumerate(v) if is_unusual(ch)), None)
        if at is not None:
            rows.append(ReadError(table.file, "this row does not read as Chinese text", row=n,
                                  column=col.lstrip("\0"), value=_snippet(v, at)))
    first = rows[0] if rows else None
    return ReadError(table.file, f"does not look like GBK/GB18030 Chinese text: {why}. It was probably saved in "
                     "another encoding (Big5, Shift-JIS, Latin-1, …) and is not read, to avoid garbled names",
                     row=first.row if first else None, column=first.column if first else "",
                     value=first.value if first else "", hint=SAVE_AS_UTF8, more=rows[1:])


def _replace(table: Table, pattern: re.Pattern) -> None:
    table.columns = [pattern.sub("\ufffd", c) for c in table.columns]
    keep = "\0overflow"  # the reader's own key for cells beyond the header
    table.rows = [(n, {(k if k == keep else pattern.sub("\ufffd", k)): pattern.sub("\ufffd", v) for k, v in row.items()})
                  for n, row in table.rows]


def read_csv_file(path: Path, file: str) -> Table:
    raw = read_bytes(path, file)
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ReadError(file, "the file is empty; the first row must name the columns",
                        hint="the first row names the columns, e.g. id,name,…")
    text, notes = decode(raw, file)
    del raw
    table = parse_csv(text, file)
    table.notes.extend(notes)
    check_cells(table, gb18030=bool(notes), text=text)
    return table


def read_folder(folder: Path) -> dict[str, Table]:
    """Read ``<kind>.csv`` files from a folder; missing optional files are simply absent.

    Every unreadable file is reported (one ReadError whose ``more`` holds the others), not just the first.
    """
    tables: dict[str, Table] = {}
    errors: list[ReadError] = []
    for kind in (*KINDS, "meta"):
        path = folder / f"{kind}.csv"
        if not os.path.lexists(path):
            continue
        try:
            tables[kind] = read_csv_file(path, path.name)
        except ReadError as exc:
            errors.extend(exc.all())
    if errors:
        raise ReadError(errors[0].file, errors[0].message, errors[0].row, errors[0].column, errors[0].value,
                        errors[0].hint, more=errors[1:] + errors[0].more)
    return tables


def unread_files(folder: Path) -> list[str]:
    """CSV files in ``folder`` that are not one of the known kinds (named in a warning)."""
    known = {f"{k}.csv" for k in (*KINDS, "meta")}
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(printable_name(n) for n in names if n.lower().endswith(".csv") and n not in known)


def printable_name(name: str) -> str:
    """A file name as text that can always be printed (undecodable bytes in a name become �)."""
    return _ASCII_CONTROL.sub("\ufffd", name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def read_tables(path: Path) -> dict[str, Table]:
    """A folder of CSV files or an .xlsx workbook, whichever ``path`` is."""
    path = Path(path)
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:
        what = "a symbolic link loop" if getattr(exc, "errno", None) == errno.ELOOP else \
            getattr(exc, "strerror", None) or str(exc)
        raise ReadError(printable_name(str(path)), f"cannot be read ({what})",
                        hint="give a folder of CSV files or an .xlsx workbook") from None
    if stat.S_ISDIR(info.st_mode):
        return read_folder(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from loaders.workbook import read_workbook

        return read_workbook(path)
    if path.suffix.lower() == ".xls":
        raise ReadError(path.name, "old Excel .xls files are not read",
                        hint="open it in Excel and save as .xlsx (Excel 工作簿) or CSV UTF-8")
    raise ReadError(printable_name(str(path)), "expected a folder of CSV files or an .xlsx workbook",
                    hint="a single CSV file is one part of a dataset: give the folder that holds it")


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
