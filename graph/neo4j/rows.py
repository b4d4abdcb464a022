"""How the rows a query returns become model records (in the contract's canonical orders)."""

from __future__ import annotations

from typing import Any, Iterable, TypeVar

from graph.model import FirmLink, SegmentLink
from graph.neo4j.schema import from_props

T = TypeVar("T")


def by_id(records) -> tuple:
    return tuple(sorted(records, key=lambda r: r.id))


def records(tx, cls: type[T], query: str, **params: Any) -> tuple[T, ...]:
    """Distinct records of ``cls`` from a query returning ``p`` (properties), by id."""
    return by_id({from_props(cls, r["p"]) for r in tx.run(query, **params)})


def segment_link(r) -> SegmentLink:
    return from_props(SegmentLink, r["p"], source=r["source"], target=r["target"])


def collected(tx, query: str, **params: Any) -> list:
    """The list a query returns in one row as ``rows`` (big answers: one row of lists reads ~4x faster than a
    record per item)."""
    return tx.run(query, **params).single()["rows"]


def link_rows(rows: Iterable) -> tuple[FirmLink, ...]:
    """Firm links from ``[supplier, customer, properties]`` lists, in dataset order (``i``), each once."""
    found: dict[FirmLink, int] = {}
    for supplier, customer, props in rows:
        link = from_props(FirmLink, props, supplier=supplier, customer=customer)
        found[link] = min(found.get(link, props["i"]), props["i"])
    return tuple(sorted(found, key=found.__getitem__))


def link_records(rows) -> tuple[FirmLink, ...]:
    """Firm links from records with ``supplier``, ``customer`` and ``p`` (properties), in dataset order, each once."""
    return link_rows((r["supplier"], r["customer"], r["p"]) for r in rows)
