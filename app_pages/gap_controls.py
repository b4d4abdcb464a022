"""Widgets the gap pages share: rule settings and score weights.

Rules and weights are kept in session state as frozen dataclasses (``GAP_RULE + "value"``,
``GAP_WEIGHT + "value"``), so a setting made on one page holds on the others.
"""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from app_pages.common import GAP_RULE, GAP_WEIGHT, data_version, lang, store, tr
from graph.analysis.gaps import QUALITY_TAGS, Rules
from graph.analysis.targets import Weights
from graph.model import PRESENCES
from graph.words import enum_label, tag_label

RULES_VALUE = GAP_RULE + "value"
WEIGHTS_VALUE = GAP_WEIGHT + "value"
WEIGHT_RANGES = {"link": (0.0, 10.0, 0.5), "quality": (0.0, 10.0, 0.5), "park": (0.0, 10.0, 0.5),
                 "unconfirmed_link": (0.0, 1.0, 0.1)}
WEIGHT_LABELS = {"link": "weight_link", "quality": "weight_quality", "park": "weight_park",
                 "unconfirmed_link": "weight_unconfirmed"}


def current_rules() -> Rules:
    return st.session_state.get(RULES_VALUE, Rules())


def current_weights() -> Weights:
    return st.session_state.get(WEIGHTS_VALUE, Weights())


@st.cache_data(ttl=60, show_spinner=False)
def _known_tags(version: str) -> list[str]:
    return sorted(set(QUALITY_TAGS) | set(store().tags()))


def known_tags() -> list[str]:
    """Every tag in the data plus the default quality tags (cached per data version, asked at most once a minute)."""
    return _known_tags(data_version())


def rules_controls() -> Rules:
    """Quality tags and thresholds, in a sidebar expander."""
    now = current_rules()
    tags = known_tags()
    with st.sidebar.expander(tr("rules_settings")):
        rules = Rules(
            quality_tags=tuple(st.multiselect(tr("quality_tags"), tags, default=list(now.quality_tags), key=GAP_RULE + "tags",
                                              format_func=lambda tag: tag_label(tag, lang()))),
            single_max=int(st.number_input(tr("single_max"), 1, 10, now.single_max, key=GAP_RULE + "single_max")),
            min_quality=int(st.number_input(tr("weak_min_quality"), 1, 10, now.min_quality, key=GAP_RULE + "min_quality")),
            leaders_are_quality=st.checkbox(tr("leaders_are_quality"), now.leaders_are_quality, key=GAP_RULE + "leaders"),
            count_uncertain=st.checkbox(tr("count_uncertain"), now.count_uncertain, key=GAP_RULE + "uncertain"),
            local_presences=tuple(st.multiselect(tr("local_presences"), list(PRESENCES[:-1]),
                                                 default=list(now.local_presences), key=GAP_RULE + "presences",
                                                 format_func=lambda p: enum_label("presence", p, lang()))),
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
