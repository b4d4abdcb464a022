"""chainmap gaps [DATA] [--chain ID] [--format table|json] [--weight NAME=VALUE] [--single-max N] …: per-chain gaps."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from dataclasses import fields, replace

from chainmap.store_arg import add_data_argument, open_store_or_report
from graph.analysis.gaps import STATUSES, ChainGaps, Rules, analyse_chain
from graph.analysis.targets import Weights
from graph.export.gaps_json import gaps_json
from graph.store import NotFound
from graph.tables import Context, lines
from graph.tables.gaps import GAPS, GapRow
from graph.words import LANGS, name_of, pct, short, t
from graph.words.explain import single_point, status_rule


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_data_argument(p)
    p.add_argument("--chain", action="append", metavar="ID", help="only this chain (repeatable); default: all")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--lang", choices=LANGS, default="zh", help="language of the table (json carries both)")
    p.add_argument("--top", type=int, default=3, metavar="N", help="targets per segment in the table (default 3)")
    w = Weights()
    p.add_argument("--weight", action="append", default=[], metavar="NAME=VALUE",
                   help=f"score weight (repeatable): link={w.link:g}, quality={w.quality:g}, park={w.park:g}, "
                        f"unconfirmed_link={w.unconfirmed_link:g} by default")
    r = Rules()
    p.add_argument("--single-max", type=int, default=r.single_max, metavar="N",
                   help=f"1..N local firms make a segment 单点 single (default {r.single_max})")
    p.add_argument("--min-quality", type=int, default=r.min_quality, metavar="N",
                   help=f"fewer tagged local firms than N make a segment 薄弱 weak (default {r.min_quality})")
    p.add_argument("--quality-tags", metavar="TAGS", help="';'-separated tags that count as quality (default: "
                   + ";".join(r.quality_tags) + ")")


def settings(args: argparse.Namespace) -> tuple[Rules, Weights]:
    """Rules and weights from the command line (defaults where not given); ValueError on a bad --weight."""
    values = {}
    names = {f.name for f in fields(Weights)}
    for item in args.weight:
        name, _, value = item.partition("=")
        if name not in names:
            raise ValueError(f"unknown weight {name!r}; known: {', '.join(sorted(names))}")
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{name}={value!r} is not a number") from None
        if not math.isfinite(number) or not 0 <= number <= 1000:
            raise ValueError(f"{name}={value!r}: give a number from 0 to 1000")
        values[name] = number
    rules = replace(Rules(), single_max=args.single_max, min_quality=args.min_quality)
    if args.quality_tags is not None:
        rules = replace(rules, quality_tags=tuple(tag.strip() for tag in args.quality_tags.split(";") if tag.strip()))
    return rules, replace(Weights(), **values)


def table(gaps: ChainGaps, lang: str = "zh", top: int = 3) -> str:
    """A plain-text report for one chain: completeness, one row per segment (``graph.tables.gaps.GAPS``),
    single points."""
    stages = " · ".join(f"{t(s.stage, lang)} {s.with_local}/{s.segments}" for s in gaps.by_stage)
    head = (f"{name_of(gaps.chain, lang)} ({gaps.chain.id}) — {t('completeness', lang)} "
            f"{pct(gaps.completeness)} ({gaps.with_local}/{len(gaps.segments)}) · {stages}")
    rows = lines(GAPS, [GapRow(gaps, g) for g in gaps.segments], Context(lang, "cli", top=top))
    points = [f"  ! {short(p.firm, lang)}: {single_point(p, gaps.view, lang)}" for p in gaps.points]
    return "\n".join([head, *("  " + row for row in rows), *points])


def run(args: argparse.Namespace) -> int:

    store = open_store_or_report(args.data)
    if store is None:
        return 1
    info = store.info()
    ids = args.chain or [c.chain.id for c in store.chains()]
    try:
        rules, weights = settings(args)
    except ValueError as exc:
        print(f"--weight: {exc}", file=sys.stderr)
        return 2
    try:
        analyses = [analyse_chain(store.chain_view(cid), rules, weights) for cid in ids]
    except NotFound as exc:
        print(f"unknown chain: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        meta = {"dataset": info.title, "as_of": info.as_of, "synthetic": info.synthetic}
        return _write(json.dumps(gaps_json(analyses, rules, weights, meta), ensure_ascii=False, indent=2))
    rules_text = "\n".join(status_rule(status, rules, args.lang) for status in STATUSES)
    return _write(rules_text + "\n\n" + "\n\n".join(table(g, args.lang, args.top) for g in analyses))


def _write(text: str) -> int:
    try:
        print(text, flush=True)
    except BrokenPipeError:  # `chainmap gaps … | head` closed the pipe early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0

