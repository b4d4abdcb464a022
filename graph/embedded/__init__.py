"""The embedded backend: the whole dataset in memory, indexed once at open; no server needed."""

from graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
