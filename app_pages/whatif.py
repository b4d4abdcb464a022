"""假设推演: a firm lands (in a park) or leaves — statuses and completeness before and after, side by side."""

from __future__ import annotations

import streamlit as st

from app_pages.common import WHATIF_FIRM, WHATIF_MODE, WHATIF_PARK, choose_chain, lang, show_graph, show_legend, store, tr
from app_pages.gap_controls import current_weights, pct, rules_controls
from graph import labels as L
from graph.analysis.gaps import join
from graph.analysis.whatif import what_if
from graph.render import short_name
from graph.render_gaps import gap_panorama, what_if_panorama


def _status(status: str, position: str) -> str:
    text = L.enum_label(L.GAP_STATUS, status, lang())
    return text + (f" · {L.enum_label(L.GAP_POSITION, position, lang())}" if position else "")


def page() -> None:
    s = store()
    chain_id = choose_chain(s)
    rules = rules_controls()
    view = s.chain_view(chain_id)
    st.title(f"{tr('page_whatif')} · {L.name_of(view.chain, lang())}")

    mode = st.radio(tr("whatif_mode"), ["lands", "leaves"], key=WHATIF_MODE, horizontal=True,
                    format_func=lambda m: tr(f"whatif_{m}"))
    firms = [f for f in view.firms if f.local == (mode == "leaves")]
    if not firms:
        st.info(tr("none"))
        return
    names = {f.id: short_name(L.name_of(f, lang())) for f in firms}
    firm_id = st.selectbox(tr(f"whatif_{mode}"), list(names), key=f"{WHATIF_FIRM}_{mode}", format_func=names.get)
    park = None
    if mode == "lands":
        parks = {p.id: L.name_of(p, lang()) for p in s.parks()}
        focus = [p.id for p in s.parks() if chain_id in p.focus]
        options = [""] + focus + [p for p in parks if p not in focus]
        park = st.selectbox(tr("whatif_park"), options, key=WHATIF_PARK, format_func=lambda p: parks.get(p, "—")) or None
    result = what_if(view, **{mode: firm_id}, park=park, rules=rules, weights=current_weights())

    cols = st.columns(1 + len(result.stages))
    cols[0].metric(tr("completeness"), pct(result.after.completeness), f"{result.completeness_delta:+.0%}",
                   help=f"{tr('before')}: {pct(result.before.completeness)} · {tr('completeness_rule')}")
    for col, d in zip(cols[1:], result.stages):
        col.metric(tr(d.stage), pct(d.after), f"{d.delta:+.0%}", help=f"{tr('before')}: {pct(d.before)}")

    st.subheader(tr("changed_segments"))
    if result.changes:
        st.dataframe([{tr("segment"): short_name(L.name_of(c.segment, lang())),
                       tr("before"): _status(c.before, c.position_before), tr("after"): _status(c.after, c.position_after)}
                      for c in result.changes], hide_index=True, width="stretch")
    else:
        st.info(tr("no_change"))
    def names(points) -> str:
        return join((short_name(L.name_of(p.firm, lang())) for p in points), lang()) or tr("none")

    st.caption(f"{tr('single_points')} — {tr('before')}: {names(result.single_points_before)}; "
               f"{tr('after')}: {names(result.single_points_after)}")

    after = what_if_panorama(result, lang())
    show_legend(after)  # the same legend serves both pictures
    left, right = st.columns(2)
    with left:
        st.subheader(tr("before"))
        show_graph(gap_panorama(result.before, lang()), key=f"whatif-before-{chain_id}", height=560, legend=False)
    with right:
        st.subheader(tr("after"))
        show_graph(after, key=f"whatif-after-{chain_id}", height=560, legend=False)
