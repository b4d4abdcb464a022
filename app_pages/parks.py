"""园区: firms, chains and projects per park; uncertain parks are marked."""

from __future__ import annotations

import streamlit as st

from app_pages.common import PARK, data_version, lang, language_picker, park_list, show_sources, show_table, sidebar, store, tr
from graph.tables.data import PARK_CHAINS, PARK_FIRMS, PROJECTS, ParkChainRow, ParkFirmRow
from graph.words import clip, enum_label, join, name_of, original
from graph.words.markup import escape_markdown


def page() -> None:
    s = store()
    # In the fact sheet's order of the four-park candidates (data: candidate_rank), then the others.
    rank = lambda p: int(dict(p.extra).get("candidate_rank") or 99)  # noqa: E731
    parks = {p.id: p for p in sorted(park_list(data_version()), key=lambda p: (rank(p), p.id))}

    def park_label(pid: str) -> str:
        p = parks[pid]
        mark = "" if p.status in ("confirmed", "likely") else f" [{enum_label('park_status', p.status, lang())}]"
        return name_of(p, lang()) + mark

    sidebar(s)
    left, mid, right = st.columns([2, 7, 2], vertical_alignment="center")
    park_id = left.selectbox(tr("choose_park"), list(parks), key=PARK, format_func=park_label, label_visibility="collapsed")
    d = s.park_detail(park_id)
    mid.title(escape_markdown(clip(name_of(d.park, lang()))))
    with right:
        language_picker()
    status = enum_label("park_status", d.park.status, lang())
    if d.park.uncertain:
        st.warning(escape_markdown(f"{tr('status')}: {status}"))
    else:
        st.caption(escape_markdown(f"{tr('status')}: {status}"))
    extra = dict(d.park.extra)
    if extra.get("candidate_rank"):
        st.caption(escape_markdown(tr("candidate_rank").format(rank=extra["candidate_rank"]) + " — "
                                   + original(extra.get("candidate_reason", ""), lang())))
    a, b, c = st.columns(3)
    a.metric(tr("area_mu"), f"{d.park.area_mu:,.0f}" if d.park.area_mu else "—")
    b.metric(tr("firms_here"), len(d.firms))
    c.metric(tr("projects"), len(d.projects))
    focus = join((name_of(c, lang()) for c in d.chains if c.id in d.park.focus), lang())
    st.text(f"{tr('focus')}: {focus or tr('none')}")

    st.subheader(tr("firms_here"))
    segments = {seg.id: seg for seg in d.segments}
    show_table(PARK_FIRMS, [ParkFirmRow(f, segments) for f in d.firms])
    st.subheader(tr("chains_here"))
    show_table(PARK_CHAINS, [ParkChainRow(c, c.id in d.park.focus) for c in d.chains])
    st.subheader(tr("projects"))
    show_table(PROJECTS, d.projects)
    st.subheader(tr("sources"))
    show_sources(s, d.park.sources)
