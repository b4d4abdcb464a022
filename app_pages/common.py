"""What every page shares: the store, the language, session-state keys, the sidebar."""

from __future__ import annotations

import streamlit as st

from graph import labels as L
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
