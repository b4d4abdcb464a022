"""缺链分析: segment status with its rule, gap positions, completeness, single points — table, graph, Excel."""

from __future__ import annotations

import streamlit as st

from app_pages.common import SELECTED, choose_chain, lang, show_graph, store, tr, workbook
from app_pages.details import detail_panel
from app_pages.gap_controls import current_weights, pct, rules_controls
from graph import labels as L
from graph.analysis.gaps import analyse_chain, single_points, status_rule
from graph.analysis.gaps_table import gap_rows
from graph.render import short_name
from graph.render_gaps import gap_panorama


def page() -> None:
    s = store()
    chain_id = choose_chain(s)
    rules = rules_controls()
    gaps = analyse_chain(s.chain_view(chain_id), rules, current_weights())
    st.title(f"{tr('page_gaps')} · {L.name_of(gaps.chain, lang())}")
    if gaps.chain.status != "confirmed":
        st.warning(f"{tr('status')}: {L.enum_label(L.CHAIN_STATUS, gaps.chain.status, lang())}")

    cols = st.columns(5)
    cols[0].metric(tr("completeness"), pct(gaps.completeness), help=tr("completeness_rule"))
    for col, status in zip(cols[1:], ("missing", "single", "weak", "strong")):
        col.metric(L.enum_label(L.GAP_STATUS, status, lang()), gaps.count(status), help=status_rule(status, rules, lang()))
    st.caption(f"{tr('by_stage')}: " + " · ".join(
        f"{tr(x.stage)} {x.with_local}/{x.segments} ({pct(x.completeness)})" for x in gaps.by_stage)
        + f" — {tr('completeness_rule')}")

    graph_col, detail_col = st.columns([3, 1])
    with graph_col:
        clicked = show_graph(gap_panorama(gaps, lang()), key=f"gaps-{chain_id}", height=700)
        if clicked:
            st.session_state[SELECTED] = clicked
    with detail_col:
        st.subheader(tr("detail"))
        detail_panel(s, st.session_state.get(SELECTED))

    st.subheader(tr("gap_status"))
    st.dataframe(gap_rows(gaps, lang()), hide_index=True, width="stretch")
    points = single_points(gaps.view, rules)
    st.subheader(tr("single_points"))
    if points:
        st.dataframe([{tr("firm"): short_name(L.name_of(p.firm, lang())), tr("detail"): p.text(gaps.view, lang())}
                      for p in points], hide_index=True, width="stretch")
    else:
        st.text(tr("none"))
    st.download_button(tr("download_xlsx"), workbook(s, chain_id, gaps), file_name=f"gaps-{chain_id}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="gaps_xlsx")
