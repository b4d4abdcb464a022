"""How a Dataset becomes write batches: one parameterised query per kind, and its rows as plain lists.

Driven by the model's relationship tables (``graph.model.REFERENCES`` / ``LINKS``) and the layout in
``schema.py``; ``writer.py`` runs them. Labels and relationship types are constants; data only travels as
parameters (``$rows``, ``$load``).
"""

from __future__ import annotations

from graph.model import KIND_TYPES, KINDS, LINKS, QUALITY_TAGS, REFERENCES, Dataset, relationship_counts
from graph.neo4j.schema import DERIVED, LOADED_LABELS, META, NODE_LABELS, encode_extra, name_keys, record_columns, \
    tuple_fields

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
    """``UNWIND $rows AS r CREATE (n:Label {load, id: r[0]}) SET n.a = r[1], …`` then the relationships.

    Rows are lists: ``[id, *columns, *reference lists]``. Properties are set one by one by name (not
    ``SET n += map``, whose unknown keys make the planner buffer the whole batch). Relationship ends
    were written by an earlier kind of this load and are found by element id (read back after that
    kind), several times cheaper than a (load, id) index seek. Every reference list but the last is
    written in a unit subquery (``sub`` opens it): an UNWIND over an empty list ends that row's part
    of the query.

    Relationships are CREATEd, not MERGEd: both ends belong to this load id, which nothing else writes,
    and a batch is one transaction (a failed or retried batch leaves nothing), so a relationship
    cannot exist yet; MERGE would only add an existence check and node locks (measured ~15-25 % of
    the load time). Nodes are CREATEd too, for the same reason (the (load, id) constraint still refuses a
    duplicate). The counts are verified before
    the switch, which also catches an end that vanished (e.g. a concurrent clean-up).
    """
    label, refs, columns = NODE_LABELS[kind], _REFS[kind], (*_COLUMNS[kind], *DERIVED.get(kind, ()))
    sets = ", ".join(f"n.{name} = r[{i}]" for i, name in enumerate(columns, start=1))
    query = f"UNWIND $rows AS r CREATE (n:{label} {{load: $load, id: r[0]}}) SET {sets}"
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


def batch_rows(data: Dataset, kind: str, eid: dict[str, dict[str, str]], start: int = 0, stop: int | None = None,
               aggregates: dict[str, dict[str, tuple[int, ...]]] | None = None) -> list:
    """Parameter rows (lists) of records ``start:stop`` of one kind; ``eid[kind][id]`` are element ids
    of kinds already written; ``aggregates`` (``aggregates(data)``) the counts chains and segments carry."""
    agg = (aggregates or {}).get(kind, {})
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
    derive = _DERIVE.get(kind)
    rows = []
    for r in records:
        row = [r.id, *_cells(r, columns, lists, extra)]
        if derive is not None:
            row.extend(derive(r, agg))
        for ids_of, field, many in refs:
            ids = getattr(r, field)
            row.append([ids_of[i] for i in dict.fromkeys(ids)] if many else ([ids_of[ids]] if ids else []))
        rows.append(row)
    return rows


# Firm links in parallel without lock conflicts: firms fall into four buckets (by position), the links into
# 16 blocks by (supplier bucket, customer bucket), and each round writes two blocks whose buckets are
# disjoint, so two transactions never touch the same node. Every block is in exactly one round.
BUCKETS = 4
ROUNDS: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = (
    ((0, 0), (1, 1)), ((2, 2), (3, 3)), ((0, 1), (2, 3)), ((1, 0), (3, 2)),
    ((0, 2), (1, 3)), ((2, 0), (3, 1)), ((0, 3), (1, 2)), ((3, 0), (2, 1)),
)
assert sorted(b for r in ROUNDS for b in r) == [(i, j) for i in range(BUCKETS) for j in range(BUCKETS)]
assert all(not set(a) & set(b) for a, b in ROUNDS)


def link_blocks(data: Dataset, kind: str) -> dict[tuple[int, int], list[int]]:
    """Positions of a link kind's records per (start bucket, end bucket), in dataset order."""
    link = _LINKS[kind]
    records = getattr(data, link.ends)
    bucket = {r.id: i * BUCKETS // max(len(records), 1) for i, r in enumerate(records)}
    a, b = link.fields
    blocks: dict[tuple[int, int], list[int]] = {(i, j): [] for i in range(BUCKETS) for j in range(BUCKETS)}
    for i, r in enumerate(getattr(data, kind)):
        blocks[(bucket[getattr(r, a)], bucket[getattr(r, b)])].append(i)
    return blocks


def link_rows(data: Dataset, kind: str, eid: dict[str, dict[str, str]], positions: list[int]) -> list:
    """Parameter rows of the link records at ``positions`` (as ``batch_rows``)."""
    link = _LINKS[kind]
    columns = _COLUMNS[kind]
    extra = columns.index("extra")
    lists = tuple(i for i, name in enumerate(columns) if name in tuple_fields(KIND_TYPES[kind]))
    ends, (a, b), records = eid[link.ends], link.fields, getattr(data, kind)
    return [[ends[getattr(r, a)], ends[getattr(r, b)], i, *_cells(r, columns, lists, extra)]
            for i, r in ((i, records[i]) for i in positions)]


def aggregates(data: Dataset) -> dict[str, dict[str, tuple[int, ...]]]:
    """Counts the pages ask for, per chain and segment id, computed once at load (``schema.DERIVED``):
    a segment's (firms, local firms), a chain's (distinct firms, distinct local firms, empty segments);
    local = ``Firm.counts_as_local``, a firm on two segments of a chain counts once for the chain."""
    chain_of = {s.id: s.chain for s in data.segments}
    seg_firms = dict.fromkeys(chain_of, 0)
    seg_local = dict.fromkeys(chain_of, 0)
    chain_firms: dict[str, set[str]] = {c.id: set() for c in data.chains}
    chain_local: dict[str, set[str]] = {c.id: set() for c in data.chains}
    for f in data.firms:
        unit = f.counts_as_local()
        for sid in dict.fromkeys(f.segments):
            if sid not in chain_of:
                continue
            seg_firms[sid] += 1
            chain_firms.setdefault(chain_of[sid], set()).add(f.id)
            if unit:
                seg_local[sid] += 1
                chain_local.setdefault(chain_of[sid], set()).add(f.id)
    empty: dict[str, int] = dict.fromkeys(chain_firms, 0)
    for sid, chain in chain_of.items():
        if not seg_local[sid]:
            empty[chain] = empty.get(chain, 0) + 1
    return {"segments": {sid: (seg_firms[sid], seg_local[sid]) for sid in chain_of},
            "chains": {cid: (len(ids), len(chain_local.get(cid, ())), empty.get(cid, 0))
                       for cid, ids in chain_firms.items()}}


_QUALITY = frozenset(QUALITY_TAGS)


def _keys(r) -> tuple[str, ...]:
    return name_keys(r.name, r.name_en, r.id)


# Derived property values of a node row, in ``schema.DERIVED`` order.
_DERIVE = {
    "firms": lambda f, _: [f.counts_as_local(), not _QUALITY.isdisjoint(f.tags), *_keys(f)],
    "segments": lambda s, agg: [*agg.get(s.id, (0, 0)), *_keys(s)],
    "chains": lambda c, agg: [*agg.get(c.id, (0, 0, 0)), *_keys(c)],
    "parks": lambda p, _: list(_keys(p)),
}
assert all(kind in DERIVED for kind in _DERIVE)


def expected_counts(data: Dataset) -> tuple[dict[str, int], dict[str, int]]:
    """Node counts per label and relationship counts per type that loading ``data`` must produce."""
    nodes = {label: len(getattr(data, kind)) for kind, label in NODE_LABELS.items()}
    nodes[META] = 1
    return nodes, relationship_counts(data)
