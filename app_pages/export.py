"""导出: the meeting material as downloads — PowerPoint deck, PNG, offline HTML, Excel — for one chain or all.

The files are made only when their button is clicked (``st.download_button`` with a callable), by the same
code as ``chainmap export``. The deck and the PNG need Chromium and a CJK font; when either is missing the
page says what to install instead of offering a broken file.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Callable

import streamlit as st

from app_pages.common import EXPORT_CHAIN, chain_summaries, data_version, header, lang, sidebar, store, tr
from app_pages.gap_controls import current_rules, current_weights
from graph.export import ExportError, chain_ids, meeting, require_cjk_font, safe_name
from graph.export.html import chain_html, index_html
from graph.export.browser import chromium_path
from graph.export.png import chain_pngs
from graph.export.pptx import build_deck
from graph.export.xlsx import build_workbook
from graph.words import name_of
from graph.words.markup import escape_markdown

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png", "html": "text/html", "zip": "application/zip",
}


def _since(s, rules):
    """What the data folder's latest snapshot changed (the deck's "since the last meeting" slide), or None."""
    info = s.info()
    if info.kind != "embedded":
        return None
    from loaders.snapshots import last_change

    return last_change(info.location, rules)


def _zip(files: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def browser_problem() -> str:
    """Why the deck and PNG cannot be drawn here ("" when they can)."""
    try:
        require_cjk_font()
    except ExportError as exc:
        return str(exc)
    if not chromium_path().exists():
        return f"no Chromium at {chromium_path()}: apt-get install chromium (or set CHAINMAP_CHROMIUM)"
    return ""


def _button(label: str, data: Callable[[], bytes], name: str, kind: str, key: str, disabled: bool = False) -> None:
    st.download_button(label, data=data, file_name=name, mime=MIME[kind], key=key, on_click="ignore",
                       disabled=disabled, width="stretch")


def page() -> None:
    s = store()
    sidebar(s)
    header(s, tr("page_export"), chain=False)
    chains = {c.chain.id: c.chain for c in chain_summaries(data_version())}
    choice = st.selectbox(tr("choose_chain"), ["all", *chains], key=EXPORT_CHAIN,
                          format_func=lambda c: tr("export_chain_all") if c == "all" else name_of(chains[c], lang()))
    ids = chain_ids(s, choice)
    m = meeting(s, lang())
    stem = "chains" if choice == "all" else safe_name(choice)
    st.caption(escape_markdown(m.stamp))

    problem = browser_problem()
    if problem:
        st.error(escape_markdown(problem))
    else:
        st.caption(escape_markdown(tr("export_hint")))
    rules, weights = current_rules(), current_weights()

    def pngs() -> bytes:
        pictures = chain_pngs(s, ids, m)
        return pictures[ids[0]] if len(ids) == 1 else _zip({f"{safe_name(c)}.png": b for c, b in pictures.items()})

    def pages() -> bytes:
        if len(ids) == 1:
            return chain_html(s, ids[0], m).encode("utf-8")
        files = {c: f"{safe_name(c)}.html" for c in ids}
        out = {files[c]: chain_html(s, c, m).encode("utf-8") for c in ids}
        out["index.html"] = index_html(s, ids, files, m).encode("utf-8")
        return _zip(out)

    one = len(ids) == 1
    a, b, c, d = st.columns(4)
    with a:
        _button(tr("download_pptx"), lambda: build_deck(s, ids, m, rules=rules, weights=weights, since=_since(s, rules)),
                f"{stem}-{m.date}.pptx", "pptx", "export_pptx", disabled=bool(problem))
    with b:
        _button(tr("download_png"), pngs, f"{stem}.png" if one else f"{stem}-png.zip", "png" if one else "zip",
                "export_png", disabled=bool(problem))
    with c:
        _button(tr("download_html"), pages, f"{stem}.html" if one else f"{stem}-html.zip", "html" if one else "zip",
                "export_html")
    with d:
        _button(tr("download_xlsx_all"), lambda: build_workbook(s, ids, m, rules=rules, weights=weights),
                f"{stem}-{m.date}.xlsx", "xlsx", "export_xlsx")
