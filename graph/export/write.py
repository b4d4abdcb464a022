"""``write``: one entry point for every format, as ``chainmap export`` and scripts call it."""

from __future__ import annotations

from pathlib import Path

from graph.export.common import FORMATS, Meeting
from graph.store import Store


def write(store: Store, fmt: str, ids: list[str], out, m: Meeting, since=None) -> list[Path]:
    """Write ``fmt`` for the chains ``ids`` to ``out``; return the paths written.

    pptx / xlsx: one file for all chains. png / html: a folder with one file per chain (html adds an
    ``index.html``), or the single file ``out`` when it ends in ``.png`` / ``.html`` and one chain is exported.
    Raises ``ExportError`` when the machine lacks a CJK font or Chromium (pptx, png).
    ``since`` (pptx only): what changed since the last meeting (``graph.maintain.history.Since``), a slide.
    """
    out = Path(out)
    if fmt == "pptx":
        from graph.export.pptx import write_pptx as writer
    elif fmt == "png":
        from graph.export.png import write_pngs as writer
    elif fmt == "html":
        from graph.export.html import write_html as writer
    elif fmt == "xlsx":
        from graph.export.xlsx import write_xlsx as writer
    else:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "pptx":
        return writer(store, ids, out, m, since=since)
    return writer(store, ids, out, m)
