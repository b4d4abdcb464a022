"""跨链企业与环节: firms on several chains and segment links that join chains (the whole dataset)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import lang, store, tr
from graph import labels as L
from graph.analysis.crosschain import cross_chain
from graph.analysis.gaps import join
from graph.render import short_name


def page() -> None:
    s = store()
    data = s.dataset()
    cc = cross_chain(data)
    names = {r.id: short_name(L.name_of(r, lang())) for r in (*data.chains, *data.segments)}
    chains = lambda ids: join((names[c] for c in ids), lang())  # noqa: E731
    st.title(tr("page_crosschain"))

    st.subheader(tr("cross_firms"))
    st.dataframe([{tr("firm"): short_name(L.name_of(f.firm, lang())),
                   tr("local"): tr("local") if f.firm.local else tr("outside"),
                   tr("chain"): chains(f.chains), tr("segments"): chains(f.segments)} for f in cc.firms],
                 hide_index=True, width="stretch")
    st.subheader(tr("cross_segments"))
    st.dataframe([{tr("segment"): names[x.segment.id], tr("chain"): chains(x.chains),
                   tr("downstream"): chains(x.supplies_chains), tr("upstream"): chains(x.supplied_by_chains)}
                  for x in cc.segments], hide_index=True, width="stretch")
    st.subheader(tr("cross_links"))
    st.dataframe([{tr("upstream"): f"{names[x.link.source]} ({names[x.source_chain]})",
                   tr("downstream"): f"{names[x.link.target]} ({names[x.target_chain]})"} for x in cc.links],
                 hide_index=True, width="stretch")
