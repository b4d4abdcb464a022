"""A fuzz campaign over the import format, run by hand; what it finds is kept in tests/fuzz_cases/.

    .venv/bin/python -m tests.import_campaign --cases 2000 --seed 100000 --jobs 2
    .venv/bin/python -m tests.import_campaign --cases 2000 --seed 100000 --save tests/fuzz_cases

Why separate from the CI test: a campaign is large (thousands of cases, minutes), runs in parallel with a
memory cap per worker (a blow-up shows as MemoryError, not a dead machine), and with ``--save`` shrinks
each crashing or hanging input (drop files, then lines, while the same failure persists) into a small
regression case, and records every finding's seed in tests/fuzz_cases/campaign.json for the suite to re-run.
The CI test (tests/test_import_fuzz.py) runs its cases through the same workers (``run_seeds``).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from tests.import_mutations import LAOSHAN, make_case, run_case, write_case

MEMORY_CAP = 4 << 30  # per process: a load that reads /dev/zero ends in MemoryError, not the OOM killer

_ORIGINAL = None
_RESULT = "@@fuzz-result "  # marks a result line on a worker's stdout


def run_seed(seed: int, base: str, timeout: float) -> tuple[int, str, float, str]:
    """run_case for one seed in a fresh folder under ``base``."""
    global _ORIGINAL
    if _ORIGINAL is None:
        from loaders import load

        _ORIGINAL = load(LAOSHAN)[0]
    try:
        with tempfile.TemporaryDirectory(dir=base) as tmp:
            return (seed, *run_case(seed, Path(tmp), _ORIGINAL, timeout))
    except Exception as exc:  # noqa: BLE001 — e.g. a temporary folder that cannot be removed
        return seed, "harness-error", 0.0, f"{type(exc).__name__}: {exc}"


def run_seeds(seeds, base: Path, jobs: int = 2, timeout: float = 10.0, memory_cap: int | None = None):
    """[(seed, outcome, seconds, detail)] for ``seeds``, split over ``jobs`` worker processes.

    Workers are plain ``python -m tests.import_campaign --worker`` processes, not multiprocessing: a spawned
    multiprocessing child re-runs the parent's ``__main__``, which Streamlit's AppTest (used by other
    tests in the same session) replaces with a script that cannot run on its own.
    """
    seeds = list(seeds)
    repo = Path(__file__).resolve().parent.parent
    procs = [subprocess.Popen([sys.executable, "-m", "tests.import_campaign", "--worker", str(base), str(timeout),
                               str(memory_cap or 0), *map(str, seeds[i::jobs])],
                              cwd=repo, stdout=subprocess.PIPE, text=True, encoding="utf-8")
             for i in range(jobs) if seeds[i::jobs]]
    results = {}
    for proc in procs:
        try:  # a fail-safe above the per-case alarm, for a block the alarm cannot break
            out, _ = proc.communicate(timeout=(timeout + 5) * len(seeds) / len(procs) + 60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        for line in out.splitlines():
            if line.startswith(_RESULT):
                seed, *rest = json.loads(line[len(_RESULT):])
                results[seed] = (seed, *rest)
    # a worker that died or was stopped: each of its unanswered cases is a failure
    return [results.get(s, (s, "harness-error", 0.0, "no answer: the worker process died or hung")) for s in seeds]


def _worker_main(argv: list[str]) -> None:
    import resource

    base, timeout, cap, *seeds = argv
    if int(cap):
        resource.setrlimit(resource.RLIMIT_AS, (int(cap), int(cap)))  # a memory blow-up shows as MemoryError
    for seed in seeds:
        print(_RESULT + json.dumps(run_seed(int(seed), base, float(timeout))), flush=True)


def outcome_of(path: Path, timeout: float = 3.0) -> str:
    """'ok', 'hang' or 'crash: <Type> at <file>:<line> <function>' for loading ``path``."""
    from loaders import load

    def alarm(*_):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        load(path)
        return "ok"
    except TimeoutError:
        return "hang"
    except Exception as exc:  # noqa: BLE001
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return f"crash: {type(exc).__name__} at {Path(tb.filename).name}:{tb.lineno} {tb.name}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _shrink_lines(path: Path, folder: Path, target: str) -> None:
    """Delta-debug the lines of ``path`` while loading ``folder`` still fails as ``target``."""
    lines = path.read_bytes().splitlines(keepends=True)
    n = 2
    while len(lines) >= 2:
        size = -(-len(lines) // n)
        for i in range(n):
            candidate = lines[:i * size] + lines[(i + 1) * size:]
            path.write_bytes(b"".join(candidate))
            if outcome_of(folder) == target:
                lines, n = candidate, max(n - 1, 2)
                break
        else:
            if n >= len(lines):
                break
            n = min(2 * n, len(lines))
    path.write_bytes(b"".join(lines))


def save_minimized(seed: int, out: Path) -> str | None:
    """Shrink case ``seed`` into ``out`` (data files + case.json); None when it no longer fails."""
    case = make_case(seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_case(case, Path(tmp))
        target = outcome_of(path)
        if target == "ok":
            return None
        out.mkdir(parents=True, exist_ok=True)
        spec = {"seed": seed, "mutations": case.ops, "found": target, "special": {}}
        if path.is_file():  # a workbook: kept whole
            shutil.copy(path, out / path.name)
            spec["load"] = path.name
        else:
            spec["load"] = "data"
            spec["special"] = {f"{k}.csv": how for k, how in case.special.items() if how != "delete"}
            for file in sorted(p for p in path.iterdir() if p.name not in spec["special"]):
                file.rename(file.with_suffix(".away"))
                if outcome_of(path) != target:
                    file.with_suffix(".away").rename(file)
            (out / "data").mkdir(exist_ok=True)
            for file in sorted(p for p in path.iterdir() if p.suffix == ".csv" and p.is_file()
                               and not p.is_symlink() and p.name not in spec["special"]):
                _shrink_lines(file, path, target)
                raw = file.read_bytes()
                if len(raw) > 16_384:
                    (out / "data" / (file.name + ".gz")).write_bytes(gzip.compress(raw, mtime=0))
                else:
                    (out / "data" / file.name).write_bytes(raw)
        (out / "case.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return target


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--cases", type=int, default=2000)
    p.add_argument("--seed", type=int, default=100_000)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--show", type=int, default=3, help="examples printed per kind of finding")
    p.add_argument("--seeds", help="run just these seeds (comma-separated) instead of --cases from --seed")
    p.add_argument("--save", type=Path, help="keep findings here: one shrunk case per kind + campaign.json")
    args = p.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else range(args.seed, args.seed + args.cases)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as base:
        results = run_seeds(seeds, Path(base), args.jobs, memory_cap=MEMORY_CAP)
    wall = time.perf_counter() - start
    by = collections.defaultdict(list)
    for seed, outcome, seconds, detail in results:
        by[outcome if outcome == "ok" else f"{outcome}: {detail.split(' [')[0][:100]}"].append((seed, detail))
    for key, hits in sorted(by.items(), key=lambda kv: -len(kv[1])):
        print(f"{len(hits):5d}  {key}")
        for seed, detail in hits[:args.show] if key != "ok" else ():
            print(f"         seed {seed}: [{detail.split(' [', 1)[-1][:150]}")
    print("totals:", dict(collections.Counter(r[1] for r in results)))
    worst = max(results, key=lambda r: r[2])
    print(f"{len(results)} cases in {wall:.1f} s on {args.jobs} jobs; worst case {worst[2]:.2f} s (seed {worst[0]})")
    if args.save:
        _save(args.save, by, results)
    return 0 if set(by) == {"ok"} else 1


def _save(folder: Path, by, results) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))  # shrinking re-runs the failing loads here
    record_path = folder / "campaign.json"
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else {"findings": {}}
    for seed, outcome, _, detail in results:
        if outcome not in ("ok", "generator-error"):
            record["findings"].setdefault(outcome, [])
            if seed not in record["findings"][outcome]:
                record["findings"][outcome].append(seed)
    folder.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    for key, hits in by.items():
        if key.startswith(("crash", "hang")):
            slug = "".join(ch if ch.isalnum() else "_" for ch in key.split(": ", 1)[-1])[:60].strip("_")
            for seed, _ in hits[:3]:  # the first seed that still fails on its own is kept
                found = save_minimized(seed, folder / f"{key.split(':')[0]}_{slug}_{seed}")
                print(f"saved seed {seed} ({found})" if found else f"seed {seed} no longer fails alone")
                if found:
                    break


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        _worker_main(sys.argv[2:])
    else:
        raise SystemExit(main())
