"""PNG: the chain page (title, legend, as-of date, source line) photographed by headless Chromium.

The page is the same self-contained HTML as the offline export; Chromium (Debian's ``/usr/bin/chromium``,
or ``CHAINMAP_CHROMIUM``) is driven through Playwright with every request that is not ``file:`` / ``data:``
aborted. The graph is resized so the page fills exactly the requested height, redrawn, and shot once
``window.chainmap.drawn`` is set and the fonts are ready.
"""

from __future__ import annotations

import math
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from graph.export.browser import block_network, chromium_path, launch_chromium
from graph.export.common import ExportError, Meeting, chain_picture, chain_sources, require_cjk_font, safe_name, \
    source_line
from graph.picture.network import NetworkData, to_html
from graph.store import Store

WIDTH, HEIGHT, SCALE = 1600, 1000, 2.0  # CSS px and device scale: a 3200 × 2000 px picture

# Resize the graph so the whole page is ``target`` CSS px tall and refit; then, when the fitted drawing is
# wider than the page (so blank bands lie above and below it), shrink the graph to the drawing's height.
# Resolves after the last redraw, with the page's final height.
_FILL = """async (target) => {
  const g = document.getElementById('graph');
  const net = window.chainmap.network;
  const redraw = async (h) => {
    g.style.height = h + 'px';
    const drawn = new Promise(resolve => { net.once('afterDrawing', resolve); setTimeout(resolve, 3000); });
    net.setSize('100%', h + 'px');
    net.fit({animation: false});
    net.redraw();
    await drawn;
  };
  // documentElement.scrollHeight is never below the viewport height; the body's box is the content's height.
  const chrome = document.body.getBoundingClientRect().height - g.getBoundingClientRect().height;
  const h = Math.max(240, target - chrome - 2);
  await redraw(h);
  let top = Infinity, bottom = -Infinity;
  for (const id of window.chainmap.nodeIds) {
    const box = net.getBoundingBox(id);
    top = Math.min(top, net.canvasToDOM({x: 0, y: box.top}).y);
    bottom = Math.max(bottom, net.canvasToDOM({x: 0, y: box.bottom}).y);
  }
  const needed = Math.ceil(bottom - top) + 48;
  if (isFinite(needed) && needed < h - 8) { await redraw(Math.max(240, needed)); }
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return document.body.getBoundingClientRect().height;
}"""


def _check_browser() -> None:
    require_cjk_font()
    if not chromium_path().exists():
        raise ExportError(f"no Chromium at {chromium_path()}: apt-get install chromium "
                          "(or set CHAINMAP_CHROMIUM to a Chromium binary)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise ExportError("the Python package playwright is missing: pip install playwright "
                          "(the system Chromium is used; no `playwright install` needed)") from exc


def _shoot(pages: list[str], width: int, height: int, scale: float) -> list[bytes]:
    from playwright.sync_api import sync_playwright

    shots = []
    with tempfile.TemporaryDirectory(prefix="chainmap-png-") as tmp, sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale,
                                          locale="zh-CN")
            block_network(context)
            page = context.new_page()
            page.set_default_timeout(60_000)
            for i, html in enumerate(pages):
                path = Path(tmp) / f"page-{i}.html"
                path.write_text(html, encoding="utf-8")
                page.goto(path.as_uri())
                page.wait_for_function("window.chainmap && window.chainmap.drawn === true")
                used = page.evaluate(_FILL, height)
                # A full-page shot is never shorter than the viewport: clip to the content instead.
                clip = {"x": 0, "y": 0, "width": width, "height": min(height, math.ceil(used))}
                shots.append(page.screenshot(clip=clip, type="png"))
        finally:
            browser.close()
    return shots


def render_pngs(pages: list[str], *, width: int = WIDTH, height: int = HEIGHT, scale: float = SCALE) -> list[bytes]:
    """Photograph self-contained chain pages (``graph.picture.network.to_html`` output); one PNG per page.

    ``width`` × ``height`` is the page size in CSS px, ``scale`` the device pixel ratio, so each PNG is
    ``width*scale`` px wide and at most ``height*scale`` px tall (less when the drawing is wide and flat).
    Raises ``ExportError`` without a CJK font, Chromium or Playwright.
    """
    _check_browser()
    # Playwright's sync API refuses to run inside an asyncio loop (Streamlit, notebooks): use a plain thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_shoot, list(pages), width, height, scale).result()


def picture_html(store: Store, chain_id: str, m: Meeting, *, title: bool = True) -> str:
    """The page a PNG is made from: the panorama with title, as-of line, legend and source line."""
    view = store.chain_view(chain_id)
    sources = chain_sources(store, view)
    net: NetworkData = chain_picture(view, m, title=title, sources=sources)
    footer = source_line(view, sources, m) if title else ""
    return to_html(net, footer=footer, height="600px", lang=m.lang)


def chain_pngs(store: Store, ids: list[str], m: Meeting, **size) -> dict[str, bytes]:
    """PNG bytes per chain id."""
    return dict(zip(ids, render_pngs([picture_html(store, cid, m) for cid in ids], **size)))


def write_pngs(store: Store, ids: list[str], out: Path, m: Meeting) -> list[Path]:
    """One PNG per chain into the folder ``out``, or into the ``.png`` file ``out`` for exactly one chain."""
    if out.suffix.lower() == ".png":
        if len(ids) != 1:
            raise ValueError(f"{out}: several chains need a folder, not a .png file")
        targets = {ids[0]: out}
    else:
        targets = {cid: out / f"{safe_name(cid)}.png" for cid in ids}
    pictures = chain_pngs(store, ids, m)
    for cid, path in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pictures[cid])
    return list(targets.values())

