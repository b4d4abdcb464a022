"""产业链全景: one chain as upstream → midstream → downstream columns, click for details."""

from __future__ import annotations

import streamlit as st

from app_pages.common import CHAIN, SELECTED, lang, store, tr
from app_pages.details import detail_panel
from graph import labels as L
from graph.component import network_view
from graph.render import legend_html, panorama


def page() -> None:
    s = store()
    summaries = {c.chain.id: c for c in s.chains()}
    ids = list(summaries)

    def chain_label(cid: str) -> str:
        c = summaries[cid].chain
        mark = "" if c.status == "confirmed" else f" [{L.enum_label(L.CHAIN_STATUS, c.status, lang())}]"
        return L.name_of(c, lang()) + mark

    with st.sidebar:
        chain_id = st.selectbox(tr("choose_chain"), ids, key=CHAIN, format_func=chain_label,
                                on_change=lambda: st.session_state.pop(SELECTED, None))
    view = s.chain_view(chain_id)
    summary = view.summary()
    st.title(L.name_of(view.chain, lang()))
    if view.chain.status != "confirmed":
        st.warning(f"{tr('status')}: {L.enum_label(L.CHAIN_STATUS, view.chain.status, lang())}")
    a, b, c = st.columns(3)
    a.metric(tr("segments"), summary.segments)
    b.metric(tr("local_firms"), summary.local_firms)
    c.metric(tr("empty_segments"), summary.empty_segments)

    net = panorama(view, lang())
    graph_col, detail_col = st.columns([3, 1])
    with graph_col:
        st.html(f'<div style="font-size:16px">{legend_html(net.legend)}</div>')
        clicked = network_view(net, key=f"panorama-{chain_id}-{lang()}", height=760)
        if clicked:
            st.session_state[SELECTED] = clicked
    with detail_col:
        st.subheader(tr("detail"))
        detail_panel(s, st.session_state.get(SELECTED))
