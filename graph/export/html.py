"""Offline HTML: one self-contained page per chain (vis-network inlined), opened from a USB stick with no server.

The page is ``graph.picture.network.to_html`` of the chain's picture: title, district and as-of date and how many
firms it shows, a one-line legend, the picture filling the window, a one-line footer, and every source the picture
rests on one click below it. Zoom, hover tooltips and the "+N" lists (with search) work; no request leaves the file.
"""

from __future__ import annotations

import html as _html
from pathlib import Path

from graph.export.common import Meeting, chain_picture, chain_sources, safe_name, source_line
from graph.model import Source
from graph.picture.network import to_html
from graph.store import Store
from graph.tables.data import source_label, web_link
from graph.words import name_of, t

def sources_text(sources: tuple[Source, ...], m: Meeting) -> str:
    """Every source in one paragraph: '来源 (3): 标题 (2024-01) https://… ; …' (titles, never ids)."""
    items = [source_label(s) + (f" {web_link(s.url)}" if web_link(s.url) else "") for s in sources]
    return f"{t('sources', m.lang)} ({len(sources)}): " + " ; ".join(items)


def chain_html(store: Store, chain_id: str, m: Meeting) -> str:
    """The chain's self-contained page."""
    view = store.chain_view(chain_id)
    sources = chain_sources(store, view)
    footer = f"{source_line(view, sources, m)} · {t('exported_on', m.lang)} {m.date}"
    return to_html(chain_picture(view, m, sources=sources, lists=True), footer=footer, details=sources_text(sources, m),
                   lang=m.lang)


def index_html(store: Store, ids: list[str], files: dict[str, str], m: Meeting) -> str:
    """A plain list of the chain pages (relative links, so the folder can be copied anywhere)."""
    names = {c.chain.id: name_of(c.chain, m.lang) for c in store.chains()}
    items = "".join(f'<li><a href="{_html.escape(files[i])}">{_html.escape(names[i])}</a></li>' for i in ids)
    title = _html.escape(m.title)
    return (f'<!DOCTYPE html><html lang="{"en" if m.lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>body{{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
            f"margin:32px;font-size:20px}}li{{margin:8px 0}}</style></head><body><h1>{title}</h1>"
            f"<p>{_html.escape(m.stamp)} · {_html.escape(t('exported_on', m.lang))} {_html.escape(m.date)}</p>"
            f"<ul>{items}</ul></body></html>")


def write_html(store: Store, ids: list[str], out: Path, m: Meeting) -> list[Path]:
    """One page per chain; ``out`` is a folder (created; with ``index.html`` for several chains),
    or a ``.html`` file when exactly one chain is exported."""
    if out.suffix.lower() == ".html":
        if len(ids) != 1:
            raise ValueError(f"{out}: several chains need a folder, not a .html file")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(chain_html(store, ids[0], m), encoding="utf-8")
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    files = {cid: f"{safe_name(cid)}.html" for cid in ids}
    written = []
    for cid in ids:
        path = out / files[cid]
        path.write_text(chain_html(store, cid, m), encoding="utf-8")
        written.append(path)
    if len(ids) > 1:
        index = out / "index.html"
        index.write_text(index_html(store, ids, files, m), encoding="utf-8")
        written.append(index)
    return written
