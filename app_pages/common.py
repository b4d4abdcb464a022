"""What every page shares: the store, the language, session-state keys, the sidebar, tables and graphs."""

from __future__ import annotations

import os
from typing import Any, Iterable

import streamlit as st

from app_pages.graph_view import network_view
from graph.model import Source
from graph.picture.network import NetworkData, legend_html
from graph.store import ChainOverview, ChainView, Store, StoreInfo, StoreUnavailable
from graph.tables import Context, Table, records
from graph.tables.data import SOURCES, SourceRow
from graph.embedded.limits import beyond_embedded
from graph.words import clip, enum_label, name_of, t
from graph.words.markup import escape_markdown
from loaders.open import embedded_limit_note, open_store

# Session-state keys, named in one place. LANG and CHAIN hold the choices themselves (they survive page
# changes; the URL's ?lang= / ?chain= survive reloads and can be shared); their widgets have keys of their own.
LANG = "lang"
LANG_PICKER = "lang_picker"
CHAIN = "chain"
CHAIN_PICKER = "chain_picker"
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
# editors: the signed-in session (loaders.accounts.Session), the sign-in form, the maintenance page's state
ACCOUNT = "account_session"
SIGNIN_NAME = "signin_name"
SIGNIN_PASSWORD = "signin_password"
SIGNIN_RESULT = "signin_result"  # the last failed sign-in: (code, seconds to wait); never the password
UPLOAD = "maintain_upload"  # + a counter: a new key empties the uploader after an apply
UPLOAD_ROUND = "maintain_upload_round"
DOWNLOADED = "maintain_downloaded"  # the data version of this session's last workbook download
APPLIED = "maintain_applied"  # the snapshot id just applied (said once)
STALE_OK = "maintain_stale_ok"
HIST_SINCE = "history_since"


@st.cache_resource(show_spinner=False, max_entries=2)
def _store(version: str) -> Store:
    return open_store()


def _on_neo4j() -> bool:
    from graph.neo4j.connect import settings

    return bool(settings(dict(os.environ))[0])


@st.cache_data(max_entries=8, show_spinner=False)
def _folder_hash(folder: str, stats: tuple) -> str:
    from loaders.snapshots import current_hash

    return current_hash(folder)


def data_version() -> str:
    """What the caches are keyed on: the data folder's hash, or Neo4j's current load id — both change with
    every apply (and every ``chainmap load``), so the next rerun shows the new data. The folder's bytes are
    hashed again only when a file's size or time changed (a big folder is not read on every rerun)."""
    if _on_neo4j():
        try:
            return f"neo4j:{_store('neo4j').current_load()}"
        except StoreUnavailable:
            return "neo4j"
    from loaders.open import data_path
    from loaders.snapshots import FILES

    folder = data_path()
    stats = tuple((name, stat.st_mtime_ns, stat.st_size) for name in (".", *FILES)
                  if (stat := _stat(folder / name)) is not None)
    return f"{folder}@{_folder_hash(str(folder), stats)}"  # the folder too: two folders may hold equal data


def _stat(path):
    try:
        return path.stat()
    except OSError:
        return None


def store() -> Store:
    """Embedded: one store per data version (re-opened after an apply); Neo4j: one driver (its reads follow
    the current load)."""
    return _store("neo4j" if _on_neo4j() else data_version())


@st.cache_data(ttl=15, show_spinner=False)
def _info(version: str) -> StoreInfo:  # (no leading underscore: Streamlit keys the cache by it)
    return store().info()


def store_info() -> StoreInfo:
    """The store's kind, location, date and counts, asked at most every 15 s (not on every rerun)."""
    return _info(data_version())


@st.cache_data(max_entries=4, show_spinner=False)
def chain_summaries(load_key: str) -> tuple:
    """Every chain's counts, asked of the store once per load."""
    return store().chains()


@st.cache_data(max_entries=4, show_spinner=False)
def park_list(load_key: str) -> tuple:
    """Every park, asked of the store once per load."""
    return store().parks()


def lang() -> str:
    if LANG not in st.session_state:
        st.session_state[LANG] = "en" if st.query_params.get("lang") == "en" else "zh"
    return st.session_state[LANG]


def remember_url_choices() -> None:
    """Take the URL's ?lang= and ?chain= into the session before anything can fail: a page switch drops the
    URL's parameters, so after an outage (the page stopped before reading them) the choice is still kept."""
    lang()
    if CHAIN not in st.session_state and st.query_params.get("chain"):
        st.session_state[CHAIN] = st.query_params["chain"]


def tr(key: str) -> str:
    return t(key, lang())


def _keep(choice_key: str, picker_key: str, param: str):
    def copy() -> None:
        st.session_state[choice_key] = st.session_state[picker_key]
        st.query_params[param] = st.session_state[picker_key]
        if param == "chain":
            st.session_state.pop(SELECTED, None)
    return copy


def language_picker() -> None:
    """中文 / English, remembered across pages and in the URL (?lang=en)."""
    st.session_state[LANG_PICKER] = lang()
    st.segmented_control(tr("language"), ["zh", "en"], key=LANG_PICKER, required=True, label_visibility="collapsed",
                         format_func=lambda v: "中文" if v == "zh" else "English", on_change=_keep(LANG, LANG_PICKER, "lang"))
    st.query_params["lang"] = lang()


def sidebar(s: Store) -> None:
    """The data store and its date (rule settings join them on the gap pages)."""
    with st.sidebar:
        info = store_info()
        st.caption(escape_markdown(f"{tr('store')}: {tr(info.kind)} · {info.location}"))
        st.caption(escape_markdown(f"{tr('as_of')}: {info.as_of or '—'}"))
        if info.synthetic:
            st.warning(tr("synthetic"))
        firms = dict(info.counts).get("firms", 0)
        if info.kind == "embedded" and beyond_embedded(firms):
            st.warning(escape_markdown(embedded_limit_note(firms, lang())))


def show_table(table: Table, rows: Iterable[Any], wrap: bool = False, **extra: Any) -> None:
    """One table of ``graph.tables`` in its page view. ``wrap`` shows every cell whole (long reasons and
    rules wrap instead of being cut); otherwise a scrollable, sortable grid. ``st.table`` reads its cells as
    Markdown, so their text is escaped (the grid shows text as it is)."""
    data = records(table, rows, Context(lang(), "page", extra=extra))
    if wrap and data:
        st.table([{k: escape_markdown(v) if isinstance(v, str) else v for k, v in row.items()} for row in data])
    else:
        st.dataframe(data, hide_index=True, width="stretch")


def show_sources(s: Store, ids) -> None:
    """The sources behind a record: title, date and link (http(s) links only; ids never shown)."""
    rows = [SourceRow(src) for src in s.sources(tuple(ids))]
    data = records(SOURCES, rows, Context(lang(), "page"))
    url = tr("url")
    st.dataframe(data, hide_index=True, width="stretch", column_config={url: st.column_config.LinkColumn(url)})


def source_map(s: Store, view: ChainView | ChainOverview) -> dict[str, Source]:
    """The sources of a chain's picture by id, so its tooltips name them by title."""
    return {src.id: src for src in s.sources(view.source_ids)}


def alternative_of(chain) -> str:
    """The name of the chain's rival for the same place (the unsettled 7th key chain), or ""."""
    other = dict(chain.extra).get("alternative", "")
    return next((name_of(c, lang()) for c in chain_list(data_version()) if c.id == other), "") if other else ""


def chain_label(chain) -> str:
    """'集成电路(微电子) [候选(待核实) · 或 新能源新材料]': unconfirmed chains say so, and name their rival."""
    if chain.status == "confirmed":
        return name_of(chain, lang())
    marks = [enum_label("chain_status", chain.status, lang())]
    if alternative_of(chain):
        marks.append(tr("chain_or").format(other=alternative_of(chain)))
    return f"{name_of(chain, lang())} [{' · '.join(marks)}]"


@st.cache_data(max_entries=4, show_spinner=False)
def chain_list(load_key: str) -> list:
    """The chains in the order the picker shows them (confirmed first), asked of the store once per load."""
    order = {status: i for i, status in enumerate(("confirmed", "named", "candidate", "legacy"))}
    return [c.chain for c in sorted(chain_summaries(load_key), key=lambda c: (order.get(c.chain.status, 9), c.chain.id))]


def chosen_chain(s: Store) -> str:
    """The chosen chain: this session's choice, else the URL's ?chain=, else the first chain."""
    chains = {c.id: c for c in chain_list(data_version())}
    if st.session_state.get(CHAIN) not in chains:
        wanted = st.query_params.get("chain")
        st.session_state[CHAIN] = wanted if wanted in chains else next(iter(chains))
    st.query_params["chain"] = st.session_state[CHAIN]
    return st.session_state[CHAIN]


def choose_chain(s: Store, where=None) -> str:
    """The chain picker (in ``where``, default the page); the choice carries over to every page and into the URL.

    Confirmed chains come first; unconfirmed ones are marked with their status.
    """
    chains = {c.id: c for c in chain_list(data_version())}
    current = chosen_chain(s)
    st.session_state[CHAIN_PICKER] = current
    (where or st).selectbox(tr("choose_chain"), list(chains), key=CHAIN_PICKER, label_visibility="collapsed",
                            format_func=lambda cid: chain_label(chains[cid]), on_change=_keep(CHAIN, CHAIN_PICKER, "chain"))
    return current


def header(s: Store, title, chain: bool = True) -> str | None:
    """The page's one header row: the chain picker, the title, the language; returns the chosen chain.

    ``title`` is the title text, or a function of the chosen chain's record that makes it."""
    left, mid, right = st.columns([2, 7, 2], vertical_alignment="center") if chain else (None, *st.columns([9, 2]))
    chain_id = choose_chain(s, left) if chain else None
    if callable(title):
        title = title(next(c for c in chain_list(data_version()) if c.id == chain_id))
    mid.title(escape_markdown(clip(title)))
    with right:
        language_picker()
    return chain_id


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
