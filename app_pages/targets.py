"""招商目标: outside firms for every missing, single or weak segment, ranked by weights the user sets."""

from __future__ import annotations

import streamlit as st

from app_pages.common import download_workbook, header, lang, show_table, sidebar, store, tr
from app_pages.gap_controls import rules_controls, weights_controls
from graph.analysis.gaps import analyse_chain_in
from graph.tables.gaps import TARGETS, status_position, target_rows
from graph.words import clip, name_of, short
from graph.words.explain import gap_numbers, gap_rule, targets_note
from graph.words.markup import escape_markdown


def page() -> None:
    s = store()
    sidebar(s)
    chain_id = header(s, lambda chain: f"{tr('page_targets')} · {name_of(chain, lang())}")
    rules = rules_controls()
    st.subheader(tr("weights"))
    weights = weights_controls()
    gaps = analyse_chain_in(s, chain_id, rules, weights)
    view = gaps.view
    download_workbook(s, chain_id, gaps, key="targets_xlsx", name=f"targets-{chain_id}.xlsx")
    for g in gaps.segments:
        if not g.needy:
            continue
        st.subheader(escape_markdown(clip(f"{short(g.segment, lang())} · {status_position(g.status, g.position, lang())}")))
        st.caption(escape_markdown(f"{gap_rule(g, rules, lang())} — {gap_numbers(g, view, lang())}"))
        if not g.targets:
            st.info(escape_markdown(targets_note(g, lang())))
            continue
        show_table(TARGETS, target_rows([gaps], g.segment.id), wrap=True)
        if g.candidates > len(g.targets):
            st.caption(escape_markdown(tr("list_more").format(n=g.candidates - len(g.targets))))
