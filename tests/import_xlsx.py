"""Turn a fuzz case's CSV files into an .xlsx workbook, then apply workbook-only edits.

Why a separate step: Excel users hand over workbooks, and a workbook fails in its own ways (a cell at
XFD1048576, merged cells, formulas with or without a stored result, extra sheets, a wrong dimension record,
a damaged zip, an encrypted file). The cells written are exactly the cells the case's CSV files truly hold
(decoded with the codec the case used), so the fuzz oracle's reference stays the same.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

from tests.import_mutations import KINDS, NUMERIC, rows_of

XLSX_EDITS = ["far_cell", "far_row", "merge", "formula", "cached_formula", "extra_sheet", "date", "corrupt",
              "truncate", "not_zip", "ole", "rename_sheet", "huge_cell", "wrong_dimension"]
MUST_REFUSE = {"merge", "formula", "truncate", "not_zip", "ole"}
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # XML 1.0 cannot hold these
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _value(kind: str, column: str, text: str, dates: bool):
    if column in NUMERIC.get(kind, ()):
        for cast in (int, float):
            try:
                number = cast(text)
            except ValueError:
                continue
            if str(number) == text and abs(number) < 1e15:  # what Excel can hold as a number
                return number
    if dates and column == "published" and DATE.match(text):
        y, m, d = map(int, DATE.match(text).groups())
        try:
            return datetime.datetime(y, m, d)
        except ValueError:
            return text
    return text


def to_workbook(case, folder: Path, out: Path, rng) -> None:
    from openpyxl import Workbook

    edits = case.xlsx
    case.must_refuse = bool(MUST_REFUSE & set(edits))
    book = Workbook()
    book.remove(book.active)
    for kind in KINDS:
        path = folder / f"{kind}.csv"
        if not path.is_file():
            continue
        codec = case.codec.get(kind, "utf-8")
        raw = path.read_bytes()
        if codec == "utf-8" and raw.startswith(b"\xef\xbb\xbf"):
            codec = "utf-8-sig"
        sheet = book.create_sheet(kind)
        rows = rows_of(raw.decode(codec, errors="replace"))
        header = rows[0] if rows else []
        for row in rows:
            cleaned = []
            for i, cell in enumerate(row):
                if ILLEGAL.search(cell) or len(cell) > 32_767:  # openpyxl drops these characters and
                    cell = ILLEGAL.sub("", cell)[:32_767]  # cuts a cell at 32,767: what it stores is the truth
                    case.extra_ref.setdefault(kind, set()).update(
                        [cell.strip(), *(p.strip() for p in cell.replace("；", ";").split(";"))])
                column = header[i] if i < len(header) else ""
                cleaned.append(_value(kind, column, cell, "date" in edits) if row is not header else cell)
            sheet.append(cleaned)
    patches: list[tuple[str, str]] = []  # (sheet title, cell ref) whose formula gets a stored result
    for edit in edits:
        if not book.sheetnames:
            break
        sheet = book[rng.choice(book.sheetnames)]
        if edit == "far_cell":
            sheet["XFD1048576"] = "x"
        elif edit == "far_row":
            sheet["A1048576"] = "stray"
        elif edit == "merge" and sheet.max_row >= 3:
            col = rng.randrange(1, sheet.max_column + 1)
            row = rng.randrange(2, sheet.max_row)
            sheet.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
        elif edit == "formula" and sheet.max_row >= 2:
            sheet.cell(rng.randrange(2, sheet.max_row + 1), rng.randrange(1, sheet.max_column + 1), "=1+1")
        elif edit == "cached_formula" and sheet.max_row >= 2:
            cell = sheet.cell(rng.randrange(2, sheet.max_row + 1), 1)
            if isinstance(cell.value, str) and cell.value.strip():
                patches.append((sheet.title, cell.coordinate, cell.value))
                cell.value = '="' + cell.value.replace('"', '""') + '"'
        elif edit == "extra_sheet":
            book.create_sheet(rng.choice(["说明", "Sheet1", "notes"])).append(["随便写的说明", "free text"])
        elif edit == "rename_sheet":
            case.unread.add(sheet.title)
            sheet.title = sheet.title.capitalize() + rng.choice(["", " "])
        elif edit == "huge_cell" and sheet.max_row >= 2:
            sheet.cell(2, 1, "经" * 40_000)  # openpyxl stores the first 32,767 characters
            case.extra_ref.setdefault(sheet.title, set()).add("经" * 32_767)
    buffer = io.BytesIO()
    book.save(buffer)
    data = patch_workbook(buffer.getvalue(), book, patches, "wrong_dimension" in edits)
    if "corrupt" in edits:
        data = bytearray(data)
        for _ in range(rng.choice([1, 5, 50])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    if "truncate" in edits:
        data = data[:rng.randrange(len(data) - 22)]  # cut before the end-of-central-directory record
    if "not_zip" in edits:
        data = (folder / "firms.csv").read_bytes() if (folder / "firms.csv").is_file() else b"id,name\n"
    if "ole" in edits:  # what an encrypted (password-protected) workbook starts with
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    out.write_bytes(data)


def patch_workbook(data: bytes, book, patches, wrong_dimension: bool = False) -> bytes:
    """Give formulas a stored result (openpyxl writes none) and optionally a wrong <dimension>."""
    if not patches and not wrong_dimension:
        return data
    parts = {title: f"xl/worksheets/sheet{i}.xml" for i, title in enumerate(book.sheetnames, start=1)}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            xml = src.read(info.filename)
            for title, ref, value in patches:
                if parts.get(title) == info.filename:
                    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"([^>]*)><f>(.*?)</f><v></v></c>', re.S)
                    cached = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    xml = pattern.sub(lambda m: b'<c r="' + ref.encode() + b'"' + m.group(1) + b' t="str"><f>' + m.group(2)
                                      + b"</f><v>" + cached.encode() + b"</v></c>", xml)
            if wrong_dimension and info.filename.startswith("xl/worksheets/"):
                xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', xml)
            dst.writestr(info, xml)
    return out.getvalue()
