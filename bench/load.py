"""Rows per second of the project's Neo4j loader against a naive one-query-per-row loader.

Both load the same kind of deterministic SYNTHETIC data (``bench/synthetic.py``,
``synthetic_load_dataset``: ids ``syn_…``, names 合成 / "Synthetic", ``meta.synthetic = true``) into
the same server, in the same run:

* project loader: ``graph.neo4j.writer.load_into_neo4j`` (UNWIND batches, one transaction per batch,
  atomic replace) on the full dataset (default 100,000 firms and 300,000 firm links);
* naive loader: one auto-commit ``MERGE`` query per node and one per relationship, on a subset of the
  same shape (default ~5,600 rows: one per-row round trip makes the full size take hours).

A row is one record of the dataset (a firm, a firm link, a segment, …), whatever it writes. Both
loaders get a small warm-up load first (the JVM compiles hot code), and use the same constraints.

Run from the repository root::

    python -m bench.load                                  # throwaway server (2g heap) unless NEO4J_URI is set
    python -m bench.load --firms 20000 --links 60000      # smaller
    python -m bench.load --firms 1000000 --links 5000000 --import --no-online   # the offline bulk path only

``--import`` also times ``chainmap neo4j import`` (``chainmap/neo4j_server/bulk_import.py``: import files,
``neo4j-admin database import``, start, constraints and search indexes, count check) on the full dataset in a
throwaway home, and prints its rows/s beside the online loader's (``--no-online`` skips the online and the
naive loaders, which take half an hour at 1M firms / 5M links).

With NEO4J_URI set the dataset in that database is REPLACED by the synthetic one. Writes
``bench/results/load.json`` (gitignored).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import sys
import time
import uuid
from pathlib import Path

from bench.synthetic import synthetic_load_dataset
from graph.model import Dataset
from graph.neo4j.schema import NODE_LABELS, encode_extra, to_props
from graph.neo4j.writer import (
    DEFAULT_BATCH_SIZE,
    LoadProgress,
    create_constraints,
    delete_load,
    load_into_neo4j,
    scoped_call_supported,
)

RESULTS = Path(__file__).resolve().parent / "results"

# --------------------------------------------------------------------------- the naive loader

_NODE = {kind: f"MERGE (n:{label} {{load: $load, id: $id}}) SET n += $props" for kind, label in NODE_LABELS.items()}


def _rel(a: str, rel: str, b: str, props: str = "") -> str:
    return (f"MATCH (a:{a} {{load: $load, id: $a}}) MATCH (b:{b} {{load: $load, id: $b}}) "
            f"MERGE (a)-[r:{rel}{props}]->(b)" + (" SET r += $props" if props or rel == "SUPPLIES" else ""))


_IN_CHAIN, _SUPPLIES = _rel("Segment", "IN_CHAIN", "Chain"), _rel("Segment", "SUPPLIES", "Segment")
_FOCUSES_ON, _IN_SEGMENT, _IN_PARK = _rel("Park", "FOCUSES_ON", "Chain"), _rel("Firm", "IN_SEGMENT", "Segment"), _rel("Firm", "IN_PARK", "Park")
_SUPPLIES_FIRM = _rel("Firm", "SUPPLIES_FIRM", "Firm", " {i: $i}")
_FOR_CHAIN, _ON_SEGMENT = _rel("Project", "FOR_CHAIN", "Chain"), _rel("Project", "ON_SEGMENT", "Segment")
_AT_PARK, _BY_FIRM = _rel("Project", "AT_PARK", "Park"), _rel("Project", "BY_FIRM", "Firm")


def naive_load(driver, data: Dataset, load: str) -> int:
    """Write ``data`` under ``load`` with one auto-commit query per node and per relationship; return rows."""
    rows = 0
    with driver.session() as s:
        def run(query: str, **params) -> None:
            s.run(query, load=load, **params).consume()

        for kind in ("sources", "chains", "segments", "parks", "firms", "projects"):
            for r in getattr(data, kind):
                run(_NODE[kind], id=r.id, props=to_props(r))
                rows += 1
                if kind == "segments":
                    run(_IN_CHAIN, a=r.id, b=r.chain)
                elif kind == "parks":
                    for c in r.focus:
                        run(_FOCUSES_ON, a=r.id, b=c)
                elif kind == "firms":
                    for x in r.segments:
                        run(_IN_SEGMENT, a=r.id, b=x)
                    for x in r.parks:
                        run(_IN_PARK, a=r.id, b=x)
                elif kind == "projects":
                    for c in r.chains:
                        run(_FOR_CHAIN, a=r.id, b=c)
                    for query, other in ((_ON_SEGMENT, r.segment), (_AT_PARK, r.park), (_BY_FIRM, r.firm)):
                        if other:
                            run(query, a=r.id, b=other)
            if kind == "segments":
                for link in data.segment_links:
                    run(_SUPPLIES, a=link.source, b=link.target,
                        props={"sources": link.sources, "extra": encode_extra(link.extra) if link.extra else None})
                    rows += 1
            if kind == "firms":
                for i, link in enumerate(data.firm_links):
                    run(_SUPPLIES_FIRM, a=link.supplier, b=link.customer, i=i,
                        props={"product": link.product, "sources": link.sources,
                               "extra": encode_extra(link.extra) if link.extra else None})
                    rows += 1
    return rows


# --------------------------------------------------------------------------- the run


@contextlib.contextmanager
def _server(heap: str, pagecache: str):
    uri = os.environ.get("NEO4J_URI", "").strip()
    if uri:
        print(f"using NEO4J_URI={uri}: its dataset will be REPLACED by synthetic data", file=sys.stderr)
        yield uri, (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")), "NEO4J_URI"
        return
    from chainmap import neo4j_server as ns

    print(f"starting a throwaway Neo4j (heap {heap}, page cache {pagecache}) ...", file=sys.stderr)
    with ns.throwaway_server(heap=heap, pagecache=pagecache) as uri:
        yield uri, ("neo4j", ""), f"throwaway server, heap {heap}, page cache {pagecache}"


def _naive_size(rows: int, firms: int, links: int) -> int:
    """Firms for a naive subset of about ``rows`` rows with the full dataset's firm:link ratio."""
    per_firm = 1 + links / firms
    return max(10, round((rows - 641) / per_firm))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--firms", type=int, default=100_000)
    ap.add_argument("--links", type=int, default=300_000, help="firm links")
    ap.add_argument("--naive-rows", type=int, default=5_000, help="approximate rows of the naive loader's subset")
    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="1g")
    ap.add_argument("--import", dest="bulk", action="store_true", help="also time chainmap neo4j import")
    ap.add_argument("--no-online", action="store_true", help="time the import only (implies --import)")
    args = ap.parse_args(argv)

    full = synthetic_load_dataset(args.firms, args.links)
    bulk = bulk_import(full, args.heap, args.pagecache) if args.bulk or args.no_online else None
    if args.no_online:
        return 0
    online = online_load(args, full)
    if bulk:
        print(f"import vs online loader: {bulk / online:.1f}x (whole calls)")
    return 0


def bulk_import(full: Dataset, heap: str, pagecache: str) -> float:
    """Time ``chainmap neo4j import`` of ``full`` into a throwaway home; print and return rows/s (whole call)."""
    from chainmap.neo4j_server.bulk_import import throwaway_import

    load_avg = os.getloadavg()
    t = time.perf_counter()
    with throwaway_import(full, heap=heap, pagecache=pagecache,
                          progress=lambda text: print(f"  import: {text}", file=sys.stderr, flush=True)) as stats:
        pass
    whole = time.perf_counter() - t
    rate = stats.rows / stats.seconds
    print(f"SYNTHETIC data (bench/synthetic.py); load average {load_avg[0]:.1f}; {os.cpu_count()} cores")
    print(f"chainmap neo4j import: {stats.rows:,} rows in {stats.seconds:.1f} s = {rate:,.0f} rows/s "
          f"(import files {stats.files_seconds:.1f} s, neo4j-admin {stats.import_seconds:.1f} s, start + indexes + "
          f"count check {stats.index_seconds:.1f} s; {whole:.1f} s with the throwaway home's set-up and stop)")
    return rate


def online_load(args, full: Dataset) -> float:
    from neo4j import GraphDatabase

    nf = _naive_size(args.naive_rows, args.firms, args.links)
    subset = synthetic_load_dataset(nf, round(nf * args.links / args.firms))
    rust = importlib.util.find_spec("neo4j._rust") is not None
    with _server(args.heap, args.pagecache) as (uri, (user, password), where), \
            GraphDatabase.driver(uri, auth=(user, password) if password else None) as driver:
        scoped = scoped_call_supported(driver)
        with driver.session() as s:
            create_constraints(s)
        # Warm-up, both loaders: the JVM compiles the hot paths and the query plans are cached.
        load_into_neo4j(driver, synthetic_load_dataset(10_000, 30_000), batch_size=args.batch_size)
        warm = f"naive-warmup-{uuid.uuid4().hex[:8]}"
        naive_load(driver, synthetic_load_dataset(100, 300), warm)
        with driver.session() as s:
            delete_load(s, warm, scoped)

        load_avg = os.getloadavg()
        naive_id = f"naive-{uuid.uuid4().hex[:8]}"
        t = time.perf_counter()
        naive_rows = naive_load(driver, subset, naive_id)
        naive_s = time.perf_counter() - t
        with driver.session() as s:
            delete_load(s, naive_id, scoped)

        kinds: dict[str, list[float]] = {}  # kind -> [rows, seconds], from the progress reports

        def progress(p: LoadProgress, last=[0.0, 0]) -> None:  # noqa: B006 - state between calls
            if p.phase == "write":
                k = kinds.setdefault(p.step, [0, 0.0])
                k[0] += p.rows_done - last[1]
                k[1] += p.elapsed - last[0]
            last[:] = [p.elapsed, p.rows_done]

        t = time.perf_counter()
        stats = load_into_neo4j(driver, full, batch_size=args.batch_size, progress=progress)
        call_s = time.perf_counter() - t
        load_avg_after = os.getloadavg()

    naive_rate = naive_rows / naive_s
    ours = stats.rows / stats.write_seconds
    ours_call = stats.rows / call_s
    result = {
        "data": "SYNTHETIC (bench/synthetic.py synthetic_load_dataset), not real firms",
        "server": where,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load average {load_avg[0]:.1f} before / "
                   f"{load_avg_after[0]:.1f} after",
        "neo4j_rust_ext": rust,
        "batch_size": args.batch_size,
        "project": {"rows": stats.rows, "counts": full.counts(), "nodes": stats.nodes,
                    "relationships": stats.relationships, "write_seconds": round(stats.write_seconds, 2),
                    "call_seconds": round(call_s, 2), "rows_per_s": round(ours), "rows_per_s_whole_call": round(ours_call)},
        "project_by_kind": {k: {"rows": int(r), "seconds": round(sec, 2), "rows_per_s": round(r / sec) if sec else None}
                            for k, (r, sec) in kinds.items()},
        "naive": {"rows": naive_rows, "counts": subset.counts(), "seconds": round(naive_s, 2),
                  "rows_per_s": round(naive_rate)},
        "ratio": round(ours / naive_rate, 1),
        "ratio_whole_call": round(ours_call / naive_rate, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")

    print(f"SYNTHETIC data (bench/synthetic.py), {where}; neo4j-rust-ext {'on' if rust else 'off'}; "
          f"{result['machine']}")
    print(f"project loader : {stats.rows:,} rows ({args.firms:,} firms, {args.links:,} firm links, ...), "
          f"batch {args.batch_size:,}: writing {stats.write_seconds:.1f} s = {ours:,.0f} rows/s; "
          f"whole call (constraints, verify, switch, delete previous) {call_s:.1f} s = {ours_call:,.0f} rows/s")
    print("  by kind      : " + ", ".join(f"{k} {v['rows']:,} at {v['rows_per_s'] or 0:,}/s"
                                        for k, v in result["project_by_kind"].items() if v["rows"] >= 1000))
    print(f"naive loader   : {naive_rows:,} rows (a subset of the same shape: {nf:,} firms; one auto-commit "
          f"MERGE per node and per relationship) in {naive_s:.1f} s = {naive_rate:,.0f} rows/s")
    print(f"ratio          : {result['ratio']}x (writing), {result['ratio_whole_call']}x (whole call)")
    return ours_call


if __name__ == "__main__":
    sys.exit(main())
