"""数据维护 (editors only): download the workbook, upload an edit, read the validation report, the changes and
their effect on the gaps, and apply on confirmation as a new snapshot.

Nothing changes before the confirm button; an upload with errors offers no button. When the data changed
since the editor's download, the page says so and shows what changed meanwhile; applying then needs an
explicit tick, and the apply itself still refuses if the data changes again before the click (base check).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import streamlit as st

from app_pages import account
from app_pages.common import (APPLIED, DOWNLOADED, STALE_OK, UPLOAD, UPLOAD_ROUND, header, show_table, store,
                              data_version, tr)
from graph.maintain import diff, gap_effect
from graph.tables.maintain import (CHANGES, GAP_EFFECT, REPORT, SINGLE_POINTS, change_rows, effect_rows, names,
                                   point_rows, problem_rows)
from graph.words.markup import escape_markdown
from loaders.edit_workbook import edit_workbook
from loaders.open import apply_change, base_hash, data_path, neo4j_records
from loaders.upload import read_upload
from loaders.validate import InvalidData
from loaders.write import write_csv_folder

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def on_neo4j() -> bool:
    return bool(os.environ.get("NEO4J_URI"))


def history_folder() -> Path:
    """Where the snapshots are: the data folder, or on Neo4j the folder recording its loads."""
    return neo4j_records() if on_neo4j() else data_path()


@st.cache_data(max_entries=4, show_spinner=False)
def _base(version: str) -> str:
    """The hash a download carries, once per data version (on Neo4j it is the hash of the whole dataset)."""
    return base_hash(store())


@st.cache_data(max_entries=4, show_spinner=False)
def _workbook(base: str) -> bytes:
    return edit_workbook(store().dataset(), base)


def _read(files) -> object:
    """The upload read over the current data, once per (files, data version)."""
    blobs = [(f.name, f.getvalue()) for f in files]
    key = hashlib.sha256(b"".join(n.encode() + b"\0" + hashlib.sha256(b).digest() for n, b in blobs)).hexdigest()
    key += data_version()
    cached = st.session_state.get("maintain_read")
    if cached and cached[0] == key:
        return cached[1]
    if on_neo4j():
        with tempfile.TemporaryDirectory(prefix="chainmap-current-") as tmp:
            upload = read_upload(blobs, write_csv_folder(store().dataset(), tmp))
    else:
        upload = read_upload(blobs, data_path())
    st.session_state["maintain_read"] = (key, upload)
    return upload


def _since_download(base: str, current: str):
    """What changed from the editor's base to now (None when the base is not a known snapshot)."""
    from loaders.snapshots import list_snapshots, snapshot_data

    snap = next((s for s in reversed(list_snapshots(history_folder())) if s.hash == base), None)
    return diff(snapshot_data(history_folder(), snap.id), store().dataset()) if snap else None


def _summary(d) -> str:
    parts = [f"{kind} +{a} -{r} ~{c}" for kind, (a, r, c) in d.counts().items() if a or r or c]
    return "; ".join(parts)


def _apply(upload, changes, author: str, base: str) -> None:
    from loaders.snapshots import StaleBase

    try:
        snap = apply_change(upload.data, author=author, summary=_summary(changes), base_hash=base)
    except StaleBase:
        st.session_state[APPLIED] = ("stale", "")
        return
    except (InvalidData, OSError) as exc:
        st.session_state[APPLIED] = ("failed", str(exc).splitlines()[0][:300])
        return
    st.session_state[APPLIED] = ("ok", snap.id)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1  # empties the uploader
    st.session_state.pop("maintain_read", None)
    st.session_state.pop(STALE_OK, None)
    st.session_state[DOWNLOADED] = ""


def _said() -> None:
    said = st.session_state.pop(APPLIED, None)
    if not said:
        return
    code, what = said
    if code == "ok":
        st.success(escape_markdown(tr("applied").format(id=what)))
    elif code == "stale":
        st.error(tr("apply_failed").format(why=tr("stale_changes")))
    else:
        st.error(escape_markdown(tr("apply_failed").format(why=what)))


def page() -> None:
    s = store()
    header(s, tr("page_maintain"), chain=False)
    editor = account.editor()
    if editor is None:
        return
    _said()
    st.caption(tr("maintain_intro"))
    current = _base(data_version())
    # The workbook is built when the button is pressed, not on every visit.
    st.download_button(tr("maintain_download"), data=lambda: _workbook(current), mime=XLSX, key="maintain_dl",
                       file_name=f"chainmap-data-{current[:8]}.xlsx", on_click=lambda: st.session_state.update(
                           {DOWNLOADED: current}))
    files = st.file_uploader(tr("maintain_upload"), type=["xlsx", "zip", "csv"], accept_multiple_files=True,
                             help=tr("maintain_upload_help"), key=f"{UPLOAD}{st.session_state.get(UPLOAD_ROUND, 0)}")
    if not files:
        return
    upload = _read(files)
    st.subheader(tr("report_title"))
    if not upload.ok:
        st.error(tr("report_errors").format(n=len(upload.report.errors)))
        show_table(REPORT, problem_rows(upload.report.problems))
        return
    st.success(tr("report_ok").format(w=len(upload.report.warnings)))
    if upload.report.problems:  # warnings only: folded, so the changes come first
        with st.expander(tr("report_warnings").format(n=len(upload.report.warnings))):
            show_table(REPORT, problem_rows(upload.report.problems))
    now = s.dataset()
    changes = diff(now, upload.data)
    extra = {"names": names(now, upload.data)}
    st.subheader(tr("diff_title"))
    if changes.empty:
        st.info(tr("diff_none"))
        return
    added, removed, changed = (sum(v[i] for v in changes.counts().values()) for i in range(3))
    st.caption(tr("diff_summary").format(added=added, removed=removed, changed=changed))
    show_table(CHANGES, change_rows(changes), **extra)
    _effect(now, upload.data, extra)
    base = upload.base or st.session_state.get(DOWNLOADED) or current
    stale = base != current
    if stale:
        st.warning(tr("stale").format(base=base[:8], current=current[:8]))
        meanwhile = _since_download(base, current)
        if meanwhile is not None and not meanwhile.empty:
            st.caption(tr("stale_changes"))
            show_table(CHANGES, change_rows(meanwhile), **extra)
        if not st.checkbox(tr("stale_confirm"), key=STALE_OK):
            return
    st.button(tr("apply"), type="primary", key="maintain_apply",
              on_click=_apply, args=(upload, changes, editor.name, current))


def _effect(now, new, extra) -> None:
    st.subheader(tr("effect_title"))
    effect = gap_effect(now, new)
    rows, points = effect_rows(effect), point_rows(effect)
    if not (rows or points):
        st.info(tr("effect_none"))
        return
    if rows:
        show_table(GAP_EFFECT, rows, **extra)
    if points:
        st.caption(tr(SINGLE_POINTS.name))
        show_table(SINGLE_POINTS, points, **extra)
