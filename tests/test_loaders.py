"""Loading: the real Laoshan dataset is clean; every kind of bad input gets a precise report and imports nothing."""

import csv
import shutil
from pathlib import Path

import pytest

from chainmap.cli import main as cli
from loaders import load
from loaders.tables import write_workbook
from loaders.write import write_csv_folder
from tests.toy import toy_dataset

LAOSHAN = Path(__file__).resolve().parent.parent / "data" / "laoshan"


def test_laoshan_dataset_is_clean_and_complete():
    data, report = load(LAOSHAN)
    # the only warnings: firms the data places on no segment (each says why in its note)
    assert report.errors == [] and {w.code for w in report.warnings} <= {"firm_no_segment"}
    assert data is not None
    assert len(data.chains) == 8 and len(data.segments) == 62 and len(data.parks) == 7
    assert sum(f.local for f in data.firms) == 107  # the fact sheet's 77 Laoshan firms + the 30 additions (2026-12)
    source_ids = {s.id for s in data.sources}
    for kind in ("chains", "segments", "segment_links", "parks", "firms", "firm_links", "projects"):
        for record in getattr(data, kind):
            assert record.sources and set(record.sources) <= source_ids, (kind, record)
    by_id = {s.id: s for s in data.sources}
    for firm in data.firms:  # each firm rests on a source with a URL or on the seed article
        assert any(by_id[i].url.startswith("http") or i == "SEED2025" for i in firm.sources), firm
    for s in data.sources:  # a source without a URL says why (seed article, taxonomy, archived text)
        assert s.url.startswith("http") or dict(s.extra)["kind"] in ("seed", "taxonomy", "unretrieved"), s
    assert {c.id: c.status for c in data.chains}["ic"] == "candidate"  # uncertainty kept, not guessed away


def test_workbook_imports_identically(tmp_path):
    book = tmp_path / "laoshan.xlsx"
    write_workbook(LAOSHAN, book)
    from_csv, _ = load(LAOSHAN)
    from_xlsx, report = load(book)
    assert report.errors == []
    assert from_xlsx == from_csv


@pytest.fixture
def toy_dir(tmp_path):
    return write_csv_folder(toy_dataset(), tmp_path / "toy")


def edit(folder: Path, kind: str, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` is the spreadsheet row number (header = 1)."""
    path = folder / f"{kind}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row - 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def row_of(folder: Path, kind: str, key: str, value: str) -> int:
    with open(folder / f"{kind}.csv", encoding="utf-8", newline="") as fh:
        for n, r in enumerate(csv.DictReader(fh), start=2):
            if r[key] == value:
                return n
    raise LookupError(value)


def only_error(folder):
    data, report = load(folder)
    assert data is None, "invalid input must import nothing"
    assert len(report.errors) >= 1
    return report.errors[0], report


def test_toy_folder_loads(toy_dir):
    data, report = load(toy_dir)
    assert report.errors == [] and data == toy_dataset()


def test_missing_required_column(toy_dir):
    path = toy_dir / "segments.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("stage", "stgae", 1), encoding="utf-8")
    err, _ = only_error(toy_dir)
    assert (err.file, err.row, err.column) == ("segments.csv", 1, "stage")
    assert "missing" in err.message and "stgae" in err.hint


def test_empty_and_duplicate_ids(toy_dir):
    edit(toy_dir, "firms", 3, "id", "")
    edit(toy_dir, "segments", 3, "id", "a1")
    _, report = only_error(toy_dir)
    found = {(e.file, e.row, e.column, e.message.split(" (")[0]) for e in report.errors}
    assert ("firms.csv", 3, "id", "empty id") in found
    assert ("segments.csv", 3, "id", "duplicate id") in found


@pytest.mark.parametrize("kind,key,value,column,bad,what", [
    ("segments", "id", "b1", "chain", "toyy", "unknown chain id"),
    ("firms", "id", "f2", "segments", "b1;bb1", "unknown segment id"),
    ("firms", "id", "f2", "park", "p9", "unknown park id"),
    ("segment_links", "from", "b1", "to", "c2", "unknown segment id"),
    ("firm_links", "supplier", "f3", "customer", "f9", "unknown firm id"),
    ("chains", "id", "toy", "leaders", "f7", "unknown firm id"),
    ("firms", "id", "f1", "sources", "src2", "unknown source id"),
])
def test_dangling_references_name_the_cell_and_the_nearest_ids(toy_dir, kind, key, value, column, bad, what):
    row = row_of(toy_dir, kind, key, value)
    edit(toy_dir, kind, row, column, bad)
    err, _ = only_error(toy_dir)
    assert (err.file, err.row, err.column, err.message) == (f"{kind}.csv", row, column, what)
    assert err.hint.startswith("nearest known ids:")


def test_unknown_id_hint_lists_nearest(toy_dir):
    edit(toy_dir, "segments", row_of(toy_dir, "segments", "id", "a1"), "chain", "toyy")
    err, _ = only_error(toy_dir)
    assert "toy" in err.hint


@pytest.mark.parametrize("kind,column,bad,message", [
    ("segments", "stage", "upsteam", "not a valid stage"),
    ("firms", "local", "maybe", "not a boolean"),
    ("parks", "area_mu", "约100", "not a number"),
    ("projects", "year", "2024年", "not a whole number"),
    ("chains", "status", "sure", "not a valid status"),
])
def test_bad_values(toy_dir, kind, column, bad, message):
    edit(toy_dir, kind, 2, column, bad)
    err, _ = only_error(toy_dir)
    assert (err.file, err.row, err.column, err.value, err.message) == (f"{kind}.csv", 2, column, bad, message)


def test_cycle_in_a_chains_segment_links_is_rejected(toy_dir):
    with open(toy_dir / "segment_links.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["c1", "a1", "src1"])
    err, _ = only_error(toy_dir)
    assert (err.file, err.row, err.column) == ("segment_links.csv", 5, "to")
    assert "cycle" in err.message and "a1" in err.message and "c1" in err.message


def test_bom_prefixed_utf8_is_accepted(toy_dir):
    path = toy_dir / "firms.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    data, report = load(toy_dir)
    assert report.problems == [] and data == toy_dataset()


def test_gbk_file_from_chinese_excel_is_read_correctly_with_a_note(toy_dir):
    path = toy_dir / "firms.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    data, report = load(toy_dir)
    assert data == toy_dataset()  # 甲公司 etc. decoded, not mojibake
    assert report.errors == []
    assert [w.file for w in report.warnings] == ["firms.csv"] and "UTF-8" in report.warnings[0].message


def test_undecodable_file_says_how_to_fix_it(toy_dir):
    (toy_dir / "firms.csv").write_bytes(b"id,name\n\x81\x20\xff\xfe\n")
    err, _ = only_error(toy_dir)
    assert err.file == "firms.csv" and "CSV UTF-8" in err.message


def test_missing_required_file(toy_dir):
    (toy_dir / "segments.csv").unlink()
    err, _ = only_error(toy_dir)
    assert err.file == "segments.csv" and "missing" in err.message


def test_report_lists_every_problem_at_once(toy_dir):
    edit(toy_dir, "segments", 2, "stage", "x")
    edit(toy_dir, "firms", 2, "local", "x")
    edit(toy_dir, "parks", 2, "area_mu", "x")
    _, report = only_error(toy_dir)
    assert {e.file for e in report.errors} == {"segments.csv", "firms.csv", "parks.csv"}


def test_check_command_exit_codes_and_report(toy_dir, capsys):
    assert cli(["check", str(LAOSHAN)]) == 0
    assert "OK" in capsys.readouterr().out
    bad = toy_dir.parent / "bad"
    shutil.copytree(toy_dir, bad)
    edit(bad, "firms", 2, "segments", "zz")
    assert cli(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "firms.csv, row 2, column 'segments'" in out and "nothing was imported" in out


def test_a_missing_column_does_not_hide_problems_in_other_files(toy_dir):
    path = toy_dir / "parks.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("focus", "fokus", 1), encoding="utf-8")
    edit(toy_dir, "segments", 2, "stage", "sideways")
    _, report = only_error(toy_dir)
    assert {(e.file, e.column) for e in report.errors} == {("parks.csv", "focus"), ("segments.csv", "stage")}


def test_firm_links_keep_their_extra_columns_and_source_lists(toy_dir):
    """Firm links whose ends and sources are all known are read in bulk: each still keeps its extra cells,
    and a list cell of sources is still a list."""
    path = toy_dir / "firm_links.csv"
    path.write_text("supplier,customer,product,sources,note\nf3,f1,零件,src1,长期供货\nf1,f3,服务,src1 ; src1,\n",
                    encoding="utf-8")
    data, report = load(toy_dir)
    assert report.errors == []
    assert [(l.supplier, l.sources, dict(l.extra)) for l in data.firm_links] == [
        ("f1", ("src1", "src1"), {}), ("f3", ("src1",), {"note": "长期供货"})]
    edit(toy_dir, "firm_links", 3, "sources", "src1")  # one known source each: the bulk path, extras kept
    data, report = load(toy_dir)
    assert [(l.supplier, l.sources, dict(l.extra)) for l in data.firm_links] == [
        ("f1", ("src1",), {}), ("f3", ("src1",), {"note": "长期供货"})]
