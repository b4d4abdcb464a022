"""The readability bench's in-page instrument: when a vis-network picture is still, and where its labels are.

It talks to a page only through ``window.chainmap.network`` (the vis-network instance) and
``window.chainmap.drawn`` (true after the first draw), so it measures any picture that keeps those seams:
today's offline HTML export, a rewritten one, or a hand-made test page (``tests/test_readability_bench.py``).
``bench/readability.py`` drives it over every chain; ``measure_pages`` can run several pages at once in one
browser (times are read inside each page, so polling from Python does not shift them, but pages side by side
share the CPUs).
"""

from __future__ import annotations

import time

from graph.export.browser import block_network

QUIET_MS = 500  # a picture is still once positions, scale and view stay unchanged this long
TOLERANCE_PX = 2.0  # two label boxes overlap when they intersect by more than this, both ways

# Runs before any page script. Catches the network the moment window.chainmap is assigned (for an exact
# first-draw time), else by polling; samples positions and view on every draw and every 100 ms.
INSTRUMENT = """
(() => {
  const EPS = 0.5, QUIET_MS = %QUIET%;
  const B = window.__readability = {network: null, firstDraw: null, drawnSeen: null, draws: 0, stillSince: null};
  let ref = null, value;
  function moved(a, b) {
    if (Math.abs(a.scale - b.scale) > 1e-4 * Math.max(1, a.scale)) return true;
    if (Math.abs(a.vx - b.vx) > EPS || Math.abs(a.vy - b.vy) > EPS) return true;
    for (const id in a.pos) {
      const p = a.pos[id], q = b.pos[id];
      if (!q || Math.abs(p.x - q.x) > EPS || Math.abs(p.y - q.y) > EPS) return true;
    }
    return Object.keys(a.pos).length !== Object.keys(b.pos).length;
  }
  function sample() {
    const net = B.network;
    if (!net) return;
    const now = performance.now(), v = net.getViewPosition();
    const s = {pos: net.getPositions(), scale: net.getScale(), vx: v.x, vy: v.y};
    if (ref === null || moved(ref, s)) { ref = s; B.stillSince = now; }
  }
  function attach(net) {
    if (!net || typeof net.on !== "function" || B.network) return;
    B.network = net;
    net.on("afterDrawing", () => {
      if (B.firstDraw === null) B.firstDraw = performance.now();
      B.draws++;
      sample();
    });
  }
  try {
    Object.defineProperty(window, "chainmap", {configurable: true, enumerable: true,
      get() { return value; }, set(v) { value = v; if (v) attach(v.network); }});
  } catch (e) { /* the page owns the name: polling still works */ }
  setInterval(() => {
    const cm = window.chainmap;
    if (cm && cm.network) attach(cm.network);
    if (cm && cm.drawn && B.drawnSeen === null) B.drawnSeen = performance.now();
    sample();
  }, 100);
  B.status = () => {
    const now = performance.now(), cm = window.chainmap, drawn = !!(cm && cm.drawn);
    const first = B.firstDraw !== null ? B.firstDraw : B.drawnSeen;
    const stillAt = drawn && first !== null && B.stillSince !== null ? Math.max(first, B.stillSince) : null;
    return {now, drawn, firstDraw: first, stillAt, draws: B.draws, done: stillAt !== null && now - stillAt >= QUIET_MS};
  };
  // Pairs of boxes [x0, y0, x1, y1] intersecting by more than tol both ways, counted once each (grid buckets;
  // a pair is counted in the cell holding its intersection's top-left corner).
  B.overlaps = (boxes, tol, maxChecks) => {
    const dims = boxes.map(b => Math.max(b[2] - b[0], b[3] - b[1])).sort((a, b) => a - b);
    const cs = Math.max(4, dims.length ? dims[dims.length >> 1] : 4);
    const cells = new Map();
    boxes.forEach((b, i) => {
      for (let cx = Math.floor(b[0] / cs); cx <= Math.floor(b[2] / cs); cx++)
        for (let cy = Math.floor(b[1] / cs); cy <= Math.floor(b[3] / cs); cy++) {
          const key = cx + "," + cy;
          (cells.get(key) || cells.set(key, []).get(key)).push(i);
        }
    });
    let count = 0, checks = 0, capped = false;
    const pairs = [];
    for (const [key, list] of cells) {
      const [cx, cy] = key.split(",").map(Number);
      for (let a = 0; a < list.length && !capped; a++) {
        const p = boxes[list[a]];
        for (let c = a + 1; c < list.length; c++) {
          if (++checks > maxChecks) { capped = true; break; }
          const q = boxes[list[c]];
          const x0 = Math.max(p[0], q[0]), y0 = Math.max(p[1], q[1]);
          if (Math.min(p[2], q[2]) - x0 > tol && Math.min(p[3], q[3]) - y0 > tol &&
              Math.floor(x0 / cs) === cx && Math.floor(y0 / cs) === cy) {
            count++;
            if (pairs.length < 5) pairs.push([list[a], list[c]]);
          }
        }
      }
    }
    return {count, capped, pairs};
  };
})();
"""

# Reads every drawn label once the picture is still. Returns figures plus a few examples of each problem.
READ_LABELS = """({tol, maxChecks}) => {
  const net = window.chainmap.network, scale = net.getScale(), B = window.__readability;
  const frame = (net.canvas && net.canvas.frame) || net.body.container;
  const r = frame.getBoundingClientRect(), de = document.documentElement;
  const view = [Math.max(0, r.left), Math.max(0, r.top), Math.min(de.clientWidth, r.right), Math.min(de.clientHeight, r.bottom)];
  // Shapes vis draws around their label: the drawn shape is the label's area (its fill covers what lies below).
  // Not getBoundingBox: for a box it adds the corner radius (6 canvas units) on every side.
  const INSIDE = new Set(["box", "circle", "ellipse", "database", "text"]);
  const items = [];
  let nodes = 0, edges = 0;
  function add(el, id, kind, box) {
    const label = el.options.label;
    if (label === undefined || label === null || String(label) === "") return;
    const font = el.options.font || {}, lab = (el.options.scaling && el.options.scaling.label) || {};
    const size = typeof font.size === "number" ? font.size : el.labelModule.fontOptions.size;
    const nominal = size * scale;
    const px = lab.maxVisible !== undefined ? Math.min(nominal, lab.maxVisible) : nominal;
    const hidden = lab.drawThreshold !== undefined && nominal < lab.drawThreshold - 1;
    const a = net.canvasToDOM({x: box[0], y: box[1]}), b = net.canvasToDOM({x: box[2], y: box[3]});
    items.push({id: String(id), kind, text: String(label).slice(0, 40), px, hidden,
                box: [r.left + a.x, r.top + a.y, r.left + b.x, r.top + b.y]});
  }
  for (const id of net.body.nodeIndices) {
    const node = net.body.nodes[id];
    if (!node || node.options.hidden) continue;
    nodes++;
    const sh = node.shape || {}, lab = node.labelModule && node.labelModule.size;
    if (INSIDE.has(node.options.shape) && sh.width > 0 && sh.height > 0)
      add(node, id, "node", [node.x - sh.width / 2, node.y - sh.height / 2, node.x + sh.width / 2, node.y + sh.height / 2]);
    else if (lab && lab.width > 0) add(node, id, "node", [lab.left, lab.top, lab.left + lab.width, lab.top + lab.height]);
    else { const bb = net.getBoundingBox(id); add(node, id, "node", [bb.left, bb.top, bb.right, bb.bottom]); }
  }
  for (const id of net.body.edgeIndices) {
    const edge = net.body.edges[id];
    if (!edge || edge.options.hidden || edge.connected === false) continue;
    edges++;
    const s = edge.labelModule && edge.labelModule.size;
    if (s && s.width > 0) add(edge, id, "edge", [s.left, s.top, s.left + s.width, s.top + s.height]);
    else if (edge.options.label) {
      const p = edge.from && edge.to ? {x: (edge.from.x + edge.to.x) / 2, y: (edge.from.y + edge.to.y) / 2} : {x: 0, y: 0};
      add(edge, id, "edge", [p.x, p.y, p.x, p.y]);
    }
  }
  const px = items.map(i => i.px).sort((a, b) => a - b);
  const rank = q => px.length ? px[Math.max(0, Math.ceil(q * px.length) - 1)] : null;
  const out = items.filter(i => i.box[0] < view[0] - 1 || i.box[1] < view[1] - 1 || i.box[2] > view[2] + 1 || i.box[3] > view[3] + 1);
  const ov = B.overlaps(items.map(i => i.box), tol, maxChecks);
  const brief = i => ({id: i.id, text: i.text, px: Math.round(i.px * 100) / 100, box: i.box.map(v => Math.round(v))});
  return {scale, nodes, edges, labels: items.length, min_px: rank(0), p10_px: rank(0.1), median_px: rank(0.5),
          max_px: px.length ? px[px.length - 1] : null, not_drawn: items.filter(i => i.hidden).length,
          overlaps: ov.count, overlaps_capped: ov.capped, outside: out.length,
          page_scrolls: de.scrollHeight > de.clientHeight || de.scrollWidth > de.clientWidth,
          page: [de.scrollWidth, de.scrollHeight], viewport: [innerWidth, innerHeight],
          graph_box: [r.left, r.top, r.right, r.bottom].map(Math.round),
          smallest: items.slice().sort((a, b) => a.px - b.px).slice(0, 3).map(brief),
          overlapping: ov.pairs.map(([a, b]) => [brief(items[a]), brief(items[b])]),
          outside_examples: out.slice(0, 3).map(brief)};
}"""


def open_page(browser, url: str, window: tuple[int, int]):
    """A fresh context at ``window`` (CSS px, scale 1) whose non-file requests are blocked and counted."""
    context = browser.new_context(viewport={"width": window[0], "height": window[1]}, device_scale_factor=1,
                                  locale="zh-CN")
    blocked = block_network(context)
    context.add_init_script(INSTRUMENT.replace("%QUIET%", str(QUIET_MS)))
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=120_000)
    return context, page, blocked


def page_status(page) -> dict | None:
    return page.evaluate("() => window.__readability && window.__readability.status()")


def read_labels(page, tol: float = TOLERANCE_PX, max_checks: int = 200_000_000) -> dict:
    """The instrument: on-screen size, overlaps and placement of every drawn label of the page's picture."""
    return page.evaluate(READ_LABELS, {"tol": tol, "maxChecks": max_checks})


def measure_pages(browser, jobs: list[tuple[str, tuple[int, int]]], workers: int = 1,
                  timeout_s: float = 300.0, progress=None) -> list[dict]:
    """Open up to ``workers`` pages at once; for each (url, window) wait until still (or ``timeout_s``), read the labels.

    Returns per job ``{status, first_draw_s, still_s, external_requests, labels}``, in job order.
    """
    results: list[dict | None] = [None] * len(jobs)
    queue, active = list(enumerate(jobs)), []
    while queue or active:
        while queue and len(active) < workers:
            i, (url, window) = queue.pop(0)
            try:
                active.append((i, time.monotonic(), *open_page(browser, url, window)))
            except Exception as exc:  # e.g. a missing file: reported, the run goes on
                results[i] = {"status": "error", "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}", "labels": {},
                              "external_requests": 0}
                if progress:
                    progress(i, results[i])
        time.sleep(0.1)
        for job in list(active):
            i, started, context, page, blocked = job
            try:
                st = page_status(page)
                timed_out = time.monotonic() - started > timeout_s
                if not (st and st["done"]) and not timed_out:
                    continue
                drawn = bool(st and st["drawn"])
                res = {"status": "ok" if st and st["done"] else "timeout",
                       "first_draw_s": st["firstDraw"] / 1000 if st and st["firstDraw"] is not None else None,
                       "still_s": st["stillAt"] / 1000 if st and st["done"] else None,
                       "labels": read_labels(page) if drawn else {}}
            except Exception as exc:  # a crashed or hung page is reported, not fatal to the run
                res = {"status": "error", "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}", "labels": {}}
            res["external_requests"] = len(blocked)
            results[i] = res
            active.remove(job)
            context.close()
            if progress:
                progress(i, res)
    return results
