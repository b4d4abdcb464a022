"""园区: firms, chains and projects per park; uncertain parks are marked."""

from __future__ import annotations

import streamlit as st

from app_pages.common import PARK, lang, show_sources, store, tr
from graph import labels as L


def page() -> None:
    s = store()
    parks = {p.id: p for p in s.parks()}

    def park_label(pid: str) -> str:
        p = parks[pid]
        mark = "" if p.status in ("confirmed", "likely") else f" [{L.enum_label(L.PARK_STATUS, p.status, lang())}]"
        return L.name_of(p, lang()) + mark

    with st.sidebar:
        park_id = st.selectbox(tr("choose_park"), list(parks), key=PARK, format_func=park_label)
    d = s.park_detail(park_id)
    st.title(L.name_of(d.park, lang()))
    status = L.enum_label(L.PARK_STATUS, d.park.status, lang())
    if d.park.uncertain:
        st.warning(f"{tr('status')}: {status}")
    else:
        st.caption(f"{tr('status')}: {status}")
    a, b, c = st.columns(3)
    a.metric(tr("area_mu"), f"{d.park.area_mu:,.0f}" if d.park.area_mu else "—")
    b.metric(tr("firms_here"), len(d.firms))
    c.metric(tr("projects"), len(d.projects))
    st.text(f"{tr('focus')}: " + ("、".join(L.name_of(c, lang()) for c in d.chains if c.id in d.park.focus) or tr("none")))

    st.subheader(tr("firms_here"))
    st.dataframe(
        [{tr("firm"): L.name_of(f, lang()), tr("evidence"): L.enum_label(L.EVIDENCE, f.evidence, lang()),
          tr("tags"): "、".join(f.tags), tr("segments"): "、".join(f.segments)} for f in d.firms],
        hide_index=True, width="stretch",
    )
    st.subheader(tr("chains_here"))
    st.dataframe(
        [{tr("chain"): L.name_of(c, lang()), tr("status"): L.enum_label(L.CHAIN_STATUS, c.status, lang()),
          tr("focus"): c.id in d.park.focus} for c in d.chains],
        hide_index=True, width="stretch",
    )
    st.subheader(tr("projects"))
    st.dataframe(
        [{tr("project"): p.name, "亿元": p.investment_yi, "year": p.year, tr("status"): p.status} for p in d.projects],
        hide_index=True, width="stretch",
    )
    st.subheader(tr("sources"))
    show_sources(s, d.park.sources)
