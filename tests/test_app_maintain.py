"""The 数据维护 and 历史 pages (Streamlit AppTest, embedded store on a copy of the Laoshan data): viewers see a
sign-in prompt and no action; sign-in failures are refused, rate-limited and never echo the password; an upload
shows its report, its changes and their effect on the gaps before anything changes; apply needs the button."""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from graph.analysis.gaps import segment_statuses
from graph.embedded import EmbeddedStore
from loaders.accounts import Accounts
from loaders.edit_workbook import edit_workbook
from loaders.open import DEFAULT_DATA
from loaders.snapshots import current_hash, list_snapshots
from loaders.validate import load_or_raise

EDITOR, VIEWER, PASSWORD = "wang", "li", "correct horse battery"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, data)
    home = tmp_path / "home"
    Accounts(home).add(EDITOR, PASSWORD, "editor")
    Accounts(home).add(VIEWER, PASSWORD, "viewer")
    monkeypatch.setenv("CHAINMAP_DATA", str(data))
    monkeypatch.setenv("CHAINMAP_HOME", str(home))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    return data


def _maintain():
    from app_pages import maintain

    maintain.page()


def _history():
    from app_pages import history

    history.page()


def _panorama():
    from app_pages import panorama

    panorama.page()


def page(fn=_maintain):
    return AppTest.from_function(fn, default_timeout=60).run()


def sign_in(at, name=EDITOR, password=PASSWORD):
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    next(b for b in at.button if b.label == "登录").click()
    return at.run()


def everything(at) -> str:
    """Every element of the page as text (values, labels, widget states)."""
    return "\n".join(repr(e) for e in [*at.main, *at.sidebar])


def files_of(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def workbook(folder: Path, edit=None) -> bytes:
    raw = edit_workbook(load_or_raise(folder), current_hash(folder))
    if edit is None:
        return raw
    book = load_workbook(io.BytesIO(raw))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def set_cell(sheet, row_id, column, value):
    def edit(book):
        ws = book[sheet]
        col = next(c.column for c in ws[1] if c.value == column)
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == row_id)
        ws.cell(row, col).value = value
    return edit


def upload(at, name, raw):
    at.get("file_uploader")[0].set_value((name, raw, XLSX))
    return at.run()


def frames(at):
    return [df.value for df in at.dataframe]


def test_a_viewer_sees_a_sign_in_prompt_and_no_action(folder):
    at = page()
    assert not at.exception
    assert any("仅限已登录的编辑人员" in i.value for i in at.info)
    assert not at.get("download_button") and not at.get("file_uploader")
    assert [b.label for b in at.button] == ["登录"]
    signed = sign_in(page(), VIEWER)  # a viewer account may sign in, but still gets no action
    assert any("浏览账号" in w.value for w in signed.warning)
    assert not signed.get("download_button") and not signed.get("file_uploader")
    assert "maintain_apply" not in [b.key for b in signed.button]


def test_the_maintain_page_is_in_the_navigation_and_closed_without_sign_in(folder):
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60).run()
    assert not at.exception
    source = (Path(__file__).resolve().parent.parent / "app.py").read_text("utf-8")
    assert 'url_path="maintain"' in source and 'url_path="history"' in source


def test_wrong_passwords_fail_are_rate_limited_and_never_shown(folder, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    at = page()
    for i in range(3):
        at = sign_in(at, EDITOR, f"wrong-guess-{i}!")
        assert any("不正确" in e.value for e in at.error)
        assert not at.get("download_button")
    at = sign_in(at, EDITOR, PASSWORD)  # the right password, but too many failures just now
    assert any("秒后再试" in e.value for e in at.error)
    assert not at.get("download_button")
    shown = everything(at) + caplog.text + "".join(capsys.readouterr())
    assert "wrong-guess" not in shown and PASSWORD not in shown
    assert at.text_input(key="signin_password").value == ""


def test_an_editor_signs_in_and_downloads_the_workbook(folder):
    at = sign_in(page())
    assert not at.exception and not at.error
    assert at.get("download_button") and at.get("file_uploader")
    assert any("wang" in c.value for c in at.sidebar.caption)


def test_an_unchanged_upload_shows_no_change_and_offers_no_apply(folder):
    at = upload(sign_in(page()), "data.xlsx", workbook(folder))
    assert not at.exception
    assert any("没有改动" in i.value for i in at.info)
    assert "maintain_apply" not in [b.key for b in at.button]


def _single_point(folder):
    """A local firm that alone holds a segment (changing its presence to 'planned' makes that segment missing)."""
    data = load_or_raise(folder)
    store = EmbeddedStore(data)
    for chain in data.chains:
        for gap in segment_statuses(store.chain_view(chain.id)):
            if gap.status == "single":
                (firm,) = gap.local_firms
                if sum(1 for f in data.firms if f.id == firm.id for _ in f.segments) == 1:
                    return firm.id, gap.segment.id
    raise AssertionError("no single-point segment in the data")


def test_a_one_cell_edit_shows_exactly_that_change_and_its_gap_effect(folder):
    firm, segment = _single_point(folder)
    before = files_of(folder)
    at = upload(sign_in(page()), "data.xlsx", workbook(folder, set_cell("firms", firm, "presence", "planned")))
    assert not at.exception
    tables = frames(at)
    diff_table = next(t for t in tables if "之前" in t.columns)
    (row,) = diff_table.to_dict("records")
    name = next(f.name for f in load_or_raise(folder).firms if f.id == firm)
    assert row == {"类别": "企业", "变化": "修改", "编号": f"{name} ({firm})", "字段": "presence", "之前": row["之前"], "之后": "planned"}
    assert row["之前"] in ("registered", "branch", "rnd")
    effect = next(t for t in tables if "环节状态" in t.columns)
    (moved,) = [r for r in effect.to_dict("records") if r["环节状态"] not in ("", "—")]
    assert moved["环节状态"].startswith("单点") and "→ 缺失" in moved["环节状态"]
    completeness = [r["完整度"] for r in effect.to_dict("records") if r["完整度"] not in ("", "—")]
    assert len(completeness) == 1 and "→" in completeness[0]
    assert "maintain_apply" in [b.key for b in at.button]
    assert files_of(folder) == before  # nothing changed before the button


def test_an_invalid_upload_changes_nothing_and_offers_no_apply(folder):
    before = files_of(folder)
    at = upload(sign_in(page()), "data.xlsx", workbook(folder, set_cell("segments", "vr.optics", "stage", "sideways")))
    assert not at.exception
    assert any("错误" in e.value for e in at.error)
    report = frames(at)[0].to_dict("records")
    errors = [r for r in report if r["级别"] == "错误"]
    assert [(r["文件"], r["行"], r["列"], r["值"]) for r in errors] == [("data.xlsx[segments]", "3", "stage", "sideways")] \
        or [(r["列"], r["值"]) for r in errors] == [("stage", "sideways")]
    assert report[0]["级别"] == "错误"  # errors first
    assert "maintain_apply" not in [b.key for b in at.button]
    assert files_of(folder) == before


def test_apply_makes_a_snapshot_and_every_page_shows_the_new_data(folder):
    at = upload(sign_in(page()), "data.xlsx", workbook(folder, set_cell("chains", "ai", "name", "人工智能与算力")))
    at.button(key="maintain_apply").click().run()
    assert not at.exception
    assert any("已应用" in s.value for s in at.success)
    assert not at.get("file_uploader")[0].value  # emptied for the next edit
    assert [s.initial for s in list_snapshots(folder)] == [True, False]
    assert "人工智能与算力" in (folder / "chains.csv").read_text("utf-8")
    pano = page(_panorama)  # the same process: the store is keyed on the data's version
    assert pano.title[0].value == "人工智能与算力"
    hist = page(_history)
    assert not hist.exception
    assert hist.get("arrow_vega_lite_chart") or hist.get("vega_lite_chart")


def test_an_upload_based_on_older_data_shows_the_change_since_and_needs_a_tick(folder):
    old = workbook(folder, set_cell("firms", "firm_goertek", "name_en", "Goertek (edited)"))
    at = upload(sign_in(page()), "data.xlsx", workbook(folder, set_cell("chains", "vr", "name_en", "VR (edited)")))
    at.button(key="maintain_apply").click().run()  # someone else's change lands first
    at = upload(sign_in(page()), "old.xlsx", old)
    assert any("在你下载之后" in w.value for w in at.warning)
    assert "maintain_apply" not in [b.key for b in at.button]
    meanwhile = next(t for t in frames(at)[1:] if "之后" in t.columns and "VR (edited)" in list(t["之后"]))
    assert len(meanwhile) >= 1
    at.checkbox(key="maintain_stale_ok").check().run()
    assert "maintain_apply" in [b.key for b in at.button]


@pytest.mark.neo4j
def test_on_neo4j_an_invalid_upload_changes_nothing_and_an_applied_one_is_the_new_load(
        tmp_path, monkeypatch, neo4j_uri, neo4j_auth, neo4j_driver):
    import streamlit as st

    from graph.neo4j import Neo4jStore, load_into_neo4j
    from loaders.open import base_hash

    user, password = neo4j_auth
    load_into_neo4j(neo4j_driver, load_or_raise(DEFAULT_DATA))
    home = tmp_path / "home"
    Accounts(home).add(EDITOR, PASSWORD, "editor")
    for key, value in (("NEO4J_URI", neo4j_uri), ("NEO4J_USER", user), ("NEO4J_PASSWORD", password),
                       ("CHAINMAP_HOME", str(home)), ("CHAINMAP_NEO4J_SNAPSHOTS", str(tmp_path / "records"))):
        monkeypatch.setenv(key, value)
    st.cache_resource.clear()
    st.cache_data.clear()
    store = Neo4jStore(neo4j_uri, user, password)
    try:
        data = store.dataset()
        raw = edit_workbook(data, base_hash(store))
        before = data.counts()

        def edited(edit):
            book = load_workbook(io.BytesIO(raw))
            edit(book)
            out = io.BytesIO()
            book.save(out)
            return out.getvalue()

        at = upload(sign_in(page()), "bad.xlsx", edited(set_cell("segments", "vr.optics", "stage", "sideways")))
        assert any("错误" in e.value for e in at.error) and "maintain_apply" not in [b.key for b in at.button]
        assert store.dataset().counts() == before

        at = upload(sign_in(page()), "good.xlsx", edited(set_cell("firms", "firm_goertek", "name_en", "Goertek (Neo4j)")))
        at.button(key="maintain_apply").click().run()
        assert not at.exception and any("已应用" in s.value for s in at.success)
        assert next(f.name_en for f in store.dataset().firms if f.id == "firm_goertek") == "Goertek (Neo4j)"
        assert store.dataset().counts() == before
        assert [s.store for s in list_snapshots(tmp_path / "records")] == ["neo4j", "neo4j"]
    finally:
        store.close()
        st.cache_resource.clear()
        st.cache_data.clear()


def test_the_sign_in_prompt_and_a_failure_read_in_english(folder):
    at = AppTest.from_function(_maintain, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert any("signed-in editors" in i.value for i in at.info)
    at.text_input(key="signin_name").input(EDITOR)
    at.text_input(key="signin_password").input("not it at all")
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    assert [e.value for e in at.error] == ["Wrong name or password."]
