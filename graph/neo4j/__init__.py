"""The Neo4j backend: the layout (``schema.py``), one way to connect (``connect.py``), the reader
(``reader.py``, the store contract in Cypher, ``queries.py``) and the atomic writer (``writer.py``)."""

from graph.neo4j.connect import connect, safe_uri, scrub, settings
from graph.neo4j.reader import Neo4jStore
from graph.neo4j.writer import DEFAULT_BATCH_SIZE, InjectedFailure, LoadError, LoadProgress, LoadStats, load_into_neo4j

__all__ = [
    "DEFAULT_BATCH_SIZE", "InjectedFailure", "LoadError", "LoadProgress", "LoadStats", "Neo4jStore", "connect",
    "load_into_neo4j", "safe_uri", "scrub", "settings",
]
