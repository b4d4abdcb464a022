"""缺链分析: segment status with its rule, gap positions, completeness, single points — table, graph, Excel."""

from __future__ import annotations

import streamlit as st

from app_pages.common import SELECTED, download_workbook, header, lang, show_graph, show_table, sidebar, source_map, store, tr
from app_pages.details import detail_panel
from app_pages.gap_controls import current_weights, rules_controls
from graph.analysis.gaps import STATUSES, analyse_chain_in
from graph.picture.gaps import gap_panorama
from graph.tables.gaps import GAPS, SINGLE_POINTS, PointRow, gap_rows
from graph.words import enum_label, name_of, pct
from graph.words.explain import presence_rule, status_rule
from graph.words.markup import escape_markdown


def page() -> None:
    s = store()
    sidebar(s)
    chain_id = header(s, lambda chain: f"{tr('page_gaps')} · {name_of(chain, lang())}")
    rules = rules_controls()
    gaps = analyse_chain_in(s, chain_id, rules, current_weights())
    if gaps.chain.status != "confirmed":
        st.warning(escape_markdown(f"{tr('status')}: {enum_label('chain_status', gaps.chain.status, lang())}"))

    cols = st.columns(5)
    cols[0].metric(tr("completeness"), pct(gaps.completeness), help=tr("completeness_rule"))
    for col, status in zip(cols[1:], STATUSES):
        col.metric(enum_label("gap_status", status, lang()), gaps.count(status), help=status_rule(status, rules, lang()))
    st.caption(escape_markdown(f"{tr('by_stage')}: " + " · ".join(
        f"{tr(x.stage)} {x.with_local}/{x.segments} ({pct(x.completeness)})" for x in gaps.by_stage)
        + f" — {tr('completeness_rule')} · {presence_rule(rules, lang())}"))

    graph_col, detail_col = st.columns([3, 1])
    with graph_col:
        net = gap_panorama(gaps, lang(), sources=source_map(s, gaps.view), focus=st.session_state.get(SELECTED))
        clicked = show_graph(net, key=f"gaps-{chain_id}")
        if clicked:
            st.session_state[SELECTED] = clicked
    with detail_col:
        st.subheader(tr("detail"))
        detail_panel(s, st.session_state.get(SELECTED))

    st.subheader(tr("gap_status"))
    show_table(GAPS, gap_rows([gaps]), wrap=True)
    points = gaps.points
    st.subheader(tr("single_points"))
    if points:
        show_table(SINGLE_POINTS, [PointRow(gaps.view, p) for p in points])
    else:
        st.text(tr("none"))
    download_workbook(s, chain_id, gaps, key="gaps_xlsx", name=f"gaps-{chain_id}.xlsx")
