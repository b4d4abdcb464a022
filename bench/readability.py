"""Readability bench: how big, how crowded and how well placed every label of a chain picture is on screen.

It measures whatever the offline HTML export draws, through two seams only: the command line
(``python -m chainmap.cli export DATA --format html --chain ID --out FILE.html``) and, in the page,
``window.chainmap.network`` (the vis-network instance) and ``window.chainmap.drawn`` (true after the
first draw). For ``data/laoshan`` (every chain) and synthetic chains of 300, 2,000 and 20,000 firms
(``bench/synthetic_chains.py``), each chain's page is opened in headless Debian Chromium at every
window size (1366×768 and 1920×1080; every non-file request blocked and counted). Once the picture is
still, every drawn node and edge label is read from vis-network:

* on-screen size in CSS px = the element's own vis font size × ``network.getScale()`` (capped at
  vis's ``maxVisible``, as vis draws it); labels vis skips as too small (below its draw threshold,
  about 4 px) count with that nominal size — a label that is not drawn is not readable either;
* its box, canvas → ``canvasToDOM`` → page coordinates: for shapes drawn around their label (box,
  ellipse, circle, database, text) the drawn shape, else the label text's box (``getBoundingBox`` pads a
  box by its corner radius, which would count boxes 12 canvas units apart as overlapping); edge labels
  use the label's drawn box;
* overlaps: label pairs whose boxes intersect by more than the tolerance (2 px) both ways, counted
  with a grid, so 20,000 labels take milliseconds;
* outside: labels not wholly inside the visible part of the graph (its element ∩ the window); and
  whether the page itself scrolls (then the picture is not wholly inside the window either);
* time to first draw, and time to a still picture: the moment after which positions, scale and view
  stay unchanged for 500 ms (``performance.now()``, i.e. since navigation start);
* the HTML file's size and the requests that would have left the machine.

Run from the repository root (several pages at once in one browser; ``--workers 1`` for quieter timing)::

    python -m bench.readability                                    # Laoshan + 300 / 2,000 / 20,000, both windows
    python -m bench.readability --sizes 300 --windows 1366x768 --data my/folder
    python -m bench.readability --present                          # 1920×1080 at the 16 px goal (export --present)
    python -m bench.readability --html some/page.html              # any page exposing window.chainmap

Prints a row per chain and window, a summary per data set and window, and a verdict against issue
13's goals (min ≥ 12 px, 0 overlaps, 0 outside, ≤ 1.5 s to still, HTML < 2 MB). Writes
``bench/results/readability.json`` (or ``readability-present.json``); synthetic folders go to
``bench/results/synthetic/`` (gitignored), never into ``data/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.readability_page import QUIET_MS, TOLERANCE_PX, measure_pages
from bench.synthetic_chains import CHAIN_ID as SYN_CHAIN, write_synthetic_chain
from graph.export.browser import chromium_path, launch_chromium

CHROMIUM = chromium_path()

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WINDOWS = ((1366, 768), (1920, 1080))
SIZES = (300, 2000, 20000)
MIN_PX, PRESENT_PX = 12.0, 16.0
STILL_GOAL_S, HTML_GOAL_BYTES = 1.5, 2_000_000
# On 2 CPUs two pages at once took as long in total as one at a time and made each page 1.5–2× slower to draw.
DEFAULT_WORKERS = max(1, (os.cpu_count() or 1) // 4)


@dataclass
class Target:
    """One page to measure: a chain of a data set, exported to ``html`` (or a page given as is)."""

    group: str  # 'laoshan', 'syn-300', … or 'html'
    chain: str
    html: Path
    data: str = ""
    export_s: float | None = None
    export_error: str = ""

    @property
    def html_bytes(self) -> int | None:
        return self.html.stat().st_size if self.html.exists() and not self.export_error else None


@dataclass
class Result:
    group: str
    chain: str
    window: str
    status: str  # ok | timeout | export failed | error
    html_bytes: int | None = None
    export_s: float | None = None
    first_draw_s: float | None = None
    still_s: float | None = None
    external_requests: int = 0
    labels: dict = field(default_factory=dict)
    error: str = ""


def parse_window(text: str) -> tuple[int, int]:
    w, _, h = text.lower().replace("×", "x").partition("x")
    return int(w), int(h)


def export_chain(target: Target, timeout_s: float, present: bool = False) -> Target:
    """Run the export command line for one chain; record its time or its failure (a timeout is a failure)."""
    target.html.parent.mkdir(parents=True, exist_ok=True)
    target.html.unlink(missing_ok=True)  # a failed export must not leave the last run's page to be measured
    cmd = [sys.executable, "-m", "chainmap.cli", "export", target.data, "--format", "html", "--chain", target.chain,
           "--out", str(target.html), *(["--present"] if present else [])]
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        target.export_error = f"timeout after {timeout_s:.0f} s"
        return target
    target.export_s = time.perf_counter() - t0
    if done.returncode != 0 or not target.html.exists():
        target.export_error = f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
    return target


# -- the run: export, measure, print ----------------------------------------------------------------


def data_targets(data: Path, out: Path, taken: set[str] = frozenset()) -> list[Target]:
    """Every chain of a data folder (or workbook), each to be exported to ``out/<group>/<chain>.html``.

    The group is the folder's name, made unique against ``taken`` and the synthetic sets' ``syn-N``.
    """
    from loaders import load_or_raise

    stem = f"data-{data.stem}" if data.stem.startswith("syn-") else data.stem
    group, k = stem, 1
    while group in taken:
        k += 1
        group = f"{stem}-{k}"
    return [Target(group, c.id, out / group / (re.sub(r"[^\w.-]", "_", c.id) + ".html"), str(data))
            for c in load_or_raise(data).chains]


def synthetic_targets(sizes: list[int], out: Path) -> list[Target]:
    targets = []
    for n in sizes:
        folder = write_synthetic_chain(n, RESULTS / "synthetic" / f"syn-{n}")
        targets.append(Target(f"syn-{n}", SYN_CHAIN, out / f"syn-{n}" / f"{SYN_CHAIN}.html", str(folder)))
    return targets


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _f(value, fmt: str, none: str = "–") -> str:
    return none if value is None else format(value, fmt)


def _px(value) -> str:
    return "–" if value is None else f"{value:.2f}" if value < 1 else f"{value:.1f}"


def row_text(r: Result) -> str:
    lab = r.labels
    if r.status in ("export failed", "error") or not lab:
        return f"{r.group:<11} {r.chain:<10} {r.window:>9}  {r.status}: {r.error[:120]}"
    still = _f(r.still_s, ".2f") + " s" if r.still_s is not None else r.status
    capped = "+" if lab.get("overlaps_capped") else ""
    return (f"{r.group:<11} {r.chain:<10} {r.window:>9} {lab['nodes']:>6} {lab['labels']:>6} {_px(lab['min_px']):>6}"
            f" {_px(lab['p10_px']):>6} {lab['not_drawn']:>6} {lab['overlaps']:>7}{capped:1} {lab['outside']:>6}"
            f" {'yes' if lab['page_scrolls'] else 'no':>6} {_f(r.first_draw_s, '6.2f')} s {still:>8}"
            f" {_f(r.html_bytes and r.html_bytes / 1e6, '7.2f')} MB {r.external_requests:>4}")


HEADER = (f"{'data':<11} {'chain':<10} {'window':>9} {'nodes':>6} {'labels':>6} {'min px':>6} {'p10 px':>6}"
          f" {'undrwn':>6} {'overlaps':>8} {'outside':>6} {'scroll':>6} {'1st draw':>8} {'still':>8} {'html':>10} {'ext':>4}")


def goal_failures(rs: list[Result], min_px: float) -> list[str]:
    """What a set of results misses of the goals (empty: all met)."""
    fails = []
    bad = [r for r in rs if r.status != "ok" or not r.labels]
    if bad:
        fails.append(f"{len(bad)} not measured ({', '.join(sorted({r.status for r in bad}))})")
    ok = [r for r in rs if r.labels and r.labels.get("min_px") is not None]
    if any(r.labels["min_px"] < min_px for r in ok):
        fails.append(f"min < {min_px:g} px")
    if any(r.labels["overlaps"] for r in ok):
        fails.append("overlaps")
    if any(r.labels["outside"] for r in ok):
        fails.append("labels outside")
    if any(r.labels["page_scrolls"] for r in ok):
        fails.append("page scrolls")
    if any(r.still_s is None or r.still_s > STILL_GOAL_S for r in rs if r.status == "ok"):
        fails.append(f"still > {STILL_GOAL_S:g} s")
    if any(r.html_bytes is not None and r.html_bytes >= HTML_GOAL_BYTES for r in rs):
        fails.append("HTML ≥ 2 MB")
    return fails


def summary_text(group: str, window: str, rs: list[Result], min_px: float) -> str:
    ok = [r for r in rs if r.labels and r.labels.get("min_px") is not None]
    worst = min(ok, key=lambda r: r.labels["min_px"], default=None)
    stills = [r.still_s for r in rs if r.still_s is not None]
    sizes = [r.html_bytes for r in rs if r.html_bytes is not None]
    fails = goal_failures(rs, min_px)
    return (f"{group:<11} {window:>9} ({len(rs)} chain{'s' if len(rs) != 1 else ''}): "
            f"min {_px(worst and worst.labels['min_px'])} px"
            f"{f' ({worst.chain})' if worst and len(rs) > 1 else ''}"
            f" · worst p10 {_px(min((r.labels['p10_px'] for r in ok), default=None))} px"
            f" · overlaps {sum(r.labels['overlaps'] for r in ok)} · outside {sum(r.labels['outside'] for r in ok)}"
            f" · page scrolls {sum(r.labels['page_scrolls'] for r in ok)}/{len(rs)}"
            f" · still max {_f(max(stills, default=None), '.2f')} s"
            f"{'' if len(stills) == len(rs) else f' ({len(rs) - len(stills)} not still)'}"
            f" · HTML max {_f(max(sizes, default=None) and max(sizes) / 1e6, '.2f')} MB"
            f" → {'goals met' if not fails else 'NOT met: ' + ', '.join(fails)}")


def run(data: list[Path], sizes: list[int], windows: list[tuple[int, int]], min_px: float, html: list[Path],
        workers: int, export_timeout: float, page_timeout: float, present: bool = False) -> list[Result]:
    """Export (with ``present``: at presentation size), measure and print everything; one Result per (chain, window)."""
    from playwright.sync_api import sync_playwright

    out = RESULTS / ("html-present" if present else "html")
    targets: list[Target] = []
    for d in data:
        targets += data_targets(d, out, {t.group for t in targets})
    targets += synthetic_targets(sizes, out)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        list(pool.map(lambda t: export_chain(t, export_timeout, present), targets))
    slow = ", ".join(f"{t.group}/{t.chain} {t.export_s:.1f} s" for t in targets if t.export_s and t.export_s > 5)
    failed = [t for t in targets if t.export_error]
    print(f"exported {len(targets) - len(failed)} of {len(targets)} chain(s) in {time.perf_counter() - t0:.1f} s"
          + (f" (slowest: {slow})" if slow else "")
          + "".join(f"\n  export failed: {t.group}/{t.chain}: {t.export_error}" for t in failed), flush=True)
    targets += [Target("html", p.stem, p.resolve()) for p in html]

    results: list[Result] = []
    jobs, job_result = [], []
    for t in targets:
        for w in windows:
            r = Result(t.group, t.chain, f"{w[0]}×{w[1]}", "export failed" if t.export_error else "pending",
                       t.html_bytes, t.export_s, error=t.export_error)
            results.append(r)
            if not t.export_error:
                jobs.append((t.html.resolve().as_uri(), w))
                job_result.append(r)

    def progress(i: int, res: dict) -> None:
        r = job_result[i]
        r.status, r.error = res["status"], res.get("error", "")
        r.first_draw_s, r.still_s = res.get("first_draw_s"), res.get("still_s")
        r.external_requests, r.labels = res["external_requests"], res["labels"]

    with sync_playwright() as p:
        browser = launch_chromium(p)
        note = "" if workers == 1 else " (times include sharing the CPUs; --workers 1 for the time goal)"
        print(f"Chromium {browser.version} · {platform.machine()} · {os.cpu_count()} CPUs, load {_load()}"
              f" · {workers} page(s) at once{note} · windows "
              f"{', '.join(f'{w}×{h}' for w, h in windows)} · goal min ≥ {min_px:g} px", flush=True)
        measure_pages(browser, jobs, workers, page_timeout, progress)
        browser.close()

    print()
    print(HEADER)
    for r in results:
        print(row_text(r))
    print()
    print(f"summary · goals: min ≥ {min_px:g} px, 0 overlaps (> {TOLERANCE_PX:g} px both ways), 0 labels outside,"
          f" page does not scroll, ≤ {STILL_GOAL_S:g} s to a still picture, HTML < {HTML_GOAL_BYTES / 1e6:g} MB")
    groups = list(dict.fromkeys(r.group for r in results))
    for g in groups:
        for w in dict.fromkeys(r.window for r in results):
            print(summary_text(g, w, [r for r in results if r.group == g and r.window == w], min_px))
    fails = goal_failures(results, min_px)
    print(f"load average at the end {_load()} (other work on the machine lengthens the times)")
    print(f"verdict: {'every goal met' if not fails else 'goals NOT met — ' + ', '.join(fails)}")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, action="append", metavar="DIR",
                    help="data folder or workbook, every chain measured (repeatable; default data/laoshan)")
    ap.add_argument("--sizes", type=int, nargs="*", metavar="N", help=f"synthetic chain sizes (default {SIZES}; none: no synthetic)")
    ap.add_argument("--windows", nargs="+", metavar="WxH", help="window sizes in CSS px (default 1366x768 1920x1080)")
    ap.add_argument("--min-px", type=float, help=f"smallest label goal (default {MIN_PX:g}; --present: {PRESENT_PX:g})")
    ap.add_argument("--present", action="store_true",
                    help=f"presentation goal: 1920x1080 only, min ≥ {PRESENT_PX:g} px (unless --windows / --min-px say otherwise)")
    ap.add_argument("--html", type=Path, action="append", default=[], metavar="FILE",
                    help="also measure this page as it is (it must expose window.chainmap.network / .drawn)")
    ap.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                    help=f"pages measured at once (default {DEFAULT_WORKERS}: a quarter of the CPUs; pages side by side "
                         "share the CPUs, so their times are longer)")
    ap.add_argument("--export-timeout", type=float, default=900.0, help="seconds per chain export (default 900)")
    ap.add_argument("--page-timeout", type=float, default=300.0, help="seconds for a page to become still (default 300)")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    windows = [parse_window(w) for w in args.windows] if args.windows else ([(1920, 1080)] if args.present else list(WINDOWS))
    min_px = args.min_px if args.min_px is not None else (PRESENT_PX if args.present else MIN_PX)
    data = args.data if args.data is not None else [ROOT / "data" / "laoshan"]
    sizes = list(SIZES) if args.sizes is None else args.sizes

    t0 = time.perf_counter()
    results = run(data, sizes, windows, min_px, args.html, args.workers, args.export_timeout, args.page_timeout,
                  present=args.present)
    total = time.perf_counter() - t0
    print(f"total run time {total:.0f} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("readability-present.json" if args.present else "readability.json")
    out.write_text(json.dumps({"chromium": str(CHROMIUM), "windows": [f"{w}×{h}" for w, h in windows], "min_px": min_px,
                               "tolerance_px": TOLERANCE_PX, "quiet_ms": QUIET_MS, "workers": args.workers,
                               "run_s": round(total, 1), "results": [asdict(r) for r in results]},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
