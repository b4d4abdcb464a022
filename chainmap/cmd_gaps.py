"""chainmap gaps [DATA] [--chain ID] [--format table|json] [--weight NAME=VALUE] [--single-max N] …: per-chain gaps."""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from dataclasses import fields, replace

from chainmap.store_arg import add_data_argument, open_store_or_report
from graph import labels as L
from graph.analysis.gaps import STATUSES, ChainGaps, Rules, analyse_chain, single_points, status_rule
from graph.analysis.gaps_json import gaps_json
from graph.analysis.targets import Weights
from graph.render import short_name
from graph.store import NotFound


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_data_argument(p)
    p.add_argument("--chain", action="append", metavar="ID", help="only this chain (repeatable); default: all")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--lang", choices=L.LANGS, default="zh", help="language of the table (json carries both)")
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
        values[name] = float(value)
    rules = replace(Rules(), single_max=args.single_max, min_quality=args.min_quality)
    if args.quality_tags is not None:
        rules = replace(rules, quality_tags=tuple(t.strip() for t in args.quality_tags.split(";") if t.strip()))
    return rules, replace(Weights(), **values)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int) -> str:
    while _width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - _width(text))


def table(gaps: ChainGaps, lang: str = "zh", top: int = 3) -> str:
    """A plain-text report for one chain: completeness, one row per segment, single points."""
    pct = lambda x: f"{x:.0%}"  # noqa: E731
    stages = " · ".join(f"{L.t(s.stage, lang)} {s.with_local}/{s.segments}" for s in gaps.by_stage)
    lines = [f"{L.name_of(gaps.chain, lang)} ({gaps.chain.id}) — {L.t('completeness', lang)} "
             f"{pct(gaps.completeness)} ({gaps.with_local}/{len(gaps.segments)}) · {stages}"]
    for g in gaps.segments:
        targets = "; ".join(f"{short_name(L.name_of(t.firm, lang))} ({t.score:g})" for t in g.targets[:top])
        lines.append("  " + "  ".join([
            _cell(L.enum_label(L.GAP_STATUS, g.status, lang), 8),
            _cell(L.enum_label(L.GAP_POSITION, g.position, lang), 8),
            _cell(short_name(L.name_of(g.segment, lang)), 28),
            _cell(str(len(g.local_firms)), 3),
            targets or g.text("targets_note", lang),
        ]).rstrip())
    for p in single_points(gaps.view, gaps.rules):
        lines.append(f"  ! {short_name(L.name_of(p.firm, lang))}: {p.text(gaps.view, lang)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:

    store = open_store_or_report(args.data)
    if store is None:
        return 1
    data = store.dataset()
    ids = args.chain or [c.id for c in data.chains]
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
        meta = {"dataset": data.title, "as_of": data.as_of, "synthetic": data.synthetic}
        return _write(json.dumps(gaps_json(analyses, rules, weights, meta), ensure_ascii=False, indent=2))
    rules_text = "\n".join(status_rule(status, rules, args.lang) for status in STATUSES)
    return _write(rules_text + "\n\n" + "\n\n".join(table(g, args.lang, args.top) for g in analyses))


def _write(text: str) -> int:
    try:
        print(text, flush=True)
    except BrokenPipeError:  # `chainmap gaps … | head` closed the pipe early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0

