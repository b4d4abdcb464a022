"""chainmap check DATA: print the validation report; exit 1 on errors."""

from __future__ import annotations

import argparse

from graph.model import Dataset
from loaders import load


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", help="folder of CSV files or an .xlsx workbook")
    p.add_argument("--lang", choices=("zh", "en"), default="en",
                   help="language of the checks the words books state (default en, the validator's own words)")


def check(path: str, lang: str = "en") -> Dataset | None:
    """Validate ``path`` and print its report (errors and warnings, each with file, row and column); return the
    dataset, or None when it has errors (warnings do not block)."""
    data, report = load(path)
    if lang == "en":
        for problem in report.problems:
            print(problem)
    else:
        from graph.words import problem_text

        for problem in report.problems:
            print(problem_text(problem, lang))
    if data is None:
        print(f"{path}: {len(report.errors)} error(s), {len(report.warnings)} warning(s) — nothing was imported")
        return None
    counts = ", ".join(f"{k} {v}" for k, v in data.counts().items())
    print(f"{path}: OK ({counts}); {len(report.warnings)} warning(s)")
    return data


def run(args: argparse.Namespace) -> int:
    return 0 if check(args.data, getattr(args, "lang", "en")) is not None else 1
