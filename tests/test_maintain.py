"""Keeping the data current: the diff of two datasets, its effect on the gaps, atomic applies as snapshots,
refusing an apply whose base is out of date, and the history facts."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import threading
from pathlib import Path

import pytest

from graph.maintain import diff, gap_effect, maintenance_json
from graph.maintain.history import completeness_series, since
from loaders import InvalidData, load_or_raise
from loaders import snapshots as S
from loaders.write import write_csv_folder
from tests.toy import toy_dataset

ROOT = Path(__file__).resolve().parent.parent
LAOSHAN = ROOT / "data" / "laoshan"


def replace_firm(data, firm_id, **changes):
    return dataclasses.replace(data, firms=tuple(dataclasses.replace(f, **changes) if f.id == firm_id else f
                                                 for f in data.firms))


def folder_bytes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def toy_folder(tmp_path):
    return write_csv_folder(toy_dataset(), tmp_path / "toy")


def test_diff_of_identical_data_is_empty():
    data = load_or_raise(LAOSHAN)
    d = diff(data, load_or_raise(LAOSHAN))
    assert d.empty
    assert maintenance_json(d, gap_effect(data, data)) == {"added": {}, "removed": {}, "changed": {}, "gaps": {}}


def test_a_one_cell_edit_shows_exactly_that_change_and_its_gap_effect():
    old = toy_dataset()
    new = replace_firm(old, "f2", local=False)  # b1 keeps f1 only (a leader): strong → single; o1 loses its only firm
    out = maintenance_json(diff(old, new), gap_effect(old, new))
    assert out["added"] == {} and out["removed"] == {}
    assert out["changed"] == {"firms": [{"id": "f2", "fields": {"local": ["true", "false"]}}]}
    assert out["gaps"] == {
        "other": {"completeness": [1.0, 0.0], "status_changes": [{"segment": "o1", "from": "single", "to": "missing"}]},
        "toy": {"completeness": [0.5, 0.5], "status_changes": [{"segment": "b1", "from": "strong", "to": "single"}]},
    }
    effect = gap_effect(old, new)
    assert effect.chain("other").gone_single_points == ("f2",)  # f2 no longer counts: it held o1 alone
    assert [c.chain for c in effect.changed] == ["other", "toy"]


def test_added_and_removed_records_are_listed_per_kind():
    old = toy_dataset()
    f4 = dataclasses.replace(old.firms[0], id="f4", name="丁公司")
    new = dataclasses.replace(old, firms=(*old.firms[1:], f4), firm_links=())
    d = diff(old, new)
    assert d.added_of("firms") == ("f4",) and d.removed_of("firms") == ("f1",)
    assert d.removed_of("firm_links") == ("f3→f1",)


def test_apply_makes_a_snapshot_keeps_the_previous_and_switches_the_files(toy_folder):
    base = S.current_hash(toy_folder)
    new = replace_firm(toy_dataset(), "f2", local=False)
    snap = S.apply(toy_folder, new, author="alice", summary="f2 moved out", base_hash=base)
    assert load_or_raise(toy_folder) == new
    assert S.current_hash(toy_folder) == snap.hash != base
    snaps = S.list_snapshots(toy_folder)
    assert [(s.initial, s.author, s.summary) for s in snaps] == [(True, "", ""), (False, "alice", "f2 moved out")]
    assert snaps[0].hash == base and S.snapshot_data(toy_folder, snaps[0].id) == toy_dataset()


def test_an_invalid_dataset_applied_changes_nothing(toy_folder):
    S.apply(toy_folder, replace_firm(toy_dataset(), "f2", local=False), author="a", summary="one")
    before = folder_bytes(toy_folder)
    bad = replace_firm(toy_dataset(), "f1", segments=("no_such_segment",))
    with pytest.raises(InvalidData) as exc:
        S.apply(toy_folder, bad, author="a", summary="bad")
    assert any(p.value == "no_such_segment" for p in exc.value.report.errors)
    after = folder_bytes(toy_folder)
    assert {k: v for k, v in after.items() if k != ".snapshots/.lock"} == \
        {k: v for k, v in before.items() if k != ".snapshots/.lock"}


def test_the_second_apply_from_the_same_base_is_refused_with_the_diff(toy_folder):
    base = S.current_hash(toy_folder)
    first = replace_firm(toy_dataset(), "f2", local=False)
    second = replace_firm(toy_dataset(), "f3", name="丙公司(新名)")
    S.apply(toy_folder, first, author="alice", summary="first", base_hash=base)
    with pytest.raises(S.StaleBase) as exc:
        S.apply(toy_folder, second, author="bob", summary="second", base_hash=base)
    assert exc.value.base == base and exc.value.current == S.current_hash(toy_folder)
    assert maintenance_json(exc.value.diff)["changed"] == {"firms": [{"id": "f2", "fields": {"local": ["true", "false"]}}]}
    assert load_or_raise(toy_folder) == first


def test_concurrent_applies_from_the_same_base_one_wins_one_is_refused(toy_folder):
    base = S.current_hash(toy_folder)
    edits = [replace_firm(toy_dataset(), "f2", local=False), replace_firm(toy_dataset(), "f3", name="丙")]
    results: list = [None, None]

    def go(i):
        try:
            results[i] = S.apply(toy_folder, edits[i], author=f"e{i}", summary="", base_hash=base)
        except S.StaleBase as exc:
            results[i] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    won = [i for i in range(2) if not isinstance(results[i], S.StaleBase)]
    assert len(won) == 1 and isinstance(results[1 - won[0]], S.StaleBase)
    assert load_or_raise(toy_folder) == edits[won[0]]


def test_a_switch_interrupted_half_way_is_finished_by_the_next_reader(toy_folder):
    new = replace_firm(toy_dataset(), "f2", local=False)
    snap = S.apply(toy_folder, new, author="a", summary="")
    # put the old firms.csv back and leave the journal, as a crash in the middle of the switch would
    shutil.copyfile(toy_folder / ".snapshots" / "0001" / "firms.csv", toy_folder / "firms.csv")
    S._write_json(toy_folder / ".snapshots" / S.JOURNAL, snap.as_json())
    from loaders.open import open_data

    assert open_data(toy_folder).dataset() == new
    assert not (toy_folder / ".snapshots" / S.JOURNAL).exists()


def test_history_facts_completeness_over_time_and_since(toy_folder):
    S.apply(toy_folder, replace_firm(toy_dataset(), "f2", local=False), author="a", summary="")
    hist = S.history(toy_folder)
    points = {(p.snapshot, p.chain): p.completeness for p in completeness_series(hist)}
    assert points == {("0001", "other"): 1.0, ("0001", "toy"): 0.5, ("0002", "other"): 0.0, ("0002", "toy"): 0.5}
    s = since(hist[0][1], hist[1][1])
    assert [(c.chain, c.closed, c.opened) for c in s.chains] == [("other", (), ("o1",)), ("toy", (), ())]
    assert s.gaps_opened == 1 and s.firms_added == () and s.firms_removed == ()


def test_chainmap_diff_on_two_folders_prints_the_json(tmp_path, capsys):
    import json

    from chainmap.cli import main

    old = write_csv_folder(toy_dataset(), tmp_path / "old")
    new = write_csv_folder(replace_firm(toy_dataset(), "f2", local=False), tmp_path / "new")
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "added": {}, "removed": {},
        "changed": {"firms": [{"id": "f2", "fields": {"local": ["true", "false"]}}]},
        "gaps": {"other": {"completeness": [1.0, 0.0], "status_changes": [{"segment": "o1", "from": "single", "to": "missing"}]},
                 "toy": {"completeness": [0.5, 0.5], "status_changes": [{"segment": "b1", "from": "strong", "to": "single"}]}},
    }
    assert main(["diff", str(old), str(new)]) == 0
    text = capsys.readouterr().out
    assert "企业" in text and "f2" in text and "较强 → 单点" in text and "100% → 0%" in text
    assert main(["diff", str(old), str(old), "--lang", "en"]) == 0
    assert "no change" in capsys.readouterr().out


def test_chainmap_snapshots_lists_every_applied_change(toy_folder, capsys):
    from chainmap.cli import main

    assert main(["snapshots", str(toy_folder), "--lang", "en"]) == 0
    assert "No snapshot yet" in capsys.readouterr().out
    snap = S.apply(toy_folder, replace_firm(toy_dataset(), "f2", local=False), author="alice", summary="f2 left")
    assert main(["snapshots", str(toy_folder), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["Snapshot", "Time", "(UTC)"]
    assert out[1].startswith("0001") and "(the data before the first change)" in out[1]
    assert out[2].startswith("0002") and "alice" in out[2] and "f2 left" in out[2] and snap.hash[:12] in out[2]


@pytest.mark.neo4j
def test_on_neo4j_apply_is_the_atomic_load_plus_a_snapshot_and_bad_or_stale_applies_change_nothing(
        neo4j_uri, neo4j_auth, tmp_path):
    from graph.neo4j import Neo4jStore

    user, password = neo4j_auth
    records = tmp_path / "records"
    first = S.apply_neo4j(neo4j_uri, user, password, toy_dataset(), records, author="alice", summary="toy")
    store = Neo4jStore(neo4j_uri, user, password)
    try:
        assert store.dataset() == toy_dataset()
        assert first.store == "neo4j" and first.load_id == S.neo4j_key(neo4j_uri, user, password) == store.current_load()
        counts = store.info().counts

        bad = replace_firm(toy_dataset(), "f1", segments=("no_such_segment",))
        with pytest.raises(InvalidData):
            S.apply_neo4j(neo4j_uri, user, password, bad, records, author="bob", summary="bad")
        assert store.info().counts == counts and store.dataset() == toy_dataset()
        assert S.neo4j_key(neo4j_uri, user, password) == first.load_id

        base = S.dataset_hash(toy_dataset())
        edit = replace_firm(toy_dataset(), "f2", local=False)
        second = S.apply_neo4j(neo4j_uri, user, password, edit, records, author="carol", summary="f2", base_hash=base)
        with pytest.raises(S.StaleBase) as exc:
            S.apply_neo4j(neo4j_uri, user, password, replace_firm(toy_dataset(), "f3", name="丙"), records,
                          author="dave", summary="late", base_hash=base)
        assert maintenance_json(exc.value.diff)["changed"] == {"firms": [{"id": "f2", "fields": {"local": ["true", "false"]}}]}
        assert store.dataset() == edit and S.neo4j_key(neo4j_uri, user, password) == second.load_id
        assert store.current_load() == second.load_id != first.load_id  # what the app keys its caches on
        assert [s.author for s in S.list_snapshots(records) if not s.initial] == ["alice", "carol"]
    finally:
        store.close()


def test_the_deck_gets_a_since_the_last_meeting_slide_once_two_snapshots_exist(toy_folder):
    from pptx import Presentation

    from graph.export import meeting
    from graph.export.pptx import since_slide
    from loaders.open import open_data

    assert S.last_change(toy_folder) is None  # no snapshot yet: no slide
    f4 = dataclasses.replace(toy_dataset().firms[1], id="f4", name="丁公司", segments=("c1",))
    new = replace_firm(dataclasses.replace(toy_dataset(), firms=(*toy_dataset().firms, f4)), "f2", local=False)
    S.apply(toy_folder, new, author="a", summary="")
    s = S.last_change(toy_folder)
    assert s.firms_added == ("f4",) and s.gaps_closed == 1 and s.gaps_opened == 1
    for lang, words in (("zh", ("上次会议以来的变化", "新增企业 1 家:丁公司", "补上的缺口", "下游", "其他环节")),
                        ("en", ("Since the last meeting", "1 firm(s) added: Beta Co", "Gaps closed", "Down", "Other segment"))):
        prs = Presentation()
        since_slide(prs, s, meeting(open_data(toy_folder), lang))
        text = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
        assert all(w in text for w in words), text


def test_the_app_shows_the_new_data_right_after_an_apply(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    folder = tmp_path / "laoshan"
    shutil.copytree(LAOSHAN, folder)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("CHAINMAP_DATA", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    figures = lambda: {m.label: m.value for m in at.metric}  # noqa: E731
    assert at.title[0].value == "人工智能" and figures()["本地企业"] == "9"
    data = load_or_raise(folder)
    S.apply(folder, replace_firm(data, "firm_ascend_eco", local=False), author="a", summary="",
            base_hash=S.current_hash(folder))
    at.run()
    assert not at.exception and figures()["本地企业"] == "8"


def test_apply_change_on_the_store_in_use_and_the_facts_since_a_chosen_snapshot(toy_folder):
    from loaders.open import apply_change, base_hash, open_data

    env = {"CHAINMAP_DATA": str(toy_folder)}
    base = base_hash(open_data(toy_folder))
    assert base == S.current_hash(toy_folder)
    apply_change(replace_firm(toy_dataset(), "f2", local=False), author="a", summary="one", base_hash=base, env=env)
    with pytest.raises(S.StaleBase):
        apply_change(toy_dataset(), author="b", summary="late", base_hash=base, env=env)
    s = S.since_snapshot(toy_folder, "0001")
    assert s.old.id == "0001" and s.new.id == "0002" and s.gaps_opened == 1 and s.gaps_closed == 0
    assert [c.opened for c in s.chains if c.opened] == [("o1",)]


def test_chainmap_diff_reads_workbooks_too(tmp_path, capsys):
    import json

    from chainmap.cli import main
    from loaders.tables import write_workbook

    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    write_workbook(write_csv_folder(toy_dataset(), tmp_path / "a"), old)
    write_workbook(write_csv_folder(replace_firm(toy_dataset(), "f3", name="丙公司(改名)"), tmp_path / "b"), new)
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["changed"] == {"firms": [{"id": "f3", "fields": {"name": ["丙公司", "丙公司(改名)"]}}]} and out["gaps"] == {}
