"""How the model is laid out in Neo4j: labels, relationship types, the record ⇄ property codec, counts.

Stated once, here, and followed by the writer (``writer.py``), its count checks and the reader
(``reader.py``). Relationship types and which fields make them come from the model
(``graph.model.REFERENCES`` / ``LINKS``); this module adds the labels and the property codec.

Every data node carries ``load`` (the id of the load that wrote it) and ``id``; a composite uniqueness
constraint on ``(load, id)`` per label makes both the writes and the reads index seeks.

Nodes: ``Chain``, ``Segment``, ``Firm``, ``Park``, ``Project``, ``Source`` (one per record, all of the
record's fields as properties), ``Meta`` (one per load: the dataset's meta pairs and, once verified,
its record counts), ``Load`` (one per load, a registry so leftovers of a killed load can be found) and
``Current`` (one node, ``key: 'dataset'``, whose ``load`` names the visible dataset).

Relationships: one per id a record field names (``IN_CHAIN`` segment→chain, ``FOCUSES_ON`` park→chain,
``IN_SEGMENT`` firm→segment, ``IN_PARK`` firm→park, ``FOR_CHAIN`` / ``ON_SEGMENT`` / ``AT_PARK`` /
``BY_FIRM`` project→…) and one per link record: ``SUPPLIES`` (segment→segment, with ``sources`` /
``extra``) and ``SUPPLIES_FIRM`` (firm→firm, with ``product`` / ``sources`` / ``extra`` and ``i``, the
link's position in the dataset, because two links may share supplier, customer and product).

Derived properties (``DERIVED``), written at load so a page question reads a few nodes instead of
counting many: ``Firm.unit`` (``counts_as_local``), ``Firm.tagged`` (a quality tag), the counts of
``batches.aggregates`` on ``Segment`` (``n_firms``, ``n_local``) and ``Chain`` (``n_firms``, ``n_local``,
``n_empty``), and ``SEARCH_KEYS`` on firms, segments, chains and parks: the keys ``graph.search`` ranks on
(lowercased name and English name, pinyin initials, full pinyin, lowercased id), covered by two full-text
indexes: ``SEARCH_INDEX`` (CJK analyzer: words, Chinese as character pairs, typos) and ``KEY_INDEX``
(keyword analyzer: each key one term, for keys equal to, starting with or holding a query). The record codec
ignores them.

Records round-trip exactly: list fields are stored as string lists (order kept), ``extra`` as one JSON
string of its ``[key, value]`` pairs, ``None`` as a missing property.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Mapping, TypeVar

import re
from functools import lru_cache

from graph.model import KIND_TYPES, KINDS, LINKS, RECORD_KINDS, REFERENCES

# Dataset attribute -> node label, for the records that are nodes.
NODE_LABELS: dict[str, str] = {
    "sources": "Source", "chains": "Chain", "segments": "Segment", "parks": "Park", "firms": "Firm",
    "projects": "Project",
}
assert tuple(NODE_LABELS) == RECORD_KINDS
META, LOAD, CURRENT = "Meta", "Load", "Current"
LAYOUT = 2  # the layout the reader reads; the writer marks each load it switches to (1: before DERIVED)
CURRENT_KEY = "dataset"
META_ID = "meta"

# Every label whose nodes belong to one load (and are deleted with it).
LOADED_LABELS: tuple[str, ...] = (*NODE_LABELS.values(), META)

# Relationship type -> the label its relationships start at (each starts at a node of its load).
REL_START: dict[str, str] = {
    **{ref.name: NODE_LABELS[ref.kind] for ref in REFERENCES},
    **{link.name: NODE_LABELS[link.ends] for link in LINKS},
}
# Counts as the store reports them: records per kind (links are relationships).
COUNTED_LINKS: dict[str, str] = {link.kind: link.name for link in LINKS}
assert set(NODE_LABELS) | set(COUNTED_LINKS) == set(KINDS)

R = TypeVar("R")

# Derived properties per kind (see the module text), in the order the writer's rows carry them.
SEARCH_KEYS = ("key_name", "key_en", "key_initials", "key_pinyin", "key_id")  # ``name_keys`` order
DERIVED: dict[str, tuple[str, ...]] = {
    "firms": ("unit", "tagged", *SEARCH_KEYS),
    "segments": ("n_firms", "n_local", *SEARCH_KEYS),
    "chains": ("n_firms", "n_local", "n_empty", *SEARCH_KEYS),
    "parks": SEARCH_KEYS,
}
SEARCHED_LABELS: tuple[str, ...] = tuple(NODE_LABELS[kind] for kind in DERIVED)  # nodes carrying ``SEARCH_KEYS``
SEARCH_INDEX = "chainmap_search"
KEY_INDEX = "chainmap_search_keys"
_HANS = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


@lru_cache(maxsize=200_000)
def _run_pinyin(run: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin

    return ("".join(lazy_pinyin(run, style=Style.FIRST_LETTER, errors="ignore")).lower(),
            "".join(lazy_pinyin(run, errors="ignore")).lower())


def name_keys(name: str, name_en: str = "", ident: str = "") -> tuple[str, ...]:
    """``graph.search.search_keys`` computed per run of Chinese characters (pypinyin reads each run on its
    own; runs repeat across names, so a big load reads each once). tests/test_neo4j_pages.py checks both agree.

    >>> name_keys("歌尔股份 A", "Goertek", "f1")
    ('歌尔股份 a', 'goertek', 'gegf', 'geergufen', 'f1')
    """
    parts = [_run_pinyin(run) for run in _HANS.findall(name)]
    return (name.lower(), name_en.lower(), "".join(p[0] for p in parts), "".join(p[1] for p in parts), ident.lower())

# --------------------------------------------------------------------------- Cypher derived from the tables
CURRENT_QUERY = f"MATCH (c:{CURRENT} {{key: $key}}) RETURN c.load AS load, coalesce(c.layout, 1) AS layout"
META_QUERY = (f"MATCH (m:{META} {{load: $load, id: '{META_ID}'}}) "
              "RETURN m.meta AS meta, m.counts AS counts, m.tags AS tags")
COUNT_NODES: dict[str, str] = {
    label: f"MATCH (n:{label}) WHERE n.load = $load AND n.id IS NOT NULL RETURN count(n) AS n"
    for label in LOADED_LABELS
}
COUNT_RELS: dict[str, str] = {
    rel: f"MATCH (n:{label}) WHERE n.load = $load AND n.id IS NOT NULL MATCH (n)-[r:{rel}]->() RETURN count(r) AS n"
    for rel, label in REL_START.items()
}


def dataset_counts(nodes: Mapping[str, int], rels: Mapping[str, int]) -> dict[str, int]:
    """Record counts per Dataset kind (in ``KINDS`` order) from node counts per label and relationship counts."""
    out = {}
    for kind in KINDS:
        out[kind] = rels[COUNTED_LINKS[kind]] if kind in COUNTED_LINKS else nodes[NODE_LABELS[kind]]
    return out


# --------------------------------------------------------------------------- the property codec
_TUPLE_FIELDS: dict[type, frozenset[str]] = {}  # record class -> its tuple-valued fields (not extra)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_PLANS: dict[type, tuple[tuple[str, str], ...]] = {}  # record class -> (field, "extra" | "tuple" | "") for from_props


def tuple_fields(cls: type) -> frozenset[str]:
    if cls not in _TUPLE_FIELDS:
        _TUPLE_FIELDS[cls] = frozenset(
            f.name for f in dataclasses.fields(cls) if f.name != "extra" and str(f.type).startswith("tuple")
        )
    return _TUPLE_FIELDS[cls]


def record_columns(kind: str) -> tuple[str, ...]:
    """A kind's record fields stored as properties: after the id for nodes, besides the two ends for links
    (``extra`` as JSON)."""
    ends = next((link.fields for link in LINKS if link.kind == kind), ("id",))
    return tuple(f.name for f in dataclasses.fields(KIND_TYPES[kind]) if f.name not in ends)


def encode_extra(extra: tuple[tuple[str, str], ...]) -> str:
    return json.dumps([list(pair) for pair in extra], ensure_ascii=False, separators=(",", ":"))


def decode_extra(text: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in json.loads(text)) if text else ()


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
    """Rebuild a record of ``cls`` from node or relationship properties (extra keys are ignored).

    >>> from graph.model import Firm
    >>> f = Firm("f1", "甲", tags=("上市",), extra=(("note", "x"),))
    >>> from_props(Firm, to_props(f)) == f
    True
    """
    plan = _PLANS.get(cls)
    if plan is None:  # per class once: (field, how to read it) — this runs for every record a page reads
        tuples = tuple_fields(cls)
        plan = _PLANS[cls] = tuple((f.name, "extra" if f.name == "extra" else "tuple" if f.name in tuples else "")
                                   for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for name, how in plan:
        if name in given:
            values[name] = given[name]
        elif how == "extra":
            values["extra"] = decode_extra(props.get("extra"))
        elif (value := props.get(name)) is not None:
            values[name] = tuple(value) if how == "tuple" else value
        # else: the dataclass default (None, "" or ())
    return cls(**values)  # type: ignore[call-arg]
