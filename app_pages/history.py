"""历史: completeness per chain over the data's snapshots (a chart drawn by Streamlit's bundled Vega-Lite, offline),
and since a chosen snapshot: gaps closed and opened, firms added and removed. Everyone may read it."""

from __future__ import annotations

import streamlit as st

from app_pages.common import HIST_SINCE, header, lang, show_table, store, data_version, tr
from app_pages.maintain import history_folder
from loaders.open import base_hash
from graph.maintain.history import completeness_series, since
from graph.tables import Context
from graph.tables.maintain import SINCE, SINCE_FIRMS, SNAPSHOTS, names, since_firm_rows, since_lines, since_rows
from graph.words import name_of
from graph.words.markup import escape_markdown


@st.cache_data(max_entries=4, show_spinner=False)
def _history(version: str, latest: str, folder: str):
    from loaders.snapshots import history

    return history(folder)


def page() -> None:
    s = store()
    header(s, tr("page_history"), chain=False)
    from loaders.snapshots import list_snapshots

    folder = history_folder()
    known = list_snapshots(folder)
    snaps = _history(data_version(), known[-1].id if known else "", str(folder))
    if not snaps:
        st.info(tr("no_snapshots"))
        return
    now = s.dataset()
    chain_names = {c.id: name_of(c, lang()) for _, d in snaps for c in d.chains}
    chain_names.update({c.id: name_of(c, lang()) for c in now.chains})
    points = completeness_series(snaps)
    st.subheader(tr("hist_completeness"))
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame([{"snapshot": f"{p.snapshot} · {p.time[5:16].replace('T', ' ')}",
                           "chain": chain_names.get(p.chain, p.chain), "share": round(p.completeness * 100, 1)}
                          for p in points])
    chart = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("snapshot:N", title=tr("snapshot"), axis=alt.Axis(labelAngle=0), sort=None),
        y=alt.Y("share:Q", title=tr("completeness") + " %", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("chain:N", title=tr("chain")),
        tooltip=["snapshot", "chain", "share"]).properties(height=260)
    st.altair_chart(chart, width="stretch")
    by_id = {snap.id: (snap, data) for snap, data in snaps}
    ids = list(reversed(by_id))
    if st.session_state.get(HIST_SINCE) not in by_id:
        st.session_state[HIST_SINCE] = ids[min(1, len(ids) - 1)]  # the snapshot before the latest change
    chosen = st.selectbox(tr("hist_since"), ids, key=HIST_SINCE,
                          format_func=lambda i: f"{i} · {by_id[i][0].time.replace('T', ' ')[:16]} · "
                                                f"{by_id[i][0].author or '—'} · {by_id[i][0].summary or '—'}")
    snap, old = by_id[chosen]
    latest = snaps[-1][0] if snaps[-1][0].hash == base_hash(s) else None
    facts = since(old, now, old_snapshot=snap, new_snapshot=latest)
    extra = {"names": names(old, now)}
    cols = st.columns(4)
    for col, key, n in zip(cols, ("gaps_closed", "gaps_opened", "hist_firms_added", "hist_firms_removed"),
                           (facts.gaps_closed, facts.gaps_opened, len(facts.firms_added), len(facts.firms_removed))):
        col.metric(tr(key), n)
    for line in since_lines(facts, Context(lang(), "page", extra=extra)):
        st.caption(escape_markdown(line))
    show_table(SINCE, since_rows(facts), **extra)
    firms = since_firm_rows(facts)
    if firms:
        show_table(SINCE_FIRMS, firms, **extra)
    with st.expander(tr("snapshot")):
        show_table(SNAPSHOTS, [snap for snap, _ in reversed(snaps)])
