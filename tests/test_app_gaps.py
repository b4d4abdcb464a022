"""The gap, targets, what-if, neighbourhood and cross-chain pages, run through app.py on the Laoshan data."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.common import CHAIN_PICKER, GAP_RULE, GAP_WEIGHT, HOOD_FIRM, HOOD_QUERY, LANG_PICKER, WHATIF_FIRM, WHATIF_MODE
from app_pages.firm_picker import segment_key

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_page(url_path: str) -> AppTest:
    """Run app.py, then open one of its pages. ``switch_page`` only finds file pages; ours are functions,
    which st.navigation registers under their url_path."""
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
    return at.run()


@pytest.fixture(autouse=True)
def embedded(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_gap_page_shows_completeness_counts_table_and_download():
    at = open_page("gaps")
    assert not at.exception
    assert at.title[0].value == "缺链分析 · 人工智能"
    assert metrics(at) == {"完整度": "70%", "缺失": "3", "单点": "4", "薄弱": "0", "较强": "3"}  # working units only
    at.selectbox(key=CHAIN_PICKER).set_value("ic").run()
    table = at.table[0].value  # shown whole: long rules wrap
    row = table[table["环节"] == "晶圆制造/代工"].iloc[0]
    assert (row["状态"], row["缺失位置"], row["建议"]) == ("缺失", "断链", "补链(断链处)")
    assert "上游和下游" in row["规则"]
    assert [b.label for b in at.get("download_button")] == ["下载 Excel"]
    points = at.dataframe[0].value
    assert "迁出则环节缺失:封装测试" in list(points["详情"])


def test_rule_settings_change_the_statuses():
    at = open_page("gaps")
    at.selectbox(key=CHAIN_PICKER).set_value("vr").run()
    assert metrics(at)["较强"] == "5"
    at.sidebar.multiselect(key=GAP_RULE + "tags").set_value([]).run()
    at.sidebar.checkbox(key=GAP_RULE + "leaders").uncheck().run()
    assert metrics(at)["较强"] == "0"
    assert metrics(at)["完整度"] == "73%"  # completeness does not depend on tags


def test_target_weights_reorder_the_list():
    at = open_page("targets")
    at.selectbox(key=CHAIN_PICKER).set_value("vr").run()
    assert not at.exception
    display = at.table[1].value  # vr.chip, then vr.display (shown whole: long reasons wrap)
    assert list(display["企业"][:3]) == ["厦门乾照光电股份有限公司", "Plessey半导体", "合肥视涯科技股份有限公司"]
    assert list(display["得分"][:3]) == [6.0, 5.0, 4.5]
    at.slider(key=GAP_WEIGHT + "link").set_value(0.0).run()
    display = at.table[1].value
    # links no longer count: the listed firms (上市 +2, park +1) tie at 3 and go by id; Plessey drops to 2
    assert list(zip(display["企业"][:2], display["得分"][:2])) == [("中微半导体设备", 3.0), ("京东方科技集团股份有限公司", 3.0)]
    assert list(display[display["企业"] == "Plessey半导体"]["得分"]) == [2.0]
    assert any("没有该环节的区外候选企业" in i.value for i in at.info)  # vr.apps has no candidate


def test_what_if_a_local_firm_leaves():
    at = open_page("whatif")
    at.selectbox(key=CHAIN_PICKER).set_value("vr").run()
    at.radio(key=WHATIF_MODE).set_value("leaves").run()
    at.selectbox(key=segment_key(f"{WHATIF_FIRM}_leaves", "vr")).set_value("vr.testing").run()
    at.selectbox(key=f"{WHATIF_FIRM}_leaves").set_value("firm_qvri").run()
    assert not at.exception
    m = {x.label: (x.value, x.delta) for x in at.metric}
    assert m["完整度"] == ("64%", "-9%")
    changes = at.dataframe[0].value
    assert list(changes.iloc[0]) == ["检测认证与公共服务平台", "单点", "缺失 · 补链"]


def test_neighbourhood_and_cross_chain_pages():
    at = open_page("neighbourhood")
    at.text_input(key=HOOD_QUERY).input("Goertek").run()
    at.selectbox(key=HOOD_FIRM).set_value("firm_goertek").run()
    assert not at.exception
    at = open_page("crosschain")
    assert not at.exception
    assert len(at.dataframe[0].value) == 17  # firms on several chains
    assert len(at.dataframe[2].value) == 10  # segment links across chains


def test_gap_page_in_english():
    at = open_page("gaps")
    at.segmented_control(key=LANG_PICKER).set_value("en").run()
    assert at.title[0].value.startswith("Gap analysis · Artificial intelligence")
    assert set(metrics(at)) == {"Completeness", "missing", "single", "weak", "strong"}
