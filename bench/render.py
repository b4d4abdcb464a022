"""How long until the panorama is a still, fully drawn picture: our renderer against pyvis's default.

For each synthetic view size (``bench/synthetic.py`` through ``EmbeddedStore.chain_view`` and
``panorama``, so the real path is measured) two pages are opened from files in Debian's Chromium,
with every non-file request blocked and counted:

* ours: ``to_html(panorama(view))`` — physics off, positions fixed in Python;
* pyvis default: ``pyvis.network.Network()`` with the same nodes and edges (minus positions),
  default options (physics on, stabilisation 1,000 iterations), resources inlined and the CDN
  Bootstrap tags removed so it runs offline.

Times are ``performance.now()`` in the page, i.e. milliseconds since navigation started. A page is
"still" from the moment after which the node positions and the view (scale, centre) stay within
0.5 canvas units for one second, once it has drawn at least once (and, for pyvis, once vis-network
has fired ``stabilizationIterationsDone`` or ``stabilized``). Ours must also hold exactly the
positions Python gave it. Pages still moving at the cap are reported as ``>cap``.

Run from the repository root::

    python -m bench.render                      # 200, 1000, 3000 nodes; 60 s cap
    python -m bench.render --sizes 1000 --cap 30

Writes nothing into the repository except ``bench/results/render.json`` (gitignored).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pyvis.network import Network

from bench.synthetic import CHAIN_ID, synthetic_dataset
from graph.embedded import EmbeddedStore
from graph.export.browser import block_network, chromium_path, launch_chromium
from graph.picture.network import NetworkData, to_html
from graph.picture.panorama import panorama

CHROMIUM = chromium_path()
VIEWPORT = {"width": 1600, "height": 1000}

RESULTS = Path(__file__).resolve().parent / "results"
GOAL_NODES, GOAL_SECONDS = 1000, 1.5

# Runs before any page script. Both pages assign their vis.Network to a global (ours: window.chainmap
# = {network, ...}; pyvis: the top-level ``var network``), so accessors on window catch the network the
# moment it exists, before its first (asynchronous) draw or stabilisation batch.
INSTRUMENT = """
(() => {
  const EPS = 0.5, QUIET_MS = 1000;
  const B = window.__bench = {network: null, created: null, firstDraw: null, draws: 0,
                              iterationsDone: null, stabilized: null, stillSince: null, samples: 0};
  let ref = null;
  function snapshot(net) {
    const pos = net.getPositions(), view = net.getViewPosition();
    return {pos, scale: net.getScale(), vx: view.x, vy: view.y};
  }
  function moved(a, b) {
    if (Math.abs(a.scale - b.scale) > 1e-4 * Math.max(1, a.scale)) return true;
    if (Math.abs(a.vx - b.vx) > EPS || Math.abs(a.vy - b.vy) > EPS) return true;
    for (const id in a.pos) {
      const p = a.pos[id], q = b.pos[id];
      if (!q || Math.abs(p.x - q.x) > EPS || Math.abs(p.y - q.y) > EPS) return true;
    }
    return false;
  }
  function sample() {
    const now = performance.now(), s = snapshot(B.network);
    B.samples++;
    if (ref === null || moved(ref, s)) { ref = s; B.stillSince = now; }
  }
  function attach(net) {
    if (!net || typeof net.on !== "function" || B.network) return;
    B.network = net;
    B.created = performance.now();
    net.on("afterDrawing", () => {
      const now = performance.now();
      if (B.firstDraw === null) B.firstDraw = now;
      B.draws++;
      sample();
    });
    net.once("stabilizationIterationsDone", () => { B.iterationsDone = performance.now(); });
    net.once("stabilized", () => { B.stabilized = performance.now(); });
    setInterval(sample, 100);  // stabilisation moves nodes without drawing
  }
  function hook(name, pick) {
    let value;
    Object.defineProperty(window, name, {configurable: true, enumerable: true,
      get() { return value; }, set(v) { value = v; attach(pick(v)); }});
  }
  hook("chainmap", v => v && v.network);
  hook("network", v => v);
  B.status = (needsPhysicsEvent) => {
    const now = performance.now();
    const physics = B.iterationsDone !== null || B.stabilized !== null;
    const ready = B.firstDraw !== null && (!needsPhysicsEvent || physics) && B.stillSince !== null;
    const stillAt = ready ? Math.max(B.firstDraw, B.stillSince,
                                     needsPhysicsEvent ? Math.min(...[B.iterationsDone, B.stabilized].filter(x => x !== null)) : 0) : null;
    return {now, done: ready && now - stillAt >= QUIET_MS, stillAt, firstDraw: B.firstDraw, draws: B.draws,
            iterationsDone: B.iterationsDone, stabilized: B.stabilized, samples: B.samples,
            drawn: !!(window.chainmap && window.chainmap.drawn)};
  };
})();
"""

POSITIONS_MATCH = """given => {
  const pos = window.__bench.network.getPositions();
  return Object.keys(given).length === Object.keys(pos).length &&
         Object.entries(given).every(([id, [x, y]]) => pos[id] && Math.abs(pos[id].x - x) < 0.01 && Math.abs(pos[id].y - y) < 0.01);
}"""

CDN_TAG = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>|<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>",
                     re.IGNORECASE)


@dataclass
class Run:
    renderer: str
    nodes: int
    still_s: float | None  # None: still moving at the cap
    first_draw_s: float | None
    iterations_done_s: float | None
    stabilized_s: float | None
    draws: int
    positions_as_given: bool | None
    blocked_requests: int


def synthetic_net(nodes: int) -> NetworkData:
    view = EmbeddedStore(synthetic_dataset(nodes)).chain_view(CHAIN_ID)
    net = panorama(view, "zh")
    assert len(net.nodes) == nodes, (len(net.nodes), nodes)
    return net


def pyvis_default_html(net: NetworkData) -> str:
    """pyvis's out-of-the-box page for the same nodes and edges: no positions, physics on, default options."""
    pv = Network(cdn_resources="in_line")
    for node in net.nodes:
        attrs = {k: v for k, v in node.items() if k not in ("id", "x", "y", "fixed", "physics")}
        pv.add_node(node["id"], **attrs)
    for edge in net.edges:
        pv.add_edge(edge["from"], edge["to"], **{k: v for k, v in edge.items() if k not in ("from", "to")})
    page = pv.generate_html(notebook=False)
    # in_line still pulls Bootstrap's CSS/JS from a CDN (it only styles the menus we do not use).
    page, removed = CDN_TAG.subn("", page)
    assert removed >= 2 and not CDN_TAG.search(page)
    return page


def measure(browser, path: Path, renderer: str, nodes: int, cap_s: float, given: dict | None) -> Run:
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    blocked = block_network(context)
    try:
        context.add_init_script(INSTRUMENT)
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="commit", timeout=int(cap_s * 1000) + 30_000)
        needs_physics = renderer == "pyvis"
        while True:
            st = page.evaluate("p => window.__bench && window.__bench.status(p)", needs_physics)
            if st and (st["done"] or st["now"] > cap_s * 1000):
                break
            time.sleep(0.25)
        done = st["done"] and st["stillAt"] <= cap_s * 1000
        as_given = page.evaluate(POSITIONS_MATCH, given) if given is not None else None
        if given is not None and not st["drawn"]:
            as_given = False
        sec = lambda ms: None if ms is None else ms / 1000  # noqa: E731
        return Run(renderer, nodes, sec(st["stillAt"]) if done else None, sec(st["firstDraw"]),
                   sec(st["iterationsDone"]), sec(st["stabilized"]), st["draws"], as_given, len(blocked))
    finally:
        context.close()


def _s(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.2f} s"


def fmt(run: Run, cap_s: float) -> str:
    if run.still_s is not None:
        return f"{run.still_s:.2f} s"
    extra = f", iterations done at {run.iterations_done_s:.1f} s" if run.iterations_done_s else ", still stabilising"
    return f">{cap_s:.0f} s still moving{extra}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 3000])
    ap.add_argument("--cap", type=float, default=60.0, help="seconds before a page still moving is given up on")
    ap.add_argument("--repeat", type=int, default=3, help="runs of our renderer per size (median reported)")
    ap.add_argument("--pyvis-repeat", type=int, default=1, help="runs of pyvis's default per size")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"needs Debian's Chromium at {CHROMIUM}", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    runs: list[Run] = []
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch_chromium(p)
        print(f"Chromium {browser.version} · {platform.machine()} · viewport {VIEWPORT['width']}×{VIEWPORT['height']}"
              f" · cap {args.cap:.0f} s", flush=True)
        for n in args.sizes:
            t0 = time.perf_counter()
            net = synthetic_net(n)
            ours_html = to_html(net)
            build_s = time.perf_counter() - t0
            ours_path, pyvis_path = Path(tmp, f"ours-{n}.html"), Path(tmp, f"pyvis-{n}.html")
            ours_path.write_text(ours_html, encoding="utf-8")
            pyvis_path.write_text(pyvis_default_html(net), encoding="utf-8")
            given = {node["id"]: [node["x"], node["y"]] for node in net.nodes}

            ours = [measure(browser, ours_path, "ours", n, args.cap, given) for _ in range(args.repeat)]
            theirs = [measure(browser, pyvis_path, "pyvis", n, args.cap, None) for _ in range(args.pyvis_repeat)]
            runs += ours + theirs
            for r in ours + theirs:
                print(f"  {n:>5} {r.renderer:<5} still={fmt(r, args.cap):<45} first draw={_s(r.first_draw_s)}"
                      f" iterations done={_s(r.iterations_done_s)} stabilized={_s(r.stabilized_s)} draws={r.draws}"
                      f" positions as given={r.positions_as_given} blocked={r.blocked_requests}", flush=True)
            assert all(r.positions_as_given for r in ours), "our page did not keep the positions it was given"

            ours_still = [r.still_s for r in ours if r.still_s is not None]
            ours_med = statistics.median(ours_still) if len(ours_still) == len(ours) else None
            their_still = [r.still_s for r in theirs]
            their_med = statistics.median(their_still) if None not in their_still else None
            rows.append((n, len(net.edges), build_s, ours_med, ours, their_med, theirs))

        browser.close()

    print()
    print(f"{'nodes':>6} {'edges':>6} {'python build':>13} {'ours: still':>12} {'pyvis default: still':>42} {'pyvis/ours':>11}")
    for n, edges, build_s, ours_med, ours, their_med, theirs in rows:
        ours_txt = f"{ours_med:.2f} s" if ours_med is not None else f">{args.cap:.0f} s"
        their_txt = f"{their_med:.2f} s" if their_med is not None else fmt(theirs[0], args.cap)
        if ours_med is None:
            ratio = "–"
        elif their_med is None:
            ratio = f">{args.cap / ours_med:.0f}×"
        else:
            ratio = f"{their_med / ours_med:.1f}×"
        print(f"{n:>6} {edges:>6} {build_s:>11.2f} s {ours_txt:>12} {their_txt:>42} {ratio:>11}")
    print(f"(ours: median of {args.repeat}; pyvis: median of {args.pyvis_repeat}; times from navigation start;"
          f" python build = synthetic data → store → panorama → to_html)")
    at_goal = [r for r in rows if r[0] == GOAL_NODES]
    if at_goal:
        med = at_goal[0][3]
        verdict = "met" if med is not None and med <= GOAL_SECONDS else "NOT met"
        print(f"goal ≤ {GOAL_SECONDS} s at {GOAL_NODES:,} nodes: {verdict}")
    blocked = sum(r.blocked_requests for r in runs)
    print(f"requests blocked (would have left the machine): {blocked}")

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "render.json").write_text(json.dumps(
        {"chromium": CHROMIUM.name, "cap_s": args.cap, "runs": [asdict(r) for r in runs]}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
