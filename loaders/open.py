"""Open the store a person asked for: a data folder or workbook as the embedded store, or the Neo4j at
``NEO4J_URI`` (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``).

This sits above both backends and the file readers, so ``graph/`` never imports ``loaders``.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.store import Store
from loaders.validate import load_or_raise

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "laoshan"


def data_path(env: dict[str, str] | None = None) -> Path:
    """The data folder the app reads without Neo4j: ``CHAINMAP_DATA``, else the Laoshan data."""
    env = os.environ if env is None else env
    return Path(env.get("CHAINMAP_DATA") or DEFAULT_DATA)


def open_data(path: str | Path) -> EmbeddedStore:
    """Validate a data folder or workbook and hold it in the embedded store (``InvalidData`` on errors).

    The folder's files are read under its snapshot lock (``loaders.snapshots.reading``): an apply running at
    the same time is seen whole or not at all."""
    from loaders.snapshots import reading

    was_on = gc.isenabled()
    gc.disable()  # millions of new records and rows, none of them garbage: collecting them only costs time
    try:
        with reading(path):
            data = load_or_raise(path)
        store = EmbeddedStore(data, location=str(path))
    finally:
        if was_on:
            gc.enable()
    if len(store.dataset().firms) >= 20_000:
        gc.freeze()  # a big store lives as long as the process: later collections need not walk through it
    store.search_index().start()  # the search keys, once, while the first page is drawn
    return store


def embedded_limit_note(firms: int, lang: str = "zh") -> str:
    """Says that ``firms`` firms are past what the embedded store handles well (with the measured figures)
    and how to use Neo4j instead."""
    from graph.embedded import limits
    from graph.words import t

    return t("embedded_limit", lang).format(firms=firms, limit=limits.EMBEDDED_FIRM_LIMIT, **limits.MEASURED)


def open_store(env: dict[str, str] | None = None) -> Store:
    """Neo4j if ``NEO4J_URI`` is set, else the embedded store on ``CHAINMAP_DATA`` (default: data/laoshan)."""
    env = dict(os.environ if env is None else env)
    from graph.neo4j.connect import settings

    uri, user, password = settings(env)
    if uri:
        from graph.neo4j import Neo4jStore

        return Neo4jStore(uri, user, password)
    return open_data(data_path(env))


def neo4j_records(env: dict[str, str] | None = None) -> Path:
    """Where the snapshots of changes applied to Neo4j are recorded: ``CHAINMAP_NEO4J_SNAPSHOTS``, else
    ``<data folder>/.neo4j/`` (its own ``.snapshots/``; the data folder's CSV files are not touched)."""
    env = os.environ if env is None else env
    return Path(env.get("CHAINMAP_NEO4J_SNAPSHOTS") or data_path(env) / ".neo4j")


def base_hash(store: Store) -> str:
    """The hash an editor's download of ``store``'s data carries (``apply_change``'s ``base_hash``): the data
    folder's ``current_hash`` for the embedded store on a folder, else the hash of the dataset it holds."""
    from loaders.snapshots import current_hash, dataset_hash

    info = store.info()
    if info.kind == "embedded" and Path(info.location).is_dir():
        return current_hash(info.location)
    return dataset_hash(store.dataset())


def apply_change(data, *, author: str, summary: str, base_hash: str | None, env: dict[str, str] | None = None):
    """Apply a validated dataset to the store in use, atomically, as a snapshot (``loaders.snapshots``):
    the data folder (``CHAINMAP_DATA``), or Neo4j (``NEO4J_URI``: the atomic load, recorded in
    ``neo4j_records``). Raises ``StaleBase`` (with the diff) when the data changed since ``base_hash``,
    ``InvalidData`` for invalid data; either way nothing changes."""
    env = dict(os.environ if env is None else env)
    from graph.neo4j.connect import settings
    from loaders import snapshots

    uri, user, password = settings(env)
    if uri:
        return snapshots.apply_neo4j(uri, user, password, data, neo4j_records(env), author=author, summary=summary,
                                     base_hash=base_hash)
    return snapshots.apply(data_path(env), data, author=author, summary=summary, base_hash=base_hash)
