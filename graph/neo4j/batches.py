"""How a Dataset becomes write batches: one parameterised query per kind, and its rows as plain lists.

Driven by the model's relationship tables (``graph.model.REFERENCES`` / ``LINKS``) and the layout in
``schema.py``; ``writer.py`` runs them. Labels and relationship types are constants; data only travels as
parameters (``$rows``, ``$load``).
"""

from __future__ import annotations

from graph.model import KIND_TYPES, KINDS, LINKS, REFERENCES, Dataset, relationship_counts
from graph.neo4j.schema import LOADED_LABELS, META, NODE_LABELS, encode_extra, record_columns, tuple_fields

# A node kind's rows carry its references: (relationship type, target kind, record field, is a list).
_REFS: dict[str, tuple[tuple[str, str, str, bool], ...]] = {
    kind: tuple((ref.name, ref.target, ref.field, ref.field in tuple_fields(KIND_TYPES[kind]))
                for ref in REFERENCES if ref.kind == kind)
    for kind in NODE_LABELS
}
# Record fields stored as properties, in row order (``extra`` as JSON).
_COLUMNS: dict[str, tuple[str, ...]] = {kind: record_columns(kind) for kind in KINDS}
_LINKS = {link.kind: link for link in LINKS}


def _node_query(kind: str, sub: str) -> str:
    """``UNWIND $rows AS r MERGE (n:Label {load, id: r[0]}) SET n.a = r[1], …`` then the relationships.

    Rows are lists: ``[id, *columns, *reference lists]``. Properties are set one by one by name (not
    ``SET n += map``, whose unknown keys make the planner buffer the whole batch). Relationship ends
    were written by an earlier kind of this load and are found by element id (read back after that
    kind), several times cheaper than a (load, id) index seek. Every reference list but the last is
    written in a unit subquery (``sub`` opens it): an UNWIND over an empty list ends that row's part
    of the query.

    Relationships are CREATEd, not MERGEd: both ends belong to this load id, which nothing else writes,
    and a batch is one transaction (a failed or retried batch leaves nothing), so a relationship
    cannot exist yet; MERGE would only add an existence check and node locks (measured ~15-25 % of
    the load time). Nodes are MERGEd on the (load, id) constraint. The counts are verified before
    the switch, which also catches an end that vanished (e.g. a concurrent clean-up).
    """
    label, refs, columns = NODE_LABELS[kind], _REFS[kind], _COLUMNS[kind]
    sets = ", ".join(f"n.{name} = r[{i}]" for i, name in enumerate(columns, start=1))
    query = f"UNWIND $rows AS r MERGE (n:{label} {{load: $load, id: r[0]}}) SET {sets}"
    for j, (rel, target, _, _) in enumerate(refs, start=len(columns) + 1):
        write = f"UNWIND r[{j}] AS e MATCH (m:{NODE_LABELS[target]}) WHERE elementId(m) = e CREATE (n)-[:{rel}]->(m)"
        last = j == len(columns) + len(refs)
        query += f" WITH n, r {write}" if last else f" WITH n, r {sub} {write} }}"
    return query


def _link_query(kind: str) -> str:
    """``UNWIND $rows AS r MATCH both ends by element id CREATE (a)-[:REL {i: r[2], …}]->(b)``.

    Rows are ``[start element id, end element id, i, *columns]``; ``i`` (the link's position in the
    dataset) keeps two links with the same ends and fields apart.
    """
    link = _LINKS[kind]
    label = NODE_LABELS[link.ends]
    props = ", ".join(["i: r[2]", *(f"{name}: r[{i}]" for i, name in enumerate(_COLUMNS[kind], start=3))])
    return (f"UNWIND $rows AS r MATCH (a:{label}) WHERE elementId(a) = r[0] "
            f"MATCH (b:{label}) WHERE elementId(b) = r[1] CREATE (a)-[:{link.name} {{{props}}}]->(b)")


# Kinds whose element ids later kinds need (ends of references and links), read back right after the
# kind is written. One list value, not a record per node: streaming 100k records costs ~4x more in the driver.
ELEMENT_IDS: dict[str, str] = {
    kind: f"MATCH (n:{NODE_LABELS[kind]}) WHERE n.load = $load AND n.id IS NOT NULL "
    "RETURN collect([n.id, elementId(n)]) AS ids"
    for kind in dict.fromkeys([*(ref.target for ref in REFERENCES), *(link.ends for link in LINKS)])
}


def write_queries(scoped_call: bool) -> dict[str, str]:
    """The write query of every kind. ``CALL (n, r) {`` is the 5.23+ subquery form; older servers
    only know ``CALL { WITH n, r``."""
    sub = "CALL (n, r) {" if scoped_call else "CALL { WITH n, r"
    return {**{kind: _node_query(kind, sub) for kind in NODE_LABELS}, **{kind: _link_query(kind) for kind in _LINKS}}


def delete_queries(scoped_call: bool) -> dict[str, str]:
    # ``CALL (n) { … }`` is the 5.23+ form; older servers only know ``CALL { WITH n … }``.
    body = "CALL (n) { DETACH DELETE n }" if scoped_call else "CALL { WITH n DETACH DELETE n }"
    return {
        label: f"MATCH (n:{label}) WHERE n.load = $load AND n.id IS NOT NULL {body} IN TRANSACTIONS OF $size ROWS"
        for label in LOADED_LABELS
    }




def _cells(record, columns: tuple[str, ...], lists: tuple[int, ...], extra: int) -> list:
    """A record's column values as Bolt-ready cells: tuples as lists, ``extra`` (at index ``extra``) as JSON
    or None."""
    row = [getattr(record, name) for name in columns]
    for i in lists:
        row[i] = list(row[i])
    row[extra] = encode_extra(row[extra]) if row[extra] else None
    return row


def batch_rows(data: Dataset, kind: str, eid: dict[str, dict[str, str]], start: int = 0, stop: int | None = None) -> list:
    """Parameter rows (lists) of records ``start:stop`` of one kind; ``eid[kind][id]`` are element ids
    of kinds already written."""
    records = getattr(data, kind)[start:stop]
    columns = _COLUMNS[kind]
    extra = columns.index("extra")
    # Lists, not tuples: the driver packs a tuple through a Python conversion hook (~2x slower).
    lists = tuple(i for i, name in enumerate(columns) if name in tuple_fields(KIND_TYPES[kind]))
    if kind in _LINKS:
        link = _LINKS[kind]
        ends, (a, b) = eid[link.ends], link.fields
        return [[ends[getattr(r, a)], ends[getattr(r, b)], i, *_cells(r, columns, lists, extra)]
                for i, r in enumerate(records, start=start)]
    refs = [(eid.get(target), field, many) for _, target, field, many in _REFS[kind]]
    rows = []
    for r in records:
        row = [r.id, *_cells(r, columns, lists, extra)]
        for ids_of, field, many in refs:
            ids = getattr(r, field)
            row.append([ids_of[i] for i in dict.fromkeys(ids)] if many else ([ids_of[ids]] if ids else []))
        rows.append(row)
    return rows


def expected_counts(data: Dataset) -> tuple[dict[str, int], dict[str, int]]:
    """Node counts per label and relationship counts per type that loading ``data`` must produce."""
    nodes = {label: len(getattr(data, kind)) for kind, label in NODE_LABELS.items()}
    nodes[META] = 1
    return nodes, relationship_counts(data)
