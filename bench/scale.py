"""How the stores scale: open/load time, RSS and p50/p95 of every question a page asks, per size and store.

    .venv/bin/python -m bench.scale                      # 10k and 100k firms, embedded store
    .venv/bin/python -m bench.scale --sizes 10k,100k,1m --neo4j
    .venv/bin/python -m bench.scale --sizes 1m --neo4j-import --no-embedded --repeat 10   # a province, in Neo4j

Each size is synthetic (``bench.synthetic.synthetic_scale_dataset``: 50 chains × 20 segments, five firm links
per firm; marked synthetic) and written as a CSV folder under a temporary directory, never under data/.
Each (size, store) runs in a fresh Python process, so its RSS is its own: the embedded store opens the
folder (``loaders.open_data``: read, validate, index); ``--neo4j`` loads it into a throwaway Neo4j with the
project's writer (``chainmap.neo4j_server.throwaway_server``) and asks through ``Neo4jStore``.

Every question is asked ``--repeat`` times on different ids (p50 / p95 in ms). Where the old path of main
still exists it is timed in the same run and printed as a ratio (old / new): the overview built from the
full chain view (``overview_of(chain_view)``), a segment page from the full segment detail, search by
scoring every name (``rank(search_entries())``), the gap analysis of the full chain view
(``analyse_chain(chain_view)``; the target and what-if pages asked for it too). Read the ratios, not the
seconds: this machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTIONS = ("chains", "chain overview", "segment page", "firm page", "search", "gaps", "targets", "what-if",
             "neighbourhood")
QUERIES = ("合成企业 00012", "合成环节", "hcqy", "Synthetic firm 0001", "Synthtic frim 0001", "syn_firm_0000", "zzzzqqq")
REPO = Path(__file__).resolve().parent.parent
GOALS_MS = {"embedded": 2000, "neo4j": 1000}  # page question p95 at 100k firms (search: 100 ms)


def size_of(text: str) -> int:
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * mult)


def rss_mb() -> float:
    """This process's peak RSS. VmHWM, not ``ru_maxrss``: Linux carries ``ru_maxrss`` across fork and exec, so a
    child started by a process holding a province's dataset would report the parent's gigabytes as its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_for(firms: int, root: Path) -> Path:
    from bench.synthetic import synthetic_scale_dataset
    from loaders.write import write_csv_folder

    folder = root / f"synthetic-{firms}"
    if not (folder / "meta.csv").exists():
        write_csv_folder(synthetic_scale_dataset(firms), folder)
    return folder


def _timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t) * 1000


def _pcts(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def ask(store, repeat: int, seed: int = 7) -> dict[str, dict[str, float]]:
    """p50/p95 (ms) of each page question, and of main's old path where it still exists.

    In three rounds, so the process's peak RSS can be read after each: the pages that browse (chains,
    overview, segment, firm, search, neighbourhood), then the gap, target and what-if pages (from the store's
    aggregates), then main's old paths (which pull every name, or a whole chain view, to answer a small question).
    """
    from graph.analysis.gaps import analyse_chain, analyse_chain_in
    from graph.analysis.neighbourhood import neighbourhood
    from graph.analysis.targets import Weights
    from graph.analysis.whatif import what_if_in
    from graph.search import rank
    from graph.store import Store, overview_of

    rng = random.Random(seed)
    chains = [c.chain.id for c in store.chains()]
    chain_ids = [rng.choice(chains) for _ in range(repeat + 1)]  # the first ask of each question is reported apart
    segments = [rng.choice(store.chain_overview(c, 0).segments).segment.id for c in chain_ids]
    firms = [rng.choice(store.segment_firms(s, 0, 20)[1] or store.firms([store.search_entries()[-1].id])).id
             for s in segments]
    out: dict[str, list[float]] = {q: [] for q in QUESTIONS}
    old: dict[str, list[float]] = {"chain overview": [], "segment page": [], "search": [], "gaps": []}
    by_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    asks = list(zip(chain_ids, segments, firms))
    for i, (c, seg, firm) in enumerate(asks):
        out["chains"].append(_timed(store.chains))
        out["chain overview"].append(_timed(store.chain_overview, c, 60))
        out["segment page"].append(_timed(lambda: (store.segment_detail(seg), store.segment_firms(seg, 0, 50))))
        out["firm page"].append(_timed(store.firm_detail, firm))
        q = QUERIES[i % len(QUERIES)]
        out["search"].append(_timed(store.search, q, 30))
        by_query[q].append(out["search"][-1])
        out["neighbourhood"].append(_timed(neighbourhood, store, firm, 2))
    rss_pages = rss_mb()
    for i, (c, _, _) in enumerate(asks):  # as the gap, target and what-if pages ask (analyse_chain_in, what_if_in)
        out["gaps"].append(_timed(analyse_chain_in, store, c))
        out["targets"].append(_timed(lambda: analyse_chain_in(store, c, weights=Weights(park=2.0 + i % 3))))
        light = store.chain_view(c, firm_links=False)
        local = next((f.id for f in light.firms if f.counts_as_local()), None)
        out["what-if"].append(_timed(lambda: what_if_in(store, c, leaves=local)) if local else 0.0)
        del light
    rss_analyses = rss_mb()
    entries = store.search_entries()
    for i, (c, seg, _) in enumerate(asks[:5]):  # the old paths: slow at size, so a few times only
        old["chain overview"].append(_timed(lambda: overview_of(store.chain_view(c), 60)))
        old["gaps"].append(_timed(lambda: analyse_chain(store.chain_view(c))))
        old["segment page"].append(_timed(lambda: (store.segment_detail(seg), Store.segment_firms(store, seg, 0, 50))))
        if i < 3:
            old["search"].append(_timed(rank, entries, QUERIES[i % len(QUERIES)], 30))
    # The first ask meets a cold server (page cache, query plans): reported as "first", the rest as p50 / p95.
    result = {q: {**dict(zip(("p50", "p95"), _pcts(t[1:] or t))), "first": t[0]} for q, t in out.items()}
    for q, t in old.items():
        result[q]["old_p50"] = _pcts(t)[0]
    result["search by query"] = {q: max(t) for q, t in by_query.items() if t}
    result["rss"] = {"pages": rss_pages, "analyses": rss_analyses}
    return result


def laoshan(repeat: int = 5) -> dict:
    """The district's own data: open data/laoshan and run every analysis of every chain (ms, p50/p95)."""
    from graph.analysis.crosschain import cross_chain
    from graph.analysis.gaps import analyse_chain, single_points
    from graph.analysis.neighbourhood import neighbourhood
    from graph.analysis.whatif import what_if
    from loaders.open import open_data

    def everything() -> None:
        store = open_data(REPO / "data" / "laoshan")
        for c in store.chains():
            view = store.chain_view(c.chain.id)
            analyse_chain(view)
            single_points(view)
            local = next((f.id for f in view.local_firms), None)
            if local:
                what_if(view, leaves=local)
            store.chain_overview(c.chain.id)
        cross_chain(store)
        for f in store.dataset().firms[:20]:
            neighbourhood(store, f.id, 2)

    times = [_timed(everything) for _ in range(repeat)]
    return dict(zip(("p50", "p95"), _pcts(times)))


def run_one(firms: int, kind: str, root: Path, repeat: int) -> dict:
    """One (size, store) in this process: open or load, then ask; a dict for the parent to print."""
    folder = folder_for(firms, root)
    base = rss_mb()
    t = time.perf_counter()
    cpu = time.process_time()
    if kind == "embedded":
        from loaders.open import open_data

        store = open_data(folder)
        opened = time.perf_counter() - t
        store.search_index()._ready.wait()  # the pinyin keys (built in the background while a page draws)
        keyed = time.perf_counter() - t
        result = {"open_s": opened, "open_cpu_s": time.process_time() - cpu, "search_keys_s": keyed}
        result.update(questions=ask(store, repeat), rss_mb=rss_mb(), base_rss_mb=base)
        return result
    from chainmap.neo4j_server import throwaway_server
    from graph.neo4j import Neo4jStore, load_into_neo4j
    from loaders.validate import load_or_raise
    from neo4j import GraphDatabase

    data = load_or_raise(folder)
    if kind == "neo4j-import":  # chainmap neo4j import (offline bulk path) into a throwaway home
        from chainmap.neo4j_server.bulk_import import throwaway_import

        t = time.perf_counter()
        with throwaway_import(data, heap="2g", pagecache="2g") as stats:
            loaded = time.perf_counter() - t
            del data
            # Asked from a fresh process (as the app asks), so the RSS is the asking process's own, not this
            # one's, which built the whole dataset to import it.
            done = subprocess.run([sys.executable, "-m", "bench.scale", "--ask", stats.uri, "--repeat", str(repeat)],
                                  capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
            if done.returncode:
                raise RuntimeError(done.stderr[-2000:])
            return {"load_s": loaded, **json.loads(done.stdout.strip().splitlines()[-1])}
    with throwaway_server() as uri:
        with GraphDatabase.driver(uri, auth=None) as driver:
            t = time.perf_counter()
            load_into_neo4j(driver, data)
            loaded = time.perf_counter() - t
        del data
        store = Neo4jStore(uri, "neo4j", "")
        try:
            result = {"load_s": loaded, "questions": ask(store, repeat), "rss_mb": rss_mb(), "base_rss_mb": base}
        finally:
            store.close()
    return result


def print_table(rows: list[tuple[int, str, dict]]) -> None:
    print()
    head = ["question"] + [f"{n:,} {kind}" for n, kind, _ in rows]
    lines = [head]
    lines.append(["open / load s"] + [f"{r.get('open_s', r.get('load_s', 0)):.2f}" for _, _, r in rows])
    lines.append(["  open CPU s"] + [f"{r['open_cpu_s']:.2f}" if "open_cpu_s" in r else "" for _, _, r in rows])
    lines.append(["  + search keys s"] + [f"{r['search_keys_s']:.2f}" if "search_keys_s" in r else "" for _, _, r in rows])
    lines.append(["RSS MB: after the pages"] + [f"{r['questions']['rss']['pages']:.0f}" for _, _, r in rows])
    lines.append(["  + gap analyses"] + [f"{r['questions']['rss']['analyses']:.0f}" for _, _, r in rows])
    lines.append(["  + old paths"] + [f"{r['rss_mb']:.0f}" for _, _, r in rows])
    for q in QUESTIONS:
        cells: list[str] = []
        for _, _, r in rows:
            a = r["questions"][q]
            cell = f"{a['p50']:.1f} / {a['p95']:.1f}" + (f" [first {a['first']:.0f}]" if "first" in a else "")
            if "old_p50" in a and a["p50"] > 0:
                ratio = a["old_p50"] / max(a["p50"], 0.01)
                cell += f" (old {a['old_p50']:.0f}, ×{ratio:.0f})" if ratio >= 10 else f" (old {a['old_p50']:.0f}, ×{ratio:.1f})"
            cells.append(cell)
        lines.append([f"{q} p50/p95 ms"] + cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |")
    for n, kind, r in rows:
        slowest = ", ".join(f"{q!r} {ms:.0f}" for q, ms in r["questions"]["search by query"].items())
        print(f"search, slowest ask per query ({n:,} {kind}), ms: {slowest}")
    print("\nfirst = the first ask of the question in the process (a cold server), not in p50 / p95. "
          "old = main's path in the same run (p50 ms), × = old / new. Goals at 100k: p95 ≤ "
          f"{GOALS_MS['embedded']} ms embedded, ≤ {GOALS_MS['neo4j']} ms Neo4j, search ≤ 100 ms.")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10k,100k", help="firm counts, e.g. 10k,100k,1m")
    p.add_argument("--neo4j", action="store_true", help="also load each size into a throwaway Neo4j")
    p.add_argument("--neo4j-import", action="store_true",
                   help="also build a throwaway Neo4j of each size with chainmap neo4j import (fast at 1M firms)")
    p.add_argument("--no-embedded", action="store_true", help="skip the embedded store (e.g. at 1M firms)")
    p.add_argument("--repeat", type=int, default=20, help="asks per question (different ids)")
    p.add_argument("--root", help="where the synthetic folders go (default: a temporary directory)")
    p.add_argument("--ask", help=argparse.SUPPRESS)  # a Bolt URI: ask its (no-auth) server in this process
    p.add_argument("--one", help=argparse.SUPPRESS)  # "SIZE:KIND": run one in this process, print JSON
    args = p.parse_args(argv)
    if args.ask:
        from graph.neo4j import Neo4jStore

        base = rss_mb()
        store = Neo4jStore(args.ask, "neo4j", "")
        try:
            print(json.dumps({"questions": ask(store, args.repeat), "rss_mb": rss_mb(), "base_rss_mb": base}))
        finally:
            store.close()
        return 0
    if args.one == "laoshan":
        print(json.dumps(laoshan()))
        return 0
    if args.one:
        n, kind = args.one.split(":")
        print(json.dumps(run_one(int(n), kind, Path(args.root), args.repeat)))
        return 0
    kinds = ([] if args.no_embedded else ["embedded"]) + (["neo4j"] if args.neo4j else []) \
        + (["neo4j-import"] if args.neo4j_import else [])
    rows = []
    with tempfile.TemporaryDirectory(prefix="chainmap-scale-") as tmp:
        root = Path(args.root or tmp)
        for n in (size_of(s) for s in args.sizes.split(",")):
            t = time.perf_counter()
            folder_for(n, root)
            print(f"{n:,} firms: synthetic data written in {time.perf_counter() - t:.1f} s", flush=True)
            for kind in kinds:
                cmd = [sys.executable, "-m", "bench.scale", "--one", f"{n}:{kind}", "--root", str(root),
                       "--repeat", str(args.repeat)]
                done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO,
                                      env={**os.environ, "PYTHONPATH": str(REPO)})
                if done.returncode:
                    print(f"{n:,} {kind}: failed\n{done.stderr[-2000:]}", flush=True)
                    continue
                rows.append((n, kind, json.loads(done.stdout.strip().splitlines()[-1])))
                print(f"{n:,} {kind}: done", flush=True)
        done = subprocess.run([sys.executable, "-m", "bench.scale", "--one", "laoshan", "--root", str(root)],
                              capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    print_table(rows)
    if done.returncode == 0:
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"Laoshan data, embedded: open + every analysis of every chain (gaps, single points, what-if, overview), "
              f"cross-chain, 20 neighbourhoods: p50 {r['p50']:.0f} ms / p95 {r['p95']:.0f} ms (goal ≤ 300 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
