"""A Dataset as ``neo4j-admin database import`` files: the graph the writer makes, for an offline first load.

The same nodes, properties and relationships as ``writer.load_into_neo4j`` writes (the rows come from the
writer's own ``batches.batch_rows`` / ``link_rows``, with ids where the writer puts element ids), plus the
load's ``Meta`` node (meta, tags, verified counts), its ``Load`` registry node (state ``current``) and the
``Current`` pointer naming it — so a server started on the imported database reads it as if
``chainmap load`` had written it. Constraints and search indexes are not part of the files: they are created
on the running server afterwards (``writer.create_constraints``), which also indexes the imported nodes.

One CSV file pair (header, rows) per label and per relationship type. Cells: strings quoted (``""`` is an
empty string), a missing value an empty unquoted cell, lists joined by ``ARRAY_DELIMITER`` (a control
character the loaders never let into a value), numbers and booleans bare. Nothing here runs Cypher.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from graph.model import KIND_TYPES, KINDS, LINKS, REFERENCES, Dataset
from graph.neo4j.batches import aggregates, batch_rows, expected_counts, link_rows
from graph.neo4j.schema import (
    CURRENT, CURRENT_KEY, DERIVED, LAYOUT, LOAD, META, META_ID, NODE_LABELS, dataset_counts, encode_extra,
    record_columns,
)

ARRAY_DELIMITER = "\x1f"  # neo4j-admin: --array-delimiter=U+001F
_ROWS_PER_CHUNK = 50_000  # rows formatted and written at a time
_FIELD_TYPES = {"bool": "boolean", "float | None": "double", "int | None": "long", "int": "long",
                "tuple[str, ...]": "string[]"}
_DERIVED_TYPES = {"unit": "boolean", "tagged": "boolean", "n_firms": "long", "n_local": "long", "n_empty": "long"}
_REFS = {kind: tuple(ref for ref in REFERENCES if ref.kind == kind) for kind in NODE_LABELS}
_LINKS = {link.kind: link for link in LINKS}


@dataclass(frozen=True)
class ImportFiles:
    """What ``write_import_files`` wrote: ``nodes`` / ``relationships`` as (label or type, header, rows)."""

    load_id: str
    nodes: tuple[tuple[str, Path, Path], ...]
    relationships: tuple[tuple[str, Path, Path], ...]
    rows: int  # dataset records written (all kinds)
    node_counts: dict[str, int]  # per label, as the writer's verification expects them
    relationship_counts: dict[str, int]

    def arguments(self) -> list[str]:
        """The ``--nodes`` / ``--relationships`` arguments of ``neo4j-admin database import full``."""
        return [*(f"--nodes={label}={head},{rows}" for label, head, rows in self.nodes),
                *(f"--relationships={rel}={head},{rows}" for rel, head, rows in self.relationships)]


def _field_type(kind: str, name: str) -> str:
    if name == "extra":
        return "string"
    field = next(f for f in dataclasses.fields(KIND_TYPES[kind]) if f.name == name)
    return _FIELD_TYPES.get(str(field.type), "string")


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        if not value:
            return ""  # an empty list reads back as the field's default, ()
        for item in value:
            if ARRAY_DELIMITER in item:
                raise ValueError(f"a list value holds the control character U+001F: {item!r}")
        value = ARRAY_DELIMITER.join(value)
    return '"' + value.replace('"', '""') + '"'


def _line(cells) -> str:
    return ",".join(_cell(c) for c in cells) + "\n"


def _write_links(out, kind: str, columns: tuple[str, ...], rows: list) -> None:
    """Link rows ``[start, end, i, *columns]``; the bulk of a big dataset (five links per firm), so when every
    column is text (or a list of text) the rows go through the C csv writer, every cell quoted: an ``i`` in
    quotes still reads as a number, and a missing ``extra`` becomes "" (read back as no extra, like a missing one)."""
    types = [_field_type(kind, c) for c in columns]
    if any(t not in ("string", "string[]") for t in types):
        out.write("".join(_line(row) for row in rows))
        return
    lists = [3 + k for k, t in enumerate(types) if t == "string[]"]
    for row in rows:
        for k in lists:
            items = row[k]
            joined = row[k] = ARRAY_DELIMITER.join(items)
            if items and joined.count(ARRAY_DELIMITER) != len(items) - 1:
                raise ValueError(f"a list value holds the control character U+001F: {items!r}")
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)


class _Ids(dict):
    """Where the writer's rows carry element ids of written nodes, the import files carry the record ids."""

    def __missing__(self, key):
        return key


def write_import_files(data: Dataset, folder: Path | str, load_id: str) -> ImportFiles:
    """Write the import files of ``data`` (under ``load_id``) into ``folder`` (created; existing files replaced)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    same = {kind: _Ids() for kind in KINDS}
    agg = aggregates(data)
    nodes: list[tuple[str, Path, Path]] = []
    rels: dict[str, tuple[str, Path, Path]] = {}
    handles: dict[str, object] = {}

    def pair(name: str, header: list[str]) -> tuple[Path, Path]:
        head, rows = folder / f"{name}.header.csv", folder / f"{name}.csv"
        head.write_text(",".join(header) + "\n", encoding="utf-8")
        return head, rows

    try:
        for ref in REFERENCES:
            head, path = pair(ref.name, [f":START_ID({NODE_LABELS[ref.kind]})", f":END_ID({NODE_LABELS[ref.target]})"])
            rels[ref.name] = (ref.name, head, path)
            handles[ref.name] = path.open("w", encoding="utf-8", newline="")
        for kind in KINDS:
            records = getattr(data, kind)
            columns = record_columns(kind)
            if kind in _LINKS:
                link = _LINKS[kind]
                label = NODE_LABELS[link.ends]
                head, path = pair(link.name, [f":START_ID({label})", f":END_ID({label})", "i:long",
                                              *(f"{c}:{_field_type(kind, c)}" for c in columns)])
                rels[link.name] = (link.name, head, path)
                with path.open("w", encoding="utf-8", newline="") as out:
                    for start in range(0, len(records), _ROWS_PER_CHUNK):
                        positions = list(range(start, min(start + _ROWS_PER_CHUNK, len(records))))
                        _write_links(out, kind, columns, link_rows(data, kind, same, positions))
                continue
            label = NODE_LABELS[kind]
            derived = DERIVED.get(kind, ())
            head, path = pair(label, [f"id:ID({label})", "load:string",
                                      *(f"{c}:{_field_type(kind, c)}" for c in columns),
                                      *(f"{d}:{_DERIVED_TYPES.get(d, 'string')}" for d in derived)])
            nodes.append((label, head, path))
            width = 1 + len(columns) + len(derived)
            refs = _REFS[kind]
            with path.open("w", encoding="utf-8", newline="") as out:
                for start in range(0, len(records), _ROWS_PER_CHUNK):
                    chunk = batch_rows(data, kind, same, start, start + _ROWS_PER_CHUNK, agg)
                    text = []
                    for row in chunk:
                        text.append(_line([row[0], load_id, *row[1:width]]))
                        for ref, ends in zip(refs, row[width:]):
                            if ends:
                                handles[ref.name].write("".join(_line((row[0], end)) for end in ends))
                    out.write("".join(text))
    finally:
        for handle in handles.values():
            handle.close()

    want_nodes, want_rels = expected_counts(data)
    counts = json.dumps(dataset_counts(want_nodes, want_rels), separators=(",", ":"))
    tags = sorted({t for f in data.firms for t in f.tags})
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for label, header, row in (
        (META, ["id:ID(Meta)", "load:string", "meta:string", "tags:string[]", "counts:string"],
         [META_ID, load_id, encode_extra(data.meta), tags, counts]),
        (LOAD, ["id:ID(Load)", "state:string", "started:datetime", "finished:datetime"],
         [load_id, "current", now, now]),
        (CURRENT, ["key:ID(Current)", "load:string", "layout:long"], [CURRENT_KEY, load_id, LAYOUT]),
    ):
        head, path = pair(label, header)
        path.write_text(_line(row), encoding="utf-8")
        nodes.append((label, head, path))
    return ImportFiles(load_id, tuple(nodes), tuple(rels.values()), sum(len(getattr(data, k)) for k in KINDS),
                       want_nodes, want_rels)
