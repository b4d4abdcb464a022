"""产业链全景: the chain's picture — as many firms per segment as fit the window, "+N" for the rest — with the
clicked node's details (or a segment's full firm list) beside it."""

from __future__ import annotations

import streamlit as st

from app_pages.common import SELECTED, alternative_of, header, lang, show_graph, sidebar, source_map, store, store_info, tr
from app_pages.details import detail_panel
from graph.picture.panorama import PER_SEGMENT, panorama
from graph.words import enum_label, name_of
from graph.words.markup import escape_markdown


def page() -> None:
    s = store()
    sidebar(s)
    chain_id = header(s, lambda chain: name_of(chain, lang()))
    overview = s.chain_overview(chain_id, PER_SEGMENT)
    if overview.chain.status != "confirmed":
        note = f"{tr('status')}: {enum_label('chain_status', overview.chain.status, lang())}"
        if alternative_of(overview.chain):
            note += " · " + tr("chain_alternative_note").format(other=alternative_of(overview.chain))
        st.warning(escape_markdown(note))
    graph_col, detail_col = st.columns([3, 1])
    with graph_col:
        a, b, c = st.columns(3)
        a.metric(tr("segments"), len(overview.segments))
        b.metric(tr("local_firms"), overview.local_firms)
        c.metric(tr("empty_segments"), overview.empty_segments)
        scale = store_info().meta_value("total_scale_en" if lang() == "en" else "total_scale")
        if scale:
            st.caption(escape_markdown(f"{tr('total_scale')}: {scale}"))
        net = panorama(overview, lang(), sources=source_map(s, overview), focus=st.session_state.get(SELECTED))
        clicked = show_graph(net, key=f"panorama-{chain_id}")
        if clicked:
            st.session_state[SELECTED] = clicked
    with detail_col:
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(tr('detail'))}**")
            detail_panel(s, st.session_state.get(SELECTED))
