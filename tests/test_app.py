"""The Streamlit app, run headless with AppTest on the embedded Laoshan data."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.common import CHAIN_PICKER, LANG_PICKER, PARK, SELECTED

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    return AppTest.from_file(str(APP), default_timeout=60)


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_panorama_shows_header_figures_for_the_default_chain(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "人工智能"
    assert metrics(at) == {"环节": "10", "本地企业": "9", "无本地企业的环节": "3"}  # working units only (presence)
    assert "数据截至: 2026-11-28" in [c.value for c in at.sidebar.caption]


def test_switching_chain_redraws_its_figures(app):
    at = app.run()
    at.selectbox(key=CHAIN_PICKER).set_value("vr").run()
    assert at.title[0].value == "虚拟现实"
    assert metrics(at) == {"环节": "11", "本地企业": "20", "无本地企业的环节": "3"}


def test_uncertain_chain_is_marked(app):
    at = app.run()
    at.selectbox(key=CHAIN_PICKER).set_value("ic").run()
    assert any("候选" in w.value for w in at.warning)


def test_language_switch_to_english(app):
    at = app.run()
    at.segmented_control(key=LANG_PICKER).set_value("en").run()
    assert at.title[0].value.startswith("Artificial intelligence")
    assert set(metrics(at)) == {"Segments", "Local firms", "Segments with no local firm"}


def test_detail_panel_opens_for_the_selected_node(app):
    at = app.run()
    at.selectbox(key=CHAIN_PICKER).set_value("vr").run()
    at.session_state[SELECTED] = "segment:vr.display"
    at.run()
    assert any("近眼微显示屏" in h.value for h in at.subheader)
    texts = " ".join(t.value for t in at.text)
    assert "整机/终端" in texts  # its downstream segment
    at.session_state[SELECTED] = "firm:firm_goertek"
    at.run()
    assert any("歌尔" in h.value for h in at.subheader)


def test_changing_chain_closes_the_detail_panel(app):
    at = app.run()
    at.session_state[SELECTED] = "segment:ai.compute"
    at.run()
    at.selectbox(key=CHAIN_PICKER).set_value("vr").run()
    assert SELECTED not in at.session_state


def _parks_page():
    from app_pages import parks

    parks.page()


def test_park_page_lists_firms_and_marks_uncertain_parks(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = AppTest.from_function(_parks_page, default_timeout=60).run()
    assert not at.exception
    at.selectbox(key=PARK).set_value("park_vr").run()
    assert at.title[0].value == "青岛市虚拟现实产业园"
    assert not at.warning  # likely, not a candidate
    firms = at.dataframe[0].value
    assert "歌尔股份有限公司(在崂山:歌尔科技有限公司/歌尔全球研发中心)" in list(firms["企业"])
    at.selectbox(key=PARK).set_value("park_ngit").run()
    assert any("候选" in w.value for w in at.warning)


def _search_page():
    from app_pages import search

    search.page()


def test_search_page_finds_a_firm_and_says_when_a_long_query_is_cut(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = AppTest.from_function(_search_page, default_timeout=60).run()
    at.text_input(key="search_query").set_value("歌尔").run()
    assert not at.exception and at.radio(key="search_choice").options
    assert not any("过长" in c.value for c in at.caption)
    at.text_input(key="search_query").set_value("歌尔" + "股" * 9_000).run()
    assert not at.exception
    assert any("只按前 100 个字" in c.value for c in at.caption)
