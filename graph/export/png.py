"""PNG: the chain page (title, legend, as-of date, source line) photographed by headless Chromium.

The page is the same self-contained HTML as the offline export; Chromium (Debian's ``/usr/bin/chromium``,
or ``CHAINMAP_CHROMIUM``) is driven through Playwright with every request that is not local aborted. The
page lays the picture out for the requested size itself, so the shot is the whole page once
``window.chainmap.drawn`` is set and the fonts are ready.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from graph.export.browser import block_network, chromium_path, launch_chromium
from graph.export.common import ExportError, Meeting, chain_picture, chain_sources, require_cjk_font, safe_name, \
    source_line
from graph.picture.network import to_html
from graph.store import Store

WIDTH, HEIGHT, SCALE = 1600, 1000, 2.0  # CSS px and device scale: a 3200 × 2000 px picture

PICTURE_FONT = 16  # label px of an exported picture (1600 CSS px wide), drawn at twice that on the PNG

# The page lays itself out for the viewport (graph/assets/chainmap.js): wait until the fonts are ready and
# lay out once more with them; when every firm is shown with room to spare, shrink the picture to what it
# uses (no blank band). Resolves with the height of the page down to its footer.
_SETTLE = """async () => {
  const cm = window.chainmap, settle = async () => {
    cm.relayout();
    await new Promise(r => setTimeout(r, 250));
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  };
  await document.fonts.ready;
  await settle();
  const g = document.getElementById('graph');
  if (cm.shown >= cm.total && cm.usedHeight && cm.usedHeight + 40 < g.clientHeight) {
    cm.fixedHeight = cm.usedHeight + 24;
    await settle();
    if (cm.shown < cm.total) { cm.fixedHeight = null; await settle(); }  // the smaller picture lost firms: keep the room
  }
  return {height: Math.ceil(document.querySelector('footer').getBoundingClientRect().bottom) + 2,
          shown: cm.shown || 0, total: cm.total || 0};
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
                info = page.evaluate(_SETTLE)
                clip = {"x": 0, "y": 0, "width": width, "height": min(height, info["height"])}
                shots.append((page.screenshot(clip=clip, type="png"), info))
        finally:
            browser.close()
    return shots


def render_pictures(pages: list[str], *, width: int = WIDTH, height: int = HEIGHT,
                    scale: float = SCALE) -> list[tuple[bytes, dict]]:
    """Photograph self-contained chain pages (``graph.picture.network.to_html`` output): per page the PNG and
    what the picture showed (``{"shown": firms drawn, "total": firms of the chain}``).

    ``width`` × ``height`` is the page size in CSS px, ``scale`` the device pixel ratio, so each PNG is
    ``width*scale`` px wide and at most ``height*scale`` px tall (less when every firm fits with room to spare). Raises ``ExportError`` without a CJK font, Chromium or Playwright.
    """
    _check_browser()
    # Playwright's sync API refuses to run inside an asyncio loop (Streamlit, notebooks): use a plain thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_shoot, list(pages), width, height, scale).result()


def render_pngs(pages: list[str], *, width: int = WIDTH, height: int = HEIGHT, scale: float = SCALE) -> list[bytes]:
    """The PNGs of ``render_pictures``."""
    return [png for png, _ in render_pictures(pages, width=width, height=height, scale=scale)]


def picture_html(store: Store, chain_id: str, m: Meeting, *, title: bool = True, font: int = PICTURE_FONT) -> str:
    """The page a PNG is made from: the chain picture with title, as-of line (and how many firms it shows),
    legend and source line."""
    view = store.chain_view(chain_id)
    sources = chain_sources(store, view)
    net = chain_picture(view, m, title=title, sources=sources, font=font)
    footer = source_line(view, sources, m) if title else ""
    return to_html(net, footer=footer, lang=m.lang)


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

