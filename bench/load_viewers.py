"""Many viewers at once: time-to-picture of the panorama for one viewer, then for N concurrent viewers.

Starts the app (``streamlit run app.py``) on the embedded store, or with ``--neo4j`` on a throwaway Neo4j
(``chainmap.neo4j_server.throwaway_server()``, filled by ``chainmap load``). One headless Chromium, one
fresh browser context per viewer (its own Streamlit session). Time-to-picture is from the start of
navigation until the picture's component reports it has drawn (``div.chainmap-graph[data-drawn=true]``)
and Streamlit has finished the run. The single viewer is the baseline of the same run: its loads are
sequential, each in a fresh context; then N contexts load at once, ``--rounds`` times.

Errors: a load that times out or shows a Streamlit exception, and any request that left localhost.

Run from the repository root::

    python -m bench.load_viewers                  # 20 viewers, embedded store
    python -m bench.load_viewers --viewers 20 --neo4j

Goal (issue 11): p95 with N viewers within 3× the single viewer's p95, and no error. Both the app and the
browser share this machine's cores, so the figure includes the browsers' own drawing time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.app_process import APP_READY, GRAPH_DRAWN, running_app
from graph.export.browser import CHROMIUM_ARGS, chromium_path, is_external

GOAL = 3.0
VIEWPORT = {"width": 1600, "height": 1000}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


PHASES: list[tuple[float, float]] = []  # (seconds to the app's frame, seconds to picture) of each good load


async def one_load(browser, url: str, timeout_s: float, external: list[str]) -> tuple[float | None, str]:
    """(seconds to picture, "") or (None, what went wrong), in a fresh context."""
    context = await browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.on("request", lambda r: external.append(r.url) if is_external(r.url) else None)
    try:
        page = await context.new_page()
        page.set_default_timeout(timeout_s * 1000)
        start = time.perf_counter()
        await page.goto(url)
        await page.locator("[data-testid='stApp']").wait_for()
        frame = time.perf_counter() - start
        await page.locator(GRAPH_DRAWN).first.wait_for()
        await page.locator(APP_READY).wait_for()
        took = time.perf_counter() - start
        PHASES.append((frame, took))
        if await page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count():
            return None, "error shown: " + (await page.locator("[data-testid='stMain']").inner_text())[:200]
        return took, ""
    except Exception as exc:  # a timeout or a closed page is counted, not raised
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        await context.close()


async def measure(url: str, pid: int, viewers: int, singles: int, rounds: int, timeout_s: float) -> dict:
    from playwright.async_api import async_playwright

    external: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS, headless=True)
        await one_load(browser, url, timeout_s, external)  # warm-up: first session, caches filled
        cpu0 = cpu_seconds(pid)
        single = [await one_load(browser, url, timeout_s, external) for _ in range(singles)]
        cpu1 = cpu_seconds(pid)
        many = []
        for _ in range(rounds):
            many += await asyncio.gather(*(one_load(browser, url, timeout_s, external) for _ in range(viewers)))
        cpu2 = cpu_seconds(pid)
        many_phases = PHASES[-len(many):]
        await browser.close()
    return {"single": single, "many": many, "external": external,
            "app_cpu": ((cpu1 - cpu0) / max(1, singles), (cpu2 - cpu1) / max(1, viewers * rounds)),
            "frame": (statistics.median(f for f, _ in PHASES[1:1 + singles]) if singles else 0,
                      statistics.median(f for f, _ in many_phases) if many_phases else 0)}


@contextlib.contextmanager
def app(neo4j: bool, data: Path, log: Path):
    """The app's URL, on the embedded store or on a throwaway Neo4j loaded with ``data``."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USER")}
    with contextlib.ExitStack() as stack:
        if neo4j:
            from chainmap import neo4j_server as ns
            from chainmap.cli import main as cli

            uri = stack.enter_context(ns.throwaway_server())
            if cli(["load", str(data), "--uri", uri]) != 0:
                raise SystemExit("chainmap load failed")
            env["NEO4J_URI"] = uri
        else:
            env["CHAINMAP_DATA"] = str(data)
        proc, url = stack.enter_context(running_app(log, env))
        yield url, proc.pid


def report(name: str, results: list[tuple[float | None, str]]) -> tuple[float, float, list[str]]:
    times = [t for t, _ in results if t is not None]
    errors = [e for t, e in results if t is None]
    p50, p95 = (statistics.median(times), pct(times, 0.95)) if times else (float("nan"), float("nan"))
    print(f"  {name:<14} loads {len(results):3d}  p50 {p50:6.2f} s  p95 {p95:6.2f} s  "
          f"max {max(times, default=float('nan')):6.2f} s  errors {len(errors)}")
    return p50, p95, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--viewers", type=int, default=20, help="concurrent viewers (default 20)")
    ap.add_argument("--neo4j", action="store_true", help="serve from a throwaway Neo4j instead of the embedded store")
    ap.add_argument("--singles", type=int, default=5, help="sequential single-viewer loads (default 5)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of N concurrent loads (default 2)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a load counts as failed")
    ap.add_argument("--data", default=str(Path(__file__).resolve().parent.parent / "data" / "laoshan"))
    args = ap.parse_args(argv)
    if not chromium_path().exists():
        print(f"needs Chromium at {chromium_path()}", file=sys.stderr)
        return 2
    store = "neo4j" if args.neo4j else "embedded"
    with tempfile.TemporaryDirectory(prefix="chainmap-load-") as tmp:
        log = Path(tmp) / "streamlit.log"
        with app(args.neo4j, Path(args.data), log) as (url, pid):
            t0 = time.perf_counter()
            res = asyncio.run(measure(url, pid, args.viewers, args.singles, args.rounds, args.timeout))
            wall = time.perf_counter() - t0
        app_errors = [line for line in log.read_text(errors="replace").splitlines()
                      if "Traceback" in line or "Error" in line]
    print(f"time to picture, panorama, {store} store, {os.cpu_count()} cores, run {wall:.0f} s")
    _, s95, s_err = report("1 viewer", res["single"])
    _, m95, m_err = report(f"{args.viewers} viewers", res["many"])
    ratio = m95 / s95 if s95 else float("inf")
    ok = ratio <= GOAL and not (s_err or m_err or res["external"] or app_errors)
    print(f"  p95 ratio {ratio:.2f}× (goal ≤ {GOAL:.0f}×)  external requests {len(res['external'])}  "
          f"app log errors {len(app_errors)}  → {'OK' if ok else 'NOT MET'}")
    print(f"  app CPU per load: {res['app_cpu'][0]:.2f} s alone, {res['app_cpu'][1]:.2f} s with {args.viewers} "
          "viewers (the rest of the time is the browsers drawing on the same cores)")
    print(f"  median time to the app's empty frame (Streamlit's page and scripts): {res['frame'][0]:.2f} s alone, "
          f"{res['frame'][1]:.2f} s with {args.viewers} viewers; load average {os.getloadavg()[0]:.1f}")
    for e in (s_err + m_err)[:5]:
        print("  error:", e)
    for line in app_errors[:5]:
        print("  app log:", line[:200])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
