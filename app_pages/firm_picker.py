"""A firm picker that asks the store for one page, never for every firm of a chain.

A segment of the chain (counted from the chain overview, once per load), a name filter, page controls with
the count, then a firm of the page: at any chain size the page holds ``PAGE_SIZE`` options.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import data_version, lang, store, tr
from graph.model import STAGES, Firm, Segment
from graph.words import short

PAGE_SIZE = 50


@st.cache_data(max_entries=16, show_spinner=False)
def segment_counts(load_key: str, chain_id: str) -> tuple[tuple[Segment, int, int], ...]:
    """Each segment of the chain with its firm count and local count (working units), in stage order: asked of
    the store once per load and chain, without any firm (``chain_overview`` with no firms per segment)."""
    overview = store().chain_overview(chain_id, 0)
    stage = {name: i for i, name in enumerate(STAGES)}
    ordered = sorted(overview.segments, key=lambda x: (stage.get(x.segment.stage, len(STAGES)), x.segment.id))
    return tuple((x.segment, x.firms, x.local) for x in ordered)


def segment_key(key: str, chain_id: str) -> str:
    """The segment picker's key: one per chain (a segment of another chain is never the choice)."""
    return f"{key}_segment_{chain_id}"


def page_key(key: str, segment_id: str) -> str:
    """The page control's key: one per segment (another segment opens on its first page)."""
    return f"{key}_page_{segment_id}"


def _count(firms: int, local_firms: int, local: bool | None) -> int:
    return firms if local is None else local_firms if local else firms - local_firms


def firm_label(firm: Firm, mark_outside: bool) -> str:
    return short(firm, lang()) + (f" ({tr('outside')})" if mark_outside and not firm.local else "")


def pick_firm(chain_id: str, key: str, label: str, local: bool | None = None, mark_outside: bool = True) -> str | None:
    """The chosen firm's id (``key`` holds it), or None when the chain has no such firm (the page says so).

    ``local``: offer only firms with (True) or without (False) a working unit in the district."""
    s = store()
    counts = {seg.id: (seg, _count(n, n_local, local)) for seg, n, n_local in segment_counts(data_version(), chain_id)}
    counts = {sid: c for sid, c in counts.items() if c[1]}
    if not counts:
        st.info(tr("none"))
        return None
    seg_col, filter_col = st.columns([3, 2], vertical_alignment="bottom")
    segment_id = seg_col.selectbox(
        tr("choose_segment"), list(counts), key=segment_key(key, chain_id),
        format_func=lambda sid: tr("segment_choice").format(segment=short(counts[sid][0], lang()), n=counts[sid][1]))
    pkey = page_key(key, segment_id)
    query = filter_col.text_input(tr("filter_names"), key=f"{key}_filter", max_chars=100,
                                  on_change=lambda: st.session_state.pop(pkey, None))  # a new filter opens on page 1
    total, _ = s.segment_firms(segment_id, 0, 0, query, local)
    if not total:
        st.info(tr("no_hits"))
        return None
    pages = -(-total // PAGE_SIZE)
    firm_col, page_col = st.columns([3, 2], vertical_alignment="bottom")
    page = page_col.number_input(tr("page"), min_value=1, max_value=pages, step=1, key=pkey,
                                 disabled=pages == 1)
    _, firms = s.segment_firms(segment_id, (page - 1) * PAGE_SIZE, PAGE_SIZE, query, local)
    by_id = {f.id: f for f in firms}
    firm_id = firm_col.selectbox(label, list(by_id), key=key, format_func=lambda i: firm_label(by_id[i], mark_outside))
    st.caption(tr("picker_count").format(n=total, i=page, pages=pages))
    return firm_id
