"""What every page shares: the store, the language, session-state keys, the sidebar, tables and graphs."""

from __future__ import annotations

from typing import Any, Iterable

import streamlit as st

from app_pages.graph_view import network_view
from graph.model import Source
from graph.picture.network import NetworkData, legend_html
from graph.store import ChainView, Store
from graph.tables import Context, Table, records
from graph.tables.data import SOURCES, SourceRow
from graph.words import enum_label, name_of, t
from loaders.open import open_store

# Session-state keys, named in one place.
LANG = "lang"
CHAIN = "chain"
PARK = "park"
SELECTED = "selected_node"  # "kind:id" of the node whose details are open
# gap pages: rule and weight controls (prefixes + field name), what-if and neighbourhood choices
GAP_RULE = "gap_rule_"
GAP_WEIGHT = "gap_weight_"
WHATIF_MODE = "whatif_mode"
WHATIF_FIRM = "whatif_firm"
WHATIF_PARK = "whatif_park"
HOOD_QUERY = "hood_query"
HOOD_FIRM = "hood_firm"
HOOD_HOPS = "hood_hops"
# presentation mode: the step of the walk shown (reset to 0 when the chain changes)
PRESENT_STEP = "present_step"
EXPORT_CHAIN = "export_chain"  # export page: a chain id or "all"


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """One store per process (for Neo4j: one driver)."""
    return open_store()


def lang() -> str:
    return st.session_state.get(LANG, "zh")


def tr(key: str) -> str:
    return t(key, lang())


def sidebar(s: Store) -> None:
    with st.sidebar:
        st.radio(tr("language"), options=["zh", "en"], key=LANG, horizontal=True,
                 format_func=lambda v: "中文" if v == "zh" else "English")
        info = s.info()
        st.caption(f"{tr('store')}: {tr(info.kind)} · {info.location}")
        st.caption(f"{tr('as_of')}: {info.as_of or '—'}")
        if info.synthetic:
            st.warning(tr("synthetic"))


def show_table(table: Table, rows: Iterable[Any], **extra: Any) -> None:
    """One table of ``graph.tables`` in its page view; long text wraps (nothing is cut off)."""
    st.dataframe(records(table, rows, Context(lang(), "page", extra=extra)), hide_index=True, width="stretch")


def show_sources(s: Store, ids) -> None:
    """The sources behind a record: title, date and link (http(s) links only; ids never shown)."""
    rows = [SourceRow(src) for src in s.sources(tuple(ids))]
    data = records(SOURCES, rows, Context(lang(), "page"))
    url = tr("url")
    st.dataframe(data, hide_index=True, width="stretch", column_config={url: st.column_config.LinkColumn(url)})


def source_map(s: Store, view: ChainView) -> dict[str, Source]:
    """The sources of a chain's picture by id, so its tooltips name them by title."""
    return {src.id: src for src in s.sources(view.source_ids)}


def chain_label(chain) -> str:
    return name_of(chain, lang()) + ("" if chain.status == "confirmed" else
                                     f" [{enum_label('chain_status', chain.status, lang())}]")


def choose_chain(s: Store) -> str:
    """The chain selector in the sidebar; one key on every page, so the choice carries over.

    Confirmed chains come first; unconfirmed ones are marked with their status.
    """
    order = {status: i for i, status in enumerate(("confirmed", "named", "candidate", "legacy"))}
    chains = {c.chain.id: c.chain for c in sorted(s.chains(), key=lambda c: (order.get(c.chain.status, 9), c.chain.id))}
    with st.sidebar:
        return st.selectbox(tr("choose_chain"), list(chains), key=CHAIN, format_func=lambda cid: chain_label(chains[cid]),
                            on_change=lambda: st.session_state.pop(SELECTED, None))


def show_legend(net: NetworkData) -> None:
    st.html(legend_html(net.legend, font_px=16))


def show_graph(net: NetworkData, key: str, height: int = 720, legend: bool = True) -> str | None:
    """Legend above the graph; returns the clicked node id (None when nothing was clicked this run)."""
    if legend:
        show_legend(net)
    return network_view(net, key=f"{key}-{lang()}", height=height)


def download_workbook(s: Store, chain_id: str, gaps, key: str, name: str) -> None:
    """The Excel download of a gap or targets page: the export's workbook for this chain, rules and weights,
    built only when the button is pressed."""
    from graph.export import meeting
    from graph.export.xlsx import build_workbook

    st.download_button(tr("download_xlsx"),
                       data=lambda: build_workbook(s, [chain_id], meeting(s, lang()), rules=gaps.rules, weights=gaps.weights),
                       file_name=name, key=key, on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
