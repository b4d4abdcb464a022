"""The detail panel opened by clicking a node: segment, firm or park — names, never ids."""

from __future__ import annotations

import streamlit as st

from app_pages.common import lang, show_sources, show_table, tr
from graph.picture.network import parse_node_id
from graph.store import NotFound, Store
from graph.tables.data import SEGMENT_FIRMS
from graph.words import clip, enum_label, join, name_of, original, tags_text
from graph.words.markup import escape_markdown

PAGE_SIZE = 25
NAMES_SHOWN = 12  # names in a segment's panel per group; the rest are in its paged list
LIST_QUERY = "segment_list_query"
LIST_PAGE = "segment_list_page"


def segment_list(s: Store, segment_id: str) -> None:
    """Every firm of a segment, a page at a time, with a search: what a "+N" chip opens."""
    seg = s.segment_detail(segment_id).segment
    query = st.text_input(tr("search_in_list"), key=f"{LIST_QUERY}_{segment_id}", max_chars=100)
    total, _ = s.segment_firms(segment_id, 0, 0, query)
    pages = max(1, -(-total // PAGE_SIZE))
    st.markdown(f"**{escape_markdown(tr('segment_list').format(segment=name_of(seg, lang()), n=total))}**")
    page = 1
    if pages > 1:
        page = st.number_input(tr("page_of").format(i="", n=pages).strip(), 1, pages, 1, key=f"{LIST_PAGE}_{segment_id}")
    _, firms = s.segment_firms(segment_id, (page - 1) * PAGE_SIZE, PAGE_SIZE, query)
    show_table(SEGMENT_FIRMS, firms)


def _names(records) -> str:
    return join((name_of(r, lang()) for r in records), lang()) or tr("none")


def _firm_names(s: Store, segment_id: str, local: bool, label: str) -> None:
    """The first names of a segment's local (working unit) or other firms, with how many there are."""
    total, firms = s.segment_firms(segment_id, 0, NAMES_SHOWN, local=local)
    more = tr("names_more").format(n=total - len(firms)) if total > len(firms) else ""
    st.text(tr("firms_named").format(group=label, n=total, names=_names(firms), more=more))


def detail_panel(s: Store, node: str | None) -> None:
    if not node:
        st.info(tr("click_hint"))
        return
    kind, ident = parse_node_id(node)
    try:
        if kind == "more":
            segment_list(s, ident)
        elif kind == "segment":
            d = s.segment_detail(ident)
            st.subheader(escape_markdown(clip(f"{tr('segment')}: {name_of(d.segment, lang())}")))
            st.text(f"{tr('chain')}: {name_of(d.chain, lang())} · {tr(d.segment.stage)}")
            st.text(f"{tr('upstream_segments')}: {_names(d.upstream)}")
            st.text(f"{tr('downstream_segments')}: {_names(d.downstream)}")
            _firm_names(s, ident, True, tr("local_firms"))
            _firm_names(s, ident, False, tr("other_firms"))
            if len(d.firms) > NAMES_SHOWN:
                with st.expander(tr("segment_list").format(segment=name_of(d.segment, lang()), n=len(d.firms))):
                    segment_list(s, ident)
            show_sources(s, d.segment.sources)
        elif kind == "firm":
            d = s.firm_detail(ident)
            f = d.firm
            st.subheader(escape_markdown(clip(name_of(f, lang()))))
            other = f.name_en if lang() == "zh" else f.name
            if other and other != name_of(f, lang()):
                st.text(other)
            where = tr("local") if f.local else tr("outside")
            if f.presence:
                where += f" · {tr('presence')}: {enum_label('presence', f.presence, lang())}"
            evidence = f" · {tr('evidence')}: {enum_label('evidence', f.evidence, lang())}" if f.local else ""
            st.text(where + evidence)
            if f.uncertain:
                st.warning(escape_markdown(f"{tr('evidence')}: {enum_label('evidence', f.evidence, lang())}"))
            st.text(f"{tr('segments')}: {_names(d.segments)}")
            st.text(f"{tr('page_parks')}: {_names(d.parks)}")
            st.text(f"{tr('tags')}: {tags_text(f.tags, lang()) or tr('none')}")
            st.text(f"{tr('suppliers')}: {_names([x for x, _ in d.suppliers])}")
            st.text(f"{tr('customers')}: {_names([x for x, _ in d.customers])}")
            note = dict(f.extra).get("note")
            if note:
                st.text(f"{tr('note')}: {original(note, lang())}")
            show_sources(s, f.sources)
        elif kind == "park":
            d = s.park_detail(ident)
            st.subheader(escape_markdown(clip(name_of(d.park, lang()))))
            show_sources(s, d.park.sources)
    except NotFound:
        st.warning(tr("not_found"))
