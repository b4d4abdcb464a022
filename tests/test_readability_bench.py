"""The readability bench's instrument, checked on hand-made vis-network pages whose answers are known.

``bench/readability.py`` reports label sizes, overlaps and labels outside the window for every chain;
if its in-page reader were wrong, every figure the issue's goals are judged by would be wrong. These
pages use the same vendored vis-network as the export (``graph.picture.network.vis_js``), a graph element of
800×600 CSS px at the page's top-left, and a fixed view (centre 0,0, scale 0.75), so every on-screen
size and box follows from the node options by hand.
"""

from __future__ import annotations

import json
import random

import pytest

from bench.readability_page import measure_pages
from graph.picture.network import vis_css, vis_js

pytestmark = pytest.mark.browser

SCALE = 0.75
# A box node with its label constrained to 100×40 canvas units: vis adds its 5-unit margin on each side,
# so the drawn box is 110×50 canvas units = 82.5×37.5 CSS px at SCALE.
BOX = {"shape": "box", "widthConstraint": {"minimum": 100, "maximum": 100}, "heightConstraint": {"minimum": 40}}


def write_page(tmp_path, name: str, nodes: list[dict], edges: list[dict] = (), below: str = "") -> str:
    js, css = vis_js(), vis_css()
    data = json.dumps({"nodes": nodes, "edges": list(edges)})
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}
html, body {{ margin: 0; }} #graph {{ width: 800px; height: 600px; }}</style></head>
<body><div id="graph"></div>{below}<script>{js}</script><script>
const data = {data};
const network = new vis.Network(document.getElementById("graph"),
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}},
  {{physics: false, layout: {{improvedLayout: false}}, edges: {{smooth: false}}}});
network.moveTo({{position: {{x: 0, y: 0}}, scale: {SCALE}}});
window.chainmap = {{network: network, drawn: false}};
network.once("afterDrawing", () => {{ window.chainmap.drawn = true; }});
</script></body></html>"""
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return path.as_uri()


def measure(chromium, uri: str, window=(1000, 700)) -> dict:
    (res,) = measure_pages(chromium, [(uri, window)], timeout_s=60)
    assert res["status"] == "ok", res
    assert res["first_draw_s"] <= res["still_s"]
    return res


def test_two_overlapping_boxes_read_at_their_font_size_times_the_scale(chromium, tmp_path):
    uri = write_page(tmp_path, "two.html", [
        {"id": "a", "label": "甲企业", "x": 0, "y": 0, "font": {"size": 20}, **BOX},
        {"id": "b", "label": "乙企业", "x": 30, "y": 10, "font": {"size": 24}, **BOX},  # covers most of a
    ])
    res = measure(chromium, uri)
    lab = res["labels"]
    assert lab["scale"] == pytest.approx(SCALE)
    assert (lab["nodes"], lab["labels"], lab["not_drawn"]) == (2, 2, 0)
    assert (lab["min_px"], lab["max_px"]) == (pytest.approx(15), pytest.approx(18))  # 20 × 0.75, 24 × 0.75
    a = next(item for item in lab["smallest"] if item["id"] == "a")
    # centre (400, 300) ± 82.5/2 × 37.5/2, rounded by the reader
    assert a["box"] == [pytest.approx(v, abs=1) for v in (358.75, 281.25, 441.25, 318.75)]
    assert lab["overlaps"] == 1 and [p["id"] for p in lab["overlapping"][0]] == ["a", "b"]
    assert lab["outside"] == 0 and not lab["page_scrolls"]
    assert res["external_requests"] == 0


def test_edge_labels_tiny_labels_labels_outside_and_a_scrolling_page_are_counted(chromium, tmp_path):
    uri = write_page(tmp_path, "apart.html", [
        {"id": "a", "label": "甲", "x": -150, "y": 0, "font": {"size": 20}, **BOX},
        {"id": "b", "label": "乙", "x": 150, "y": 0, "font": {"size": 20}, **BOX},
        {"id": "tiny", "label": "丙", "x": 0, "y": 150, "font": {"size": 4}, **BOX},  # 3 px: vis does not draw it
        {"id": "far", "label": "丁", "x": 3000, "y": 0, "font": {"size": 32}, **BOX},  # 2,650 px right of the window
    ], edges=[{"id": "e", "from": "a", "to": "b", "label": "供货", "font": {"size": 10}}],
        # a spacer makes the page scroll; the image would be the page's one external request
        below='<div style="height:900px"></div><img src="http://example.invalid/pixel.png" alt="">')
    res = measure(chromium, uri)
    lab = res["labels"]
    assert (lab["nodes"], lab["edges"], lab["labels"], lab["not_drawn"]) == (4, 1, 5, 1)
    assert [(s["id"], s["px"]) for s in lab["smallest"]] == [("tiny", 3), ("e", 7.5), ("a", 15)]
    assert lab["max_px"] == pytest.approx(24)
    assert lab["overlaps"] == 0
    assert lab["outside"] == 1 and lab["outside_examples"][0]["id"] == "far"
    assert lab["page_scrolls"]
    assert res["external_requests"] == 1


def test_the_grid_overlap_count_equals_checking_every_pair(chromium, tmp_path):
    """Random boxes, including pairs that intersect by exactly the tolerance (not counted) or just over it."""
    rng = random.Random(13)
    boxes = []
    for _ in range(400):
        x, y = rng.randrange(-50, 300), rng.randrange(-50, 300)
        boxes.append([x, y, x + rng.choice((1, 3, 8, 20, 60)), y + rng.choice((1, 3, 8, 20, 40))])
    boxes += [[0, 500, 10, 510], [8, 508, 18, 518],  # 2 × 2 px: not an overlap
              [0, 600, 10, 610], [7.5, 607.5, 17.5, 617.5]]  # 2.5 × 2.5 px: an overlap

    def brute(tol: float) -> int:
        return sum(min(p[2], q[2]) - max(p[0], q[0]) > tol and min(p[3], q[3]) - max(p[1], q[1]) > tol
                   for i, p in enumerate(boxes) for q in boxes[i + 1:])

    uri = write_page(tmp_path, "one.html", [{"id": "a", "label": "甲", "x": 0, "y": 0, **BOX}])
    context = chromium.new_context()
    try:
        from bench.readability_page import INSTRUMENT, QUIET_MS

        context.add_init_script(INSTRUMENT.replace("%QUIET%", str(QUIET_MS)))
        page = context.new_page()
        page.goto(uri)
        for tol in (0, 2):
            got = page.evaluate("([b, t]) => window.__readability.overlaps(b, t, 1e9)", [boxes, tol])
            assert got["count"] == brute(tol) and not got["capped"]
        assert brute(2) < brute(0)  # the tolerance matters for these boxes
    finally:
        context.close()
