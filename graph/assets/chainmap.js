/* chainmap picture: a chain laid out for the window it is drawn in, with levels of detail.
 *
 * The Python side (graph/picture/panorama.py) sends a spec: the stages and their segments, each segment's
 * firms in picture order (as many as could ever fit), counts, colours, tooltips. This file places them at
 * the real size of the drawing area, so that every label is drawn at the spec's font size (the view
 * scale is 1), nothing overlaps and everything is inside the area:
 *
 *   - one column per stage (上游 → 中游 → 下游); in a column, one card per segment: a header box with the
 *     segment's name and a badge line, and under it a grid of firm chips;
 *   - a column splits into 1–4 sub-columns of cards when that shows more firms (or when the headers alone
 *     do not fit one above another);
 *   - rows of chips go to the cards with the most firms still hidden; a card that cannot show all its
 *     firms shows a "+N" chip instead of its last one (clicking it opens the segment's full list);
 *   - labels are cut to their box with "…" (the tooltip holds the whole name).
 *
 * Used by graph/assets/network.html (offline pages, PNG, PPTX) and the app's component. Exposes
 * window.chainmapPicture.draw(container, spec, options) → {network, shown, total, relayout()}.
 */
(function (global) {
  "use strict";

  var canvas = null;

  function measurer(font, face) {
    canvas = canvas || document.createElement("canvas");
    var ctx = canvas.getContext("2d");
    return function (text, bold) {
      ctx.font = (bold ? "bold " : "") + font + "px " + face;
      return ctx.measureText(text).width;
    };
  }

  // Break text into at most maxLines lines of at most width px; Latin words stay whole where they can.
  function wrap(text, width, maxLines, measure, bold) {
    var tokens = text.match(/[A-Za-z0-9][A-Za-z0-9.'&+\-\/]*|\s+|./g) || [];
    var lines = [], line = "";
    for (var i = 0; i < tokens.length; i++) {
      var tok = tokens[i];
      if (/^\s+$/.test(tok)) { if (line) { line += " "; } continue; }
      var next = line + tok;
      if (measure(next, bold) <= width || !line.trim()) {
        line = next;
        while (measure(line, bold) > width && line.length > 1) {  // a single token wider than the line
          var cut = line.length - 1;
          while (cut > 1 && measure(line.slice(0, cut), bold) > width) { cut--; }
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      } else {
        lines.push(line.trim());
        line = tok;
      }
    }
    if (line.trim()) { lines.push(line.trim()); }
    if (lines.length > maxLines) {
      lines = lines.slice(0, maxLines);
      lines[maxLines - 1] = clip(lines[maxLines - 1] + "…", width, measure, bold);
    }
    return lines;
  }

  function clip(text, width, measure, bold) {
    if (measure(text, bold) <= width) { return text; }
    var t = text.replace(/…$/, "");
    while (t.length > 1 && measure(t + "…", bold) > width) { t = t.slice(0, -1); }
    return t + "…";
  }

  // Geometry of one stage column split into `sub` sub-columns; returns null when the headers do not fit.
  function planColumn(stage, spec, x0, width, top, height, sub, m) {
    var f = spec.font, lh = Math.ceil(f * 1.3), pad = 6, gap = 8, chipGap = 6;
    var chipH = lh + 10, rowH = chipH + chipGap;
    var cardW = (width - gap * (sub - 1)) / sub;
    if (cardW < 9 * f + 2 * pad) { return null; }  // a card narrower than ~7 characters helps nobody
    var inner = cardW - 2 * pad;
    var per = Math.max(1, Math.floor((inner + chipGap) / (Math.max(5 * f, Math.min(inner, 8 * f)) + 12 + chipGap)));
    var chipW = (inner - (per - 1) * chipGap) / per;
    var cards = stage.segments.map(function (sid) {
      var seg = spec.segments[sid];
      // Text is kept inside the label area (vis takes the margins off the constraint again when it wraps).
      var nameLines = wrap(seg.name, cardW - 34, 2, m, true);
      var sub = seg.sub || "";  // the badge line; its short form (badge and local/total) when the card is narrow
      if (seg.sub_short && m(sub, false) > cardW - 34) { sub = seg.sub_short; }
      sub = clip(sub, cardW - 34, m, false);
      var headH = (nameLines.length + (sub ? 1 : 0)) * lh + 12;
      var firms = spec.firms[sid] || [];
      return {sid: sid, seg: seg, lines: nameLines, sub: sub, headH: headH, firms: firms,
              total: Math.max(seg.total || 0, firms.length), rows: 0};
    });
    // Cards fill the sub-columns in order, each sub-column taking about an equal share of header height.
    var groups = [], need = 0;
    cards.forEach(function (c) { need += c.headH + gap + (c.total ? rowH : 0); });
    var target = need / sub, current = [], used = 0;
    cards.forEach(function (c) {
      var h = c.headH + gap + (c.total ? rowH : 0);
      if (current.length && used + h > target + 1 && groups.length < sub - 1) { groups.push(current); current = []; used = 0; }
      current.push(c); used += h;
    });
    if (current.length) { groups.push(current); }
    var shown = 0;
    for (var g = 0; g < groups.length; g++) {
      var cs = groups[g], free = height;
      cs.forEach(function (c) { free -= c.headH + gap; if (c.total) { c.rows = 1; free -= rowH; } });
      if (free < -0.5) { return null; }
      for (;;) {  // one more row to the card with the most firms still hidden (of those sent, and a "+N")
        var best = null, bestHidden = 0;
        cs.forEach(function (c) {
          var hidden = Math.min(c.total, c.firms.length + 1) - c.rows * per;
          if (hidden > bestHidden) { best = c; bestHidden = hidden; }
        });
        if (!best || free < rowH) { break; }
        best.rows++; free -= rowH;
      }
      var y = top;
      cs.forEach(function (c) {
        c.x = x0 + g * (cardW + gap); c.y = y; c.w = cardW;
        var capacity = c.rows * per;
        c.show = c.total > capacity ? Math.max(0, capacity - 1) : c.total;
        c.show = Math.min(c.show, c.firms.length);
        c.more = c.total - c.show;
        shown += c.show;
        y += c.headH + c.rows * rowH + gap;
      });
    }
    return {cards: cards, shown: shown, per: per, chipW: chipW, chipH: chipH, rowH: rowH, lh: lh, pad: pad};
  }

  function layout(spec, W, H) {
    var f = spec.font, m = measurer(f, spec.face), margin = 8, colGap = 30;
    var stages = spec.stages.filter(function (s) { return s.segments.length; });
    var titleH = Math.ceil(f * 1.3) + 10;
    var colW = (W - 2 * margin - colGap * Math.max(0, stages.length - 1)) / Math.max(1, stages.length);
    var nodes = [], edges = [], placed = {}, cardOf = {};
    stages.forEach(function (stage, i) {
      var x0 = margin + i * (colW + colGap), top = margin + titleH, height = H - top - margin;
      // The fewest sub-columns (wider cards, whole names) that show at least 85 % of what the best split shows.
      var plans = [];
      for (var sub = 1; sub <= 4; sub++) { plans.push(planColumn(stage, spec, x0, colW, top, height, sub, m)); }
      var most = Math.max.apply(null, plans.map(function (p) { return p ? p.shown : -1; }));
      var plan = plans.filter(function (p) { return p && p.shown >= 0.85 * most; })[0] || null;
      if (!plan) {  // even one-line headers do not fit: names on one line, firms only as counts
        var slim = JSON.parse(JSON.stringify(spec));
        stage.segments.forEach(function (sid) { slim.firms[sid] = []; slim.segments[sid].total = 0; });
        plan = planColumn(stage, slim, x0, colW, top, height, 4, m) || planColumn(stage, slim, x0, colW, top, height, 1, m);
      }
      nodes.push({id: "stage:" + stage.key, label: stage.label, shape: "text", x: x0 + colW / 2, y: margin + titleH / 2,
                  font: {size: f + 1, face: spec.face, color: "#333333", bold: {mod: "bold"}}, title: stage.label});
      if (!plan) { return; }
      plan.cards.forEach(function (c) {
        var seg = c.seg, id = "segment:" + c.sid;
        placed[id] = id;
        cardOf[c.sid] = {column: i, y: c.y};
        // Links leave a header at its right edge and enter the next at its left edge (anchors with no label),
        // so they run through the gutters between columns instead of across the chips.
        nodes.push(anchor("out:" + c.sid, c.x + c.w, c.y + c.headH / 2), anchor("in:" + c.sid, c.x, c.y + c.headH / 2));
        nodes.push({id: id, label: c.lines.concat(c.sub ? [c.sub] : []).join("\n"), title: seg.title, shape: "box",
                    // vis adds the margins to the constraints: the box is exactly c.w × c.headH.
                    x: c.x + c.w / 2, y: c.y + c.headH / 2, widthConstraint: {minimum: c.w - 12, maximum: c.w - 12},
                    heightConstraint: {minimum: c.headH - 12, valign: "middle"}, margin: 6,
                    color: {background: seg.bg, border: seg.border, highlight: {background: seg.bg, border: "#000000"},
                            hover: {background: seg.bg, border: "#000000"}},
                    borderWidth: seg.borderWidth || 1, shapeProperties: {borderDashes: seg.dashes || false, borderRadius: 3},
                    font: {size: f, face: spec.face, color: seg.fg || "#FFFFFF"}, opacity: seg.faded ? 0.25 : 1});
        var y0 = c.y + c.headH + 4;
        var items = c.firms.slice(0, c.show);
        items.forEach(function (firm, k) {
          var r = Math.floor(k / plan.per), col = k % plan.per, ref = firm.id.split("#")[0];
          if (!placed[ref]) { placed[ref] = firm.id; }  // firm links join a firm's first chip
          var look = spec.looks[firm.kind] || {};
          nodes.push(chip(firm.id, clip(firm.label, plan.chipW - 26, m, false), firm.title,
                          {bg: look.bg, dashes: look.dashes, border: "#333333", faded: firm.faded},
                          c.x + plan.pad + col * (plan.chipW + 6) + plan.chipW / 2, y0 + r * plan.rowH + plan.chipH / 2,
                          plan.chipW, plan.chipH, f, spec.face));
        });
        if (c.more > 0) {
          var k = items.length, r = Math.floor(k / plan.per), col = k % plan.per;
          var text = spec.more.replace("{n}", c.more);
          nodes.push(chip("more:" + c.sid, clip(text, plan.chipW - 26, m, false), spec.more_title.replace("{n}", c.more)
                          .replace("{segment}", seg.name), {bg: "#FFFFFF", border: "#333333", fg: "#111111", faded: seg.faded},
                          c.x + plan.pad + col * (plan.chipW + 6) + plan.chipW / 2, y0 + r * plan.rowH + plan.chipH / 2,
                          plan.chipW, plan.chipH, f, spec.face));
        }
      });
    });
    (spec.links || []).forEach(function (l) {
      var a = cardOf[l.from], b = cardOf[l.to];
      if (!a || !b) { return; }
      var edge = {arrows: {to: {enabled: true, scaleFactor: 0.6}}, width: 2, title: l.title,
                  color: {color: "#555555", opacity: l.faded ? 0.25 : 0.9}};
      if (a.column === b.column) {  // within a stage: an arc through the gutter left of the column
        edge.from = "in:" + l.from; edge.to = "in:" + l.to;
        edge.smooth = {enabled: true, type: b.y > a.y ? "curvedCW" : "curvedCCW", roundness: 0.35};
      } else {
        edge.from = "out:" + l.from; edge.to = "in:" + l.to;
        edge.smooth = {enabled: true, type: "cubicBezier", forceDirection: "horizontal", roundness: 0.5};
      }
      edges.push(edge);
    });
    (spec.firm_links || []).forEach(function (l) {
      if (placed[l.from] && placed[l.to]) {
        edges.push({from: placed[l.from], to: placed[l.to], arrows: "to", width: 2, dashes: true, color: {color: "#CC79A7"},
                    title: l.title});
      }
    });
    var firmsShown = Object.keys(placed).filter(function (k) { return k.indexOf("firm:") === 0; }).length;
    var used = 0;
    nodes.forEach(function (n) { if (n.heightConstraint) { used = Math.max(used, n.y + n.heightConstraint.minimum / 2 + 6); } });
    return {nodes: nodes, edges: edges, shown: firmsShown, total: spec.total, used: Math.ceil(used + 8)};
  }

  function anchor(id, x, y) {
    return {id: id, shape: "dot", size: 1, x: x, y: y, color: {background: "rgba(0,0,0,0)", border: "rgba(0,0,0,0)"},
            borderWidth: 0, chosen: false};
  }

  function chip(id, label, title, s, x, y, w, h, f, face) {
    return {id: id, label: label, title: title, shape: "box", x: x, y: y,  // a box of exactly w × h (margins included)
            widthConstraint: {minimum: w - 10, maximum: w - 10}, heightConstraint: {minimum: h - 10, valign: "middle"}, margin: 5,
            color: {background: s.bg, border: s.border, highlight: {background: s.bg, border: "#000000"},
                    hover: {background: s.bg, border: "#000000"}},
            borderWidth: s.borderWidth || 1, shapeProperties: {borderDashes: s.dashes || false, borderRadius: 2},
            font: {size: f, face: face, color: s.fg || "#111111"}, opacity: s.faded ? 0.25 : 1};
  }

  var OPTIONS = {
    physics: {enabled: false}, layout: {improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 120, dragNodes: false, keyboard: false, zoomView: true, dragView: true,
                  navigationButtons: false},
    edges: {smooth: false}
  };

  // Draw `spec` into `container` at its current size; a chain spec is laid out here, a network spec
  // (nodes and edges already placed) is drawn as given and fitted.
  function draw(container, spec, options) {
    options = options || {};
    var nodes = new global.vis.DataSet([]), edges = new global.vis.DataSet([]);
    var network = new global.vis.Network(container, {nodes: nodes, edges: edges},
                                         Object.assign({}, OPTIONS, spec.options || {}));
    var state = {network: network, shown: 0, total: 0, drawn: false, drawMs: null};
    var t0 = global.performance.now();
    function place() {
      var W = container.clientWidth, H = container.clientHeight;
      if (spec.kind === "chain") {
        var out = layout(spec, W, H);
        nodes.clear(); edges.clear(); nodes.add(out.nodes); edges.add(out.edges);
        state.shown = out.shown; state.total = out.total; state.used = out.used;
        network.setSize(W + "px", H + "px");
        network.moveTo({position: {x: W / 2, y: H / 2}, scale: 1, animation: false});
      } else {
        nodes.clear(); edges.clear(); nodes.add(spec.nodes); edges.add(spec.edges);
        network.fit({animation: false});
      }
      state.nodeIds = nodes.getIds();
      if (options.onLayout) { options.onLayout(state); }
    }
    network.once("afterDrawing", function () { state.drawn = true; state.drawMs = global.performance.now() - t0;
                                              if (options.onDrawn) { options.onDrawn(state); } });
    network.on("click", function (p) { if (p.nodes.length && options.onClick) { options.onClick(String(p.nodes[0])); } });
    place();
    var timer = null;
    state.relayout = function () { clearTimeout(timer); timer = setTimeout(place, 120); };
    return state;
  }

  global.chainmapPicture = {draw: draw, layout: layout, wrap: wrap};
})(typeof window !== "undefined" ? window : this);
