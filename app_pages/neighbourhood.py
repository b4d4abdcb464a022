"""企业上下游: find a firm (search by Chinese, pinyin initials or English), see N supply steps each way.

Without a search, a firm is picked from one segment of the chosen chain, a page at a time (the store is never
asked for every firm of the chain); the walk asks the store one step at a time.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import HOOD_FIRM, HOOD_HOPS, HOOD_QUERY, SELECTED, header, lang, show_graph, sidebar, store, tr
from app_pages.details import detail_panel
from app_pages.firm_picker import firm_label, pick_firm
from graph.analysis.neighbourhood import neighbourhood
from graph.picture.gaps import neighbourhood_network


def page() -> None:
    s = store()
    sidebar(s)
    chain_id = header(s, tr("page_neighbourhood"))
    query = st.text_input(tr("search_box"), key=HOOD_QUERY, max_chars=100)
    left, right = st.columns([3, 1])
    with left:
        if query:
            ids = [h.entry.id for h in s.search(query, limit=30) if h.entry.kind == "firm"]
            firms = {f.id: f for f in s.firms(ids)}
            firm_id = None
            if ids:
                firm_id = st.selectbox(tr("choose_firm"), ids, key=HOOD_FIRM, format_func=lambda i: firm_label(firms[i], True))
            else:
                st.info(tr("no_hits"))
        else:
            firm_id = pick_firm(chain_id, HOOD_FIRM, tr("choose_firm"))
    if firm_id is None:
        return
    hops = right.slider(tr("hops"), 1, 3, 1, key=HOOD_HOPS)
    hood = neighbourhood(s, firm_id, hops)
    graph_col, detail_col = st.columns([3, 1])
    with graph_col:
        clicked = show_graph(neighbourhood_network(hood, lang()), key="neighbourhood")
        if clicked:
            st.session_state[SELECTED] = clicked
    with detail_col:
        st.subheader(tr("detail"))
        detail_panel(s, st.session_state.get(SELECTED))
