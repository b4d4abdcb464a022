"""Render one ``Table`` into each medium: page records, an Excel sheet, CLI lines, slide lines.

No cell ever shows ``None`` / ``nan``: an empty text cell is "—" on a page and empty in a sheet
(the workbook itself is written by ``graph.export.xlsx``, which also keeps formula-like text as text).
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any, Iterable

from graph.tables.spec import Context, Table
from graph.words import t

EMPTY = "—"


def _value(value: Any, number: bool) -> Any:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None if number else ""
    return value


def headers(table: Table, medium: str, lang: str) -> list[str]:
    return [t(c.label_key, lang) for c in table.shown(medium)]


def records(table: Table, rows: Iterable[Any], ctx: Context = Context()) -> list[dict[str, Any]]:
    """Rows as ``{header: value}`` dicts for ``st.dataframe``: an empty cell shows "—", never None or nan
    (a number column with a gap is shown as text)."""
    cols = table.shown(ctx.medium)
    grid = cells(table, rows, ctx)
    gaps = {i for i, c in enumerate(cols) if c.number and any(r[i] is None for r in grid)}
    out = []
    for values in grid:
        rec = {}
        for i, (c, value) in enumerate(zip(cols, values)):
            if i in gaps:
                value = EMPTY if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
            rec[t(c.label_key, ctx.lang)] = EMPTY if value == "" else value
        out.append(rec)
    return out


def cells(table: Table, rows: Iterable[Any], ctx: Context) -> list[list[Any]]:
    """Rows as lists of values in the medium's column order (numbers stay numbers; empty text is "")."""
    cols = table.shown(ctx.medium)
    return [[_value(c.cell(row, ctx), c.number) for c in cols] for row in rows]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns (CJK counts 2) with "…", padded with spaces."""
    if _display_width(text) > width:
        while text and _display_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _display_width(text))


def lines(table: Table, rows: Iterable[Any], ctx: Context, sep: str = "  ") -> list[str]:
    """Rows as fixed-width text lines (the CLI; the last column is not cut)."""
    cols = table.shown(ctx.medium)
    out = []
    for values in cells(table, rows, ctx):
        parts = []
        for i, (c, v) in enumerate(zip(cols, values)):
            text = "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
            parts.append(text if i == len(cols) - 1 else fit(text, c.width))
        out.append(sep.join(parts).rstrip())
    return out


def header_line(table: Table, ctx: Context, sep: str = "  ") -> str:
    """The headers as one fixed-width line above ``lines`` (the CLI)."""
    cols = table.shown(ctx.medium)
    return sep.join(t(c.label_key, ctx.lang) if i == len(cols) - 1 else fit(t(c.label_key, ctx.lang), c.width)
                    for i, c in enumerate(cols)).rstrip()


def texts(table: Table, rows: Iterable[Any], ctx: Context, sep: str = "  ") -> list[str]:
    """Rows as short lines for a slide or a caption: the medium's cells joined by ``sep``, empty ones left out."""
    out = []
    for values in cells(table, rows, ctx):
        out.append(sep.join(f"{v:g}" if isinstance(v, float) else str(v) for v in values if v not in (None, "")))
    return out
