"""Widgets the gap pages share: chain choice, rule settings, score weights, the graph with its legend.

Rules and weights are kept in session state as frozen dataclasses (``GAP_RULE + "value"``,
``GAP_WEIGHT + "value"``), so a setting made on one page holds on the others.
"""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from app_pages.common import CHAIN, GAP_RULE, GAP_WEIGHT, SELECTED, lang, tr
from graph import labels as L
from graph.analysis.gaps import QUALITY_TAGS, Rules
from graph.analysis.targets import Weights
from graph.component import network_view
from graph.render import NetworkData, legend_html
from graph.store import Store

RULES_VALUE = GAP_RULE + "value"
WEIGHTS_VALUE = GAP_WEIGHT + "value"
WEIGHT_RANGES = {"link": (0.0, 10.0, 0.5), "quality": (0.0, 10.0, 0.5), "park": (0.0, 10.0, 0.5),
                 "unconfirmed_link": (0.0, 1.0, 0.1)}
WEIGHT_LABELS = {"link": "weight_link", "quality": "weight_quality", "park": "weight_park",
                 "unconfirmed_link": "weight_unconfirmed"}


def choose_chain(s: Store) -> str:
    """The chain selector in the sidebar (same key as the panorama page, so the choice carries over)."""
    chains = {c.chain.id: c.chain for c in s.chains()}

    def label(cid: str) -> str:
        c = chains[cid]
        return L.name_of(c, lang()) + ("" if c.status == "confirmed" else f" [{L.enum_label(L.CHAIN_STATUS, c.status, lang())}]")

    with st.sidebar:
        return st.selectbox(tr("choose_chain"), list(chains), key=CHAIN, format_func=label,
                            on_change=lambda: st.session_state.pop(SELECTED, None))


def current_rules() -> Rules:
    return st.session_state.get(RULES_VALUE, Rules())


def current_weights() -> Weights:
    return st.session_state.get(WEIGHTS_VALUE, Weights())


def rules_controls(s: Store) -> Rules:
    """Quality tags and thresholds, in a sidebar expander."""
    now = current_rules()
    tags = sorted(set(QUALITY_TAGS) | {t for f in s.dataset().firms for t in f.tags})
    with st.sidebar.expander(tr("rules_settings")):
        rules = Rules(
            quality_tags=tuple(st.multiselect(tr("quality_tags"), tags, default=list(now.quality_tags), key=GAP_RULE + "tags")),
            single_max=int(st.number_input(tr("single_max"), 1, 10, now.single_max, key=GAP_RULE + "single_max")),
            min_quality=int(st.number_input(tr("weak_min_quality"), 1, 10, now.min_quality, key=GAP_RULE + "min_quality")),
            leaders_are_quality=st.checkbox(tr("leaders_are_quality"), now.leaders_are_quality, key=GAP_RULE + "leaders"),
            count_uncertain=st.checkbox(tr("count_uncertain"), now.count_uncertain, key=GAP_RULE + "uncertain"),
        )
    st.session_state[RULES_VALUE] = rules
    return rules


def weights_controls() -> Weights:
    """One slider per score weight; the formula is shown above them."""
    now = current_weights()
    st.caption(tr("score_rule"))
    cols = st.columns(len(WEIGHT_RANGES))
    values = {}
    for col, f in zip(cols, fields(Weights)):
        low, high, step = WEIGHT_RANGES[f.name]
        values[f.name] = col.slider(tr(WEIGHT_LABELS[f.name]), low, high, float(getattr(now, f.name)), step,
                                    key=GAP_WEIGHT + f.name)
    weights = Weights(**values)
    st.session_state[WEIGHTS_VALUE] = weights
    return weights


def show_legend(net: NetworkData) -> None:
    st.html(f'<div style="font-size:15px">{legend_html(net.legend)}</div>')


def show_graph(net: NetworkData, key: str, height: int = 720, legend: bool = True) -> str | None:
    """Legend (which states the rules) above the graph; returns the clicked node id."""
    if legend:
        show_legend(net)
    return network_view(net, key=f"{key}-{lang()}", height=height)


def pct(x: float) -> str:
    return f"{x:.0%}"
