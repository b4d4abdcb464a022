"""Presentation mode: the six-step walk (graph/present.py), the page (AppTest), and arrow keys in a real browser.

The browser test also saves presentation mode at 1920×1080 (``docs/present.png`` with CHAINMAP_UPDATE_DOCS=1).
"""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from graph import words as L
from graph.analysis.gaps import analyse_chain
from graph.embedded import EmbeddedStore
from loaders.open import open_data
from graph.picture.walk import STEP_KEYS, step_network, walk_steps
from graph.picture.network import node_id
from graph.picture.gaps import gap_look
from graph.picture.panorama import PER_SEGMENT, panorama
from graph.store import overview_of
from loaders.open import data_path
from tests.browser import APP_READY, GRAPH_DRAWN, picture_path
from tests.toy import toy_dataset

PRESENT_PNG = picture_path("present.png")


@pytest.fixture(scope="module")
def laoshan() -> EmbeddedStore:
    return open_data(data_path())


@pytest.fixture(scope="module")
def toy():
    view = EmbeddedStore(toy_dataset()).chain_view("toy")
    return view, walk_steps(view, analyse_chain(view))


def positions(net) -> dict:
    """What the browser's layout places nodes from (graph/assets/chainmap.js): the same input gives the same
    positions at the same window size — the font, the stages' segments, each segment's name, whether it has a
    badge line, its firm count and its firms in order, the links."""
    spec = net.spec
    return {"font": spec["font"], "stages": spec["stages"], "links": [(l["from"], l["to"]) for l in spec["links"]],
            "segments": {sid: (seg["name"], bool(seg["sub"]), seg["total"]) for sid, seg in spec["segments"].items()},
            "firms": {sid: [f["id"] for f in firms] for sid, firms in spec["firms"].items()}}


def emphasis(net) -> dict[str, tuple]:
    """What a step may change: per node, whether it is faded and its background colour."""
    spec = net.spec
    out = {node_id("segment", sid): (seg["faded"], seg["bg"]) for sid, seg in spec["segments"].items()}
    # a chip's id is "firm:<id>#<segment>" (a firm is drawn on each of its segments)
    out.update((f["id"].split("#")[0], (f.get("faded", False), spec["looks"][f["kind"]]["bg"]))
               for firms in spec["firms"].values() for f in firms)
    return out


def drawn_ids(net) -> set[str]:
    return set(emphasis(net))


def test_every_chain_walks_the_six_steps_in_order_at_the_panorama_positions(laoshan):
    for summary in laoshan.chains():
        view = laoshan.chain_view(summary.chain.id)
        steps = walk_steps(view, analyse_chain(view), "zh")
        assert [s.key for s in steps] == list(STEP_KEYS)
        assert [s.title.split(" · ")[-1] for s in steps] == ["全景", "上游", "中游", "下游", "缺口", "招商目标"]
        assert all(s.title.startswith(L.name_of(view.chain, "zh")) and s.caption for s in steps)

        nets = [step_network(view, s, "zh") for s in steps]
        expected = positions(panorama(overview_of(view, PER_SEGMENT), "zh"))
        assert all(positions(net) == expected for net in nets), summary.chain.id
        looks = [emphasis(net) for net in nets]
        assert all(a != b for i, a in enumerate(looks) for b in looks[i + 1:]), summary.chain.id


def test_overview_is_the_plain_panorama_and_stage_steps_light_their_own_stage(laoshan):
    view = laoshan.chain_view("ai")
    steps = {s.key: s for s in walk_steps(view, analyse_chain(view), "zh")}
    assert steps["overview"].highlight is None and not steps["overview"].looks
    assert emphasis(step_network(view, steps["overview"])) == emphasis(panorama(overview_of(view, PER_SEGMENT), "zh"))
    for stage in ("upstream", "midstream", "downstream"):
        segments = [s for s in view.segments if s.stage == stage]
        expected = {node_id("segment", s.id) for s in segments}
        expected |= {node_id("firm", f.id) for f in view.firms if {s.id for s in segments} & set(f.segments)}
        assert steps[stage].highlight == expected
        net = step_network(view, steps[stage])
        bright = {i for i, (faded, _) in emphasis(net).items() if not faded}
        assert bright == expected & drawn_ids(net)


def test_gap_and_target_steps_colour_by_status_and_light_the_candidates(laoshan):
    view = laoshan.chain_view("vr")
    gaps = analyse_chain(view)
    steps = {s.key: s for s in walk_steps(view, gaps, "zh")}
    colours = {g.segment.id: gap_look(g.status, g.position).bg for g in gaps.segments}
    needy = {g.segment.id for g in gaps.segments if g.status != "strong"}
    for key in ("gaps", "targets"):
        net = step_network(view, steps[key])
        drawn = {i: bg for i, (_, bg) in emphasis(net).items() if i.startswith("segment:")}
        assert drawn == {node_id("segment", s): c for s, c in colours.items()}
    assert {node_id("segment", s) for s in needy} <= steps["gaps"].highlight
    best = {node_id("firm", g.targets[0].firm.id) for g in gaps.segments if g.status != "strong" and g.targets}
    assert best and best <= steps["targets"].highlight
    assert not any(i.startswith("firm:") and i in steps["targets"].highlight
                   for i in {node_id("firm", f.id) for f in view.local_firms} - best)
    top = max((t for g in gaps.segments for t in g.targets), key=lambda t: t.score)
    assert top.firm.name.split("(")[0] in steps["targets"].caption


def test_toy_walk_captions_state_the_numbers(toy):
    view, steps = toy
    # a1 (f1) and b1 (f1, f2) have local firms; a2 (only outside f3) and c1 are missing.
    assert steps[0].caption == "4 个环节 · 本地企业 2 家 · 完整度 50%(2/4 个环节有本地企业)"
    assert steps[1].caption == "上游 2 个环节,1 个有本地企业 · 本地企业 1 家 · 无本地企业:上游二"
    assert steps[3].caption.startswith("下游 1 个环节,0 个有本地企业")
    assert steps[4].caption == "缺失 2(断链 0 · 延链 1 · 补链 1)· 单点 1 · 薄弱 0 · 较强 1"
    assert steps[5].caption.startswith("得分最高的候选:丙公司 → 上游二")
    english = walk_steps(view, analyse_chain(view), "en")
    assert [s.title for s in english][:2] == ["Toy chain · Overview", "Toy chain · Upstream"]


def _present_script():
    from app_pages.present import page

    page()


@pytest.fixture
def present_app(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    return AppTest.from_function(_present_script, default_timeout=60)


def test_present_page_steps_with_the_buttons_and_resets_on_a_new_chain(present_app):
    from app_pages.common import CHAIN_PICKER, PRESENT_STEP

    at = present_app.run()
    assert not at.exception
    assert at.title[0].value == "人工智能 · 全景"
    at.button(key="present_next").click().run()
    assert at.title[0].value == "人工智能 · 上游"
    for _ in range(4):
        at.button(key="present_next").click().run()
    assert at.title[0].value == "人工智能 · 招商目标"
    assert at.button(key="present_next").disabled  # the last step
    assert not at.button(key="present_prev").disabled
    at.button(key="present_prev").click().run()
    assert at.title[0].value == "人工智能 · 缺口"
    at.selectbox(key=CHAIN_PICKER).set_value("vr").run()
    assert at.session_state[PRESENT_STEP] == 0
    assert at.title[0].value == "虚拟现实 · 全景"


POSITIONS = "h => h.network.getPositions()"


@pytest.mark.browser
def test_arrow_keys_and_clicker_keys_walk_the_chain_in_the_browser(page, streamlit_app, external_requests, laoshan):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{streamlit_app}/present")
    page.locator(APP_READY).wait_for()
    page.locator(GRAPH_DRAWN).first.wait_for()
    view = laoshan.chain_view("ai")
    name = L.name_of(view.chain, "zh")
    assert page.locator("h1").first.inner_text() == f"{name} · 全景"
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.count() == 0 or sidebar.first.bounding_box() is None or sidebar.first.bounding_box()["width"] < 50
    before = page.locator(GRAPH_DRAWN).first.evaluate(POSITIONS)

    def heading_after(key: str, expected: str) -> None:
        page.keyboard.press(key)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if page.locator("h1").first.inner_text() == expected:
                return
            time.sleep(0.2)
        raise AssertionError(f"{key}: heading stayed {page.locator('h1').first.inner_text()!r}, wanted {expected!r}")

    heading_after("ArrowRight", f"{name} · 上游")
    heading_after("PageDown", f"{name} · 中游")
    heading_after("ArrowLeft", f"{name} · 上游")
    for key, step in (("ArrowRight", "中游"), ("ArrowRight", "下游"), ("ArrowRight", "缺口")):
        heading_after(key, f"{name} · {step}")
    page.locator(APP_READY).wait_for()
    page.locator(GRAPH_DRAWN).first.wait_for()
    after = page.locator(GRAPH_DRAWN).first.evaluate(POSITIONS)
    assert after.keys() == before.keys()  # the same picture: nodes never move between steps
    assert all(abs(after[i]["x"] - p["x"]) < 0.01 and abs(after[i]["y"] - p["y"]) < 0.01 for i, p in before.items())

    page.evaluate("document.fonts.ready.then(() => true)")
    time.sleep(0.5)
    PRESENT_PNG.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(PRESENT_PNG))
    assert PRESENT_PNG.stat().st_size > 50_000

    # Right after another chain is chosen the keys work (the picker must not keep them).
    vr = L.name_of(laoshan.chain_view("vr").chain, "zh")
    page.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option").filter(has_text=vr).first.click()
    deadline = time.monotonic() + 30
    while page.locator("h1").first.inner_text() != f"{vr} · 全景" and time.monotonic() < deadline:
        time.sleep(0.2)
    heading_after("ArrowRight", f"{vr} · 上游")
    assert external_requests == []


def test_each_key_press_steps_once_even_when_reruns_see_the_log_again():
    import doctest

    import app_pages.present as present

    assert doctest.testmod(present).failed == 0
    steps, last = present.new_presses("t:1:n,t:2:n", None)
    assert steps == [1, 1]
    assert present.new_presses("t:1:n,t:2:n", last) == ([], last)  # the same log again: no step
