"""Hostile and careless files: each one gets a report line (file, row, column, what, fix), never a traceback.

Built from copies of the real data/laoshan files, damaged the way Excel, other programs and people damage
them (issue 11): long cells, unclosed quotes, invalid bytes, the wrong kind of file, other encodings,
workbooks with far-away cells, merges, formulas and extra sheets, numbers Neo4j cannot hold.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
from pathlib import Path

import pytest

from chainmap.cli import main as cli
from loaders import load, load_or_raise
from loaders.tables import MAX_CELL_CHARS, MAX_FILE_BYTES, write_workbook

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


# ------------------------------------------------------------------------------------------ cells, quotes
def test_a_cell_at_excels_limit_is_kept_whole_and_one_more_character_is_refused(data):
    text = "经营范围:" + "软件开发;" * 10_000
    edit(data, "firms", 3, "note", text[:MAX_CELL_CHARS])
    loaded, report = load(data)
    assert report.errors == []
    firm = next(f for f in loaded.firms if f.id == rows(data, "firms")[2][0])
    assert dict(firm.extra)["note"] == text[:MAX_CELL_CHARS].strip()
    edit(data, "firms", 3, "note", text[:MAX_CELL_CHARS + 1])
    (err,) = refused(data)
    assert (err.file, err.row, err.column) == ("firms.csv", 3, "note") and "32,767" in err.message


def test_a_cell_far_beyond_the_csv_modules_own_limit_is_one_located_error(data):
    edit(data, "sources", 5, "title", "x" * 1_000_000)
    (err,) = refused(data)
    assert (err.file, err.row, err.column) == ("sources.csv", 5, "title") and "1,000,000" in err.message


def test_an_unclosed_quote_names_the_row_where_it_opens(data):
    path = data / "firm_links.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[-1] = '"' + lines[-1]  # the last row opens a quote nobody closes
    path.write_text("".join(lines), encoding="utf-8")
    (err,) = refused(data)
    assert (err.file, err.row) == ("firm_links.csv", len(lines)) and "never closed" in err.message


def test_a_stray_quote_in_the_middle_names_its_row(data):
    path = data / "segments.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[9] = '"' + lines[9]
    path.write_text("".join(lines), encoding="utf-8")
    errors = refused(data)
    assert errors[0].file == "segments.csv" and errors[0].row == 10 and "quote" in errors[0].message


def test_a_repeated_column_name_is_refused(data):
    path = data / "parks.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("name_en", "name", 1), encoding="utf-8")
    assert ("parks.csv", 1, "name") in where(refused(data))


# ------------------------------------------------------------------------------------------ bytes
def test_invalid_bytes_after_a_utf8_bom_are_located_not_a_traceback(data):
    path = data / "firms.csv"
    raw = path.read_bytes()
    at = raw.index("北京理工大学".encode())
    path.write_bytes(b"\xef\xbb\xbf" + raw[:at] + b"\xff" + raw[at + 1:])
    (err,) = refused(data)
    row = raw[:at].count(b"\n") + 1  # the spreadsheet row of the damaged name
    assert (err.file, err.row, err.column) == ("firms.csv", row, "name") and "0xFF" in err.message


def test_one_damaged_byte_in_a_utf8_file_is_refused_at_its_cell_not_read_as_gbk(data):
    path = data / "segments.csv"
    raw = bytearray(path.read_bytes())
    at = raw.index("算法软件".encode())
    raw[at] = 0xC0  # no longer valid UTF-8; GB18030 would decode the whole file as mojibake
    path.write_bytes(bytes(raw))
    errors = refused(data)
    assert [(e.file, e.row, e.column) for e in errors] == [("segments.csv", 2, "name")]


@pytest.mark.parametrize("char,what", [("\x07", "control character"), ("\x00", "control character"),
                                       ("\x1b[31m", "control character"), ("\ue000", "private-use"),
                                       ("\ufffd", "replacement character"), ("\U000e0080", "unassigned")])
def test_characters_no_sheet_should_hold_are_refused_at_their_cell(data, char, what):
    edit(data, "chains", 4, "name", "数字" + char + "经济")
    edit(data, "chains", 5, "name_en", "ASCII" + char + "only")
    errors = refused(data)
    assert where(errors) == {("chains.csv", 4, "name"), ("chains.csv", 5, "name_en")}
    assert all(what in e.message for e in errors)


def test_question_marks_left_by_a_lossy_save_are_refused(data):
    edit(data, "segments", 3, "name", "????/????")
    (err,) = refused(data)
    assert (err.file, err.row, err.column) == ("segments.csv", 3, "name") and "lost" in err.message


@pytest.mark.parametrize("what", ["folder", "fifo", "loop", "device", "dangling"])
def test_something_other_than_a_file_in_a_files_place_is_named(data, what):
    path = data / "firms.csv"
    path.unlink()
    {"folder": path.mkdir, "fifo": lambda: os.mkfifo(path), "loop": lambda: os.symlink("firms.csv", path),
     "device": lambda: os.symlink("/dev/zero", path), "dangling": lambda: os.symlink("gone.csv", path)}[what]()
    (err,) = refused(data)
    assert err.file == "firms.csv" and "missing" not in err.message


def test_the_check_command_answers_a_fifo_with_exit_1_and_no_traceback(data, capsys):
    (data / "parks.csv").unlink()
    os.mkfifo(data / "parks.csv")
    assert cli(["check", str(data)]) == 1
    out = capsys.readouterr()
    assert "parks.csv" in out.out and "Traceback" not in out.out + out.err


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\t\n"])
def test_an_empty_file_says_so(data, content):
    (data / "chains.csv").write_bytes(content)
    (err,) = refused(data)
    assert err.file == "chains.csv" and "empty" in err.message


def test_a_file_over_the_size_limit_is_refused_from_its_size_before_reading(data):
    with open(data / "sources.csv", "r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space, and nothing read
    (err,) = refused(data)
    assert err.file == "sources.csv" and "limit is 512 MB" in err.message


def test_a_csv_that_is_really_a_workbook_is_named_as_such(data, tmp_path):
    write_workbook(data, tmp_path / "book.xlsx")
    shutil.copy(tmp_path / "book.xlsx", data / "projects.csv")
    (err,) = refused(data)
    assert err.file == "projects.csv" and "really an Excel workbook" in err.message


def test_every_unreadable_file_is_reported_at_once(data):
    (data / "chains.csv").write_bytes(b"")
    (data / "parks.csv").write_bytes("id,name\n".encode("utf-16"))
    assert {e.file for e in refused(data)} == {"chains.csv", "parks.csv"}


# ------------------------------------------------------------------------------------------ encodings
def _encode_all(folder: Path, codec: str) -> None:
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_text(encoding="utf-8").encode(codec, errors="replace"))


@pytest.mark.parametrize("codec", ["utf-8-sig", "gb18030"])
def test_utf8_with_a_bom_and_gb18030_are_read_exactly(data, original, codec):
    _encode_all(data, codec)
    loaded, report = load(data)
    assert report.errors == [] and loaded == original


def test_gbk_from_chinese_excel_is_read_with_a_note(data, original):
    path = data / "segments.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    loaded, report = load(data)
    assert loaded == original and [w.file for w in report.warnings if w.code != "firm_no_segment"] == ["segments.csv"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "big5", "shift_jis", "euc_kr",
                                   "latin-1", "cp1252"])
def test_other_encodings_are_refused_with_the_excel_step_that_fixes_them(data, codec):
    _encode_all(data, codec)
    errors = refused(data)
    assert any("CSV UTF-8" in e.message + e.hint for e in errors if e.file == "firms.csv")


@pytest.mark.parametrize("codec", ["big5", "shift_jis"])
def test_gb18030_that_reads_as_nonsense_names_the_offending_row(data, codec):
    path = data / "firms.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode(codec, errors="replace"))
    first = refused(data)[0]
    header, row2 = next(csv.reader(io.StringIO(text))), list(csv.reader(io.StringIO(text)))[1]
    chinese = next(col for col, cell in zip(header, row2) if re.search(r"[\u4e00-\u9fff]", cell))
    assert (first.file, first.row, first.column) == ("firms.csv", 2, chinese)  # the first cell that held Chinese
    assert "does not look like GBK/GB18030" in first.message and "CSV UTF-8" in first.hint


def test_a_western_sheet_with_accents_is_not_loaded_as_chinese(data):
    path = data / "sources.csv"  # an English sheet saved by Western Excel (cp1252): é, –, curly quotes
    path.write_bytes("id,title,url,published\nS1,Café “Zürich” – résumé,,2024\n".encode("cp1252"))
    (err,) = refused(data)
    assert err.file == "sources.csv" and "Windows-1252" in err.message


# ------------------------------------------------------------------------------------------ values
@pytest.mark.parametrize("kind,column,value,message", [
    ("parks", "area_mu", "NaN", "not a number"), ("parks", "area_mu", "inf", "not a number"),
    ("parks", "area_mu", "-inf", "not a number"), ("parks", "area_mu", "1e999", "not a finite number"),
    ("parks", "area_mu", "-5", "out of range"), ("parks", "area_mu", "20000000", "out of range"),
    ("parks", "area_mu", "１００", "not a number"), ("projects", "investment_yi", "1e400", "not a finite number"),
    ("projects", "investment_yi", "Infinity", "not a number"), ("projects", "investment_yi", "1_000", "not a number"),
    ("projects", "year", "99999999999999999999", "not a 4-digit year"), ("projects", "year", "1899", "out of range"),
    ("projects", "year", "2101", "out of range"), ("projects", "year", "２０２４", "not a whole number"),
])
def test_numbers_neo4j_could_not_hold_or_that_make_no_sense_are_refused(data, kind, column, value, message):
    edit(data, kind, 2, column, value)
    (err,) = refused(data)
    assert (err.file, err.row, err.column, err.value, err.message) == (f"{kind}.csv", 2, column, value, message)


@pytest.mark.parametrize("value,expected", [("1,234", 1234.0), ("0", 0.0), ("12.5", 12.5), ("1e3", 1000.0)])
def test_plain_numbers_are_read(data, value, expected):
    edit(data, "parks", 2, "area_mu", value)
    loaded, report = load(data)
    assert report.errors == []
    assert next(p.area_mu for p in loaded.parks if p.id == rows(data, "parks")[1][0]) == expected


@pytest.mark.parametrize("bad,message", [("a\nb", "line break"), ("a;b", "separates ids"), ("a\u200bb", "invisible"),
                                         ("x" * 129, "limit is 128")])
def test_ids_that_could_never_be_referred_to_are_refused(data, bad, message):
    edit(data, "sources", 3, "id", bad)
    errors = refused(data)
    assert errors[0].file == "sources.csv" and errors[0].row == 3 and message in errors[0].message


def test_ids_are_trimmed(data, original):
    table = rows(data, "chains")
    for row in table[1:]:
        row[0] = f"  {row[0]}\u3000"
    with open(data / "chains.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(table)
    loaded, report = load(data)
    assert report.errors == [] and loaded == original


# ------------------------------------------------------------------------------------------ check ⇒ load
@pytest.mark.neo4j
def test_whatever_check_accepts_at_the_limits_also_loads_into_neo4j(data, neo4j_driver):
    from graph.neo4j import load_into_neo4j

    edit(data, "projects", 2, "year", "2100")
    edit(data, "projects", 2, "investment_yi", "100000")
    edit(data, "parks", 2, "area_mu", "1000000")
    edit(data, "firms", 2, "note", "长" * MAX_CELL_CHARS)
    edit(data, "firms", 3, "name", "\u202e名\u200b字 𠀀 😀 <b>&amp;")
    with open(data / "sources.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["s" * 128, "最长的 id", "", "2024"])
    dataset = load_or_raise(data)
    load_into_neo4j(neo4j_driver, dataset)
    project = rows(data, "projects")[1][0]
    (got,) = neo4j_driver.execute_query(
        "MATCH (c:Current {key: 'dataset'}) MATCH (p:Project {load: c.load, id: $id}) "
        "RETURN p.year AS year, p.investment_yi AS inv", id=project).records
    assert (got["year"], got["inv"]) == (2100, 100000.0)
    names = {r["name"] for r in neo4j_driver.execute_query(
        "MATCH (c:Current {key: 'dataset'}) MATCH (f:Firm {load: c.load}) RETURN f.name AS name").records}
    assert "\u202e名\u200b字 𠀀 😀 <b>&amp;" in names
