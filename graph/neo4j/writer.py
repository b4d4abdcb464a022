"""Load a validated Dataset into Neo4j, replacing the visible dataset atomically.

Readers never see a half-loaded graph, and a load that fails or is killed leaves the previous graph
exactly as it was:

1. constraints and indexes, each in its own transaction: ``(load, id)`` unique per label (every read
   by id is an index seek), ``Load.id`` and ``Current.key`` unique, the two search indexes;
2. clean-up: every load that is not current (leftovers of a failed or killed load, or an old load
   whose deletion was interrupted) is deleted;
3. a ``(:Load {id})`` registry node is committed *before* any data, so leftovers can always be found;
4. the dataset is written under the new load id in batches, ``UNWIND $rows AS r CREATE (n:Label
   {load: $load, id: r[0]}) SET …`` with parameters only, one transaction per batch, each row's node
   and its relationships together (CREATE, not MERGE: see ``batches._node_query`` for why), with the
   derived properties of ``schema.DERIVED``;
5. the new load is verified: node and relationship counts must equal the dataset's; the verified
   counts and the tag list go on its Meta node, and the search index catches up;
6. one tiny transaction moves the pointer ``(:Current {key: 'dataset'}).load`` to the new load
   (compare-and-set against the load seen at the start, so a concurrent load fails instead of mixing);
7. the previous load is deleted with ``CALL { … } IN TRANSACTIONS``.

The reader (``reader.py``) reads the pointer at the start of each read transaction, reads
only that load, and re-reads the pointer at the end (retrying if it moved), so a reader's answer is
always one whole load. Labels and relationship types are constants here; data only travels as
parameters.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from graph.model import KINDS, Dataset
from graph.neo4j.batches import ELEMENT_IDS, ROUNDS, aggregates, batch_rows, delete_queries, expected_counts, \
    link_blocks, link_rows, write_queries
from graph.neo4j.schema import (
    COUNT_NODES,
    COUNT_RELS,
    CURRENT,
    CURRENT_KEY,
    CURRENT_QUERY,
    LAYOUT,
    LOAD,
    LOADED_LABELS,
    META,
    META_ID,
    NODE_LABELS,
    KEY_INDEX,
    SEARCH_INDEX,
    SEARCH_KEYS,
    SEARCHED_LABELS,
    dataset_counts,
    encode_extra,
)

DEFAULT_BATCH_SIZE = 5_000  # bench/load.py: 2k–10k rows per transaction measure the same within noise here
DELETE_BATCH_SIZE = 10_000


class LoadError(RuntimeError):
    """The load did not replace the dataset; the previous one is still the visible one."""


class InjectedFailure(LoadError):
    """Raised by the ``fail_at_batch`` test hook."""


@dataclass(frozen=True)
class LoadProgress:
    """One progress report: ``phase`` is cleanup | write | verify | switch | delete."""

    phase: str
    step: str  # the kind being written ("firms", "firm_links", ...) or a short note
    rows_done: int
    rows_total: int
    elapsed: float  # seconds since the load started

    @property
    def rows_per_s(self) -> float:
        return self.rows_done / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True)
class LoadStats:
    load_id: str
    previous: str | None  # the load that was visible before (now deleted)
    cleaned: tuple[str, ...]  # leftover loads deleted before writing
    rows: int  # dataset rows written (all kinds)
    batches: int
    nodes: int  # nodes of the new load (records + its Meta node)
    relationships: int
    write_seconds: float  # writing the rows
    seconds: float  # the whole call, clean-up and deletion included

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.write_seconds if self.write_seconds > 0 else 0.0


# --------------------------------------------------------------------------- Cypher (constants)

_CONSTRAINTS: tuple[str, ...] = (
    *(f"CREATE CONSTRAINT chainmap_{label.lower()}_key IF NOT EXISTS "
      f"FOR (n:{label}) REQUIRE (n.load, n.id) IS UNIQUE" for label in LOADED_LABELS),
    f"CREATE CONSTRAINT chainmap_load_id IF NOT EXISTS FOR (n:{LOAD}) REQUIRE n.id IS UNIQUE",
    f"CREATE CONSTRAINT chainmap_current_key IF NOT EXISTS FOR (n:{CURRENT}) REQUIRE n.key IS UNIQUE",
    # Search (reader.search): the keys of every name by words (CJK analyzer: Chinese as character pairs) and
    # as whole terms (keyword analyzer), both updated after each commit, off the write path (the load waits
    # for them before switching).
    # (Two indexes may not cover the same properties: the words one leaves out the id.)
    *(f"CREATE FULLTEXT INDEX {index} IF NOT EXISTS FOR (n:{'|'.join(SEARCHED_LABELS)}) "
      f"ON EACH [{', '.join(f'n.{key}' for key in keys)}] "
      f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{analyzer}', `fulltext.eventually_consistent`: true}}}}"
      for index, analyzer, keys in ((SEARCH_INDEX, "cjk", SEARCH_KEYS[:-1]),
                                    (KEY_INDEX, "keyword", SEARCH_KEYS))),
)
_AWAIT_SEARCH = "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()"

_STALE_LOADS = f"MATCH (l:{LOAD}) WHERE $current IS NULL OR l.id <> $current RETURN l.id AS id ORDER BY id"
_REGISTER = f"CREATE (:{LOAD} {{id: $load, state: 'writing', started: datetime()}})"
_META = f"CREATE (:{META} {{load: $load, id: '{META_ID}', meta: $meta, tags: $tags}})"
_META_COUNTS = f"MATCH (m:{META} {{load: $load, id: '{META_ID}'}}) SET m.counts = $counts"
_SWITCH = (
    f"MERGE (c:{CURRENT} {{key: $key}}) WITH c, c.load AS previous "
    f"SET c.load = $load, c.layout = {LAYOUT} WITH previous "
    f"MATCH (l:{LOAD} {{id: $load}}) SET l.state = 'current', l.finished = datetime() "
    "RETURN previous"
)
_UNREGISTER = f"MATCH (l:{LOAD} {{id: $load}}) DELETE l"

# --------------------------------------------------------------------------- helpers


def scoped_call_supported(driver) -> bool:
    """True if the server understands ``CALL (n) { … }`` (Neo4j 5.23+, calendar versions)."""
    agent = driver.get_server_info().agent or ""
    m = re.search(r"(\d+)\.(\d+)", agent)
    return bool(m) and (int(m.group(1)), int(m.group(2))) >= (5, 23)


def create_constraints(session) -> None:
    """The (load, id) uniqueness constraints and the registry/pointer keys, each in its own transaction."""
    for query in _CONSTRAINTS:  # schema changes may not share a transaction with anything else
        session.run(query).consume()
    session.run("CALL db.awaitIndexes(300)").consume()


def current_load(session) -> str | None:
    record = session.execute_read(lambda tx: tx.run(CURRENT_QUERY, key=CURRENT_KEY).single())
    return None if record is None else record["load"]


def delete_load(session, load_id: str, scoped_call: bool, batch_size: int = DELETE_BATCH_SIZE) -> None:
    """Delete every node (and relationship) of ``load_id``, then its registry node.

    Runs as auto-commit ``CALL { … } IN TRANSACTIONS`` queries: a kill part-way leaves a smaller
    leftover that the next load's clean-up finishes.
    """
    for query in delete_queries(scoped_call).values():
        session.run(query, load=load_id, size=batch_size).consume()
    session.execute_write(lambda tx: tx.run(_UNREGISTER, load=load_id).consume())


def count_load(session, load_id: str) -> tuple[dict[str, int], dict[str, int]]:
    def work(tx):
        nodes = {label: tx.run(q, load=load_id).single()["n"] for label, q in COUNT_NODES.items()}
        rels = {rel: tx.run(q, load=load_id).single()["n"] for rel, q in COUNT_RELS.items()}
        return nodes, rels

    return session.execute_read(work)


def search_caught_up(session) -> None:
    """Wait until the search indexes hold every committed name."""
    session.run(_AWAIT_SEARCH).consume()


def _write_batch(driver, database: str | None, query: str, rows: list, load_id: str, inject: str | None) -> None:
    """One batch, one write transaction (in its own session: sessions are not thread-safe)."""

    def write(tx):
        tx.run(query, rows=rows, load=load_id).consume()
        if inject:  # the fail_at_batch test hook: the query ran, the transaction rolls back
            raise InjectedFailure(inject)

    with driver.session(database=database) as session:
        session.execute_write(write)


def new_load_id() -> str:
    return time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


# --------------------------------------------------------------------------- the load


def load_into_neo4j(
    driver,
    dataset: Dataset,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[LoadProgress], None] | None = None,
    database: str | None = None,
    fail_at_batch: int | None = None,
) -> LoadStats:
    """Replace the dataset held by Neo4j with ``dataset``, atomically for readers.

    Parameters
    ----------
    driver : neo4j.Driver
        A driver for the target server (local, remote or a cluster).
    dataset : Dataset
        A validated dataset (``loaders.load_or_raise``).
    batch_size : int
        Rows per write transaction.
    progress : callable, optional
        Called with a :class:`LoadProgress` after each batch and at each phase.
    database : str, optional
        Target database; the server's default (home) database when None.
    fail_at_batch : int, optional
        Test hook: raise :class:`InjectedFailure` inside the transaction of this (1-based) batch,
        after its query ran, so the batch rolls back and the load stops half-way.

    Returns
    -------
    LoadStats

    Raises
    ------
    LoadError
        The new load did not verify, or another load switched the pointer meanwhile. The previous
        dataset stays visible; the partial load is cleaned up by the next load.

    Example
    -------
    >>> from neo4j import GraphDatabase                                   # doctest: +SKIP
    >>> with GraphDatabase.driver("bolt://127.0.0.1:7687", auth=auth) as d:  # doctest: +SKIP
    ...     load_into_neo4j(d, load_or_raise("data/laoshan")).rows
    519
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.monotonic()
    total = sum(len(getattr(dataset, kind)) for kind in KINDS)

    def report(phase: str, step: str, done: int) -> None:
        if progress is not None:
            progress(LoadProgress(phase, step, done, total, time.monotonic() - started))

    scoped = scoped_call_supported(driver)
    with driver.session(database=database) as session:
        create_constraints(session)
        previous = current_load(session)
        stale = tuple(session.execute_read(
            lambda tx: [r["id"] for r in tx.run(_STALE_LOADS, current=previous)]))
        for load_id in stale:
            report("cleanup", load_id, 0)
            delete_load(session, load_id, scoped)

        load_id = new_load_id()
        session.execute_write(lambda tx: tx.run(_REGISTER, load=load_id).consume())
        meta = encode_extra(dataset.meta)
        tags = sorted({t for f in dataset.firms for t in f.tags})
        session.execute_write(lambda tx: tx.run(_META, load=load_id, meta=meta, tags=tags).consume())
        agg = aggregates(dataset)

        write_started = time.monotonic()
        queries = write_queries(scoped)
        eid: dict[str, dict[str, str]] = {}
        done = batches = 0
        # Rows of the next batch are built in one thread while the server writes (the driver waits
        # on the socket without holding the GIL). Node kinds are written by two transactions at a
        # time: their keys are distinct and their relationships only point at nodes of earlier kinds
        # (measured ~1.4x on 2 cores, no deadlocks). Links between nodes of one kind (firm links) go
        # two at a time too, in rounds of two blocks with disjoint end nodes (``batches.ROUNDS``):
        # concurrent relationship inserts on shared nodes would deadlock on their locks.
        lock = threading.Lock()

        def wrote(kind: str, rows_in_batch: int) -> None:
            nonlocal done
            with lock:
                done += rows_in_batch
                report("write", kind, done)

        def next_batch() -> str | None:
            nonlocal batches
            with lock:
                batches += 1
                return f"injected failure in batch {batches}" if fail_at_batch == batches else None

        def write_block(kind: str, positions: list[int]) -> None:
            for i in range(0, len(positions), batch_size):
                rows = link_rows(dataset, kind, eid, positions[i:i + batch_size])
                _write_batch(driver, database, queries[kind], rows, load_id, next_batch())
                wrote(kind, len(rows))

        with ThreadPoolExecutor(max_workers=1) as builder, ThreadPoolExecutor(max_workers=2) as writers:
            for kind in KINDS:
                count = len(getattr(dataset, kind))
                if kind not in NODE_LABELS and count > 2 * batch_size:
                    blocks = link_blocks(dataset, kind)
                    for pair in ROUNDS:
                        for future in [writers.submit(write_block, kind, blocks[block]) for block in pair]:
                            future.result()
                    continue
                spans = [(i, min(i + batch_size, count)) for i in range(0, count, batch_size)]
                at_once = 2 if kind in NODE_LABELS else 1
                in_flight: deque = deque()
                pending = builder.submit(batch_rows, dataset, kind, eid, *spans[0], agg) if spans else None
                for k in range(len(spans)):
                    batch = pending.result()
                    if k + 1 < len(spans):
                        pending = builder.submit(batch_rows, dataset, kind, eid, *spans[k + 1], agg)
                    in_flight.append((writers.submit(_write_batch, driver, database, queries[kind], batch, load_id,
                                                     next_batch()), len(batch)))
                    while len(in_flight) >= at_once or (in_flight and k + 1 == len(spans)):
                        future, rows_in_batch = in_flight.popleft()
                        future.result()
                        wrote(kind, rows_in_batch)
                if kind in ELEMENT_IDS:
                    eid[kind] = dict(session.execute_read(
                        lambda tx, q=ELEMENT_IDS[kind]: tx.run(q, load=load_id).single()["ids"]))
        write_seconds = time.monotonic() - write_started

        report("verify", load_id, done)
        want_nodes, want_rels = expected_counts(dataset)
        got_nodes, got_rels = count_load(session, load_id)
        if (got_nodes, got_rels) != (want_nodes, want_rels):
            raise LoadError(
                f"load {load_id} did not verify (another load running at the same time?): "
                f"nodes {got_nodes} != {want_nodes} or relationships {got_rels} != {want_rels}; "
                "the previous dataset is still the visible one"
            )
        # The verified counts go on the Meta node, so a reader's info() needs no count queries.
        counts = json.dumps(dataset_counts(got_nodes, got_rels), separators=(",", ":"))
        session.execute_write(lambda tx: tx.run(_META_COUNTS, load=load_id, counts=counts).consume())

        search_caught_up(session)  # the new load's names are searchable before it becomes visible
        report("switch", load_id, done)

        def switch(tx):
            before = tx.run(_SWITCH, key=CURRENT_KEY, load=load_id).single()["previous"]
            if before != previous:
                raise LoadError(f"another load ({before}) became current during this load; nothing switched")
            return before

        session.execute_write(switch)

        if previous is not None:
            report("delete", previous, done)
            delete_load(session, previous, scoped)

    return LoadStats(
        load_id=load_id,
        previous=previous,
        cleaned=stale,
        rows=total,
        batches=batches,
        nodes=sum(got_nodes.values()),
        relationships=sum(got_rels.values()),
        write_seconds=write_seconds,
        seconds=time.monotonic() - started,
    )
