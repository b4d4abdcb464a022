"""The DATA argument shared by read-only commands: a data folder / workbook, or the Neo4j at NEO4J_URI."""

from __future__ import annotations

import argparse
import os
import sys

from graph.store import Store


def add_data_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", nargs="?", default=None,
                   help="folder of CSV files or an .xlsx workbook; omit it to read the Neo4j at NEO4J_URI "
                        "(with NEO4J_USER / NEO4J_PASSWORD)")


def open_store_or_report(data: str | None) -> Store | None:
    """The store DATA names; on failure print why (with what to do) and return None."""
    from graph.embedded import EmbeddedStore
    from graph.stores import open_store
    from loaders import InvalidData

    if data is None:
        if not os.environ.get("NEO4J_URI"):
            print("give a data folder (e.g. data/laoshan) or set NEO4J_URI", file=sys.stderr)
            return None
        try:
            store = open_store()
            store.info()
            return store
        except Exception as exc:  # driver errors are many kinds; the message is what the user needs
            print(f"cannot read Neo4j at {os.environ['NEO4J_URI']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return None
    try:
        return EmbeddedStore.from_path(data)
    except (InvalidData, OSError) as exc:
        print(f"{data}: cannot load ({type(exc).__name__}); run `chainmap check {data}`", file=sys.stderr)
        return None
