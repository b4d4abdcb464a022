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
    """Validate a data folder or workbook and hold it in the embedded store (``InvalidData`` on errors)."""
    was_on = gc.isenabled()
    gc.disable()  # millions of new records and rows, none of them garbage: collecting them only costs time
    try:
        store = EmbeddedStore(load_or_raise(path), location=str(path))
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
