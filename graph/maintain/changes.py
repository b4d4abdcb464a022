"""What changed between two datasets, and what that does to the gaps.

``diff(old, new)`` compares records kind by kind (the kinds are the file stems: ``firms``, ``segment_links``,
…, ``meta``): ids added, ids removed, and for ids in both the fields whose cell changed, old → new. Field
names and values are the data files' columns and cells (``park``, ``true``, ``a;b``), so an editor reads
back what they typed. Link records have no id column; their id is ``from→to`` (``supplier→customer``, with
`` (product)`` added when one pair has several links).

``gap_effect(old, new, rules)`` asks the gap analysis (``graph.analysis.gaps``) about both datasets, chain
by chain: completeness before → after, the segments whose status or position changes, and the local firms
that become single points of failure.

``maintenance_json(d, effect)`` is the one JSON form (``chainmap diff --format json``, the app)::

    {"added": {kind: [ids]}, "removed": {kind: [ids]},
     "changed": {kind: [{"id": id, "fields": {name: [old, new]}}]},
     "gaps": {chain_id: {"completeness": [old, new], "status_changes": [{"segment": id, "from": s, "to": s}]}}}

Kinds with nothing added (removed, changed) are left out of that section; ``gaps`` holds the chains whose
completeness or segment statuses changed; a chain or segment that exists on one side only has ``null`` on
the other.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from graph.analysis.gaps import Rules, segment_statuses, single_points
from graph.embedded import EmbeddedStore
from graph.model import KINDS, Dataset, cell

DIFF_KINDS = (*KINDS, "meta")  # the file stems, in load order
# Model fields whose data-file column has another name (graph.model ↔ loaders.validate.SCHEMA).
COLUMN_OF = {("firms", "parks"): "park", ("projects", "chains"): "chain",
             ("segment_links", "source"): "from", ("segment_links", "target"): "to"}


def _columns(kind: str, record) -> dict[str, str]:
    out = {}
    for f in dataclasses.fields(record):
        if f.name == "extra":
            continue
        out[COLUMN_OF.get((kind, f.name), f.name)] = cell(getattr(record, f.name))
    out.update(record.extra)
    return out


def records_by_id(data: Dataset, kind: str) -> dict[str, dict[str, str]]:
    """``kind``'s records of ``data`` as id -> {column: cell} (meta: key -> {"value": value})."""
    if kind == "meta":
        return {k: {"value": v} for k, v in data.meta}
    rows = getattr(data, kind)
    if kind == "segment_links":
        return {f"{l.source}→{l.target}": _columns(kind, l) for l in rows}
    if kind == "firm_links":
        pairs: dict[tuple[str, str], int] = {}
        for l in rows:
            pairs[(l.supplier, l.customer)] = pairs.get((l.supplier, l.customer), 0) + 1
        return {f"{l.supplier}→{l.customer}" + (f" ({l.product})" if pairs[(l.supplier, l.customer)] > 1 else ""):
                _columns(kind, l) for l in rows}
    return {r.id: _columns(kind, r) for r in rows}


@dataclass(frozen=True)
class FieldChange:
    name: str  # the column
    old: str  # the cell before ('' when the column was empty or absent)
    new: str


@dataclass(frozen=True)
class RecordChange:
    id: str
    fields: tuple[FieldChange, ...]  # by column order of the record


@dataclass(frozen=True)
class DataDiff:
    """Records added, removed and changed per kind (file stem); every tuple sorted by id."""

    added: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, ids), kinds in load order, only non-empty
    removed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    changed: tuple[tuple[str, tuple[RecordChange, ...]], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def added_of(self, kind: str) -> tuple[str, ...]:
        return dict(self.added).get(kind, ())

    def removed_of(self, kind: str) -> tuple[str, ...]:
        return dict(self.removed).get(kind, ())

    def changed_of(self, kind: str) -> tuple[RecordChange, ...]:
        return dict(self.changed).get(kind, ())

    def counts(self) -> dict[str, tuple[int, int, int]]:
        """kind -> (added, removed, changed), for kinds with any change."""
        kinds = [k for k in DIFF_KINDS if self.added_of(k) or self.removed_of(k) or self.changed_of(k)]
        return {k: (len(self.added_of(k)), len(self.removed_of(k)), len(self.changed_of(k))) for k in kinds}


def diff(old: Dataset, new: Dataset) -> DataDiff:
    """Records added, removed and changed from ``old`` to ``new`` (equal datasets give an empty diff).

    >>> from graph.model import Source, sort_dataset
    >>> a = sort_dataset(sources=[Source("s1", "A")]); b = sort_dataset(sources=[Source("s1", "B"), Source("s2", "C")])
    >>> d = diff(a, b); d.added_of("sources"), d.changed_of("sources")[0].fields[0]
    (('s2',), FieldChange(name='title', old='A', new='B'))
    """
    added, removed, changed = [], [], []
    for kind in DIFF_KINDS:
        before, after = records_by_id(old, kind), records_by_id(new, kind)
        if ids := tuple(sorted(after.keys() - before.keys())):
            added.append((kind, ids))
        if ids := tuple(sorted(before.keys() - after.keys())):
            removed.append((kind, ids))
        edits = []
        for rid in sorted(before.keys() & after.keys()):
            b, a = before[rid], after[rid]
            names = list(dict.fromkeys([*b, *a]))
            fields = tuple(FieldChange(n, b.get(n, ""), a.get(n, "")) for n in names if b.get(n, "") != a.get(n, ""))
            if fields:
                edits.append(RecordChange(rid, fields))
        if edits:
            changed.append((kind, tuple(edits)))
    return DataDiff(tuple(added), tuple(removed), tuple(changed))


# --------------------------------------------------------------------------- the effect on the gaps


@dataclass(frozen=True)
class SegmentChange:
    """A segment whose status or position (missing segments: break / extend / fill) changed.

    ``None`` on a side where the segment does not exist."""

    segment: str
    old_status: str | None
    new_status: str | None
    old_position: str | None = None
    new_position: str | None = None

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status


@dataclass(frozen=True)
class ChainEffect:
    chain: str
    old_completeness: float | None  # None: the chain is not in that dataset
    new_completeness: float | None
    old_with_local: int = 0
    new_with_local: int = 0
    old_segments: int = 0
    new_segments: int = 0
    segments: tuple[SegmentChange, ...] = ()  # by segment id
    new_single_points: tuple[str, ...] = ()  # local firm ids that are single points after, not before
    gone_single_points: tuple[str, ...] = ()  # single points before that are not any more

    @property
    def status_changes(self) -> tuple[SegmentChange, ...]:
        return tuple(s for s in self.segments if s.status_changed)

    @property
    def changed(self) -> bool:
        return (self.old_completeness != self.new_completeness or bool(self.segments)
                or bool(self.new_single_points) or bool(self.gone_single_points))


@dataclass(frozen=True)
class GapEffect:
    rules: Rules
    chains: tuple[ChainEffect, ...]  # every chain of either dataset, by id

    @property
    def changed(self) -> tuple[ChainEffect, ...]:
        return tuple(c for c in self.chains if c.changed)

    def chain(self, chain_id: str) -> ChainEffect:
        return next(c for c in self.chains if c.chain == chain_id)


def _chain_facts(store: EmbeddedStore, chain_id: str, rules: Rules):
    view = store.chain_view(chain_id)
    gaps = segment_statuses(view, rules)
    with_local = sum(1 for g in gaps if g.status != "missing")
    completeness = with_local / len(gaps) if gaps else 0.0
    statuses = {g.segment.id: (g.status, g.position) for g in gaps}
    singles = {p.firm.id for p in single_points(view, rules)}
    return completeness, with_local, len(gaps), statuses, singles


def gap_effect(old: Dataset, new: Dataset, rules: Rules | None = None) -> GapEffect:
    """Per chain: completeness before → after, segments whose status or position changes, new single points.

    ``rules``: the gap rules (``graph.analysis.gaps.Rules``; default rules when None), the same for both sides.
    """
    rules = rules or Rules()
    stores = EmbeddedStore(old), EmbeddedStore(new)
    ids = [sorted(c.id for c in data.chains) for data in (old, new)]
    out = []
    for cid in sorted(set(ids[0]) | set(ids[1])):
        empty = (None, 0, 0, {}, set())
        before = _chain_facts(stores[0], cid, rules) if cid in ids[0] else empty
        after = _chain_facts(stores[1], cid, rules) if cid in ids[1] else empty
        segs = []
        for sid in sorted(before[3].keys() | after[3].keys()):
            (bs, bp), (as_, ap) = before[3].get(sid, (None, None)), after[3].get(sid, (None, None))
            if (bs, bp) != (as_, ap):
                segs.append(SegmentChange(sid, bs, as_, bp, ap))
        out.append(ChainEffect(cid, before[0], after[0], before[1], after[1], before[2], after[2], tuple(segs),
                               tuple(sorted(after[4] - before[4])), tuple(sorted(before[4] - after[4]))))
    return GapEffect(rules, tuple(out))


def _share(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def maintenance_json(d: DataDiff, effect: GapEffect | None = None) -> dict:
    """The diff (and the gap effect) in the JSON form the module docstring states."""
    out = {
        "added": {kind: list(ids) for kind, ids in d.added},
        "removed": {kind: list(ids) for kind, ids in d.removed},
        "changed": {kind: [{"id": c.id, "fields": {f.name: [f.old, f.new] for f in c.fields}} for c in changes]
                    for kind, changes in d.changed},
        "gaps": {},
    }
    for c in (effect.chains if effect else ()):
        if c.old_completeness == c.new_completeness and not c.status_changes:
            continue
        out["gaps"][c.chain] = {
            "completeness": [_share(c.old_completeness), _share(c.new_completeness)],
            "status_changes": [{"segment": s.segment, "from": s.old_status, "to": s.new_status}
                               for s in c.status_changes],
        }
    return out
