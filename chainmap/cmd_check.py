"""chainmap check DATA: print the validation report; exit 1 on errors."""

from __future__ import annotations

import argparse

from loaders import load


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", help="folder of CSV files or an .xlsx workbook")


def run(args: argparse.Namespace) -> int:
    data, report = load(args.data)
    for problem in report.problems:
        print(problem)
    if data is None:
        print(f"{args.data}: {len(report.errors)} error(s), {len(report.warnings)} warning(s) — nothing was imported")
        return 1
    counts = ", ".join(f"{k} {v}" for k, v in data.counts().items())
    print(f"{args.data}: OK ({counts}); {len(report.warnings)} warning(s)")
    return 0
