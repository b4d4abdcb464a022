"""Data maintenance as tables: the records a change adds, removes or edits; its effect on the gaps; the
snapshots of a data folder; what changed since a chosen snapshot (the deck's "since the last meeting").

Rows are small tuples of facts from ``graph.maintain``; names of chains and segments come from
``Context.extra["names"]`` (id -> record) when the caller has them, else the id is shown.
"""

from __future__ import annotations

from typing import NamedTuple

from graph.maintain.changes import DIFF_KINDS, ChainEffect, DataDiff, GapEffect, SegmentChange
from graph.maintain.history import ChainSince, Since, Snapshot
from graph.tables.spec import Column, Context, Table
from graph.words import enum_label, join, name_of, pct, short, t


class ChangeRow(NamedTuple):
    kind: str
    change: str  # added | removed | changed
    id: str
    field: str = ""
    old: str = ""
    new: str = ""


class EffectRow(NamedTuple):
    effect: ChainEffect
    segment: SegmentChange | None  # None: the chain's completeness line


def _name(ident: str, ctx: Context, short_form: bool = False) -> str:
    record = ctx.extra.get("names", {}).get(ident)
    if record is None:
        return ident
    return short(record, ctx.lang) if short_form else name_of(record, ctx.lang)


def _share(x: float | None) -> str:
    return "—" if x is None else pct(x)


def _status(status: str | None, position: str | None, lang: str) -> str:
    if status is None:
        return "—"
    text = enum_label("gap_status", status, lang)
    return text + (" · " + enum_label("gap_position", position, lang) if position else "")


def change_rows(d: DataDiff) -> list[ChangeRow]:
    """One row per added or removed record, one per changed field; kinds in load order."""
    rows = []
    for kind in DIFF_KINDS:
        rows += [ChangeRow(kind, "added", i) for i in d.added_of(kind)]
        rows += [ChangeRow(kind, "removed", i) for i in d.removed_of(kind)]
        rows += [ChangeRow(kind, "changed", c.id, f.name, f.old, f.new) for c in d.changed_of(kind) for f in c.fields]
    return rows


def effect_rows(effect: GapEffect) -> list[EffectRow]:
    """For every chain that changed: its completeness line, then one row per segment whose status or position changed."""
    rows = []
    for c in effect.changed:
        rows.append(EffectRow(c, None))
        rows += [EffectRow(c, s) for s in c.segments]
    return rows


CHANGES = Table("data_changes", (
    Column("kind", lambda r, c: enum_label("data_kind", r.kind, c.lang), 10),
    Column("change", lambda r, c: enum_label("change", r.change, c.lang), 8),
    Column("code", lambda r, c: r.id, 28),
    Column("field", lambda r, c: r.field, 12),
    Column("before", lambda r, c: r.old, 24),
    Column("after", lambda r, c: r.new, 24),
))

GAP_EFFECT = Table("gap_effect", (
    Column("chain", lambda r, c: _name(r.effect.chain, c) if r.segment is None else "", 16),
    Column("completeness", lambda r, c: (f"{_share(r.effect.old_completeness)} → {_share(r.effect.new_completeness)}"
                                         if r.segment is None else ""), 12),
    Column("segment", lambda r, c: _name(r.segment.segment, c, True) if r.segment else "", 24),
    Column("gap_status", lambda r, c: (f"{_status(r.segment.old_status, r.segment.old_position, c.lang)} → "
                                       f"{_status(r.segment.new_status, r.segment.new_position, c.lang)}"
                                       if r.segment else ""), 24),
))

SNAPSHOTS = Table("snapshots", (
    Column("snapshot", lambda s, c: s.id, 9),
    Column("snapshot_time", lambda s, c: s.time, 21),
    Column("author", lambda s, c: s.author or "—", 12),
    Column("file_hash", lambda s, c: s.hash[:12], 13),
    Column("summary", lambda s, c: t("snapshot_initial", c.lang) if s.initial and not s.summary else s.summary, 40),
))


def _segments(ids: tuple[str, ...], ctx: Context) -> str:
    return join((_name(i, ctx, True) for i in ids), ctx.lang)


SINCE = Table("since_last_meeting", (
    Column("chain", lambda r, c: _name(r.chain, c), 16),
    Column("completeness", lambda r, c: f"{_share(r.effect.old_completeness)} → {_share(r.effect.new_completeness)}", 12),
    Column("gaps_closed", lambda r, c: _segments(r.closed, c), 30),
    Column("gaps_opened", lambda r, c: _segments(r.opened, c), 30),
))


def since_rows(s: Since) -> list[ChainSince]:
    """The chains whose completeness changed or that closed or opened a gap (every chain when none did)."""
    moved = [c for c in s.chains if c.closed or c.opened or c.effect.old_completeness != c.effect.new_completeness]
    return moved or list(s.chains)


def since_lines(s: Since, ctx: Context) -> list[str]:
    """The two lines above the since table: which snapshots, and the firms added and removed."""
    old, new = s.old or Snapshot("—", "—", "", "", ""), s.new or Snapshot("—", "—", "", "", "")
    names = lambda ids: join((_name(i, ctx, True) for i in ids), ctx.lang) or t("none", ctx.lang)  # noqa: E731
    return [t("since_range", ctx.lang).format(old=old.id, old_time=old.time, new=new.id, new_time=new.time),
            t("since_firms", ctx.lang).format(added=len(s.firms_added), removed=len(s.firms_removed),
                                             added_names=names(s.firms_added), removed_names=names(s.firms_removed))]


def snapshot_rows(snaps: tuple[Snapshot, ...]) -> list[Snapshot]:
    return list(snaps)
