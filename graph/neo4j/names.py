"""Search on a Neo4j that holds a district's or a city's names: its names ranked in this process by
``graph.search.SearchIndex``, the very index the embedded store uses, so both stores answer a query the same
(typos included). Built once per load id (a new load builds it again); above ``INDEX_MAX`` names the reader
asks Neo4j's full-text indexes instead, so the app never holds a province's names.
"""

from __future__ import annotations

import threading

from graph.search import SearchIndex

INDEX_MAX = 50_000  # names (firms, segments, chains, parks) held in the app's memory at most (~40 MB at this size)
NAMED = ("firms", "segments", "chains", "parks")


class NameIndex:
    """The search index of the current load, or None when the load holds more than ``INDEX_MAX`` names."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._load: str | None = None
        self._index: SearchIndex | None = None

    def get(self, store) -> SearchIndex | None:
        load = store.current_load()
        if load is None:
            return None
        with self._lock:
            if load != self._load:
                counts = dict(store.info().counts)
                small = sum(counts.get(kind, 0) for kind in NAMED) <= INDEX_MAX
                self._index = SearchIndex(store.search_entries()).start() if small else None
                self._load = load
            return self._index
