"""Keeping the data current as tables: the validation report, the diff, the effect on the gaps, the history.

Defined once here; the 数据维护 and 历史 pages show them. Rows are small tuples of facts (``graph.maintain``,
``loaders.validate.Problem``-like records); names of records come from ``Context.extra["names"]``, a
``names(old, new)`` lookup, so an id the data no longer holds is still named.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from graph.maintain import ChainEffect, DataDiff, GapEffect
from graph.model import Dataset
from graph.tables.spec import Column, Context, Table
from graph.words import enum_label, join, name_of, pct, t

KIND_OF = {"sources": "source", "chains": "chain", "segments": "segment", "parks": "park", "firms": "firm",
           "projects": "project"}


def names(*datasets: Dataset | None) -> dict[tuple[str, str], object]:
    """(kind, id) -> record, over every dataset given (later ones win)."""
    out: dict[tuple[str, str], object] = {}
    for data in datasets:
        if data is None:
            continue
        for kind in KIND_OF:
            out.update({(kind, r.id): r for r in getattr(data, kind)})
    return out


def _name(ctx: Context, kind: str, rid: str) -> str:
    record = ctx.extra.get("names", {}).get((kind, rid))
    return f"{name_of(record, ctx.lang)} ({rid})" if record is not None else rid


class ProblemRow(NamedTuple):
    severity: str
    file: str
    row: int | None
    column: str
    value: str
    message: str
    hint: str


class ChangeRow(NamedTuple):
    kind: str
    id: str
    change: str  # added | removed | changed
    field: str = ""
    old: str = ""
    new: str = ""


class StatusRow(NamedTuple):
    chain: str
    segment: str
    old: str | None
    new: str | None


class PointRow(NamedTuple):
    chain: str
    firm: str


REPORT = Table("report_title", (
    Column("severity", lambda r, c: enum_label("severity", r.severity, c.lang), 8),
    Column("file", lambda r, c: r.file, 24),
    Column("row", lambda r, c: r.row, 6, number=True),
    Column("column", lambda r, c: r.column, 14),
    Column("value", lambda r, c: r.value, 18),
    Column("problem", lambda r, c: r.message, 40),
    Column("hint", lambda r, c: r.hint, 40),
))

CHANGES = Table("diff_title", (
    Column("kind", lambda r, c: r.kind, 12),
    Column("record_id", lambda r, c: _name(c, r.kind, r.id) if r.kind in KIND_OF else r.id, 30),
    Column("change", lambda r, c: enum_label("change", r.change, c.lang), 8),
    Column("field", lambda r, c: r.field, 14),
    Column("old_value", lambda r, c: r.old, 30),
    Column("new_value", lambda r, c: r.new, 30),
))

STATUS_CHANGES = Table("effect_status", (
    Column("chain", lambda r, c: _name(c, "chains", r.chain), 16),
    Column("segment", lambda r, c: _name(c, "segments", r.segment), 30),
    Column("status_before", lambda r, c: enum_label("gap_status", r.old, c.lang) if r.old else "", 10),
    Column("status_after", lambda r, c: enum_label("gap_status", r.new, c.lang) if r.new else "", 10),
))

COMPLETENESS = Table("effect_completeness", (
    Column("chain", lambda r, c: _name(c, "chains", r.chain), 20),
    Column("before", lambda r, c: f"{pct(r.old_completeness)} ({r.old_with_local}/{r.old_segments})"
           if r.old_completeness is not None else "", 14),
    Column("after", lambda r, c: f"{pct(r.new_completeness)} ({r.new_with_local}/{r.new_segments})"
           if r.new_completeness is not None else "", 14),
))

SINGLE_POINTS = Table("effect_single", (
    Column("chain", lambda r, c: _name(c, "chains", r.chain), 20),
    Column("firm", lambda r, c: _name(c, "firms", r.firm), 36),
))


def problem_rows(problems: Iterable) -> list[ProblemRow]:
    """Errors first, then warnings, each in the report's order."""
    rows = [ProblemRow(p.severity, p.file, p.row, p.column, p.value, p.message, p.hint) for p in problems]
    return sorted(rows, key=lambda r: r.severity != "error")


def change_rows(d: DataDiff) -> list[ChangeRow]:
    """One row per added or removed record, one per changed field (old → new)."""
    rows = [ChangeRow(kind, rid, "added") for kind, ids in d.added for rid in ids]
    rows += [ChangeRow(kind, rid, "removed") for kind, ids in d.removed for rid in ids]
    rows += [ChangeRow(kind, rc.id, "changed", f.name, f.old, f.new) for kind, changes in d.changed
             for rc in changes for f in rc.fields]
    return rows


def status_rows(effect: GapEffect) -> list[StatusRow]:
    return [StatusRow(c.chain, s.segment, s.old_status, s.new_status) for c in effect.chains for s in c.status_changes]


def completeness_rows(effect: GapEffect) -> list[ChainEffect]:
    """The chains whose completeness changes (before → after)."""
    return [c for c in effect.chains if c.old_completeness != c.new_completeness
            or (c.old_with_local, c.old_segments) != (c.new_with_local, c.new_segments)]


def point_rows(effect: GapEffect) -> list[PointRow]:
    return [PointRow(c.chain, f) for c in effect.chains for f in c.new_single_points]


class SinceRow(NamedTuple):
    chain: str
    closed: tuple[str, ...]
    opened: tuple[str, ...]


def _segments(c: Context, ids: tuple[str, ...]) -> str:
    return join((_name(c, "segments", s) for s in ids), c.lang)


SINCE_GAPS = Table("page_history", (
    Column("chain", lambda r, c: _name(c, "chains", r.chain), 20),
    Column("hist_closed", lambda r, c: _segments(c, r.closed), 40),
    Column("hist_opened", lambda r, c: _segments(c, r.opened), 40),
))

SINCE_FIRMS = Table("page_history", (
    Column("change", lambda r, c: enum_label("change", r.change, c.lang), 8),
    Column("firm", lambda r, c: _name(c, "firms", r.id), 40),
))

SNAPSHOTS = Table("snapshot", (
    Column("snapshot", lambda r, c: r.id, 8),
    Column("time", lambda r, c: r.time.replace("T", " ")[:16], 16),
    Column("author", lambda r, c: r.author or "—", 12),
    Column("summary", lambda r, c: r.summary or ("—" if not r.initial else t("hist_initial", c.lang)), 40),
))


def since_rows(since) -> list[SinceRow]:
    """The chains where a gap closed or opened since the chosen snapshot."""
    return [SinceRow(c.chain, c.closed, c.opened) for c in since.chains if c.closed or c.opened]


def since_firm_rows(since) -> list[ChangeRow]:
    return [ChangeRow("firms", f, "added") for f in since.firms_added] + \
        [ChangeRow("firms", f, "removed") for f in since.firms_removed]
