"""The DATA argument shared by read-only commands: a data folder / workbook, or the Neo4j at NEO4J_URI."""

from __future__ import annotations

import argparse
import os
import sys

from graph.store import Store, StoreUnavailable


def add_data_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", nargs="?", default=None,
                   help="folder of CSV files or an .xlsx workbook; omit it to read the Neo4j at NEO4J_URI "
                        "(with NEO4J_USER / NEO4J_PASSWORD)")


def open_store_or_report(data: str | None) -> Store | None:
    """The store DATA names; on failure print why (with what to do) and return None."""
    from loaders import InvalidData
    from loaders.open import open_data, open_store

    if data is None:
        if not os.environ.get("NEO4J_URI"):
            print("give a data folder (e.g. data/laoshan) or set NEO4J_URI", file=sys.stderr)
            return None
        try:
            store = open_store()
            store.info()
            return store
        except StoreUnavailable as exc:  # the message says what to do and holds no password
            print(f"cannot read Neo4j: {exc}", file=sys.stderr)
            return None
    try:
        return open_data(data)
    except (InvalidData, OSError) as exc:
        print(f"{data}: cannot load ({type(exc).__name__}); run `chainmap check {data}`", file=sys.stderr)
        return None
