"""演示模式: one chain full screen for a meeting, walked 全景 → 上游 → 中游 → 下游 → 缺口 → 招商目标.

The steps come from ``graph.picture.walk.walk_steps`` (the exports use the same script). Every step is the
panorama at the same positions; only emphasis changes. Step with the buttons, the step bar, or the
keyboard: → / PageDown / Space forward, ← / PageUp back (presentation clickers send PageDown / PageUp).
The sidebar starts collapsed; its arrow brings back the pages and the language.
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from app_pages.common import PRESENT_STEP, choose_chain, lang, source_map, store, tr
from app_pages.gap_controls import current_rules, current_weights
from app_pages.graph_view import network_view
from graph.analysis.gaps import analyse_chain_in
from graph.picture.network import legend_html
from graph.picture.panorama import PRESENT_FONT
from graph.picture.walk import STEP_KEYS, step_network, walk_steps
from graph.words import clip
from graph.words.markup import escape_markdown

KEYS_STATE = "present_keys"
LAST_PRESS = "present_last_press"  # (page token, number) of the last key press stepped on
PRESENT_CHAIN = "present_chain"  # the chain the walk is on (a new chain starts at step 1)

# Static styling only (no data text): big title and caption for the back of the room, less padding.
STYLE = """
<style>
.block-container { padding-top: 3rem !important; padding-bottom: 0 !important; max-width: 100% !important; }
.block-container h1 { font-size: 44px !important; padding: 0.1rem 0 0.2rem 0 !important; }
[data-testid="stCaptionContainer"] { font-size: 26px !important; color: #222222 !important; line-height: 1.35 !important; }
.chainmap-present-legend { font-size: 20px; }
</style>
"""

# Sends the key presses back to Python as a log (a state value, not a one-shot trigger: a rerun that is cut
# short by the next press, or by the picture reporting back, still sees every press). Each entry is
# "<page token>:<number>:<n|p>"; Python steps once for each entry it has not seen. One document-level
# listener per page (replaced on remount); keys typed into inputs are left alone.
_KEYS_JS = """
export default function (component) {
  const { setStateValue } = component;
  // Right after a chain is chosen the picker still holds the focus, and its input would swallow the keys.
  const active = document.activeElement;
  if (active && active !== document.body && ["INPUT", "TEXTAREA", "SELECT"].includes(active.tagName)) { active.blur(); }
  const forward = new Set(["ArrowRight", "PageDown", " "]);
  const back = new Set(["ArrowLeft", "PageUp"]);
  if (window.__chainmapPresentKeys) {
    document.removeEventListener("keydown", window.__chainmapPresentKeys);
  }
  window.__chainmapPressToken = window.__chainmapPressToken || String(Date.now()) + Math.random().toString(36).slice(2, 8);
  window.__chainmapPressLog = window.__chainmapPressLog || [];
  const handler = (event) => {
    const t = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) { return; }
    if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) { return; }
    const way = forward.has(event.key) ? "n" : back.has(event.key) ? "p" : "";
    if (!way) { return; }
    event.preventDefault();
    window.__chainmapPresses = (window.__chainmapPresses || 0) + 1;
    const log = window.__chainmapPressLog;
    log.push(window.__chainmapPressToken + ":" + window.__chainmapPresses + ":" + way);
    if (log.length > 50) { log.splice(0, log.length - 50); }
    setStateValue("presses", log.join(","));
  };
  window.__chainmapPresentKeys = handler;
  document.addEventListener("keydown", handler);
  return () => {
    document.removeEventListener("keydown", handler);
    if (window.__chainmapPresentKeys === handler) { window.__chainmapPresentKeys = null; }
  };
}
"""


def new_presses(log: str, last: tuple[str, int] | None) -> tuple[list[int], tuple[str, int] | None]:
    """The steps (+1 / -1) of the presses in ``log`` after ``last`` (the page token and number of the last press
    stepped on), and the new last. A page load brings a new token: its presses are all new.

    >>> new_presses("t:1:n,t:2:n,t:3:p", ("t", 1))
    ([1, -1], ('t', 3))
    >>> new_presses("u:1:n", ("t", 3))
    ([1], ('u', 1))
    >>> new_presses("", None)
    ([], None)
    """
    steps = []
    for entry in filter(None, (log or "").split(",")):
        token, _, rest = entry.partition(":")
        number, _, way = rest.partition(":")
        if not number.isdigit() or way not in ("n", "p"):
            continue
        n = int(number)
        if last is not None and token == last[0] and n <= last[1]:
            continue
        steps.append(1 if way == "n" else -1)
        last = (token, n)
    return steps, last


@lru_cache(maxsize=1)
def _keys_component():
    return st.components.v2.component("chainmap_present_keys", js="\n" + _KEYS_JS)


def _move(delta: int) -> None:
    st.session_state[PRESENT_STEP] = min(len(STEP_KEYS) - 1, max(0, st.session_state.get(PRESENT_STEP, 0) + delta))


def page() -> None:
    st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
    st.html(STYLE)
    s = store()
    st.session_state.setdefault(PRESENT_STEP, 0)
    pick, back, forward, bar = st.columns([3, 1, 1, 7], vertical_alignment="bottom")
    chain_id = choose_chain(s, pick)
    if st.session_state.get(PRESENT_CHAIN) != chain_id:  # a new chain starts at its overview
        st.session_state[PRESENT_CHAIN] = chain_id
        st.session_state[PRESENT_STEP] = 0
    log = getattr(_keys_component()(key=KEYS_STATE, data={"chain": chain_id}, on_presses_change=lambda: None),
                  "presses", None)
    steps, st.session_state[LAST_PRESS] = new_presses(log or "", st.session_state.get(LAST_PRESS))
    for step in steps:  # one step per press, each press once
        _move(step)
    gaps = analyse_chain_in(s, chain_id, current_rules(), current_weights())
    view = gaps.view  # the chain's firms, and the firm links the picture and the targets need
    steps = walk_steps(view, gaps, lang())
    index = st.session_state[PRESENT_STEP]
    back.button(f"← {tr('prev_step')}", key="present_prev", on_click=_move, args=(-1,), disabled=index == 0,
                width="stretch")
    forward.button(f"{tr('next_step')} →", key="present_next", on_click=_move, args=(1,),
                   disabled=index == len(steps) - 1, width="stretch")
    short = {"overview": tr("step_overview"), "upstream": tr("upstream"), "midstream": tr("midstream"),
             "downstream": tr("downstream"), "gaps": tr("step_gaps"), "targets": tr("step_targets")}
    # A fixed label: a label that changed with the step could give the widget a new identity and lose its state.
    bar.segmented_control(tr("page_present"), list(range(len(steps))), key=PRESENT_STEP, required=True,
                          format_func=lambda i: short[steps[i].key], label_visibility="collapsed")

    step = steps[st.session_state[PRESENT_STEP]]
    st.title(escape_markdown(clip(step.title)))
    st.caption(escape_markdown(step.caption))
    net = step_network(view, step, lang(), sources=source_map(s, view), font=PRESENT_FONT)
    st.html(f'<div class="chainmap-present-legend">{legend_html(net.legend)}</div>')
    network_view(net, key=f"present-{chain_id}-{lang()}", bottom=44)
    st.caption(escape_markdown(f"{tr('step_of').format(i=st.session_state[PRESENT_STEP] + 1, n=len(steps))} · "
                               f"{tr('keys_hint')}"))
