"""Keeping the data current: what changed between two datasets (``changes.py``), what that does to the gaps,
and the facts of a data folder's history of snapshots (``history.py``). Facts only — ids, codes, counts;
the app, the CLI and the deck word them.

Sits above the embedded store and the analyses (it opens a dataset as an ``EmbeddedStore`` to ask the gap
analysis about it); nothing in ``graph/`` below it imports it.
"""

from graph.maintain.changes import DataDiff, FieldChange, GapEffect, ChainEffect, RecordChange, SegmentChange, diff, \
    gap_effect, maintenance_json

__all__ = ["ChainEffect", "DataDiff", "FieldChange", "GapEffect", "RecordChange", "SegmentChange", "diff",
           "gap_effect", "maintenance_json"]
