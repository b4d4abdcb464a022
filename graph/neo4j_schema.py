"""How the model is laid out in Neo4j: labels, relationship types, and the record ⇄ property codec.

Shared by the writer (``loaders/neo4j_load.py``) and the reader (``graph/neo4j_store.py``); it holds
no Cypher. Every data node carries ``load`` (the id of the load that wrote it) and ``id``; a composite
uniqueness constraint on ``(load, id)`` per label makes both the MERGEs and the reads index seeks.

Nodes: ``Chain``, ``Segment``, ``Firm``, ``Park``, ``Project``, ``Source`` (one per record, all of the
record's fields as properties), ``Meta`` (one per load, the dataset's meta pairs), ``Load`` (one per
load, a registry so that leftovers of a killed load can be found) and ``Current`` (one node,
``key: 'dataset'``, whose ``load`` names the visible dataset).

Relationships (the same names as ``graph/embedded.py``): ``IN_CHAIN`` (segment→chain), ``SUPPLIES``
(segment→segment, with ``sources``/``extra``), ``IN_SEGMENT`` (firm→segment), ``IN_PARK``
(firm→park), ``SUPPLIES_FIRM`` (firm→firm, with ``product``/``sources``/``extra`` and ``i``, the
link's position in the dataset, because two links may share supplier, customer and product),
``FOCUSES_ON`` (park→chain); projects point at what they name: ``FOR_CHAIN`` (project→chain),
``ON_SEGMENT`` (project→segment), ``AT_PARK`` (project→park), ``BY_FIRM`` (project→firm).

Records round-trip exactly: list fields are stored as string lists (order kept), ``extra`` as one JSON
string of its ``[key, value]`` pairs, ``None`` as a missing property.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Mapping, TypeVar


# Dataset attribute -> node label, for the records that are nodes.
NODE_LABELS: dict[str, str] = {
    "sources": "Source",
    "chains": "Chain",
    "segments": "Segment",
    "parks": "Park",
    "firms": "Firm",
    "projects": "Project",
}
META, LOAD, CURRENT = "Meta", "Load", "Current"
CURRENT_KEY = "dataset"
META_ID = "meta"

# Every label whose nodes belong to one load (and are deleted with it).
LOADED_LABELS: tuple[str, ...] = (*NODE_LABELS.values(), META)

R = TypeVar("R")

_TUPLE_FIELDS: dict[type, frozenset[str]] = {}  # record class -> its tuple-valued fields (not extra)


def tuple_fields(cls: type) -> frozenset[str]:
    if cls not in _TUPLE_FIELDS:
        _TUPLE_FIELDS[cls] = frozenset(
            f.name for f in dataclasses.fields(cls) if f.name != "extra" and str(f.type).startswith("tuple")
        )
    return _TUPLE_FIELDS[cls]


def encode_extra(extra: tuple[tuple[str, str], ...]) -> str:
    return json.dumps([list(pair) for pair in extra], ensure_ascii=False, separators=(",", ":"))


def decode_extra(text: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in json.loads(text)) if text else ()


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_props(record: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record's fields as Neo4j properties: tuples stay tuples (sent as lists), ``extra`` as JSON.

    ``None`` and an empty ``extra`` are left out (a missing property reads back as the default).
    """
    cls = type(record)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(record))
    props: dict[str, Any] = {}
    for name in names:
        if name in skip:
            continue
        value = getattr(record, name)
        if name == "extra":
            if value:
                props["extra"] = encode_extra(value)
        elif value is not None:
            props[name] = value
    return props


def from_props(cls: type[R], props: Mapping[str, Any], **given: Any) -> R:
    """Rebuild a record of ``cls`` from node or relationship properties (extra keys are ignored)."""
    tuples = tuple_fields(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in given:
            values[f.name] = given[f.name]
        elif f.name == "extra":
            values["extra"] = decode_extra(props.get("extra"))
        elif f.name in props and props[f.name] is not None:
            value = props[f.name]
            values[f.name] = tuple(value) if f.name in tuples else value
        # else: the dataclass default (None, "" or ())
    return cls(**values)  # type: ignore[call-arg]


