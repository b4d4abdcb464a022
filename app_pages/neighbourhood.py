"""企业上下游: find a firm (search by Chinese, pinyin initials or English), see N supply steps each way."""

from __future__ import annotations

import streamlit as st

from app_pages.common import HOOD_FIRM, HOOD_HOPS, HOOD_QUERY, SELECTED, lang, show_graph, store, tr
from app_pages.details import detail_panel
from graph import labels as L
from graph.analysis.neighbourhood import neighbourhood
from graph.render import short_name
from graph.render_gaps import neighbourhood_network


def page() -> None:
    s = store()
    data = s.dataset()
    st.title(tr("page_neighbourhood"))
    firms = {f.id: f for f in data.firms}
    query = st.text_input(tr("search_box"), key=HOOD_QUERY)
    ids = [h.entry.id for h in s.search(query, limit=30) if h.entry.kind == "firm"] if query else list(firms)
    if not ids:
        st.info(tr("no_hits"))
        return
    left, right = st.columns([3, 1])
    firm_id = left.selectbox(tr("choose_firm"), ids, key=HOOD_FIRM,
                             format_func=lambda i: short_name(L.name_of(firms[i], lang()))
                             + ("" if firms[i].local else f" ({tr('outside')})"))
    hops = right.slider(tr("hops"), 1, 3, 1, key=HOOD_HOPS)
    hood = neighbourhood(data, firm_id, hops)
    graph_col, detail_col = st.columns([3, 1])
    with graph_col:
        clicked = show_graph(neighbourhood_network(hood, lang()), key="neighbourhood", height=640)
        if clicked:
            st.session_state[SELECTED] = clicked
    with detail_col:
        st.subheader(tr("detail"))
        detail_panel(s, st.session_state.get(SELECTED))
