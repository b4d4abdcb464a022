"""Gap analysis on a chain whose every answer is known in advance (tests/gapdata.py), plus the Laoshan CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph import words as L
from graph.analysis.crosschain import cross_chain
from graph.analysis.gaps import Rules, analyse_chain, classify, segment_statuses, single_points
from graph.words import explain
from graph.words.explain import gap_numbers, gap_rule, position_rule, status_rule
from graph.export.gaps_json import gaps_json
from graph.analysis.neighbourhood import neighbourhood
from graph.analysis.targets import Weights
from graph.analysis.whatif import what_if
from graph.embedded import EmbeddedStore
from loaders.open import open_data
from tests.gapdata import gap_dataset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store():
    return EmbeddedStore(gap_dataset())


@pytest.fixture(scope="module")
def view(store):
    return store.chain_view("c")


def by_id(gaps):
    return {g.segment.id: g for g in gaps.segments}


def test_every_status_and_position_is_the_expected_one(view):
    gaps = analyse_chain(view)
    got = {g.segment.id: (g.status, g.position) for g in gaps.segments}
    assert got == {"u1": ("strong", ""), "u2": ("missing", "fill"), "m1": ("single", ""), "m2": ("missing", "break"),
                   "x1": ("missing", "fill"), "d1": ("weak", ""), "d2": ("missing", "extend")}
    assert [g.segment.id for g in gaps.segments] == ["u1", "u2", "m1", "m2", "x1", "d1", "d2"]  # by stage, then id
    assert {s: gaps.count(s) for s in ("missing", "single", "weak", "strong")} == {
        "missing": 4, "single": 1, "weak": 1, "strong": 1}


def test_positions_name_the_local_segments_they_rest_on(view):
    g = by_id(analyse_chain(view))
    assert (g["m2"].local_upstream, g["m2"].local_downstream) == (("m1", "u1"), ("d1",))
    assert (g["d2"].local_upstream, g["d2"].local_downstream) == (("m1", "u1"), ())
    assert (g["u2"].local_upstream, g["u2"].local_downstream) == ((), ("d1", "m1"))
    assert position_rule(g["m2"].position).startswith("断链") and position_rule(g["d2"].position, "en").startswith("extend")
    assert "上游本地环节:环节m1、环节u1;下游本地环节:环节d1" in gap_numbers(g["m2"], view)
    assert [g[s].action for s in ("u2", "m2", "d2", "m1", "d1", "u1")] == [
        "fill", "break", "extend", "strengthen", "strengthen", ""]


def test_completeness_for_the_chain_and_per_stage(view):
    gaps = analyse_chain(view)
    assert gaps.completeness == pytest.approx(3 / 7)
    assert [(s.stage, s.with_local, s.segments) for s in gaps.by_stage] == [
        ("upstream", 1, 2), ("midstream", 1, 3), ("downstream", 1, 2)]
    assert gaps.by_stage[1].completeness == pytest.approx(1 / 3)


def test_each_status_carries_its_rule_and_numbers(view):
    g = by_id(analyse_chain(view))
    assert gap_rule(g["m1"]) == "单点:本地企业 1 家——迁出即缺失"
    assert gap_numbers(g["m1"], view) == "本地企业 1 家;带质量标签 0 家"
    assert gap_numbers(g["u1"], view, "en") == "2 local firm(s); 1 with a quality tag"
    assert [f.id for f in g["u1"].quality_firms] == ["L1"]
    assert "上市" in gap_rule(g["d1"]) and gap_rule(g["d1"]).startswith("薄弱")
    assert status_rule(g["x1"].status, lang="en") == "missing: 0 local firms"


def test_rules_are_configurable(store, view):
    no_uncertain = by_id(analyse_chain(view, Rules(count_uncertain=False)))
    assert no_uncertain["d1"].status == "single"  # L5's evidence is weak, so only L4 counts
    assert "不计入" in gap_rule(no_uncertain["d1"], Rules(count_uncertain=False))
    no_tags = by_id(analyse_chain(view, Rules(quality_tags=())))
    assert no_tags["u1"].status == "weak"
    wide_single = by_id(analyse_chain(view, Rules(single_max=2)))
    assert (wide_single["u1"].status, wide_single["d1"].status) == ("single", "single")
    assert status_rule("single", Rules(single_max=2)) == "单点:本地企业 1–2 家——迁出即缺失"
    assert [classify(0, 0), classify(1, 1), classify(2, 0), classify(2, 1), classify(3, 1, Rules(min_quality=2))] == [
        "missing", "single", "weak", "strong", "weak"]


def test_chain_leaders_count_as_quality_firms(store):
    from dataclasses import replace

    view = store.chain_view("c")
    led = replace(view, chain=replace(view.chain, leaders=("L4",)))
    assert by_id(analyse_chain(led))["d1"].status == "strong"
    assert by_id(analyse_chain(led, Rules(leaders_are_quality=False)))["d1"].status == "weak"


def test_targets_are_ranked_with_score_parts_and_reasons(view):
    g = by_id(analyse_chain(view))
    m2 = g["m2"].targets
    assert [(t.firm.id, t.score) for t in m2] == [("O1", 7.0), ("O3", 5.0), ("O2", 2.5)]
    o1 = m2[0]
    assert (o1.link_score, o1.quality_score, o1.park_score, o1.park_fit, o1.park.id) == (3.0, 2.0, 2.0, 2, "P2")
    assert explain.reason(o1, view) == "供应 企业L4(本地) → 环节d1; 上市; 契合 二号园(聚焦本链,已有关联企业 企业L4)"
    assert explain.reason(o1, view, "en") == (
        "supplies Firm L4 (local) → Segment d1; listed (上市); fits Park two (focuses on this chain; hosts Firm L4)")
    assert explain.reason(m2[2], view) == "采购自 企业L3(本地) ← 环节m1 [推断]; 契合 二号园(聚焦本链)"  # inferred link counts half
    assert [(t.firm.id, t.score, explain.reason(t, view)) for t in g["d2"].targets] == [
        ("O4", 3.0, "独角兽; 契合 二号园(聚焦本链)")]
    # O5 supplies L6, a local firm on another chain: the link counts and L6's park P1 wins the park choice
    assert [(t.firm.id, t.score, t.park.id) for t in g["u2"].targets] == [("O5", 5.0, "P1")]
    assert explain.reason(g["u2"].targets[0], view) == "供应 企业L6(本地); 契合 一号园(聚焦本链,已有关联企业 企业L6)"


def test_weights_change_the_order(view):
    m2 = by_id(analyse_chain(view, weights=Weights(link=0)))["m2"].targets
    assert [(t.firm.id, t.score) for t in m2] == [("O3", 5.0), ("O1", 4.0), ("O2", 1.0)]
    flat = by_id(analyse_chain(view, weights=Weights(link=0, quality=0, park=0)))["m2"].targets
    assert [(t.firm.id, t.score) for t in flat] == [("O1", 0.0), ("O2", 0.0), ("O3", 0.0)]  # ties by id
    full = by_id(analyse_chain(view, weights=Weights(unconfirmed_link=1.0)))["m2"].targets
    assert full[2].link_score == 3.0


def test_no_candidate_is_an_explicit_empty_result(view):
    g = by_id(analyse_chain(view))
    assert g["x1"].targets == ()
    assert explain.targets_note(g["x1"]) == "数据中没有该环节的区外候选企业"
    assert explain.targets_note(g["x1"], "en") == "No outside candidate for this segment in the data"
    assert (g["u1"].targets, explain.targets_note(g["u1"])) == ((), "")  # strong: no targets asked for


def test_single_points_of_failure(view):
    got = [(p.firm.id, p.empties, p.sole_supplier_of) for p in single_points(view)]
    assert got == [("L1", (), ("L3",)), ("L3", ("m1",), ())]
    assert explain.single_point(single_points(view)[1], view) == "迁出则环节缺失:环节m1"
    strict = [(p.firm.id, p.empties, p.sole_supplier_of) for p in single_points(view, Rules(count_uncertain=False))]
    assert strict == [("L1", (), ("L3",)), ("L2", (), ("L4",)), ("L3", ("m1",), ()), ("L4", ("d1",), ())]


def test_what_if_a_firm_lands_in_a_park(view):
    r = what_if(view, lands="O1", park="P1")
    assert [(c.segment.id, c.before, c.after, c.position_before, c.position_after) for c in r.changes] == [
        ("m2", "missing", "single", "break", "")]
    assert (r.before.completeness, r.after.completeness) == pytest.approx((3 / 7, 4 / 7))
    assert r.completeness_delta == pytest.approx(1 / 7)
    assert [(s.stage, round(s.delta, 4)) for s in r.stages] == [("upstream", 0), ("midstream", 0.3333), ("downstream", 0)]
    landed = next(f for f in r.after.view.firms if f.id == "O1")
    assert (landed.local, landed.parks) == (True, ("P1",))
    assert [p.firm.id for p in r.single_points_after] == ["L1", "L3", "O1"]
    assert by_id(r.before)["m2"].status == "missing"  # the original view is untouched


def test_what_if_a_firm_leaves(view):
    r = what_if(view, leaves="L3")
    assert [(c.segment.id, c.before, c.after, c.position_after) for c in r.changes] == [("m1", "single", "missing", "break")]
    assert r.after.completeness == pytest.approx(2 / 7)
    assert r.single_points_after == ()


def test_what_if_the_downstream_end_leaves_turns_a_break_into_an_extension(view):
    r = what_if(view, leaves=("L4", "L5"))
    assert [(c.segment.id, c.before, c.after, c.position_before, c.position_after) for c in r.changes] == [
        ("m2", "missing", "missing", "break", "extend"), ("d1", "weak", "missing", "", "extend")]


def test_what_if_refuses_impossible_scenarios(view):
    with pytest.raises(ValueError):
        what_if(view, lands="L1")
    with pytest.raises(ValueError):
        what_if(view, leaves="O1")
    with pytest.raises(KeyError):
        what_if(view, leaves="nobody")


def test_cross_chain_firms_links_and_segments(store):
    cc = cross_chain(store)
    assert [(f.firm.id, f.chains, f.segments) for f in cc.firms] == [("O4", ("c", "k"), ("d2", "k1"))]
    assert cross_chain(store, local_only=True).firms == ()
    assert [(l.link.source, l.link.target, l.source_chain, l.target_chain) for l in cc.links] == [("m1", "k1", "c", "k")]
    assert [(s.segment.id, s.supplies_chains, s.supplied_by_chains, s.chains) for s in cc.segments] == [
        ("k1", (), ("c",), ("c", "k")), ("m1", ("k",), (), ("c", "k"))]


def test_neighbourhood_walks_firm_and_segment_links(store):
    h = neighbourhood(store, "L3", hops=1)
    assert h.ids("firm", -1) == ("L1", "L2") and h.ids("segment", -1) == ("u1", "u2")
    assert h.ids("firm", 0) == ("L3",) and h.ids("segment", 0) == ("m1",)
    assert h.ids("firm", 1) == ("L6", "O2") and h.ids("segment", 1) == ("d2", "k1", "m2")
    rels = {(e.source[1], e.target[1], e.rel) for e in h.edges}
    assert {("L1", "L3", "SUPPLIES_FIRM"), ("L3", "O2", "SUPPLIES_FIRM"), ("m1", "k1", "SUPPLIES"),
            ("L6", "k1", "IN_SEGMENT")} <= rels
    assert ("m2", "d1", "SUPPLIES") not in rels
    two = neighbourhood(store, "L3", hops=2)
    assert two.ids("segment", 2) == ("d1",) and two.ids("firm", 2) == ("L4", "L5")
    assert neighbourhood(store, "L3", hops=0).ids("firm") == ("L3",)


def test_gaps_json_shape(view):
    out = gaps_json([analyse_chain(view)])
    chain = out["chains"][0]
    assert (chain["id"], chain["completeness"], chain["counts"]["missing"]) == ("c", 0.4286, 4)
    m2 = next(s for s in chain["segments"] if s["id"] == "m2")
    assert (m2["status"], m2["position"], m2["local_firms"], m2["stage"]) == ("missing", "break", [], "midstream")
    assert m2["targets"][0]["firm"] == "O1" and m2["targets"][0]["score"] == 7.0
    assert m2["targets"][0]["parts"] == {"links": 3.0, "quality": 2.0, "park": 2.0}
    d1 = next(s for s in chain["segments"] if s["id"] == "d1")
    assert (d1["position"], d1["local_firms"], d1["targets"]) == (None, ["L4", "L5"], [])
    assert d1["targets_note"] == L.t("no_targets")
    assert out["rules"]["status"]["single"]["rule"] == "单点:本地企业 1 家——迁出即缺失"
    assert out["weights"]["link"] == 3.0
    assert chain["single_points"][0] == {"firm": "L1", "name": "企业L1(说明)", "empties": [], "sole_supplier_of": ["L3"],
                                         "text": "唯一的本地供应商:企业L3(说明)", "text_en": "only local supplier of: Firm L3"}


def test_cli_json_on_laoshan_agrees_with_the_analysis():
    done = subprocess.run([sys.executable, "-m", "chainmap.cli", "gaps", "data/laoshan", "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    store = open_data(ROOT / "data" / "laoshan")
    assert [c["id"] for c in out["chains"]] == [c.id for c in store.dataset().chains]
    for chain in out["chains"]:
        gaps = analyse_chain(store.chain_view(chain["id"]))
        assert chain["completeness"] == round(gaps.completeness, 4)
        assert [(s["id"], s["status"], s["position"], s["local_firms"]) for s in chain["segments"]] == [
            (g.segment.id, g.status, g.position or None, [f.id for f in g.local_firms]) for g in gaps.segments]
        assert [[(t["firm"], t["score"], t["reason"]) for t in s["targets"]] for s in chain["segments"]] == [
            [(t.firm.id, round(t.score, 3), explain.reason(t, gaps.view)) for t in g.targets] for g in gaps.segments]
    ic = {s["id"]: s for s in next(c for c in out["chains"] if c["id"] == "ic")["segments"]}
    assert (ic["ic.fab"]["status"], ic["ic.fab"]["position"]) == ("missing", "break")
    vr = {s["id"]: s for s in next(c for c in out["chains"] if c["id"] == "vr")["segments"]}
    assert vr["vr.chip"]["targets"][0]["firm"] == "out_qualcomm"
    assert vr["vr.chip"]["targets"][0]["reason"].startswith("供应 歌尔股份有限公司(本地) → 整机/终端")


def test_cli_table_for_one_chain():
    done = subprocess.run([sys.executable, "-m", "chainmap.cli", "gaps", "data/laoshan", "--chain", "ic"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    assert "集成电路(微电子) (ic) — 完整度 62% (5/8)" in done.stdout
    assert any(line.split()[:3] == ["缺失", "断链", "晶圆制造/代工"] for line in done.stdout.splitlines())
    bad = subprocess.run([sys.executable, "-m", "chainmap.cli", "gaps", "data/laoshan", "--chain", "nope"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "nope" in bad.stderr


def test_segment_statuses_alone_have_no_targets(view):
    assert all(g.targets == () for g in segment_statuses(view))


def _keys(value, found):
    if isinstance(value, dict):
        for k, v in value.items():
            found.add(k)
            _keys(v, found)
    elif isinstance(value, list):
        for v in value:
            _keys(v, found)
    return found


def test_docs_describe_every_json_key_and_the_example_holds():
    store = open_data(ROOT / "data" / "laoshan")
    out = gaps_json([analyse_chain(store.chain_view(c.id)) for c in store.dataset().chains],
                    meta={"dataset": "", "as_of": "", "synthetic": False})
    doc = (ROOT / "docs" / "gaps.md").read_text(encoding="utf-8")
    statuses_and_positions = {"missing", "single", "weak", "strong", "break", "extend", "fill", "completeness"}
    undocumented = sorted(k for k in _keys(out, set()) if f"`{k}`" not in doc)
    assert undocumented == [], undocumented
    assert statuses_and_positions <= _keys(out, set())
    vr = next(c for c in out["chains"] if c["id"] == "vr")
    chip = next(s for s in vr["segments"] if s["id"] == "vr.chip")
    assert (vr["completeness"], vr["counts"]) == (0.7273, {"missing": 3, "single": 1, "weak": 2, "strong": 5})
    assert f'"reason": "{chip["targets"][0]["reason"]}"' in doc
    assert (chip["targets"][0]["score"], chip["targets"][0]["parts"]) == (8.0, {"links": 6.0, "quality": 0.0, "park": 2.0})


def test_docstring_examples_run():
    import doctest

    from graph.analysis import gaps
    from graph.words import explain as words_explain

    results = [doctest.testmod(gaps), doctest.testmod(words_explain)]
    assert (sum(r.attempted for r in results), sum(r.failed for r in results)) == (2, 0)


def test_cli_rules_and_weights_change_the_answer_like_the_library():
    args = ["gaps", "data/laoshan", "--chain", "vr", "--format", "json",
            "--weight", "park=0", "--weight", "link=5", "--single-max", "2", "--quality-tags", "上市"]
    done = subprocess.run([sys.executable, "-m", "chainmap.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    out = json.loads(done.stdout)
    rules, weights = Rules(single_max=2, quality_tags=("上市",)), Weights(park=0.0, link=5.0)
    gaps = analyse_chain(open_data(ROOT / "data" / "laoshan").chain_view("vr"), rules, weights)
    assert (out["weights"]["park"], out["weights"]["link"]) == (0.0, 5.0)
    assert [(s["id"], s["status"]) for s in out["chains"][0]["segments"]] == [
        (g.segment.id, g.status) for g in gaps.segments]
    assert [[(t["firm"], t["score"]) for t in s["targets"]] for s in out["chains"][0]["segments"]] == [
        [(t.firm.id, round(t.score, 3)) for t in g.targets] for g in gaps.segments]
    default = analyse_chain(open_data(ROOT / "data" / "laoshan").chain_view("vr"))
    assert [g.status for g in gaps.segments] != [g.status for g in default.segments]  # the flags had an effect
    bad = subprocess.run([sys.executable, "-m", "chainmap.cli", "gaps", "data/laoshan", "--weight", "speed=1"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "speed" in bad.stderr
