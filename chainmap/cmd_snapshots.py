"""chainmap snapshots DATA [--format table|json] [--lang zh|en]: a data folder's snapshots (every applied
change: id, time, author, summary, file hash), oldest first (loaders/snapshots.py)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from graph.words import LANGS


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", help="a data folder (e.g. data/laoshan)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--lang", choices=LANGS, default="zh", help="language of the table (default zh)")


def run(args: argparse.Namespace) -> int:
    from graph.tables import Context, header_line, lines
    from graph.tables.maintain import SNAPSHOTS
    from graph.words import t
    from loaders.snapshots import current_hash, list_snapshots

    folder = Path(args.data)
    if not folder.is_dir():
        print(f"{args.data}: not a data folder", flush=True)
        return 1
    snaps = list_snapshots(folder)
    if args.format == "json":
        print(json.dumps({"current_hash": current_hash(folder), "snapshots": [s.as_json() for s in snaps]},
                         ensure_ascii=False, indent=2))
        return 0
    if not snaps:
        print(t("no_snapshots", args.lang))
    else:
        print(header_line(SNAPSHOTS, Context(args.lang, "cli")))
        print("\n".join(lines(SNAPSHOTS, snaps, Context(args.lang, "cli"))))
    print(f"{t('file_hash', args.lang)}: {current_hash(folder)[:12]}")
    return 0
