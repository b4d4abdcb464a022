"""产业链全景: the chain's panorama with its header figures; click a node for its details."""

from __future__ import annotations

import streamlit as st

from app_pages.common import SELECTED, choose_chain, lang, show_graph, source_map, store, tr
from app_pages.details import detail_panel
from graph.picture.panorama import panorama
from graph.words import enum_label, name_of


def page() -> None:
    s = store()
    chain_id = choose_chain(s)
    view = s.chain_view(chain_id)
    summary = view.summary()
    st.title(name_of(view.chain, lang()))
    if view.chain.status != "confirmed":
        st.warning(f"{tr('status')}: {enum_label('chain_status', view.chain.status, lang())}")
    a, b, c = st.columns(3)
    a.metric(tr("segments"), summary.segments)
    b.metric(tr("local_firms"), summary.local_firms)
    c.metric(tr("empty_segments"), summary.empty_segments)

    # The graph takes the full width (labels stay readable on a projector); details open below it.
    clicked = show_graph(panorama(view, lang(), sources=source_map(s, view)), key=f"panorama-{chain_id}", height=820)
    if clicked:
        st.session_state[SELECTED] = clicked
    with st.container(border=True):
        st.subheader(tr("detail"))
        detail_panel(s, st.session_state.get(SELECTED))
