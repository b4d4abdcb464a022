"""chainmap export DATA [--chain ID|all] --format pptx|png|html|xlsx [--out PATH] [--lang zh|en]: meeting material."""

from __future__ import annotations

import argparse
import sys

from chainmap.store_arg import add_data_argument, open_store_or_report
from graph.export.common import FORMATS
from graph.words import LANGS


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_data_argument(p)
    p.add_argument("--chain", action="append", metavar="ID",
                   help="chain id (repeatable) or 'all'; default: every chain (pptx/xlsx: one file for all of them)")
    p.add_argument("--format", choices=FORMATS, default="pptx", help="default: pptx")
    p.add_argument("--out", metavar="PATH",
                   help="pptx/xlsx: the file; png/html: a folder (one file per chain), or a .png/.html file for one chain "
                        "(default: chainmap-<date>.pptx|xlsx, chainmap-png/, chainmap-html/)")
    p.add_argument("--lang", choices=LANGS, default="zh", help="language of titles, labels and cells (default zh)")
    p.add_argument("--present", action="store_true",
                   help="html/png: pictures at presentation size (labels for a projector, as in the app's presentation mode)")


def run(args: argparse.Namespace) -> int:
    from graph.export import ExportError, chain_ids, default_out, meeting, write
    from graph.store import NotFound

    store = open_store_or_report(args.data)
    if store is None:
        return 1
    try:
        ids = chain_ids(store, args.chain)
    except NotFound as exc:
        known = ", ".join(c.chain.id for c in store.chains())
        print(f"unknown chain: {exc.args[0]} (known: {known}, or 'all')", file=sys.stderr)
        return 2
    m = meeting(store, args.lang, present=args.present)
    out = args.out or default_out(args.format, m)
    try:
        since = None
        if args.format == "pptx" and args.data:  # a data folder with two snapshots: a "since the last meeting" slide
            from loaders.snapshots import last_change

            since = last_change(args.data)
        paths = write(store, args.format, ids, out, m, since=since)
    except ExportError as exc:
        print(f"chainmap export: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"chainmap export: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0
