"""搜索: firms, segments, chains and parks by Chinese name, pinyin initials or English."""

from __future__ import annotations

import streamlit as st

from app_pages.common import SELECTED, header, lang, sidebar, store, tr
from app_pages.details import detail_panel
from graph.picture.network import node_id
from graph.search import MAX_QUERY_CHARS, trim_query
from graph.words import clip, t
from graph.words.markup import escape_markdown


def page() -> None:
    s = store()
    sidebar(s)
    header(s, tr("page_search"), chain=False)
    query = st.text_input(tr("search_box"), key="search_query", max_chars=10_000)
    if not query:
        return
    if trim_query(query)[1]:
        st.caption(tr("search_trimmed").format(n=MAX_QUERY_CHARS))
    hits = s.search(query, limit=30)
    if not hits:
        st.info(tr("no_hits"))
        return
    options = [node_id(h.entry.kind, h.entry.id) for h in hits]
    by_node = {node_id(h.entry.kind, h.entry.id): h.entry for h in hits}
    # A radio reads its option labels as Markdown: the names are escaped, and cut like a heading.
    choice = st.radio(
        tr("detail"), options, key="search_choice",
        format_func=lambda n: escape_markdown(clip(f"{t(by_node[n].kind, lang())} · "
                                                   + (by_node[n].name_en if lang() == "en" and by_node[n].name_en
                                                      else by_node[n].name))),
    )
    st.session_state[SELECTED] = choice
    detail_panel(s, choice)
