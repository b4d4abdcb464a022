"""The workbook made for editing, and uploads (workbook, zip of CSVs, single CSVs) read against the current data."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from loaders.edit_workbook import edit_workbook, workbook_base
from loaders.open import DEFAULT_DATA
from loaders.upload import read_upload
from loaders.validate import load_or_raise


@pytest.fixture(scope="module")
def data():
    return load_or_raise(DEFAULT_DATA)


@pytest.fixture(scope="module")
def raw(data):
    return edit_workbook(data, "v-base-1")


def _book(raw):
    return load_workbook(io.BytesIO(raw))


def _saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_download_then_upload_unchanged_reads_back_the_identical_dataset(data, raw):
    upload = read_upload([("laoshan.xlsx", raw)], DEFAULT_DATA)
    assert upload.ok, str(upload.report)
    assert upload.data == data
    assert [w for w in upload.report.warnings if not w.code] == []  # the 说明 sheet is not named as unread
    assert upload.base == "v-base-1" == workbook_base(raw)
    assert set(upload.kinds) == {*data.counts(), "meta"}


def test_the_workbook_is_made_for_editing(raw):
    book = _book(raw)
    assert book.sheetnames[0] == "说明"
    notes = [c.value or "" for row in book["说明"].iter_rows() for c in row]
    zh_at = next(i for i, v in enumerate(notes) if "如何编辑" in v)
    en_at = next(i for i, v in enumerate(notes) if "How to edit" in v)
    assert zh_at < en_at  # Chinese first, English below
    firms = book["firms"]
    assert firms.freeze_panes == "A2"
    header = {c.value: c for c in firms[1]}
    comment = header["evidence"].comment.text
    assert "证据" in comment and "allowed: strong" in comment and comment.index("证据") < comment.index("allowed")
    rules = {str(dv.sqref).split(":")[0][:1]: dv for dv in firms.data_validations.dataValidation}
    letter = lambda col: header[col].column_letter  # noqa: E731
    assert rules[letter("local")].formula1 == '"true,false"' and rules[letter("local")].showErrorMessage
    assert rules[letter("segments")].formula1.startswith("segments!$A$2")
    assert rules[letter("presence")].formula1.startswith('"registered,')
    seg_rules = {str(dv.sqref)[:1]: dv.formula1 for dv in book["segments"].data_validations.dataValidation}
    assert '"upstream,midstream,downstream"' in seg_rules.values()
    assert "chains!$A$2" in " ".join(seg_rules.values())


def test_text_that_looks_like_a_formula_stays_text(data):
    from dataclasses import replace

    from graph.model import sort_dataset

    firm = replace(data.firms[0], name="=HYPERLINK(\"http://x\")")
    changed = sort_dataset(**{k: getattr(data, k) for k in data.counts()}, meta=dict(data.meta))
    changed = replace(changed, firms=(firm, *changed.firms[1:]))
    raw = edit_workbook(changed)
    cell = next(c for c in _book(raw)["firms"]["B"] if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s" and cell.quotePrefix
    assert read_upload([("x.xlsx", raw)], DEFAULT_DATA).data.firms[0].name.startswith("=HYPERLINK")


def test_a_one_cell_edit_reads_back_as_exactly_that_change(data, raw):
    book = _book(raw)
    ws = book["firms"]
    col = next(c.column for c in ws[1] if c.value == "name")
    ws.cell(2, col).value = "改过的名字"
    upload = read_upload([("x.xlsx", _saved(book))], DEFAULT_DATA)
    assert upload.ok
    changed = [(a, b) for a, b in zip(data.firms, upload.data.firms) if a != b]
    assert len(changed) == 1 and changed[0][1].name == "改过的名字"
    assert {k: getattr(upload.data, k) for k in ("chains", "segments", "projects")} == \
        {k: getattr(data, k) for k in ("chains", "segments", "projects")}


def test_an_invalid_upload_gives_located_errors_and_no_dataset(raw):
    book = _book(raw)
    ws = book["segments"]
    col = next(c.column for c in ws[1] if c.value == "stage")
    ws.cell(3, col).value = "sideways"
    upload = read_upload([("x.xlsx", _saved(book))], DEFAULT_DATA)
    assert not upload.ok
    (err,) = upload.report.errors
    assert (err.file, err.row, err.column, err.value) == ("x.xlsx[segments]", 3, "stage", "sideways")


def test_a_single_csv_replaces_just_its_kind(data, tmp_path):
    shutil.copy(DEFAULT_DATA / "projects.csv", tmp_path / "projects.csv")
    text = (tmp_path / "projects.csv").read_text("utf-8").splitlines()
    raw = ("\n".join(text[:-1]) + "\n").encode("utf-8")  # the last project removed
    upload = read_upload([("projects.csv", raw)], DEFAULT_DATA)
    assert upload.ok and upload.kinds == ("projects",)
    assert len(upload.data.projects) == len(data.projects) - 1
    assert upload.data.firms == data.firms


def test_a_zip_of_csv_files_is_read(data, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in ("firms.csv", "chains.csv"):
            z.write(DEFAULT_DATA / name, f"laoshan/{name}")
        z.writestr("readme.txt", "hello")
    upload = read_upload([("edits.zip", buf.getvalue())], DEFAULT_DATA)
    assert upload.ok and set(upload.kinds) == {"firms", "chains"}
    assert upload.data == data
    assert [w.file for w in upload.report.warnings if not w.code] == ["edits.zip[readme.txt]"]


@pytest.mark.parametrize("name,raw,what", [("notes.txt", b"x", "is not a workbook"),
                                           ("broken.zip", b"PK\x03\x04nope", "zip"),
                                           ("broken.xlsx", b"id,name\n", "not an .xlsx"),
                                           ("firms.csv", b"", "empty")])
def test_files_that_cannot_be_read_are_answered_not_raised(name, raw, what):
    upload = read_upload([(name, raw)], DEFAULT_DATA)
    assert not upload.ok and what in str(upload.report)


def test_reading_an_upload_writes_nothing(raw, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    read_upload([("x.xlsx", raw), ("firms.csv", b"id\nbad")], folder)
    assert {p.name: p.read_bytes() for p in Path(folder).iterdir()} == before
