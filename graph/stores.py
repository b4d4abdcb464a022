"""Pick the store the environment asks for: Neo4j when NEO4J_URI is set, else the embedded one."""

from __future__ import annotations

import os
from pathlib import Path

from graph.store import Store

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "laoshan"


def data_path() -> Path:
    return Path(os.environ.get("CHAINMAP_DATA", DEFAULT_DATA))


def open_store(env: dict[str, str] | None = None) -> Store:
    """Neo4j if ``NEO4J_URI`` is set (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``), else embedded on ``CHAINMAP_DATA``."""
    env = dict(os.environ if env is None else env)
    uri = env.get("NEO4J_URI", "").strip()
    if uri:
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(uri, env.get("NEO4J_USER", "neo4j"), env.get("NEO4J_PASSWORD", ""))
    from graph.embedded import EmbeddedStore

    return EmbeddedStore.from_path(env.get("CHAINMAP_DATA", str(DEFAULT_DATA)))
