"""Hostile and careless workbooks (issue 11): far-away cells, merges, formulas, extra sheets, damaged or protected
zips — each gets a report line (file, row, column, what, fix), never a traceback."""

from __future__ import annotations

import csv
import io
import shutil
import signal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from loaders import load, load_or_raise
from loaders.tables import write_workbook
from tests.import_xlsx import patch_workbook

LAOSHAN = Path(__file__).resolve().parent.parent / "data" / "laoshan"


@pytest.fixture(scope="module")
def original():
    return load_or_raise(LAOSHAN)


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "laoshan"
    folder.mkdir()
    for path in LAOSHAN.glob("*.csv"):
        shutil.copy(path, folder)
    return folder


@pytest.fixture(autouse=True)
def no_hang():
    """A test that blocks (a FIFO opened for reading, an endless loop) fails instead of stalling the suite."""
    def stop(*_):
        raise TimeoutError("the import did not answer within 60 s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def rows(folder: Path, kind: str) -> list[list[str]]:
    with open(folder / f"{kind}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def edit(folder: Path, kind: str, row: int, column: str, value: str) -> None:
    table = rows(folder, kind)
    table[row - 1][table[0].index(column)] = value
    with open(folder / f"{kind}.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(table)


def refused(path) -> list:
    data, report = load(path)
    assert data is None, "bad input must import nothing"
    assert report.errors
    for e in report.errors:
        assert e.file and e.message  # every line names its file and says what is wrong
    return report.errors


def where(errors) -> set[tuple]:
    return {(e.file, e.row, e.column) for e in errors}


# ------------------------------------------------------------------------------------------ workbooks
@pytest.fixture
def book(data, tmp_path):
    path = tmp_path / "laoshan.xlsx"
    write_workbook(data, path)
    return path


def test_a_far_away_cell_is_read_quickly_with_a_note_and_changes_nothing(book, original):
    wb = load_workbook(book)
    wb["firms"]["XFD1048576"] = "x"
    wb.save(book)
    loaded, report = load(book)
    assert loaded == original
    assert any("reading stopped" in w.message for w in report.warnings)
    assert any("named columns were read" in w.message for w in report.warnings)


def test_a_workbook_cell_over_excels_limit_is_refused_at_its_cell(book):
    import re
    import zipfile

    parts = dict((i.filename, zipfile.ZipFile(book).read(i)) for i in zipfile.ZipFile(book).infolist())
    sheet = next(n for n in parts if n.startswith("xl/worksheets/") and b"<t>vr</t>" in parts[n])
    parts[sheet] = re.sub(rb"<t>vr</t>", b"<t>" + b"v" * 40_000 + b"</t>", parts[sheet], count=1)
    with zipfile.ZipFile(book, "w") as zf:  # openpyxl itself cuts a longer cell; another writer may not
        for name, content in parts.items():
            zf.writestr(name, content)
    errors = refused(book)
    assert any(e.file == "laoshan.xlsx[chains]" and e.column == "id" and "40,000" in e.message for e in errors)


def test_a_wrong_dimension_record_does_not_cut_rows(book, original):
    wb = load_workbook(book)
    data = io.BytesIO()
    wb.save(data)
    book.write_bytes(patch_workbook(data.getvalue(), wb, [], wrong_dimension=True))
    loaded, report = load(book)
    assert report.errors == [] and loaded == original


def test_merged_cells_are_refused_with_their_range(book):
    wb = load_workbook(book)
    wb["firms"].merge_cells("B3:B4")
    wb.save(book)
    errors = refused(book)
    assert ("laoshan.xlsx[firms]", 3, "name") in where(errors)
    assert any("merged cells B3:B4" in e.message and "unmerge" in e.hint for e in errors)


def test_formulas_are_read_as_their_stored_results_and_said_so(book, original):
    wb = load_workbook(book)
    cell = wb["segments"]["B2"]
    patches = [("segments", "B2", cell.value)]
    cell.value = f'="{cell.value}"'
    data = io.BytesIO()
    wb.save(data)
    book.write_bytes(patch_workbook(data.getvalue(), wb, patches))
    loaded, report = load(book)
    assert report.errors == [] and loaded == original
    assert [w.file for w in report.warnings if "formula" in w.message] == ["laoshan.xlsx[segments]"]


def test_a_formula_without_a_stored_result_is_refused(book):
    wb = load_workbook(book)
    wb["parks"]["D3"] = "=100*2"  # openpyxl, like some exporters, stores no result
    wb.save(book)
    (err,) = refused(book)
    assert (err.file, err.row, err.column) == ("laoshan.xlsx[parks]", 3, "area_mu") and "formula" in err.message


def test_extra_sheets_are_named_in_a_warning(book, original):
    wb = load_workbook(book)
    wb.create_sheet("说明").append(["这张表不是数据"])
    wb.create_sheet("Firms ")
    wb.save(book)
    loaded, report = load(book)
    assert loaded == original
    (warning,) = [w for w in report.warnings if w.code != "firm_no_segment"]
    assert "说明" in warning.message and "'Firms ' → 'firms'" in warning.message


def test_a_date_typed_into_excel_is_read_as_the_date(book, original):
    wb = load_workbook(book)
    sheet = wb["sources"]
    import datetime

    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        try:
            row[0].value = datetime.datetime.strptime(row[0].value, "%Y-%m-%d")
        except (TypeError, ValueError):
            pass
    wb.save(book)
    loaded, report = load(book)
    assert report.errors == [] and loaded == original


@pytest.mark.parametrize("make,message", [
    (lambda raw: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "password-protected"),
    (lambda raw: raw[: len(raw) // 2], "damaged workbook"),
    (lambda raw: "id,name\nvr,虚拟现实\n".encode(), "not an .xlsx workbook"),
    (lambda raw: b"", "not an .xlsx workbook"),
])
def test_a_workbook_that_cannot_be_opened_says_why(book, make, message):
    book.write_bytes(make(book.read_bytes()))
    (err,) = refused(book)
    assert err.file == "laoshan.xlsx" and message in err.message


def test_a_zip_that_unpacks_to_too_much_is_refused_before_parsing(book):
    import zipfile

    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/worksheets/sheet1.xml", "w") as part:
        for _ in range(210):  # 210 MB of spaces that compress to a few hundred KB
            part.write(b" " * 2**20)
    (err,) = refused(book)
    assert err.file == "laoshan.xlsx" and "unpacks to 210 MB" in err.message
