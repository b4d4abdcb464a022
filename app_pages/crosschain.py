"""跨链企业与环节: firms on several chains and segment links that join chains (asked of the store)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import chain_summaries, data_version, header, lang, show_table, sidebar, store, tr
from graph.analysis.crosschain import cross_chain
from graph.tables.data import CROSS_FIRMS, CROSS_LINKS, CROSS_SEGMENTS
from graph.words import short


def page() -> None:
    s = store()
    cc = cross_chain(s)
    segment_ids = {sid for f in cc.firms for sid in f.segments} | {x for cl in cc.links for x in (cl.link.source, cl.link.target)}
    names = {c.chain.id: short(c.chain, lang()) for c in chain_summaries(data_version())}
    names.update((seg.id, short(seg, lang())) for seg in s.segments(segment_ids))
    sidebar(s)
    header(s, tr("page_crosschain"), chain=False)
    st.subheader(tr("cross_firms"))
    show_table(CROSS_FIRMS, cc.firms, names=names)
    st.subheader(tr("cross_segments"))
    show_table(CROSS_SEGMENTS, cc.segments, names=names)
    st.subheader(tr("cross_links"))
    show_table(CROSS_LINKS, cc.links, names=names)
