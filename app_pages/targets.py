"""招商目标: outside firms for every missing, single or weak segment, ranked by weights the user sets."""

from __future__ import annotations

import streamlit as st

from app_pages.common import choose_chain, lang, store, tr, workbook
from app_pages.gap_controls import rules_controls, weights_controls
from graph import labels as L
from graph.analysis.gaps import analyse_chain
from graph.render import short_name


def page() -> None:
    s = store()
    chain_id = choose_chain(s)
    rules = rules_controls()
    st.title(f"{tr('page_targets')} · {L.name_of(s.chain_view(chain_id).chain, lang())}")
    st.subheader(tr("weights"))
    weights = weights_controls()
    gaps = analyse_chain(s.chain_view(chain_id), rules, weights)
    st.download_button(tr("download_xlsx"), workbook(s, chain_id, gaps), file_name=f"targets-{chain_id}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="targets_xlsx")
    for g in gaps.segments:
        if g.status == "strong":
            continue
        head = f"{short_name(L.name_of(g.segment, lang()))} · {L.enum_label(L.GAP_STATUS, g.status, lang())}"
        if g.position:
            head += f" · {L.enum_label(L.GAP_POSITION, g.position, lang())}"
        st.subheader(head)
        st.caption(g.text("rule", lang()) + (f"; {g.text('position_rule', lang())}" if g.position else "")
                   + f" — {g.text('numbers', lang())}")
        if not g.targets:
            st.info(g.text("targets_note", lang()))
            continue
        st.dataframe([{"#": i, tr("firm"): short_name(L.name_of(t.firm, lang())), tr("score"): t.score,
                       tr("part_links"): t.link_score, tr("part_quality"): t.quality_score, tr("part_park"): t.park_score,
                       tr("reason"): t.text(lang())} for i, t in enumerate(g.targets, 1)],
                     hide_index=True, width="stretch")
