"""Meeting exports (graph/export/): the PPTX deck, the PNG, the offline HTML, the Excel workbook, and the CLI.

Pictures are drawn by Debian's Chromium, so the PPTX / PNG / HTML tests are browser tests. The PNG is checked
for content (stage colours, many colours, ink in the graph area) and for real Chinese glyphs: in the same
Chromium and on the same page, the title's platform font must be a CJK font, and the canvas (where the
node labels are drawn, with the graph's font stack) must draw 崂 and 山 differently from each other and from
a character no font has (the missing-glyph box).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.oxml.ns import qn

from chainmap.cli import main
from graph import style
from graph import words as L
from graph.analysis.gaps import analyse_chain
from graph.embedded import EmbeddedStore
from loaders.open import open_data
from graph.export import ExportError, Meeting, chain_ids, meeting, require_cjk_font, view_source_ids
from graph.export import html as html_export
from graph.export import xlsx as xlsx_export
from graph.export.png import chain_pngs, picture_html
from graph.export.pptx import FONT, MIN_DPI, build_deck, gap_lines, png_size
from tests.browser import block_network
from graph.model import STAGES
from graph.picture.network import base_options
from loaders.open import data_path
from loaders.write import write_csv_folder
from tests.toy import toy_dataset

TODAY = dt.date(2026, 12, 1)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return open_data(data_path())


@pytest.fixture(scope="module")
def m(store) -> Meeting:
    return meeting(store, "zh", TODAY)


@pytest.fixture(scope="module")
def ids(store) -> list[str]:
    return chain_ids(store)


@pytest.fixture(scope="module")
def toy_folder(tmp_path_factory) -> Path:
    return write_csv_folder(toy_dataset(), tmp_path_factory.mktemp("toy") / "toy")


# -- common ------------------------------------------------------------------------------------------

def test_meeting_states_district_date_and_as_of(store, m):
    assert (m.district, m.date, m.as_of) == ("青岛市崂山区", "2026-12-01", "2026-11-28")
    assert m.stamp == "青岛市崂山区 · 数据截至 2026-11-28"
    assert meeting(store, "en", TODAY).stamp == "Laoshan District, Qingdao · Data as of 2026-11-28"
    assert m.title == "青岛市崂山区重点产业链图谱"
    assert meeting(store, "en", TODAY).title == "Key industrial chains · Laoshan District, Qingdao"


def test_chain_ids_default_to_all_and_reject_unknown(store):
    every = [c.chain.id for c in store.chains()]
    assert chain_ids(store) == chain_ids(store, "all") == chain_ids(store, ["ai", "all"]) == every
    assert chain_ids(store, ["vr", "ai", "vr"]) == ["vr", "ai"]
    with pytest.raises(KeyError):
        chain_ids(store, ["ai", "nope"])


def test_missing_cjk_font_stops_picture_exports_with_a_clear_message(monkeypatch, toy_folder, tmp_path, capsys):
    import graph.export.common as export

    class NoFonts:
        stdout = ""

    monkeypatch.setattr(export.subprocess, "run", lambda *a, **k: NoFonts())
    with pytest.raises(ExportError, match="fonts-noto-cjk"):
        require_cjk_font()
    for fmt in ("png", "pptx"):
        assert main(["export", str(toy_folder), "--chain", "toy", "--format", fmt, "--out", str(tmp_path / f"x.{fmt}")]) == 1
        err = capsys.readouterr().err
        assert "no CJK font installed" in err and "apt-get install fonts-noto-cjk" in err
        assert not (tmp_path / f"x.{fmt}").exists()


# -- PPTX -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deck(store, ids, m):
    from tests.browser import require_chromium

    require_chromium()
    return Presentation(io.BytesIO(build_deck(store, ids, m)))


def slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


@pytest.mark.browser
def test_deck_has_title_slide_one_slide_per_chain_and_sources(deck, store, ids, m):
    slides = list(deck.slides)
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9
    title = slide_text(slides[0])
    assert "青岛市崂山区重点产业链图谱" in title
    assert "数据截至 2026-11-28" in title and "导出日期 2026-12-01" in title

    chain_slides = slides[1:1 + len(ids)]
    for cid, slide in zip(ids, chain_slides):
        view = store.chain_view(cid)
        assert slide.shapes.title.text.startswith(L.name_of(view.chain, "zh"))
        text = slide_text(slide)
        gaps = analyse_chain(view)
        assert "缺口清单" in text and "重点招商目标" in text and "关键数据" in text
        assert f"完整度 {gaps.completeness:.0%}" in text
        for line in gap_lines(gaps, "zh")[:8]:
            assert line in text
        assert "数据截至 2026-11-28" in text  # the footer's source line
        notes = slide.notes_slide.notes_text_frame.text
        assert all(f"· {step}:" in notes for step in ("全景", "上游", "缺口", "招商目标"))

    source_slides = slides[1 + len(ids):]
    assert source_slides and all(s.shapes.title.text.startswith("来源") for s in source_slides)
    listed = "\n".join(slide_text(s) for s in source_slides)
    used = {i for cid in ids for i in view_source_ids(store.chain_view(cid))}
    sources = store.sources(tuple(used))
    assert all(s.title[:30] in listed for s in sources)  # every source, by its title
    assert not any(f"[{s.id}]" in listed or s.id in listed.split() for s in sources)  # and never by its id


@pytest.mark.browser
def test_deck_pictures_are_at_least_200_dpi_at_their_placed_size(deck, ids):
    for slide in list(deck.slides)[1:1 + len(ids)]:
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1
        pic = pictures[0]
        w, h = png_size(pic.image.blob)
        assert (w, h) == pic.image.size
        dpi_x, dpi_y = w / (pic.width / 914400), h / (pic.height / 914400)
        assert min(dpi_x, dpi_y) >= MIN_DPI, (dpi_x, dpi_y)
        assert pic.left + pic.width <= deck.slide_width and pic.top + pic.height <= deck.slide_height


@pytest.mark.browser
def test_deck_text_is_editable_and_names_an_east_asian_typeface(deck):
    runs = [r for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for r in p.runs if CJK.search(r.text)]
    assert len(runs) > 50
    for run in runs:
        rpr = run._r.find(qn("a:rPr"))
        ea = rpr.find(qn("a:ea"))
        assert ea is not None and ea.get("typeface") == FONT, run.text
        assert rpr.get("lang") == "zh-CN"
        # schema order: a:latin before a:ea before any hyperlink
        tags = [c.tag for c in rpr]
        assert tags.index(qn("a:latin")) < tags.index(qn("a:ea"))
        if qn("a:hlinkClick") in tags:
            assert tags.index(qn("a:ea")) < tags.index(qn("a:hlinkClick"))


# -- PNG --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ai_png(store, m) -> bytes:
    from tests.browser import require_chromium

    require_chromium()
    return chain_pngs(store, ["ai"], m)["ai"]


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.browser
def test_png_is_a_full_picture_not_a_blank_page(ai_png):
    from PIL import Image

    img = Image.open(io.BytesIO(ai_png)).convert("RGB")
    assert img.width == 3200 and 800 < img.height <= 2000
    counts = dict((rgb, n) for n, rgb in img.getcolors(maxcolors=10_000_000))
    assert len(counts) > 500  # text antialiasing, boxes, edges: a drawn picture has thousands
    for stage in STAGES:  # every stage's segment boxes are filled with its colour
        assert counts.get(hex_rgb(style.STAGE_COLOURS[stage]), 0) > 5_000, stage
    graph = img.crop((0, int(img.height * 0.2), img.width, int(img.height * 0.9)))
    ink = sum(n for n, rgb in graph.getcolors(maxcolors=10_000_000) if sum(rgb) < 740)
    assert ink / (graph.width * graph.height) > 0.03


TOFU = "\U0010FFFD"  # a private-use code point no font covers: drawn as the missing-glyph box

GLYPHS = """([face, chars]) => {
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 64; c.height = 64;
    const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 64, 64);
    g.fillStyle = '#000'; g.font = '48px ' + face; g.textBaseline = 'top'; g.fillText(ch, 4, 4);
    return c.toDataURL();
  };
  return chars.map(draw);
}"""


@pytest.mark.browser
def test_png_page_draws_chinese_with_a_cjk_font(page, store, m, tmp_path, external_requests):
    block_network(page)
    path = tmp_path / "ai.html"
    path.write_text(picture_html(store, "ai", m), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("window.chainmap && window.chainmap.drawn === true")
    page.evaluate("document.fonts.ready.then(() => true)")

    # The platform font Chromium actually used for the (Chinese) title.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    h1 = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "header h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1})["fonts"]
    assert any("CJK" in f["familyName"] or "WenQuanYi" in f["familyName"] for f in fonts), fonts

    # The canvas labels: the graph's font stack draws real, distinct glyphs, not boxes.
    face = base_options()["nodes"]["font"]["face"]
    face = ", ".join(f'"{f.strip()}"' if " " in f.strip() and f.strip() != "sans-serif" else f.strip() for f in face.split(","))
    lao, shan, tofu_a, tofu_b = page.evaluate(GLYPHS, [face, ["崂", "山", TOFU, "\U0010FFFC"]])
    assert tofu_a == tofu_b  # two uncovered code points draw the same box ...
    assert len({lao, shan, tofu_a}) == 3  # ... and the Chinese characters are neither that box nor each other
    assert external_requests == []


# -- HTML -------------------------------------------------------------------------------------------

@pytest.mark.browser
def test_offline_html_draws_zooms_and_shows_tooltips_with_the_network_blocked(page, store, m, tmp_path,
                                                                              external_requests):
    written = html_export.write_html(store, ["ai", "vr"], tmp_path / "usb", m)
    assert [p.name for p in written] == ["ai.html", "vr.html", "index.html"]
    text = written[0].read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", text)  # everything inline
    index = written[2].read_text(encoding="utf-8")
    assert 'href="ai.html"' in index and 'href="vr.html"' in index and "人工智能" in index

    blocked = block_network(page)
    page.goto(written[0].as_uri())
    page.wait_for_function("window.chainmap && window.chainmap.drawn === true")
    assert page.locator("header h1").inner_text() == "人工智能"
    assert page.locator("header .sub").inner_text().startswith("青岛市崂山区 · 数据截至 2026-11-28 · 显示 ")
    legend = page.locator(".legend")
    assert "图例" not in legend.inner_text() and "上游" in legend.inner_text()
    assert legend.bounding_box()["height"] < 40  # one line
    footer = page.locator("footer").inner_text()
    gh = store.sources(["gh193974"])[0]
    assert "导出日期 2026-12-01" in footer and "gh193974" not in footer  # one line; titles, never ids
    page.locator("#details summary").click()  # every source, one click below the picture
    every = page.locator("#details p").inner_text()
    assert gh.title in every and "gh193974" not in every

    # Hover a segment: its tooltip (plain text) names it.
    segment = store.chain_view("ai").segments[0]
    point = page.evaluate("""id => { const n = window.chainmap.network; const p = n.canvasToDOM(n.getPosition(id));
        const r = document.querySelector('#graph canvas').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }""",
                          f"segment:{segment.id}")
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert segment.name in tooltip.inner_text()

    # Zoom with the wheel.
    before = page.evaluate("window.chainmap.network.getScale()")
    page.mouse.wheel(0, -600)
    page.wait_for_function(f"Math.abs(window.chainmap.network.getScale() - {before}) > 0.01")
    assert blocked == [] and external_requests == []


# -- XLSX -------------------------------------------------------------------------------------------

def test_workbook_has_the_four_tables_with_zh_and_en_headers_and_notes(store, ids, m):
    wb = load_workbook(io.BytesIO(xlsx_export.build_workbook(store, ids, m)))
    assert wb.sheetnames == ["缺口 gaps", "招商目标 targets", "环节企业 firms", "来源 sources", "说明 notes"]
    heads = {ws.title: ([c.value for c in ws[1]], [c.value for c in ws[2]]) for ws in wb.worksheets[:4]}
    assert heads["缺口 gaps"][0][:6] == ["产业链", "编号", "环节", "阶段", "状态", "缺失位置"]
    assert heads["缺口 gaps"][1][:6] == ["Chain", "ID", "Segment", "Stage", "Status", "Gap position"]
    assert heads["招商目标 targets"][0][4:8] == ["排名", "企业", "编号", "得分"]
    assert heads["招商目标 targets"][1][-1] == "Reason"
    assert heads["环节企业 firms"][0][5] == "所在地" and heads["来源 sources"][1] == ["Title", "Published", "URL", "Used by chains"]
    for ws in wb.worksheets[:4]:
        assert all(c.font.bold for c in ws[1]) and all(c.font.bold for c in ws[2])
        assert ws.freeze_panes == "A3"

    analyses = [analyse_chain(store.chain_view(c)) for c in ids]
    gaps_ws, targets_ws, firms_ws, sources_ws = wb.worksheets[:4]
    assert gaps_ws.max_row - 2 == sum(len(g.segments) for g in analyses)
    assert targets_ws.max_row - 2 == sum(len(s.targets) for g in analyses for s in g.segments)
    assert firms_ws.max_row - 2 == sum(len(g.view.firms_on(s.id)) for g in analyses for s in g.view.segments)
    used = {i for g in analyses for i in view_source_ids(g.view)}
    assert {r[0] for r in sources_ws.iter_rows(min_row=3, values_only=True)} == {s.title for s in store.sources(tuple(used))}

    first = next(gaps_ws.iter_rows(min_row=3, max_row=3, values_only=True))
    assert first[0] == "人工智能" and first[4] in {"缺失", "单点", "薄弱", "较强"}
    notes = dict(wb["说明 notes"].iter_rows(values_only=True))
    assert notes["数据截至"] == "2026-11-28" and notes["区域"] == "青岛市崂山区" and "完整度" in notes


# -- CLI --------------------------------------------------------------------------------------------

@pytest.mark.browser
def test_cli_writes_every_format(toy_folder, tmp_path, capsys):
    from tests.browser import require_chromium

    require_chromium()
    out = tmp_path / "out"
    assert main(["export", str(toy_folder), "--format", "pptx", "--out", str(out / "deck.pptx")]) == 0
    deck = Presentation(str(out / "deck.pptx"))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[1].startswith("另一链") and titles[2].startswith("玩具链") and titles[3] == "来源"  # all chains

    assert main(["export", str(toy_folder), "--chain", "toy", "--format", "png", "--out", str(out / "toy.png")]) == 0
    assert (out / "toy.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["export", str(toy_folder), "--chain", "all", "--format", "png", "--out", str(out / "png")]) == 0
    assert sorted(p.name for p in (out / "png").iterdir()) == ["other.png", "toy.png"]

    assert main(["export", str(toy_folder), "--format", "html", "--out", str(out / "html")]) == 0
    assert sorted(p.name for p in (out / "html").iterdir()) == ["index.html", "other.html", "toy.html"]
    assert "玩具链" in (out / "html" / "toy.html").read_text(encoding="utf-8")

    assert main(["export", str(toy_folder), "--chain", "toy", "--format", "xlsx", "--lang", "en",
                 "--out", str(out / "toy.xlsx")]) == 0
    wb = load_workbook(out / "toy.xlsx")
    rows = list(wb["缺口 gaps"].iter_rows(min_row=3, values_only=True))
    assert {r[0] for r in rows} == {"Toy chain"} and len(rows) == 4

    printed = capsys.readouterr().out.split()
    assert str(out / "deck.pptx") in printed and str(out / "toy.xlsx") in printed


def test_cli_rejects_an_unknown_chain_and_a_file_for_several_chains(toy_folder, tmp_path, capsys):
    assert main(["export", str(toy_folder), "--chain", "nope", "--format", "xlsx", "--out", str(tmp_path / "a.xlsx")]) == 2
    assert "unknown chain: nope" in capsys.readouterr().err
    assert main(["export", str(toy_folder), "--format", "html", "--out", str(tmp_path / "one.html")]) == 2
    assert "several chains need a folder" in capsys.readouterr().err


# -- the app's export page --------------------------------------------------------------------------

def _export_page():
    from app_pages.export import page

    page()


def test_export_page_offers_the_four_downloads_and_says_when_pictures_cannot_be_drawn(monkeypatch):
    from streamlit.testing.v1 import AppTest

    import graph.export.common as export

    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = AppTest.from_function(_export_page, default_timeout=60).run()
    assert not at.exception
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons == {L.t(k): False for k in ("download_pptx", "download_png", "download_html", "download_xlsx_all")}
    assert "青岛市崂山区 · 数据截至 2026-11-28" in [c.value for c in at.caption]

    class NoFonts:
        stdout = ""

    monkeypatch.setattr(export.subprocess, "run", lambda *a, **k: NoFonts())
    at = AppTest.from_function(_export_page, default_timeout=60).run()
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons[L.t("download_pptx")] and buttons[L.t("download_png")]
    assert not buttons[L.t("download_html")] and not buttons[L.t("download_xlsx_all")]
    assert "fonts-noto-cjk" in at.error[0].value
