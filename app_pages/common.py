"""What every page shares: the store, the language, session-state keys, the sidebar."""

from __future__ import annotations

import streamlit as st

from graph import labels as L
from graph.component import network_view
from graph.render import NetworkData, legend_html
from graph.store import Store
from graph.stores import open_store

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
    return L.t(key, lang())


def sidebar(s: Store) -> None:
    with st.sidebar:
        st.radio(L.t("language", lang()), options=list(L.LANGS), key=LANG, horizontal=True,
                 format_func=lambda v: "中文" if v == "zh" else "English")
        info = s.info()
        st.caption(f"{tr('store')}: {tr(info.kind)} · {info.location}")
        st.caption(f"{tr('as_of')}: {info.as_of or '—'}")
        if info.synthetic:
            st.warning(tr("synthetic"))


def show_sources(s: Store, ids) -> None:
    rows = [{"id": src.id, "title": src.title, "url": src.url or "", "published": src.published}
            for src in s.sources(tuple(ids))]
    st.dataframe(rows, hide_index=True, width="stretch",
                 column_config={"url": st.column_config.LinkColumn("url")})


def choose_chain(s: Store) -> str:
    """The chain selector in the sidebar; one key on every page, so the choice carries over.

    Confirmed chains come first; unconfirmed ones are marked with their status.
    """
    order = {status: i for i, status in enumerate(L.CHAIN_STATUS)}
    chains = {c.chain.id: c.chain for c in sorted(s.chains(), key=lambda c: (order.get(c.chain.status, 9), c.chain.id))}

    def label(cid: str) -> str:
        c = chains[cid]
        return L.name_of(c, lang()) + ("" if c.status == "confirmed" else f" [{L.enum_label(L.CHAIN_STATUS, c.status, lang())}]")

    with st.sidebar:
        return st.selectbox(tr("choose_chain"), list(chains), key=CHAIN, format_func=label,
                            on_change=lambda: st.session_state.pop(SELECTED, None))


def show_legend(net: NetworkData) -> None:
    st.html(legend_html(net.legend, font_px=16))


def show_graph(net: NetworkData, key: str, height: int = 720, legend: bool = True) -> str | None:
    """Legend above the graph; returns the clicked node id (None when nothing was clicked this run)."""
    if legend:
        show_legend(net)
    return network_view(net, key=f"{key}-{lang()}", height=height)


def workbook(s: Store, chain_id: str, gaps) -> bytes:
    """The Excel download of a gap or targets page: the export's workbook for this chain, rules and weights."""
    from graph.export import meeting
    from graph.export.xlsx import build_workbook

    return build_workbook(s, [chain_id], meeting(s, lang()), rules=gaps.rules, weights=gaps.weights)
