"""Turn a view into pyvis network data with fixed positions, and into a self-contained HTML page.

Positions are computed here, in Python: stages are columns (上游 → 中游 → 下游),
segments stack inside their column and firms sit in a small grid beside their
segment. Physics is off, so the picture is still and identical on every load,
and a 1,000-node view draws in about a second instead of never settling.
"""

from __future__ import annotations

import html
import re
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pyvis.network import Network

from graph import labels as L
from graph.model import STAGES, Firm, Segment
from graph.store import ChainView

# Two firm columns keep the picture near the aspect of the app's graph pane and of a projector (three made it
# ~2,900 × 700 canvas px, so the fitted view scaled text to a third); 72 px rows fit three-line firm labels.
FIRM_OFFSET = 250  # from a segment's centre to its first firm column
FIRM_DX = 215
STAGE_GAP = 100  # between the last firm column of a stage and the next stage's segments
TARGET_ASPECT = 1.6  # width / height of the app's graph pane; the firm grid is chosen to fill it
FIRM_DY = 72
SEGMENT_GAP = 70
SEGMENT_FONT = 26  # readable from the back of a room on a 1920×1080 projector
FIRM_FONT = 19


def node_id(kind: str, ident: str) -> str:
    """Graph node ids carry their kind so a click can be routed: ``firm:firm_goertek``."""
    return f"{kind}:{ident}"


def parse_node_id(value: str) -> tuple[str, str]:
    kind, _, ident = value.partition(":")
    return kind, ident


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    shape: str = "box"  # box | dot | line | dashed
    border: str = ""


@dataclass
class NetworkData:
    """What vis-network draws: nodes and edges as pyvis builds them, options, a legend and a title."""

    nodes: list[dict]
    edges: list[dict]
    options: dict
    legend: list[LegendItem] = field(default_factory=list)
    title: str = ""
    subtitle: str = ""

    def to_json(self) -> str:
        return json.dumps({"nodes": self.nodes, "edges": self.edges, "options": self.options},
                          ensure_ascii=False, separators=(",", ":"))


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'&+\-/]*|\s+|.")
_CLOSING = set(",.;:!?)]}、,。;:!?)】》」")


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80  # CJK and full-width forms


def wrap(text: str, width: int) -> str:
    """Break a label into lines of about ``width`` characters without splitting Latin words.

    CJK text breaks between any two characters; a Latin word moves to the next line whole (a word
    more than 1.5 lines long is cut); closing punctuation never starts a line. In mixed text a Latin
    character counts half, as it is about half as wide.

    >>> wrap("XR主控芯片/SoC", 9), wrap("WaveOptics", 8), wrap("Software development (OS, engines)", 18)
    ('XR主控芯片/SoC', 'WaveOptics', 'Software\\ndevelopment (OS,\\nengines)')
    """
    mixed = any(_is_wide(ch) for ch in text)

    def size(part: str) -> float:
        return sum(1.0 if _is_wide(ch) or not mixed else 0.5 for ch in part)

    lines: list[str] = []
    line = ""
    for tok in _TOKEN.findall(text):
        while size(tok) > 1.5 * width:
            if line.strip():
                lines.append(line.strip())
            cut = width * 2 if mixed else width
            lines.append(tok[:cut])
            line, tok = "", tok[cut:]
        if tok.isspace():
            line += " " if line else ""
        elif line.strip() and tok not in _CLOSING and size(line.rstrip() + tok) > width:
            lines.append(line.strip())
            line = tok
        else:
            line += tok
    if line.strip():
        lines.append(line.strip())
    return "\n".join(lines)


def short_name(name: str) -> str:
    """Drop a parenthesised explanation: '光学器件与光学模组(Pancake…)' → '光学器件与光学模组'."""
    for mark in ("(", "("):
        head = name.split(mark, 1)[0].strip()
        if head:
            name = head
    return name


_LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")


def short_firm_name(name: str) -> str:
    """Drop the legal form for a label: '青岛杰正泽润科技发展有限公司' → '青岛杰正泽润科技发展' (tooltips keep it)."""
    name = short_name(name)
    for suffix in _LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _label(record, lang: str, width_zh: int, width_en: int) -> str:
    text = short_firm_name(L.name_of(record, lang)) if isinstance(record, Firm) else short_name(L.name_of(record, lang))
    return wrap(text, width_en if lang == "en" and record.name_en else width_zh)


def base_options() -> dict:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "dragNodes": False, "navigationButtons": False,
                        "keyboard": False, "zoomView": True, "dragView": True},
        "edges": {"smooth": False},
        "nodes": {"font": {"face": "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif"}},
    }


def _tooltip(lines: list[str]) -> str:
    # vis-network ≥ 9 shows a string title as plain text; the HTML page additionally never switches
    # to innerHTML, so data text cannot become markup.
    return "\n".join(line for line in lines if line)


def _order_segments(view: ChainView) -> dict[str, list[Segment]]:
    """Segments per stage, each stage ordered by the mean row of its upstream neighbours (fewer crossings)."""
    by_stage: dict[str, list[Segment]] = {s: [] for s in STAGES}
    for seg in view.segments:
        by_stage.setdefault(seg.stage, []).append(seg)
    row: dict[str, float] = {}
    ups: dict[str, list[str]] = {}
    for link in view.links:
        ups.setdefault(link.target, []).append(link.source)
    for stage in STAGES:
        segs = by_stage[stage]

        def key(seg: Segment) -> tuple:
            known = [row[u] for u in ups.get(seg.id, ()) if u in row]
            return (sum(known) / len(known) if known else math.inf, seg.id)

        segs.sort(key=key)
        for i, seg in enumerate(segs):
            row[seg.id] = i
    return by_stage


@dataclass(frozen=True)
class Layout:
    segments: dict[str, tuple[float, float]]  # segment id -> centre
    firms: dict[str, tuple[float, float]]  # firm id -> centre (each firm once, beside its first segment)
    width: float
    height: float


def _layout(by_stage: dict[str, list[Segment]], on_segment: dict[str, list[Firm]], firm_columns: int) -> Layout:
    """Stage columns; in each, segments stacked top-down with their firms in a grid to the right."""
    stage_width = FIRM_OFFSET + firm_columns * FIRM_DX + STAGE_GAP
    segments: dict[str, tuple[float, float]] = {}
    firms: dict[str, tuple[float, float]] = {}
    height = 0.0
    for col, stage in enumerate(STAGES):
        x0, y = col * stage_width, 0.0
        for seg in by_stage.get(stage, []):
            here = sorted((f for f in on_segment[seg.id] if f.id not in firms), key=lambda f: (not f.local, f.id))
            rows = max(1, math.ceil(len(here) / firm_columns))
            block = max(130.0, rows * FIRM_DY + 40)
            segments[seg.id] = (x0, y + block / 2)
            for i, firm in enumerate(here):
                r, c = divmod(i, firm_columns)
                firms[firm.id] = (x0 + FIRM_OFFSET + c * FIRM_DX, y + 40 + r * FIRM_DY)
            y += block + SEGMENT_GAP
        height = max(height, y)
    return Layout(segments, firms, len(STAGES) * stage_width, height)


def _best_layout(by_stage: dict[str, list[Segment]], on_segment: dict[str, list[Firm]]) -> Layout:
    """The firm grid (1–3 columns) whose picture is closest in shape to the graph pane, so it fills it."""
    options = [_layout(by_stage, on_segment, n) for n in (1, 2, 3)]
    return min(options, key=lambda lay: abs(math.log(lay.width / max(lay.height, 1.0) / TARGET_ASPECT)))


def panorama(
    view: ChainView,
    lang: str = "zh",
    *,
    show_outside: bool = True,
    highlight: set[str] | None = None,
    segment_colour: dict[str, str] | None = None,
    segment_note: dict[str, str] | None = None,
    legend_extra: list[LegendItem] | None = None,
) -> NetworkData:
    """The chain panorama: stage columns, segments, firms beside them, supply links.

    ``highlight`` (node ids) keeps those nodes at full strength and fades the rest;
    ``segment_colour`` / ``segment_note`` let an analysis recolour segments and add a line to their tooltip,
    without moving anything.
    """
    net = Network(directed=True)
    segment_colour = segment_colour or {}
    segment_note = segment_note or {}
    on_segment: dict[str, list[Firm]] = {s.id: [] for s in view.segments}
    for firm in view.firms:
        for sid in firm.segments:
            if sid in on_segment and (show_outside or firm.local):
                on_segment[sid].append(firm)
    layout = _best_layout(_order_segments(view), on_segment)
    local_count = {sid: sum(f.local for f in firms) for sid, firms in on_segment.items()}
    by_id = {s.id: s for s in view.segments}
    firm_by_id = {f.id: f for f in view.firms}

    def faded(nid: str) -> bool:
        return highlight is not None and nid not in highlight

    for sid, (x, y) in layout.segments.items():
        seg = by_id[sid]
        nid = node_id("segment", sid)
        colour = segment_colour.get(sid, L.STAGE_COLOURS.get(seg.stage, "#888888"))
        empty = local_count[sid] == 0
        net.add_node(
            nid,
            label=_label(seg, lang, 9, 18),
            title=_tooltip([
                f"{L.t('segment', lang)}: {L.name_of(seg, lang)}",
                f"{L.t(seg.stage, lang)} · {L.t('local_firms', lang)}: {local_count[sid]}",
                segment_note.get(sid, ""),
                f"{L.t('sources', lang)}: {', '.join(seg.sources)}",
            ]),
            x=x, y=y, shape="box", physics=False, fixed=True,
            color={"background": colour, "border": L.EMPTY_SEGMENT_BORDER if empty else colour,
                   "highlight": {"background": colour, "border": "#000000"}},
            borderWidth=5 if empty else 1,
            shapeProperties={"borderDashes": [8, 6] if empty else False},
            font={"size": SEGMENT_FONT, "color": "#FFFFFF", "face": base_options()["nodes"]["font"]["face"]},
            # 260 = nine 26 px CJK characters + margins; narrower, vis adds a blank line to a 9-character name.
            margin=12, widthConstraint={"minimum": 170, "maximum": 260},
            opacity=0.25 if faded(nid) else 1.0,
        )
    placed: set[str] = set()
    for fid_raw, (x, y) in layout.firms.items():
        firm = firm_by_id[fid_raw]
        fid = node_id("firm", fid_raw)
        placed.add(fid)
        net.add_node(
            fid,
            label=_label(firm, lang, 9, 16) + ("?" if firm.uncertain else ""),  # 17-char names: 2 lines
            title=_firm_tooltip(firm, lang),
            x=x, y=y, shape="box", physics=False, fixed=True,
            color={"background": L.LOCAL_FIRM_COLOUR if firm.local else L.OUTSIDE_FIRM_COLOUR,
                   "border": "#333333"},
            borderWidth=1,
            shapeProperties={"borderDashes": [5, 4] if (firm.uncertain or not firm.local) else False},
            font={"size": FIRM_FONT, "color": "#111111"},
            widthConstraint={"maximum": 190},
            opacity=0.25 if faded(fid) else 1.0,
        )

    for firm in view.firms:
        fid = node_id("firm", firm.id)
        if fid not in placed:
            continue
        for sid in firm.segments:
            if sid in on_segment:
                net.add_edge(fid, node_id("segment", sid), color={"color": "#999999", "opacity": 0.6},
                             width=1, arrows={"to": {"enabled": False}})
    for link in view.links:
        net.add_edge(node_id("segment", link.source), node_id("segment", link.target),
                     color={"color": "#444444"}, width=3, arrows="to",
                     title=f"{L.t('upstream', lang)} → {L.t('downstream', lang)}")
    for link in view.firm_links:
        a, b = node_id("firm", link.supplier), node_id("firm", link.customer)
        if a in placed and b in placed:
            net.add_edge(a, b, color={"color": "#CC79A7"}, width=2, dashes=True, arrows="to",
                         title=_tooltip([link.product, f"{L.t('sources', lang)}: {', '.join(link.sources)}"]))

    status = L.enum_label(L.CHAIN_STATUS, view.chain.status, lang)
    title = L.name_of(view.chain, lang) + ("" if view.chain.status == "confirmed" else f"({status})")
    return NetworkData(net.nodes, net.edges, base_options(), panorama_legend(lang) + (legend_extra or []), title)


def _firm_tooltip(firm: Firm, lang: str) -> str:
    return _tooltip([
        L.name_of(firm, lang),
        firm.name_en if lang == "zh" else firm.name,
        f"{L.t('local', lang) if firm.local else L.t('outside', lang)}"
        + (f" · {L.t('evidence', lang)}: {L.enum_label(L.EVIDENCE, firm.evidence, lang)}" if firm.local else ""),
        f"{L.t('tags', lang)}: {'、'.join(firm.tags)}" if firm.tags else "",
        f"{L.t('sources', lang)}: {', '.join(firm.sources)}",
    ])


def panorama_legend(lang: str) -> list[LegendItem]:
    return [
        *(LegendItem(f"{L.t(s, lang)} {L.t('segment', lang)}", L.STAGE_COLOURS[s]) for s in STAGES),
        LegendItem(L.t("local_firms", lang), L.LOCAL_FIRM_COLOUR),
        LegendItem(L.t("outside_firms", lang), L.OUTSIDE_FIRM_COLOUR, border="dashed"),
        LegendItem(L.t("empty_segments", lang), "#FFFFFF", border=L.EMPTY_SEGMENT_BORDER),
        LegendItem(f"? = {L.t('uncertain', lang)}", "#FFFFFF"),
    ]


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside pyvis (so nothing is fetched from a CDN)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


# Inline, not only classes: the app shows the legend through st.html, where the page's stylesheet is absent
# (without these the swatches collapsed to zero width).
_ITEM_STYLE = "display:inline-flex;align-items:center;gap:6px;margin-right:18px"
_SWATCH_STYLE = "display:inline-block;width:26px;height:16px;box-sizing:border-box"


def legend_html(items: list[LegendItem], font_px: int | None = None) -> str:
    """The legend as escaped HTML; with ``font_px`` wrapped in a block of that type size (for the app)."""
    parts = []
    for item in items:
        border = "2px dashed #333" if item.border == "dashed" else (f"3px dashed {item.border}" if item.border else "1px solid #333")
        parts.append(
            f'<span class="item" style="{_ITEM_STYLE}"><span class="swatch" style="{_SWATCH_STYLE};'
            f'background:{html.escape(item.colour)};border:{html.escape(border)}"></span>{html.escape(item.label)}</span>'
        )
    body = "".join(parts)
    return body if font_px is None else f'<div style="font-size:{int(font_px)}px">{body}</div>'


def _script_json(data: str) -> str:
    # JSON inside <script> must not be able to close the tag.
    return data.replace("</", "<\\/").replace("<!--", "<\\!--")


def to_html(net: NetworkData, *, footer: str = "", height: str = "100vh", lang: str = "zh") -> str:
    """A self-contained page (vis-network inlined): opens from a file path with no server and no network."""
    js, css = vis_assets()
    template = resources.files("graph").joinpath("assets/network.html").read_text(encoding="utf-8")
    values = {
        "LANG": "en" if lang == "en" else "zh-CN",
        "TITLE": html.escape(net.title),
        "SUBTITLE": html.escape(net.subtitle),
        "LEGEND": legend_html(net.legend),
        "FOOTER": html.escape(footer),
        "HEIGHT": height,
        "VIS_CSS": css,
        "DATA": _script_json(net.to_json()),
        "VIS_JS": js.replace("</script", "<\\/script"),
    }
    # One pass, so text inserted for one placeholder is never scanned for another.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], template)
