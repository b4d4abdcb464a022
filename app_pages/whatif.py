"""假设推演: a firm lands (in a park) or leaves — statuses and completeness before and after, side by side."""

from __future__ import annotations

import streamlit as st

from app_pages.common import (WHATIF_FIRM, WHATIF_MODE, WHATIF_PARK, header, lang, show_graph, show_table, sidebar,
                              data_version, park_list, source_map, store, tr)
from app_pages.firm_picker import pick_firm
from app_pages.gap_controls import current_weights, rules_controls
from graph.analysis.whatif import what_if_in
from graph.picture.gaps import gap_panorama, what_if_panorama
from graph.tables.gaps import WHATIF_CHANGES
from graph.words import join_first, name_of, pct, short
from graph.words.markup import escape_markdown


def page() -> None:
    s = store()
    sidebar(s)
    chain_id = header(s, lambda chain: f"{tr('page_whatif')} · {name_of(chain, lang())}")
    rules = rules_controls()

    pick_mode, pick_park = st.columns([2, 3], vertical_alignment="bottom")
    mode = pick_mode.radio(tr("whatif_mode"), ["lands", "leaves"], key=WHATIF_MODE, horizontal=True,
                           format_func=lambda m: tr(f"whatif_{m}"))
    park = None
    if mode == "lands":
        parks = {p.id: name_of(p, lang()) for p in park_list(data_version())}
        focus = [p.id for p in park_list(data_version()) if chain_id in p.focus]
        options = [""] + focus + [p for p in parks if p not in focus]
        park = pick_park.selectbox(tr("whatif_park"), options, key=WHATIF_PARK,
                                   format_func=lambda p: parks.get(p, "—")) or None
    # Landing: an outside firm of the chain; leaving: a local one (a working unit) — one segment's page at a time.
    firm_id = pick_firm(chain_id, f"{WHATIF_FIRM}_{mode}", tr(f"whatif_{mode}"), local=mode == "leaves",
                        mark_outside=False)
    if firm_id is None:
        return
    # The analysis covers the whole chain before and after, from the store's aggregates (any size of chain).
    result = what_if_in(s, chain_id, **{mode: firm_id}, park=park, rules=rules, weights=current_weights())
    sources = source_map(s, result.before.view)

    # The picture after the scenario first (changed segments and the moved firm bright), what changed beside it,
    # and the picture before below.
    picture, facts = st.columns([3, 1])
    with facts:
        st.metric(tr("completeness"), pct(result.after.completeness), f"{result.completeness_delta:+.0%}",
                  help=f"{tr('before')}: {pct(result.before.completeness)} · {tr('completeness_rule')}")
        st.caption(escape_markdown(" · ".join(f"{tr(d.stage)} {pct(d.after)} ({d.delta:+.0%})" for d in result.stages)))
        st.subheader(tr("changed_segments"))
        if result.changes:
            show_table(WHATIF_CHANGES, result.changes)
        else:
            st.info(tr("no_change"))

        def point_names(points) -> str:
            return join_first((short(p.firm, lang()) for p in points), lang()) or tr("none")

        st.caption(escape_markdown(f"{tr('single_points')} — {tr('before')}: {point_names(result.single_points_before)}; "
                                   f"{tr('after')}: {point_names(result.single_points_after)}"))
    with picture:
        st.markdown(f"**{escape_markdown(tr('after'))}**")
        show_graph(what_if_panorama(result, lang(), sources=sources), key=f"whatif-after-{chain_id}")
    st.subheader(tr("before"))
    show_graph(gap_panorama(result.before, lang(), sources=sources), key=f"whatif-before-{chain_id}", legend=False)
