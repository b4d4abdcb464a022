"""chainmap neo4j start|stop|status: the project's local Neo4j server (chainmap/neo4j_server.py).

``start`` fetches the jars if missing (Maven Central), starts the server bound to 127.0.0.1, waits
until Bolt answers and prints the URI. The initial password of user ``neo4j`` comes from
NEO4J_PASSWORD; there is no default password.
"""

from __future__ import annotations

import argparse
import os
import sys

from chainmap import neo4j_server as ns


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("start", "stop", "status"))
    p.add_argument("--home", default=str(ns.DEFAULT_HOME), help="Neo4j home (default: .neo4j in the repository)")
    p.add_argument("--bolt-port", type=int, default=ns.DEFAULT_BOLT_PORT, help="Bolt port on 127.0.0.1")
    p.add_argument("--http-port", type=int, default=ns.DEFAULT_HTTP_PORT, help="HTTP port on 127.0.0.1")
    p.add_argument("--heap", default="1g", help="JVM heap, e.g. 1g (start only)")
    p.add_argument("--pagecache", default="512m", help="page cache, e.g. 512m (start only)")


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "start":
            if not os.environ.get(ns.PASSWORD_ENV):
                print(f"chainmap neo4j start: set {ns.PASSWORD_ENV} first (the initial password of user neo4j, "
                      f"at least {ns.MIN_PASSWORD_LENGTH} characters; there is no default password), e.g.\n"
                      f"  export {ns.PASSWORD_ENV}='choose-a-long-password'", file=sys.stderr)
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
