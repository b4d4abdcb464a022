#!/usr/bin/env python3
"""Build the sourced Laoshan dataset (data/laoshan/*.csv) from the fact-sheet YAML.

Usage:
    python scripts/build_laoshan_data.py /work/shared/laoshan data/laoshan

Inputs (read-only, in the first argument's directory):
    laoshan_graph.yaml    chains, segments, segment_links, parks, firms (Laoshan), projects, sources
    laoshan_targets.yaml  outside (non-Laoshan) firms and firm-to-firm links; cites raw URLs

Outputs (second argument, a new or empty folder): chains.csv, segments.csv, segment_links.csv,
parks.csv, firms.csv, firm_links.csv, projects.csv, sources.csv, meta.csv.

PROVENANCE ONLY. data/laoshan/ is the source of truth: staff edit those files (and the app writes them).
This script records how their first version was derived from the fact sheet, and refuses to write into
a folder that already holds CSV files, so it can never overwrite edits.

The script is deterministic (no timestamps, rows sorted by id) so that it documents
exactly how the data was derived.  Every judgement call that is not a mechanical
copy of a YAML field is written down below as a table with its reason
(LEADER_SCOPE_TO_CHAIN, PROJECT_LINKS, INVESTMENT_OVERRIDES, TAG_MAP).
The written files are then validated by the loader itself (``loaders.load``: every
reference, source, value and cycle check) plus the few promises only this derivation
makes (no unused source row, the fact sheet's counts); any failure stops it loudly.

Format: UTF-8 without BOM, header row, comma-separated, standard (minimal) CSV
quoting, list cells joined with ';' (no spaces), empty cell = missing.
Required columns come first in the loader's order; extra columns follow.
"""

import csv
import os
import sys

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from loaders import load  # noqa: E402  (the loader's validation and columns are the one definition)
from laoshan_builder import Builder  # noqa: E402
from laoshan_decisions import (  # noqa: E402
    COLUMNS, INVESTMENT_OVERRIDES, LINK_BASIS, META_ROWS, PROJECT_LINKS, ROLES, SEGMENT_BASIS, one_line,
)


# --------------------------------------------------------------------------------------
# Validation (fails loudly)
# --------------------------------------------------------------------------------------
def validate(out_dir, out, graph, targets):
    """The loader's own validation (every reference, source, value and cycle check), then what only this
    derivation promises: no unused source rows, the fact sheet's counts, its conventions for SEED/TAX."""
    data, report = load(out_dir)
    assert data is not None, f"the derived files do not validate:\n{report}"

    def items(cell):
        return [x for x in cell.split(";") if x] if cell else []

    used = {s for name, rows in out.items() if name != "sources" for r in rows for s in items(r["sources"])}
    src_ids = {r["id"] for r in out["sources"]}
    assert used == src_ids, f"unused or missing source rows: {sorted(src_ids ^ used)}"
    urls = [r["url"] for r in out["sources"] if r["url"]]
    assert len(urls) == len(set(urls)), "duplicate URLs in sources.csv"
    kinds = {r["id"]: r["kind"] for r in out["sources"]}
    assert kinds.get("SEED2025") == "seed" and kinds.get("TAX") == "taxonomy"
    for r in out["segments"]:
        assert r["basis"] in SEGMENT_BASIS and (r["basis"] != "taxonomy_general" or "TAX" in items(r["sources"])), r
    local = [f for f in data.firms if f.local]
    assert len(local) == len(graph["firms"]) == 77 and len(data.firms) - len(local) == len(targets["outside_firms"]) == 58
    assert all(dict(f.extra).get("role") in ROLES for f in data.firms if not f.local)
    assert all(set(c.leaders) <= {f.id for f in local} for c in data.chains), "a leader that is not a Laoshan firm"
    assert len(data.firm_links) == len(targets["firm_links"]) == 23
    assert all(dict(link.extra).get("basis") in LINK_BASIS for link in data.firm_links)
    not_placed = {one_line(x.get("name_zh")) for key in ("firms_found_but_not_placed_in_laoshan",
                                                         "external_anchors_outside_laoshan")
                  for x in graph.get(key) or []}
    assert not {f.name for f in local} & not_placed, "a not-placed or anchor entry became a Laoshan firm"
    projects = {p.id for p in data.projects}
    for pid in list(PROJECT_LINKS) + list(INVESTMENT_OVERRIDES):
        assert pid in projects, f"stale project id {pid} in script tables"


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------
def write_csv(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(columns)
        for r in rows:
            w.writerow([r[c] for c in columns])


def reread(path, columns, n_rows):
    with open(path, encoding="utf-8", newline="") as fh:
        raw = fh.read()
    assert not raw.startswith("\ufeff"), f"{path}: BOM"
    rows = list(csv.reader(raw.splitlines(keepends=True)))
    assert rows[0] == columns, f"{path}: header"
    assert len(rows) - 1 == n_rows, f"{path}: row count"
    assert all(len(r) == len(columns) for r in rows), f"{path}: ragged rows"


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        print("usage: build_laoshan_data.py INPUT_DIR OUTPUT_DIR", file=sys.stderr)
        return 2
    src_dir, out_dir = argv[1], argv[2]
    with open(os.path.join(src_dir, "laoshan_graph.yaml"), encoding="utf-8") as fh:
        graph = yaml.safe_load(fh)
    with open(os.path.join(src_dir, "laoshan_targets.yaml"), encoding="utf-8") as fh:
        targets = yaml.safe_load(fh)

    b = Builder(graph, targets)
    out = b.build()

    # Provenance only: data/laoshan is the source of truth and is edited directly, so never write over it.
    if os.path.isdir(out_dir) and any(name.endswith(".csv") for name in os.listdir(out_dir)):
        print(f"{out_dir} already holds CSV files; give a new, empty folder (this script records how the first "
              "version of data/laoshan was derived; it never overwrites edited data)", file=sys.stderr)
        return 2
    os.makedirs(out_dir, exist_ok=True)
    for name in COLUMNS:
        path = os.path.join(out_dir, f"{name}.csv")
        write_csv(path, COLUMNS[name], out[name])
        reread(path, COLUMNS[name], len(out[name]))
    meta_path = os.path.join(out_dir, "meta.csv")
    write_csv(meta_path, ["key", "value"], [dict(key=k, value=v) for k, v in META_ROWS])
    reread(meta_path, ["key", "value"], len(META_ROWS))
    validate(out_dir, out, graph, targets)

    for name in COLUMNS:
        print(f"{name}.csv: {len(out[name])} rows")
    print(f"meta.csv: {len(META_ROWS)} rows")
    if b.reused_graph_ids:
        print("target URLs already in laoshan_graph sources (graph id reused): "
              + ", ".join(f"{sid}" for _, sid in sorted(b.reused_graph_ids.items(), key=lambda x: x[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
