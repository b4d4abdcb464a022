"""What a page asks of Neo4j, timed: p50 / p95 of every page question at a synthetic size, and the same
questions through another checkout's code (``--baseline``, e.g. main's) against the same loaded database.

The data is SYNTHETIC (``bench/synthetic.py`` ``synthetic_load_dataset``: ids ``syn_…``, names 合成 /
"Synthetic", ``meta.synthetic = true``), about five firm links per firm; it is loaded with this checkout's
``chainmap load`` path (``load_into_neo4j``, progress on stderr), then asked through the store contract
only, so any checkout's ``Neo4jStore`` can answer the same questions::

    git archive main | (mkdir -p /tmp/main && tar -x -C /tmp/main)
    python -m bench.neo4j_pages --firms 100000 --baseline /tmp/main      # throwaway server unless NEO4J_URI

With NEO4J_URI set the dataset in that database is REPLACED. A question is repeated ``--reps`` times or
until ``--budget`` seconds have passed (at least once), so a slow baseline still finishes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Questions: name -> (contract call as (method, args)) lists, filled in by ``plan``.
SEARCHES = ("合成企业 0001", "hcqy", "Synthetic firm 0012345", "Synthetik firm 00123", "合成园区 05", "syn_firm_0000042")


def plan(data) -> dict:
    """The questions, chosen from the dataset: the largest chain and segment, 50 firms at random."""
    on: dict[str, int] = {}
    for f in data.firms:
        for sid in dict.fromkeys(f.segments):
            on[sid] = on.get(sid, 0) + 1
    chain_of = {s.id: s.chain for s in data.segments}
    per_chain: dict[str, int] = {}
    for sid, n in on.items():
        per_chain[chain_of[sid]] = per_chain.get(chain_of[sid], 0) + n
    chain = max(per_chain, key=per_chain.get)
    segment = max(on, key=on.get)
    firms = [f.id for f in random.Random(7).sample(list(data.firms), min(50, len(data.firms)))]
    return {
        "chain": chain, "chain_firms": per_chain[chain], "segment": segment, "segment_firms": on[segment],
        "questions": {
            "chains()": [["chains", []]],
            "info()": [["info", []]],
            "tags()": [["tags", []]],
            "chain_overview(largest, 60)": [["chain_overview", [chain, 60]]],
            "segment_firms(largest, first page)": [["segment_firms", [segment, 0, 50]]],
            "segment_firms(largest, middle page)": [["segment_firms", [segment, on[segment] // 2, 50]]],
            "segment_firms(largest, name filter)": [["segment_firms", [segment, 0, 50, "00"]]],
            "search": [["search", [q]] for q in SEARCHES],
            "firm_detail": [["firm_detail", [fid]] for fid in firms],
        },
    }


def measure(uri: str, user: str, password: str, questions: dict, reps: int, budget: float) -> dict:
    """Seconds of each call, per question (the store contract only: any checkout answers it)."""
    from graph.neo4j import Neo4jStore

    store = Neo4jStore(uri, user, password)
    out = {}
    try:
        for name, calls in questions.items():
            times: list[float] = []
            started = time.perf_counter()
            for _ in range(reps):
                for method, args in calls:
                    t = time.perf_counter()
                    getattr(store, method)(*args)
                    times.append(time.perf_counter() - t)
                if time.perf_counter() - started > budget:
                    break
            out[name] = times
    finally:
        store.close()
    return out


def _quantiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--firms", type=int, default=100_000)
    ap.add_argument("--links-per-firm", type=float, default=5.0)
    ap.add_argument("--baseline", default="", help="root of another checkout whose Neo4jStore answers the same questions")
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--budget", type=float, default=30.0, help="seconds per question at most (after the first call)")
    ap.add_argument("--no-load", action="store_true", help="ask the dataset already loaded (same --firms)")
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="2g")
    ap.add_argument("--measure-only", default="", help=argparse.SUPPRESS)  # a JSON job file (used for --baseline)
    args = ap.parse_args(argv)

    if args.measure_only:
        job = json.loads(Path(args.measure_only).read_text(encoding="utf-8"))
        print(json.dumps(measure(job["uri"], job["user"], job["password"], job["questions"], job["reps"], job["budget"])))
        return 0

    import contextlib

    from bench.load import _server
    from bench.synthetic import synthetic_load_dataset
    from chainmap.cmd_load import _Progress
    from neo4j import GraphDatabase

    from graph.neo4j import load_into_neo4j

    data = synthetic_load_dataset(args.firms, round(args.firms * args.links_per_firm))
    job = plan(data)
    with contextlib.ExitStack() as stack:
        uri, (user, password), where = stack.enter_context(_server(args.heap, args.pagecache))
        if not args.no_load:
            with GraphDatabase.driver(uri, auth=(user, password) if password else None) as driver:
                progress = _Progress()
                stats = load_into_neo4j(driver, data, progress=progress)
                progress.done()
            print(f"loaded {stats.rows:,} rows in {stats.seconds:.1f} s ({stats.rows_per_s:,.0f} rows/s writing)")
        ours = measure(uri, user, password, job["questions"], args.reps, args.budget)
        theirs = None
        if args.baseline:
            path = Path("/tmp") / f"neo4j_pages_job_{os.getpid()}.json"
            path.write_text(json.dumps({**job, "uri": uri, "user": user, "password": password, "reps": args.reps,
                                        "budget": args.budget}), encoding="utf-8")
            env = {**os.environ, "PYTHONPATH": str(Path(args.baseline).resolve())}
            done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure-only", str(path)],
                                  env=env, cwd=args.baseline, capture_output=True, text=True, check=True)
            path.unlink()
            theirs = json.loads(done.stdout.strip().splitlines()[-1])

    print(f"SYNTHETIC data (bench/synthetic.py): {len(data.firms):,} firms, {len(data.firm_links):,} firm links, "
          f"{len(data.chains)} chains x {len(data.segments) // len(data.chains)} segments; largest chain "
          f"{job['chain_firms']:,} firm places, largest segment {job['segment_firms']:,} firms; {where}; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    head = f"{'question':38} {'calls':>5} {'p50 ms':>9} {'p95 ms':>9}"
    print(head + (f" | {'baseline p50':>12} {'p95 ms':>9} {'p95 ratio':>9}" if theirs else ""))
    for name, times in ours.items():
        p50, p95 = _quantiles(times)
        line = f"{name:38} {len(times):5d} {p50 * 1000:9.1f} {p95 * 1000:9.1f}"
        if theirs:
            b50, b95 = _quantiles(theirs[name])
            line += f" | {b50 * 1000:12.1f} {b95 * 1000:9.1f} {b95 / p95 if p95 else 0:8.1f}x"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
