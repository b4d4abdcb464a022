"""Checks for real data (loaders/checks.py): every supply cycle listed, within-stage cycles kept as warnings,
near-duplicate firms (佛山高明区万和电气 vs 佛山市高明区万和电气), firms on no segment, leaders that are not local."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from chainmap.cli import main as cli
from graph.analysis.gaps import analyse_chain
from graph.embedded import EmbeddedStore
from graph.model import Firm
from graph.picture.gaps import gap_panorama
from graph.picture.panorama import panorama
from graph.words import problem_text
from loaders import load
from loaders.checks import name_key
from loaders.write import write_csv_folder
from tests.toy import S, toy_dataset

LAOSHAN = Path(__file__).resolve().parent.parent / "data" / "laoshan"


@pytest.fixture
def toy_dir(tmp_path):
    return write_csv_folder(toy_dataset(), tmp_path / "toy")


def add_links(folder: Path, *pairs: tuple[str, str]) -> None:
    with open(folder / "segment_links.csv", "a", encoding="utf-8", newline="") as fh:
        for a, b in pairs:
            csv.writer(fh).writerow([a, b, "src1"])


def test_every_cycle_is_listed_and_those_against_the_stage_order_are_errors(toy_dir):
    # rows 5-8: a1 ⇄ a2 inside the upstream stage; c1 → b1 and c1 → a1 run downstream → up
    add_links(toy_dir, ("a1", "a2"), ("a2", "a1"), ("c1", "b1"), ("c1", "a1"))
    data, report = load(toy_dir)
    assert data is None
    errors = {(e.row, e.value, dict(e.params)["path"]) for e in report.errors if e.code == "cycle_against_stages"}
    assert (7, "b1", "b1 → c1 → b1") in errors
    assert (8, "a1", "a1 → b1 → c1 → a1") in errors
    assert (8, "a1", "a1 → a2 → b1 → c1 → a1") in errors
    assert [(w.row, dict(w.params)["path"]) for w in report.warnings if w.code == "cycle_in_stage"] == \
        [(6, "a1 → a2 → a1")]
    assert all(p.file == "segment_links.csv" and p.column == "to" for p in report.problems)


def test_a_cycle_inside_one_stage_is_a_warning_and_the_analyses_and_picture_handle_it(toy_dir):
    add_links(toy_dir, ("a1", "a2"), ("a2", "a1"))
    data, report = load(toy_dir)
    assert data is not None and report.errors == []
    (warning,) = report.warnings
    assert (warning.file, warning.row, warning.column, warning.code) == ("segment_links.csv", 6, "to", "cycle_in_stage")
    assert "上游阶段内有供应循环" in problem_text(warning, "zh")
    store = EmbeddedStore(data)
    gaps = analyse_chain(store.chain_view("toy"))
    assert gaps.segment("a2").status == "missing" and gaps.segment("a2").position == "break"  # a1 up and b1 down
    spec = panorama(store.chain_overview("toy")).spec  # laid out by stage: the cycle stays in its column
    assert {s["key"]: s["segments"] for s in spec["stages"]}["upstream"] == ["a1", "a2"]
    gap_panorama(gaps)


def test_the_wanhe_near_duplicate_is_warned_as_an_outside_target_that_is_a_local_firm(tmp_path):
    base = toy_dataset()
    extra = (Firm("f4", "佛山高明区万和电气有限公司", "", False, (), ("a2",), (), "", S),
             Firm("f5", "佛山市高明区万和电气股份有限公司", "", True, (), ("c1",), (), "strong", S))
    folder = write_csv_folder(dataclasses.replace(base, firms=base.firms + extra), tmp_path / "d")
    data, report = load(folder)
    assert data is not None
    (warning,) = [w for w in report.warnings if w.code == "outside_is_local"]
    assert (warning.file, warning.row, warning.column) == ("firms.csv", 6, "name")
    assert dict(warning.params) == {"outside": "佛山高明区万和电气有限公司 (f4)", "local": "佛山市高明区万和电气股份有限公司 (f5)",
                                    "row": "6"}  # each firm by its name, the id beside it
    assert "疑似就是" in problem_text(warning, "zh") and "looks like local firm '佛山市高明区万和电气股份有限公司 (f5)'" in problem_text(warning, "en")


def test_name_keys_drop_legal_forms_regions_and_brackets():
    assert name_key("佛山高明区万和电气") == name_key("佛山市高明区万和电气") == name_key("广东万和电气(集团)有限公司")
    assert name_key("山东省青岛市崂山区某某科技有限公司") == name_key("青岛某某科技股份有限公司") == "某某科技"
    assert name_key("Goertek Co., Ltd.") == name_key("GOERTEK Inc.")
    assert name_key("歌尔股份有限公司") != name_key("海尔集团")


def test_two_local_firms_with_one_name_are_warned(tmp_path):
    base = toy_dataset()
    twin = Firm("f6", "甲公司(青岛)", "", True, (), ("c1",), (), "strong", S)
    data, report = load(write_csv_folder(dataclasses.replace(base, firms=base.firms + (twin,)), tmp_path / "d"))
    (warning,) = [w for w in report.warnings if w.code == "firm_near_duplicate"]
    assert _id(dict(warning.params)["firm"]) == "f6" and _id(dict(warning.params)["other"]) == "f1"


def test_a_leader_that_is_not_local_is_warned(tmp_path):
    base = toy_dataset()
    firms = tuple(dataclasses.replace(f, local=False, evidence="") if f.id == "f1" else f for f in base.firms)
    data, report = load(write_csv_folder(dataclasses.replace(base, firms=firms), tmp_path / "d"))
    assert data is not None
    (warning,) = [w for w in report.warnings if w.code == "leader_not_local"]
    assert (warning.file, warning.column, warning.value) == ("chains.csv", "leaders", "f1")
    assert warning.row == 3  # chains are written by id: other (row 2), toy (row 3)


def test_firms_on_no_segment_are_warned_on_the_laoshan_data(capsys):
    data, report = load(LAOSHAN)
    assert data is not None
    on_none = sorted(f.id for f in data.firms if not f.segments)
    warned = [w for w in report.warnings if w.code == "firm_no_segment"]
    assert on_none and sorted(_id(dict(w.params)["firm"]) for w in warned) == on_none
    assert all(w.file == "firms.csv" and w.column == "segments" and w.row for w in warned)
    assert cli(["check", str(LAOSHAN)]) == 0  # warnings do not block
    out = capsys.readouterr().out
    assert all(f" ({fid})' is on no segment" in out for fid in on_none)  # named, the id beside
    assert cli(["check", str(LAOSHAN), "--lang", "zh"]) == 0
    assert f" ({on_none[0]})」不在任何环节上" in capsys.readouterr().out


def test_the_english_book_words_each_check_as_the_validator_does(toy_dir, tmp_path):
    add_links(toy_dir, ("a1", "a2"), ("a2", "a1"), ("c1", "b1"))
    _, report = load(toy_dir)
    for p in report.problems:
        assert problem_text(p, "en") == str(p)


def _id(named: str) -> str:
    """The id in a warning's "name (id)"."""
    return named.rsplit(" (", 1)[-1].rstrip(")")
