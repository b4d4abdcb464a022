"""The facts of a data folder's history: completeness per chain over its snapshots, and what changed since a
chosen snapshot (gaps closed and opened, firms added and removed). Facts only; the 历史 page and the deck's
"since the last meeting" slide word and draw them.

The snapshots themselves (files, index, hashes) are kept by ``loaders/snapshots.py``; this module takes them
as ``Snapshot`` records with their datasets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from graph.analysis.gaps import Rules, segment_statuses
from graph.embedded import EmbeddedStore
from graph.maintain.changes import ChainEffect, DataDiff, diff, gap_effect
from graph.model import Dataset


@dataclass(frozen=True)
class Snapshot:
    """One applied change of a data folder (or the data as first found: ``initial``).

    ``hash`` is the sha256 of the snapshot's data files (``loaders.snapshots.current_hash``);
    ``time`` ISO 8601 UTC; ``counts`` records per kind."""

    id: str
    time: str
    author: str
    summary: str
    hash: str
    parent: str = ""  # the snapshot this one replaced ("" for the first)
    initial: bool = False  # the data as it was before the first applied change
    store: str = "embedded"  # "embedded" (a data folder) or "neo4j" (a load into Neo4j; ``load_id`` set)
    load_id: str = ""
    counts: tuple[tuple[str, int], ...] = ()

    def as_json(self) -> dict:
        return {"id": self.id, "time": self.time, "author": self.author, "summary": self.summary, "hash": self.hash,
                "parent": self.parent, "initial": self.initial, "store": self.store, "load_id": self.load_id,
                "counts": dict(self.counts)}

    @classmethod
    def from_json(cls, d: dict) -> "Snapshot":
        return cls(str(d["id"]), str(d["time"]), str(d.get("author", "")), str(d.get("summary", "")), str(d["hash"]),
                   str(d.get("parent", "")), bool(d.get("initial", False)), str(d.get("store", "embedded")),
                   str(d.get("load_id", "")), tuple(sorted((str(k), int(v)) for k, v in d.get("counts", {}).items())))


@dataclass(frozen=True)
class CompletenessPoint:
    snapshot: str
    time: str
    chain: str
    completeness: float
    with_local: int
    segments: int


def completeness_series(history: Iterable[tuple[Snapshot, Dataset]], rules: Rules | None = None
                        ) -> tuple[CompletenessPoint, ...]:
    """Completeness of every chain at every snapshot, oldest first (a chain appears from the snapshot it exists in).

    The 历史 page's chart: x = ``time``, one line per ``chain``, y = ``completeness``."""
    rules = rules or Rules()
    out = []
    for snap, data in history:
        store = EmbeddedStore(data)
        for chain in data.chains:
            gaps = segment_statuses(store.chain_view(chain.id), rules)
            with_local = sum(1 for g in gaps if g.status != "missing")
            out.append(CompletenessPoint(snap.id, snap.time, chain.id, with_local / len(gaps) if gaps else 0.0,
                                         with_local, len(gaps)))
    return tuple(out)


@dataclass(frozen=True)
class ChainSince:
    """One chain from a chosen snapshot to now: completeness, and the segments that stopped or started being gaps."""

    effect: ChainEffect
    closed: tuple[str, ...]  # segment ids missing then, with a counted local firm now
    opened: tuple[str, ...]  # segment ids with a local firm then (or new), missing now

    @property
    def chain(self) -> str:
        return self.effect.chain


@dataclass(frozen=True)
class Since:
    """What changed from snapshot ``old`` to ``new``: the record diff, per-chain gap facts, firms added/removed."""

    old: Snapshot | None
    new: Snapshot | None
    diff: DataDiff
    chains: tuple[ChainSince, ...]  # every chain of either side, by id
    records: tuple = ()  # (id, record) of the chains, segments and firms of both sides (new wins): for names

    @property
    def names(self) -> dict:
        return dict(self.records)

    @property
    def firms_added(self) -> tuple[str, ...]:
        return self.diff.added_of("firms")

    @property
    def firms_removed(self) -> tuple[str, ...]:
        return self.diff.removed_of("firms")

    @property
    def gaps_closed(self) -> int:
        return sum(len(c.closed) for c in self.chains)

    @property
    def gaps_opened(self) -> int:
        return sum(len(c.opened) for c in self.chains)

    @property
    def empty(self) -> bool:
        return self.diff.empty


def since(old: Dataset, new: Dataset, rules: Rules | None = None, old_snapshot: Snapshot | None = None,
          new_snapshot: Snapshot | None = None) -> Since:
    """Gaps closed and opened per chain, firms added and removed, from ``old`` to ``new``."""
    effect = gap_effect(old, new, rules)
    chains = []
    for c in effect.chains:
        closed = tuple(s.segment for s in c.segments if s.old_status == "missing" and s.new_status not in (None, "missing"))
        opened = tuple(s.segment for s in c.segments if s.new_status == "missing" and s.old_status != "missing")
        chains.append(ChainSince(c, closed, opened))
    records = {r.id: r for data in (old, new) for kind in ("chains", "segments", "firms") for r in getattr(data, kind)}
    return Since(old_snapshot, new_snapshot, diff(old, new), tuple(chains), tuple(sorted(records.items())))
