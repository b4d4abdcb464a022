"""chainmap neo4j start|stop|status|import: the project's local Neo4j server (chainmap/neo4j_server/).

``start`` fetches the jars if missing (Maven Central), starts the server bound to 127.0.0.1, waits
until Bolt answers and prints the URI. The initial password of user ``neo4j`` comes from
NEO4J_PASSWORD; there is no default password.

``import DATA`` validates DATA exactly as ``chainmap check`` does, then builds the database of the stopped
server with ``neo4j-admin database import`` (chainmap/neo4j_server/bulk_import.py: many times faster than
``chainmap load`` for a big first load; an existing database is replaced only with ``--replace``, and put
back if any step fails) and starts the server.
"""

from __future__ import annotations

import argparse
import os
import sys

from chainmap import neo4j_server as ns


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("start", "stop", "status", "import"))
    p.add_argument("data", nargs="?", help="import only: folder of CSV files or an .xlsx workbook")
    p.add_argument("--replace", action="store_true", help="import only: replace the server's existing database")
    p.add_argument("--home", default=str(ns.DEFAULT_HOME), help="Neo4j home (default: .neo4j in the repository)")
    p.add_argument("--bolt-port", type=int, default=ns.DEFAULT_BOLT_PORT, help="Bolt port on 127.0.0.1")
    p.add_argument("--http-port", type=int, default=ns.DEFAULT_HTTP_PORT, help="HTTP port on 127.0.0.1")
    p.add_argument("--heap", default="1g", help="JVM heap, e.g. 1g (start and import)")
    p.add_argument("--pagecache", default="512m", help="page cache, e.g. 512m (start and import)")


def _no_password(action: str) -> bool:
    if os.environ.get(ns.PASSWORD_ENV):
        return False
    print(f"chainmap neo4j {action}: set {ns.PASSWORD_ENV} first (the initial password of user neo4j, "
          f"at least {ns.MIN_PASSWORD_LENGTH} characters; there is no default password), e.g.\n"
          f"  export {ns.PASSWORD_ENV}='choose-a-long-password'", file=sys.stderr)
    return True


def _import(args: argparse.Namespace) -> int:
    from chainmap.cmd_check import check
    from chainmap.neo4j_server.bulk_import import import_dataset

    if not args.data:
        print("chainmap neo4j import: name the data to import, e.g. chainmap neo4j import data/laoshan", file=sys.stderr)
        return 2
    data = check(args.data)
    if data is None:
        return 1
    if _no_password("import"):
        return 2
    stats = import_dataset(args.home, data, replace=args.replace, bolt_port=args.bolt_port, http_port=args.http_port,
                           heap=args.heap, pagecache=args.pagecache,
                           progress=lambda text: print(text, file=sys.stderr, flush=True))
    print(stats.uri)
    print(f"imported {stats.rows:,} rows as load {stats.load_id} in {stats.seconds:.1f} s ({stats.rows_per_s:,.0f} rows/s: "
          f"files {stats.files_seconds:.1f} s, import {stats.import_seconds:.1f} s, start and index "
          f"{stats.index_seconds:.1f} s); the server is running. Use it with: export NEO4J_URI={stats.uri} "
          "NEO4J_USER=neo4j (and NEO4J_PASSWORD)", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "import":
            return _import(args)
        if args.action == "start":
            if _no_password("start"):
                return 2
            print(f"starting Neo4j in {args.home} (first start fetches the jars and takes longer) ...", file=sys.stderr)
            uri = ns.start(args.home, bolt_port=args.bolt_port, http_port=args.http_port, auth=True,
                           heap=args.heap, pagecache=args.pagecache)
            print(uri)
            print(f"ready. Use it with: export NEO4J_URI={uri} NEO4J_USER=neo4j (and NEO4J_PASSWORD)", file=sys.stderr)
            return 0
        if args.action == "stop":
            print("stopped" if ns.stop(args.home) else "not running")
            return 0
        info = ns.status(args.home)
        print(f"running, pid {info['pid']}, {info['uri']}" if info["running"] else "not running")
        return 0 if info["running"] else 3
    except ns.Neo4jServerError as exc:
        print(f"chainmap neo4j {args.action}: {exc}", file=sys.stderr)
        return 2
