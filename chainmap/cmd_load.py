"""chainmap load DATA: validate, then replace the dataset in Neo4j atomically (graph/neo4j/writer.py).

Connection defaults come from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD. Invalid data is reported
exactly as ``chainmap check`` reports it and nothing is written (the server is not even contacted).
Progress (rows, rows/s, ETA) goes to stderr; the summary to stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from chainmap.cmd_check import check
from graph.neo4j.writer import DEFAULT_BATCH_SIZE, LoadError, LoadProgress


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", help="folder of CSV files or an .xlsx workbook")
    p.add_argument("--uri", default=None, help="Bolt URI, e.g. bolt://127.0.0.1:7687 or neo4j+s://host (default: $NEO4J_URI)")
    p.add_argument("--user", default=None, help="user name (default: $NEO4J_USER, else neo4j)")
    p.add_argument("--password", default=None,
                   help="password (default: $NEO4J_PASSWORD; prefer the variable: arguments show in ps)")
    p.add_argument("--database", default=None, help="database name (default: the server's default database)")
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help=f"rows per transaction ({DEFAULT_BATCH_SIZE})")


def _clock(seconds: float) -> str:
    """``1:05:09`` / ``5:09``.

    >>> _clock(3909), _clock(309.4)
    ('1:05:09', '5:09')
    """
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class _Progress:
    """Progress on stderr: one rewritten line on a terminal, else a line at most every half second."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr  # looked up now: sys.stderr may have been replaced since import
        self.tty = self.stream.isatty()
        self.last = 0.0
        self.last_phase = ""

    def __call__(self, p: LoadProgress) -> None:
        now = time.monotonic()
        changed = (p.phase, p.step) != self.last_phase
        finished_kind = p.phase == "write" and p.rows_done == p.rows_total
        if not (self.tty or changed or finished_kind or now - self.last >= 0.5):
            return
        self.last, self.last_phase = now, (p.phase, p.step)
        if p.phase == "write":
            eta = (p.rows_total - p.rows_done) / p.rows_per_s if p.rows_per_s > 0 else 0.0
            text = (f"{p.phase} {p.step}: {p.rows_done:,}/{p.rows_total:,} rows ({p.rows_done / max(p.rows_total, 1):.0%}), "
                    f"{p.rows_per_s:,.0f} rows/s, ETA {_clock(eta)}")
        else:
            text = f"{p.phase} {p.step} ({p.elapsed:.1f} s)"
        if self.tty:
            self.stream.write("\r\033[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")


def run(args: argparse.Namespace) -> int:
    data = check(args.data)
    if data is None:
        return 1
    uri = (args.uri or os.environ.get("NEO4J_URI", "")).strip()
    if not uri:
        print("chainmap load: no Neo4j URI. Pass --uri or set NEO4J_URI (a local server: `chainmap neo4j start`).",
              file=sys.stderr)
        return 2
    user = args.user or os.environ.get("NEO4J_USER") or "neo4j"
    password = args.password if args.password is not None else os.environ.get("NEO4J_PASSWORD", "")

    from neo4j.exceptions import Neo4jError

    from graph.neo4j import connect, load_into_neo4j, safe_uri, scrub
    from graph.neo4j.connect import unavailable
    from graph.store import StoreUnavailable

    where = safe_uri(uri)
    progress = _Progress()
    try:
        with unavailable(uri, user, password):
            with connect(uri, user, password, connection_timeout=10.0) as driver:
                driver.verify_connectivity()
                stats = load_into_neo4j(driver, data, batch_size=args.batch_size, progress=progress,
                                        database=args.database)
    except StoreUnavailable as exc:
        progress.done()
        print(f"chainmap load: {exc}", file=sys.stderr)
        return 1
    except (LoadError, Neo4jError) as exc:
        progress.done()
        print(f"chainmap load: the load failed; the previous dataset is still the visible one at {where}: "
              f"{scrub(str(exc), password)}", file=sys.stderr)
        return 1
    progress.done()
    print(f"loaded {stats.rows:,} rows into {where} as load {stats.load_id}: {stats.nodes:,} nodes, "
          f"{stats.relationships:,} relationships; {stats.rows_per_s:,.0f} rows/s, {stats.seconds:.1f} s in all"
          + (f"; previous load {stats.previous} deleted" if stats.previous else "")
          + (f"; leftovers of {len(stats.cleaned)} unfinished load(s) removed" if stats.cleaned else ""))
    return 0
