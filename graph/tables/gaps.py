"""The gap analysis as tables: segment gaps, targets, single points, what-if changes.

Each table is defined once here and shown by the gap pages, the Excel workbook, ``chainmap gaps``, the
deck and the presentation captions. Rows are small tuples of analysis facts (``GapRow`` …).
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from graph.analysis.gaps import ChainGaps, SegmentGap, SinglePoint
from graph.analysis.targets import Target
from graph.analysis.whatif import SegmentChange
from graph.store import ChainView
from graph.tables.spec import Column, Context, Table
from graph.words import enum_label, join, join_first, name_of, short, short_name, t
from graph.words import explain

STATUS_ORDER = {"missing": 0, "single": 1, "weak": 2}  # worst first, for lists that rank gaps


class GapRow(NamedTuple):
    gaps: ChainGaps
    gap: SegmentGap


class TargetRow(NamedTuple):
    gaps: ChainGaps
    gap: SegmentGap
    rank: int
    target: Target


class PointRow(NamedTuple):
    view: ChainView
    point: SinglePoint


def status_position(status: str, position: str, lang: str, sep: str = " · ") -> str:
    """'缺失 · 断链' — a status with the position of a missing segment."""
    text = enum_label("gap_status", status, lang)
    return text + (sep + enum_label("gap_position", position, lang) if position else "")


def targets_summary(gap: SegmentGap, ctx: Context) -> str:
    """The best ``ctx.top`` targets with their scores and '+N' for the rest, or why there is none."""
    if not gap.targets:
        return explain.targets_note(gap, ctx.lang)
    named = join((f"{short(tg.firm, ctx.lang)} ({tg.score:g})" for tg in gap.targets[:ctx.top]), ctx.lang)
    rest = max(gap.candidates, len(gap.targets)) - min(ctx.top, len(gap.targets))
    return named + (f" +{rest}" if rest > 0 else "")


GAPS = Table("gap_status", (
    Column("chain", lambda r, c: name_of(r.gaps.chain, c.lang), 14),
    Column("code", lambda r, c: r.gap.segment.id, 16),
    Column("segment", lambda r, c: name_of(r.gap.segment, c.lang), 28),
    Column("segment_short", lambda r, c: short(r.gap.segment, c.lang), 28, header="segment"),
    Column("stage", lambda r, c: t(r.gap.segment.stage, c.lang), 8),
    Column("status", lambda r, c: enum_label("gap_status", r.gap.status, c.lang), 8),
    Column("gap_position", lambda r, c: enum_label("gap_position", r.gap.position, c.lang), 8),
    Column("status_position", lambda r, c: status_position(r.gap.status, r.gap.position, c.lang, "·"), 12,
           header="status"),
    Column("gap_action", lambda r, c: enum_label("gap_action", r.gap.action, c.lang), 12),
    Column("local_count", lambda r, c: len(r.gap.local_firms), 3, number=True, header="local_firms"),
    Column("local_firms", lambda r, c: join_first((short(f, c.lang) for f in r.gap.local_firms), c.lang), 36),
    Column("numbers", lambda r, c: explain.gap_numbers(r.gap, r.gaps.view, c.lang), 40),
    Column("rule", lambda r, c: explain.gap_rule(r.gap, r.gaps.rules, c.lang), 50),
    Column("targets", lambda r, c: targets_summary(r.gap, c), 44),
), views={
    "page": ("segment_short", "stage", "status", "gap_position", "gap_action", "local_firms", "numbers", "rule",
             "targets"),
    "sheet": ("chain", "code", "segment", "stage", "status", "gap_position", "gap_action", "local_firms", "numbers",
              "rule", "targets"),
    "cli": ("status", "gap_position", "segment_short", "local_count", "targets"),
    "slide": ("status_position", "segment_short"),
})


def gap_rows(all_gaps: Iterable[ChainGaps]) -> list[GapRow]:
    return [GapRow(g, gap) for g in all_gaps for gap in g.segments]


def needy_rows(gaps: ChainGaps) -> list[GapRow]:
    """The missing, single and weak segments, the worst first (for a slide's gap list)."""
    needy = sorted((g for g in gaps.segments if g.status in STATUS_ORDER),
                   key=lambda g: (STATUS_ORDER[g.status], g.segment.stage, g.segment.id))
    return [GapRow(gaps, g) for g in needy]


TARGETS = Table("targets", (
    Column("chain", lambda r, c: name_of(r.gaps.chain, c.lang), 14),
    Column("segment", lambda r, c: name_of(r.gap.segment, c.lang), 28),
    Column("status", lambda r, c: enum_label("gap_status", r.gap.status, c.lang), 8),
    Column("gap_position", lambda r, c: enum_label("gap_position", r.gap.position, c.lang), 8),
    Column("rank", lambda r, c: r.rank, 6, number=True),
    Column("firm", lambda r, c: name_of(r.target.firm, c.lang), 30),
    Column("firm_short", lambda r, c: short_name(name_of(r.target.firm, c.lang)), 30, header="firm"),
    Column("code", lambda r, c: r.target.firm.id, 18),
    Column("score", lambda r, c: r.target.score, 8, number=True),
    Column("part_links", lambda r, c: r.target.link_score, 8, number=True),
    Column("part_quality", lambda r, c: r.target.quality_score, 8, number=True),
    Column("part_park", lambda r, c: r.target.park_score, 8, number=True),
    Column("reason", lambda r, c: explain.reason(r.target, r.gaps.view, c.lang), 60),
    Column("pitch", lambda r, c: f"{short(r.target.firm, c.lang)} → {short(r.gap.segment, c.lang)} ({r.target.score:g})",
           40, header="targets"),
), views={
    "page": ("rank", "firm_short", "score", "part_links", "part_quality", "part_park", "reason"),
    "sheet": ("chain", "segment", "status", "gap_position", "rank", "firm", "code", "score", "part_links",
              "part_quality", "part_park", "reason"),
    "slide": ("pitch",),
})


def target_rows(all_gaps: Iterable[ChainGaps], segment_id: str | None = None) -> list[TargetRow]:
    """One row per (segment, target), best first within a segment (one segment's only, when given)."""
    return [TargetRow(g, gap, rank, tg) for g in all_gaps for gap in g.segments
            if segment_id in (None, gap.segment.id) for rank, tg in enumerate(gap.targets, 1)]


def best_target_rows(gaps: ChainGaps, needy_only: bool = False) -> list[TargetRow]:
    """Each candidate once, at its best score over the chain's segments, best first (a slide's target list)."""
    pairs = sorted(((g, tg) for g in gaps.segments if not needy_only or g.needy for tg in g.targets),
                   key=lambda p: (-p[1].score, p[1].firm.id))
    seen, out = set(), []
    for g, tg in pairs:
        if tg.firm.id not in seen:
            seen.add(tg.firm.id)
            out.append(TargetRow(gaps, g, len(out) + 1, tg))
    return out


SINGLE_POINTS = Table("single_points", (
    Column("firm", lambda r, c: short(r.point.firm, c.lang), 30),
    Column("detail", lambda r, c: explain.single_point(r.point, r.view, c.lang), 60),
))


WHATIF_CHANGES = Table("changed_segments", (
    Column("segment", lambda r, c: short(r.segment, c.lang), 28),
    Column("before", lambda r, c: status_position(r.before, r.position_before, c.lang), 14),
    Column("after", lambda r, c: status_position(r.after, r.position_after, c.lang), 14),
))

__all__ = ["GAPS", "TARGETS", "SINGLE_POINTS", "WHATIF_CHANGES", "GapRow", "TargetRow", "PointRow", "SegmentChange",
           "gap_rows", "needy_rows", "target_rows", "best_target_rows", "status_position", "targets_summary"]
