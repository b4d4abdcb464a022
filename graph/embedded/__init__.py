"""The embedded backend: the whole dataset in one networkx graph, no server needed."""

from graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
