"""Hostile data in a real browser: markup, formulas, bidi, invisible characters and 20k-character values in
every text field (tests/hostile_data.py) — every page visited, the picture hovered and clicked, the "+N"
list opened, every export opened. Nothing runs, nothing is fetched from outside, nothing is interpreted as
markup, no workbook holds a formula, and the picture still draws with its labels shortened.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from chainmap.cli import main as cli
from graph.export import meeting
from graph.export.png import chain_pngs
from graph.export.pptx import build_deck
from graph.export.xlsx import build_workbook
from loaders.open import open_data
from tests.browser import APP_READY, GRAPH_DRAWN, block_network, embedded_env, running_app
from tests.hostile_data import EVIL, write_hostile

pytestmark = pytest.mark.browser

PAGES = ("panorama", "parks", "search", "gaps", "targets", "whatif", "neighbourhood", "crosschain", "present",
         "export")
PICTURE_PAGES = {"panorama", "gaps", "whatif", "present"}
MAX_LABEL = 200  # a drawn label is shortened; the full text is in the tooltip

# Everything data could have turned into live markup, in the page, its shadow roots and same-origin frames.
SCAN = r"""() => {
  const bad = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      for (const a of el.getAttributeNames()) {
        if (a.startsWith('on') && /alert/.test(el.getAttribute(a) || '')) bad.push(tag + '[' + a + ']');
      }
      const src = el.getAttribute('src') || '';
      if ((tag === 'img' || tag === 'image') && (src === 'x' || /evil/.test(src))) bad.push('img src=' + src);
      if (tag === 'script' && /^\s*alert\(1\)\s*$/.test(el.textContent)) bad.push('script alert(1)');
      if (tag === 'svg' && el.hasAttribute('onload')) bad.push('svg onload');
      if (['strong', 'b', 'em', 'code', 'h1', 'h2', 'h3'].includes(tag)
          && /^(bold|bold-tag|code|h|red)$/.test(el.textContent.trim())) bad.push(tag + ' ' + el.textContent.trim());
      if (tag === 'a' && el.hasAttribute('href') && !/^(https?:|file:)/i.test(el.href))
        bad.push('a href=' + el.getAttribute('href').slice(0, 60));
      const href = el.getAttribute('href') || '';  // "#…": a heading's own anchor, not a link out
      if ((/evil/.test(href) && !href.startsWith('#')) || /evil/.test(el.getAttribute('style') || ''))
        bad.push(tag + ' links to evil');
      if (el.shadowRoot) walk(el.shadowRoot);
      if (tag === 'iframe') { try { walk(el.contentDocument); } catch (e) {} }
    }
  };
  walk(document);
  return bad;
}"""
LABELS = """hosts => hosts.filter(h => h.network).map(h =>
  h.network.body.data.nodes.get({fields: ['id', 'label']}).map(n => [n.id, n.label || '']))"""
WHERE = """(h, id) => { const p = h.network.canvasToDOM(h.network.getPosition(id));
  const r = h.querySelector('canvas').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return write_hostile(tmp_path_factory.mktemp("hostile") / "laoshan-hostile")


@pytest.fixture(scope="module")
def hostile_app(hostile, tmp_path_factory):
    log = tmp_path_factory.mktemp("st-hostile") / "streamlit.log"
    with running_app(log, embedded_env(CHAINMAP_DATA=str(hostile))) as (_, url):
        yield url


@pytest.fixture
def dialogs(page) -> list[str]:
    fired: list[str] = []

    def seen(dialog) -> None:
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    return fired


def settle(page, picture: bool) -> None:
    page.locator(APP_READY).wait_for()
    if picture:
        page.locator(GRAPH_DRAWN).first.wait_for()
    page.locator(APP_READY).wait_for()


def check_page(page, where: str) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, \
        f"{where}: {page.locator('[data-testid=stException]').first.inner_text()[:600]}"
    assert page.evaluate(SCAN) == [], where


def drawn_labels(page) -> list[tuple[str, str]]:
    return [pair for graph in page.locator(GRAPH_DRAWN).evaluate_all(LABELS) for pair in graph]


def test_every_page_shows_hostile_data_as_text(page, hostile_app, external_requests, dialogs):
    page.set_viewport_size({"width": 1366, "height": 768})
    for lang in ("zh", "en"):
        for name in PAGES:
            page.goto(f"{hostile_app}/{name}?lang={lang}")
            settle(page, name in PICTURE_PAGES)
            check_page(page, f"/{name}?lang={lang}")
            if name in PICTURE_PAGES:
                labels = drawn_labels(page)
                assert labels, f"/{name}: the picture drew no nodes"
                assert page.locator(f"{GRAPH_DRAWN} canvas").count() >= 1
                top = page.locator(GRAPH_DRAWN).first.bounding_box()["y"]
                assert top < 768, f"/{name}: the picture starts {top:.0f} px down, below the first screen"
                long = [(i, len(lb)) for i, lb in labels if len(lb) > MAX_LABEL]
                assert long == [], f"/{name}: labels not shortened: {long[:3]}"
    page.goto(f"{hostile_app}/search")
    settle(page, False)
    box = page.get_by_role("textbox").first
    box.fill("<script>alert(1)</script>")
    box.press("Enter")
    settle(page, False)
    check_page(page, "search for markup")
    assert dialogs == [] and external_requests == []


def test_hovering_and_clicking_the_picture_and_opening_the_full_list(page, hostile_app, external_requests, dialogs):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(hostile_app)
    settle(page, True)
    host = page.locator(GRAPH_DRAWN).first
    ids = [i for i, _ in drawn_labels(page)]
    chosen = [i for i in ids if i.startswith("segment:")][:3] + [i for i in ids if i.startswith("firm:")][:3]
    for node in chosen:
        p = host.evaluate(WHERE, node)
        page.mouse.move(p["x"] - 3, p["y"] - 3)
        page.mouse.move(p["x"], p["y"], steps=3)
        page.locator("div.vis-tooltip").first.wait_for(state="visible", timeout=10_000)
        tip = page.locator("div.vis-tooltip").first.inner_text()
        assert "alert(1)" in tip or "evil" in tip  # the full text is in the tooltip, as text
        check_page(page, f"hover {node}")
        page.mouse.move(5, 5)
    firm = next(i for i in ids if i.startswith("firm:"))
    p = host.evaluate(WHERE, firm)
    page.mouse.click(p["x"], p["y"])
    page.locator("[data-testid='stMain'] h3").first.wait_for()
    settle(page, True)
    check_page(page, f"details of {firm}")

    more = [i for i in ids if i.startswith("more:")]
    if not more:  # a smaller window shows fewer firms per segment: "+N" chips appear
        page.set_viewport_size({"width": 1000, "height": 560})
        page.reload()
        settle(page, True)
        more = [i for i, _ in drawn_labels(page) if i.startswith("more:")]
    assert more, "no '+N' chip to open"
    host = page.locator(GRAPH_DRAWN).first
    p = host.evaluate(WHERE, more[0])
    page.mouse.click(p["x"], p["y"])
    page.locator("[data-testid='stMain'] [data-testid='stTextInput']").first.wait_for()
    settle(page, True)
    check_page(page, f"list of {more[0]}")
    assert dialogs == [] and external_requests == []


def test_the_offline_page_draws_hostile_data_as_text(page, hostile, tmp_path, external_requests, dialogs):
    out = tmp_path / "html"
    assert cli(["export", str(hostile), "--chain", "all", "--format", "html", "--out", str(out)]) == 0
    files = sorted(out.glob("*.html")) if out.is_dir() else [out]
    assert len(files) >= 2
    blocked = block_network(page)
    for path in files:
        page.goto(path.as_uri())
        if path.name != "index.html":
            page.wait_for_function("window.chainmap && window.chainmap.drawn === true", timeout=30_000)
            labels = page.evaluate("window.chainmap.network.body.data.nodes.get({fields: ['label']}).map(n => n.label || '')")
            assert labels and max(map(len, labels)) <= MAX_LABEL, path.name
        check_page(page, path.name)
    assert blocked == [] and dialogs == [] and external_requests == []


def test_workbooks_hold_no_formula_and_decks_link_only_the_web(hostile):
    from openpyxl import load_workbook
    from pptx import Presentation

    store = open_data(hostile)
    ids = [c.chain.id for c in store.chains()]
    m = meeting(store, "zh")
    book = load_workbook(io.BytesIO(build_workbook(store, ids, m)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(str(c.value).startswith('=HYPERLINK("http://evil') for c in cells)  # the text is there, as text
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    # the raw sheet XML holds no <f> element: no cell is a live formula whatever a reader makes of it
    with zipfile.ZipFile(io.BytesIO(build_workbook(store, ids, m))) as z:
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]

    pngs = chain_pngs(store, ids[:2], m)
    assert all(b.startswith(b"\x89PNG") and len(b) > 20_000 for b in pngs.values())

    deck = Presentation(io.BytesIO(build_deck(store, ids[:2], m)))
    links = [r.hyperlink.address for s in deck.slides for sh in s.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs if r.hyperlink.address]
    assert links and all(a.startswith(("http://", "https://")) for a in links)
    assert not any(EVIL in a for a in links)
    with zipfile.ZipFile(io.BytesIO(build_deck(store, ids[:1], m))) as z:
        rels = b"".join(z.read(n) for n in z.namelist() if n.endswith(".rels"))
    assert b"javascript:" not in rels and b"data:" not in rels


def test_the_data_is_hostile_where_it_should_be(hostile):
    """A test that cannot fail is a defect: the payloads really are in the data the app shows."""
    store = open_data(hostile)
    firm = store.chain_view(store.chains()[0].chain.id).firms[0]
    assert "<script>alert(1)</script>" in firm.name and "\u202e" in firm.name
    assert any(len(c.chain.name) >= 20_000 for c in store.chains())
    assert "![a](http://evil.example" in store.info().as_of


def test_the_link_column_offers_only_web_links(hostile):
    """The sources grid (a canvas, so not in the DOM scan) links only http(s) URLs: never javascript: or data:."""
    from graph.tables import Context, records
    from graph.tables.data import SOURCES, SourceRow
    from loaders import load_or_raise

    data = load_or_raise(hostile)
    rows = records(SOURCES, [SourceRow(s) for s in data.sources], Context("en", "page"))
    links = [r["URL"] for r in rows]
    assert any(s.url.startswith("javascript:") for s in data.sources)
    assert links and all(link == "—" or link.startswith(("http://", "https://")) for link in links), \
        sorted({link[:40] for link in links})
