"""Gap pictures (recoloured panorama, what-if, neighbourhood) and the gap workbook, on tests/gapdata.py."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from graph import style
from graph.analysis.gaps import analyse_chain
from graph.tables import Context, records
from graph.tables.gaps import GAPS, TARGETS, gap_rows, target_rows
from graph.export import meeting
from graph.export.xlsx import SHEET_TARGETS, build_workbook
from graph.analysis.neighbourhood import neighbourhood
from graph.analysis.whatif import what_if
from graph.embedded import EmbeddedStore
from graph.picture.gaps import HOOD_DX, HOOD_DY, HOOD_SUB, gap_look, gap_panorama, neighbourhood_network, what_if_panorama
from tests.gapdata import gap_dataset


@pytest.fixture(scope="module")
def store():
    return EmbeddedStore(gap_dataset())


def segments(net):
    return net.spec["segments"]


def nodes(net):
    return {n["id"]: n for n in net.nodes}


def test_gap_panorama_gives_each_finding_its_own_look_and_states_the_rules(store):
    net = gap_panorama(analyse_chain(store.chain_view("c")))
    seg = segments(net)
    assert seg["m2"]["bg"] == gap_look("missing", "break").bg and seg["m2"]["sub"].startswith("断链")
    assert seg["u2"]["bg"] == gap_look("missing", "fill").bg and seg["u2"]["sub"].startswith("补链")
    assert seg["d2"]["sub"].startswith("延链") and seg["m1"]["sub"].startswith("单点")
    assert (seg["m1"]["bg"], seg["d1"]["bg"], seg["u1"]["bg"]) == tuple(
        style.GAP_STATUS_COLOURS[s] for s in ("single", "weak", "strong"))
    looks = {(s["bg"], s["border"], str(s["dashes"]), s["sub"].split(" · ")[0]) for s in seg.values()}
    assert len(looks) == 6  # six findings, six looks (colour, border and badge each differ)
    assert "缺失 · 断链" in seg["m2"]["title"]
    labels = [i.label for i in net.legend]
    assert labels[:6] == ["断链", "延链", "补链", "单点", "薄弱", "较强"]  # one short line; the rules on hover:
    assert net.legend[0].title.startswith("缺失:本地企业 0 家") and net.legend[3].title == "单点:本地企业 1 家——迁出即缺失"
    assert not any(i.colour in style.STAGE_COLOURS.values() for i in net.legend)  # stage swatches would mislead here


def test_what_if_panorama_recolours_and_highlights_what_changed(store):
    net = what_if_panorama(what_if(store.chain_view("c"), lands="O1", park="P1"))
    seg = segments(net)
    firms = {f["id"].split("#")[0]: f for fs in net.spec["firms"].values() for f in fs}
    assert seg["m2"]["bg"] == style.GAP_STATUS_COLOURS["single"]
    assert (seg["m2"]["faded"], firms["firm:O1"].get("faded", False), seg["u1"]["faded"]) == (False, False, True)
    assert "之前: 缺失 → 之后: 单点" in seg["m2"]["title"]


def test_neighbourhood_network_has_fixed_columns_by_distance(store):
    net = neighbourhood_network(neighbourhood(store, "L3", hops=1))
    n = nodes(net)
    assert (n["firm:L1"]["x"], n["firm:L3"]["x"], n["firm:O2"]["x"]) == (-HOOD_DX + HOOD_SUB, HOOD_SUB, HOOD_DX + HOOD_SUB)
    assert (n["segment:u1"]["x"], n["segment:u1"]["y"]) == (-HOOD_DX - HOOD_SUB, 0)
    assert [n[f"firm:{f}"]["y"] for f in ("L1", "L2")] == [HOOD_DY / 2, HOOD_DY * 1.5]  # beside u1, their segment
    assert all(node["fixed"] and node["physics"] is False for node in net.nodes)
    assert net.options["physics"]["enabled"] is False
    assert {(e["from"], e["to"]) for e in net.edges} >= {("firm:L1", "firm:L3"), ("segment:m1", "segment:k1")}


def test_neighbourhood_network_counts_the_local_firms_it_does_not_draw_beside_a_segment():
    from bench.synthetic import synthetic_scale_dataset

    big = EmbeddedStore(synthetic_scale_dataset(2000, chains=5, segments_per_chain=10))
    firm = big.segment_firms("syn_c00_s005", 0, 1)[1][0]
    hood = neighbourhood(big, firm.id, hops=1)
    sid, more = hood.more[0]
    for lang, text in (("zh", f"+{more} 家"), ("en", f"+{more} firms")):
        node = nodes(neighbourhood_network(hood, lang))[f"segment:{sid}"]
        assert node["label"].endswith("\n" + text) and str(more) in node["title"]


def test_a_segment_with_many_local_firms_names_twelve_and_counts_the_rest():
    from bench.synthetic import synthetic_scale_dataset
    from graph.analysis.gaps import analyse_chain_in

    big = EmbeddedStore(synthetic_scale_dataset(2000, chains=5, segments_per_chain=10))
    gaps = analyse_chain_in(big, "syn_chain_00")
    gap = max(gaps.segments, key=lambda g: len(g.local_firms))
    cell = next(r for r in records(GAPS, gap_rows([gaps])) if gap.segment.name in r.values())["本地企业"]
    assert len(gap.local_firms) > 12 and cell.count("、") == 11 and cell.endswith(f"另有 {len(gap.local_firms) - 12} 家")


def test_gap_and_target_rows_and_the_workbook(store):
    gaps = analyse_chain(store.chain_view("c"))
    rows = {r["环节"]: r for r in records(GAPS, gap_rows([gaps]))}
    assert (rows["环节m2"]["状态"], rows["环节m2"]["缺失位置"], rows["环节m2"]["招商目标"]) == ("缺失", "断链", "企业O1 (7) +2")
    assert rows["环节x1"]["招商目标"] == "数据中没有该环节的区外候选企业"
    targets = records(TARGETS, target_rows([gaps]), Context("en"))
    assert [(r["Rank"], r["Firm"], r["Score"]) for r in records(TARGETS, target_rows([gaps], "m2"), Context("en"))] == [
        (1, "Firm O1", 7.0), (2, "Firm O3", 5.0), (3, "Firm O2", 2.5)]
    assert len(targets) == sum(len(g.targets) for g in gaps.segments)
    # The pages' Excel download is the export's workbook for the chain (two header rows: zh, en).
    wb = load_workbook(BytesIO(build_workbook(store, ["c"], meeting(store), rules=gaps.rules, weights=gaps.weights)))
    sheet = wb[SHEET_TARGETS]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[3]]))
    assert (first["环节"], first["企业"], first["得分"]) == ("环节u2", "企业O5(说明)", 5.0)  # full registered name
    assert sheet.max_row == 2 + sum(len(g.targets) for g in gaps.segments)
