"""`chainmap`: the command line, a thin layer over graph/ and loaders/.

Each subcommand lives in its own module ``chainmap.cmd_<name>`` with
``add_arguments(parser)`` and ``run(args) -> int``; modules are imported only
when their command runs, so a slow import never slows ``--help``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "check": "validate a data folder or .xlsx workbook and print every problem",
    "neo4j": "start, stop or inspect the project's local Neo4j server",
    "load": "validate, then load a dataset into Neo4j, replacing the previous one atomically",
    "gaps": "segment status, gap positions and ranked targets per chain",
    "export": "write meeting material: pptx, png, offline html, xlsx",
    "diff": "what changed between two data folders or workbooks: records and the effect on the gaps",
    "snapshots": "list a data folder's snapshots: id, time, author, summary, file hash",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chainmap", description="崂山区重点产业链图谱 — industry-chain graph explorer")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=f"chainmap.cmd_{name}")
        try:
            importlib.import_module(f"chainmap.cmd_{name}").add_arguments(p)
        except ModuleNotFoundError as exc:
            if exc.name != f"chainmap.cmd_{name}":
                raise
            p.set_defaults(_missing=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "_missing", False):
        print(f"chainmap {args.command}: not available in this version", file=sys.stderr)
        return 2
    return int(importlib.import_module(args._module).run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
