"""chainmap diff OLD NEW [--format table|json] [--lang zh|en]: what changed between two data folders or
workbooks — records added, removed and changed per kind, and the effect on the gaps (graph/maintain)."""

from __future__ import annotations

import argparse
import json
import sys

from graph.words import LANGS


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", help="the data before: a folder of CSV files or an .xlsx workbook")
    p.add_argument("new", help="the data after: a folder of CSV files or an .xlsx workbook")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help='table (default) or json: {"added", "removed", "changed", "gaps"}')
    p.add_argument("--lang", choices=LANGS, default="zh", help="language of the table (default zh)")


def names_of(*datasets) -> dict:
    """id -> record for the chains, segments and firms of the datasets (later ones win)."""
    out = {}
    for data in datasets:
        for kind in ("chains", "segments", "firms"):
            out.update({r.id: r for r in getattr(data, kind)})
    return out


def text(d, effect, names: dict, lang: str) -> str:
    from graph.tables import Context, header_line, lines
    from graph.tables.maintain import CHANGES, GAP_EFFECT, change_rows, effect_rows
    from graph.words import enum_label, t

    if d.empty:
        return t("no_data_change", lang)
    ctx = Context(lang, "cli", extra={"names": names})
    out = [t("data_changes", lang)]
    out += ["  " + t("diff_counts", lang).format(kind=enum_label("data_kind", kind, lang), added=a, removed=r, changed=c)
            for kind, (a, r, c) in d.counts().items()]
    out += ["", "  " + header_line(CHANGES, ctx)]
    out += ["  " + line for line in lines(CHANGES, change_rows(d), ctx)]
    out += ["", t("gap_effect", lang)]
    rows = effect_rows(effect)
    if not rows:
        out.append("  " + t("no_gap_effect", lang))
    else:
        out += ["  " + header_line(GAP_EFFECT, ctx)]
        out += ["  " + line for line in lines(GAP_EFFECT, rows, ctx)]
        for c in effect.changed:
            if c.new_single_points:
                firms = ", ".join(c.new_single_points)
                out.append(f"  ! {c.chain}: " + t("new_single_points", lang).format(firms=firms))
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    from graph.maintain import diff, gap_effect, maintenance_json
    from loaders import load

    datasets = []
    for path in (args.old, args.new):
        data, report = load(path)
        if data is None:
            for problem in report.errors:
                print(problem, file=sys.stderr)
            print(f"{path}: {len(report.errors)} error(s); run `chainmap check {path}`", file=sys.stderr)
            return 1
        datasets.append(data)
    old, new = datasets
    d, effect = diff(old, new), gap_effect(old, new)
    if args.format == "json":
        print(json.dumps(maintenance_json(d, effect), ensure_ascii=False, indent=2))
    else:
        print(text(d, effect, names_of(old, new), args.lang))
    return 0
