"""The detail panel opened by clicking a node: segment, firm or park — names, never ids."""

from __future__ import annotations

import streamlit as st

from app_pages.common import lang, show_sources, tr
from graph.picture.network import parse_node_id
from graph.store import NotFound, Store
from graph.words import enum_label, join, name_of, original, tags_text


def _names(records) -> str:
    return join((name_of(r, lang()) for r in records), lang()) or tr("none")


def detail_panel(s: Store, node: str | None) -> None:
    if not node:
        st.info(tr("click_hint"))
        return
    kind, ident = parse_node_id(node)
    try:
        if kind == "segment":
            d = s.segment_detail(ident)
            st.subheader(f"{tr('segment')}: {name_of(d.segment, lang())}")
            st.text(f"{tr('chain')}: {name_of(d.chain, lang())} · {tr(d.segment.stage)}")
            st.text(f"{tr('upstream_segments')}: {_names(d.upstream)}")
            st.text(f"{tr('downstream_segments')}: {_names(d.downstream)}")
            st.text(f"{tr('local_firms')}: {_names([f for f in d.firms if f.local])}")
            st.text(f"{tr('outside_firms')}: {_names([f for f in d.firms if not f.local])}")
            show_sources(s, d.segment.sources)
        elif kind == "firm":
            d = s.firm_detail(ident)
            f = d.firm
            st.subheader(name_of(f, lang()))
            other = f.name_en if lang() == "zh" else f.name
            if other and other != name_of(f, lang()):
                st.text(other)
            where = tr("local") if f.local else tr("outside")
            if f.presence:
                where += f" · {tr('presence')}: {enum_label('presence', f.presence, lang())}"
            evidence = f" · {tr('evidence')}: {enum_label('evidence', f.evidence, lang())}" if f.local else ""
            st.text(where + evidence)
            if f.uncertain:
                st.warning(f"{tr('evidence')}: {enum_label('evidence', f.evidence, lang())}")
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
            st.subheader(name_of(d.park, lang()))
            show_sources(s, d.park.sources)
    except NotFound:
        st.warning(tr("not_found"))
