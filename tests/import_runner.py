"""Run fuzz cases in worker processes with a time bound and a memory cap (used by the fuzz test and the campaign)."""

from __future__ import annotations

from pathlib import Path

from tests.import_mutations import LAOSHAN, judge, make_case, write_case

def run_case(seed: int, root: Path, original, timeout: float = 10.0) -> tuple[str, float, str]:
    """('ok' | 'crash' | 'garbled' | 'bad-answer' | 'unloadable' | 'hang', seconds, detail)."""
    import signal
    import time
    import traceback

    from loaders import load

    case = make_case(seed)
    try:
        path = write_case(case, root)
    except Exception as exc:  # noqa: BLE001 — the generator's own failure, not the loader's
        return "generator-error", 0.0, f"{type(exc).__name__}: {exc} {case.ops}"

    def alarm(*_):
        raise TimeoutError(f"case {seed} took more than {timeout} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.perf_counter()
    try:
        try:
            answer = load(path)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)  # before anything else: reporting must not time out
            signal.signal(signal.SIGALRM, old)
    except TimeoutError:
        return "hang", time.perf_counter() - start, f"more than {timeout} s {case.ops}"
    except BaseException as exc:  # noqa: BLE001 — anything escaping load is the finding
        if isinstance(exc, KeyboardInterrupt):
            raise
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return "crash", time.perf_counter() - start, f"{type(exc).__name__} at {Path(tb.filename).name}:{tb.lineno} {tb.name} {case.ops}"
    seconds = time.perf_counter() - start
    finding = judge(case, answer, original)
    if finding:
        return finding.split(":")[0], seconds, f"{finding} {case.ops}"
    return "ok", seconds, ""


_ORIGINAL = None


def run_seed(args: tuple[int, str, float]) -> tuple[int, str, float, str]:
    """run_case for one seed in a fresh folder under ``base`` (a pool worker's entry point)."""
    import tempfile

    seed, base, timeout = args
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
    """[(seed, outcome, seconds, detail)] for ``seeds``, in ``jobs`` fresh Python processes (``python -m
    tests.import_runner``): started from nothing, so nothing of the calling process (threads, limits, modules
    a test changed) reaches a case."""
    import json
    import subprocess
    import sys

    seeds = list(seeds)
    root = Path(__file__).resolve().parent.parent
    procs = [subprocess.Popen([sys.executable, "-m", "tests.import_runner", str(base), str(timeout), str(memory_cap or 0),
                               *map(str, seeds[k::jobs])], cwd=root, stdout=subprocess.PIPE, text=True)
             for k in range(jobs) if seeds[k::jobs]]
    found = {}
    for proc in procs:
        try:  # a fail-safe: every case is bounded by ``timeout`` already
            out, _ = proc.communicate(timeout=timeout * len(seeds) + 300)
        except subprocess.TimeoutExpired:
            for p in procs:
                p.kill()
            raise RuntimeError("a fuzz worker did not finish") from None
        if proc.returncode != 0:
            raise RuntimeError(f"a fuzz worker exited with {proc.returncode}")
        found.update((row[0], tuple(row)) for row in json.loads(out))
    return [found[s] for s in seeds]


def _cap_memory(limit: int | None) -> None:
    if limit:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # a memory blow-up shows as MemoryError


if __name__ == "__main__":  # a worker: python -m tests.import_runner BASE TIMEOUT MEMORY_CAP SEED...
    import json
    import sys

    base, timeout, cap, *seed_args = sys.argv[1:]
    _cap_memory(int(cap) or None)
    print(json.dumps([list(run_seed((int(seed), base, float(timeout)))) for seed in seed_args]))
