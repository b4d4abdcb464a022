"""The chain panorama: segments in 上游 → 中游 → 下游 columns, firms beside them, supply links.

Positions are computed here, in Python: stages are columns (上游 → 中游 → 下游),
segments stack inside their column and firms sit in a small grid beside their
segment. Physics is off, so the picture is still and identical on every load,
and a 1,000-node view draws in about a second instead of never settling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from pyvis.network import Network

from graph import style
from graph.model import STAGES, Firm, Segment, Source
from graph.picture.network import FONT_FACE, LegendItem, NetworkData, base_options, node_id, tooltip
from graph.picture.text import label
from graph.store import ChainView
from graph.tables.data import source_label
from graph.words import enum_label, name_of, t, tags_text

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
    sources: Mapping[str, Source] | None = None,
) -> NetworkData:
    """The chain panorama: stage columns, segments, firms beside them, supply links.

    ``highlight`` (node ids) keeps those nodes at full strength and fades the rest;
    ``segment_colour`` / ``segment_note`` let an analysis recolour segments and add a line to their tooltip,
    without moving anything. ``sources`` (id → source) names each node's sources by title in its tooltip.
    """
    sources = sources or {}
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
        colour = segment_colour.get(sid, style.STAGE_COLOURS.get(seg.stage, style.NEUTRAL))
        empty = local_count[sid] == 0
        net.add_node(
            nid,
            label=label(seg, lang, 9, 18),
            title=tooltip([
                f"{t('segment', lang)}: {name_of(seg, lang)}",
                f"{t(seg.stage, lang)} · {t('local_firms', lang)}: {local_count[sid]}",
                segment_note.get(sid, ""),
                source_line(seg.sources, sources, lang),
            ]),
            x=x, y=y, shape="box", physics=False, fixed=True,
            color={"background": colour, "border": style.EMPTY_SEGMENT_BORDER if empty else colour,
                   "highlight": {"background": colour, "border": "#000000"}},
            borderWidth=5 if empty else 1,
            shapeProperties={"borderDashes": [8, 6] if empty else False},
            font={"size": SEGMENT_FONT, "color": "#FFFFFF", "face": FONT_FACE},
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
            label=label(firm, lang, 9, 16) + ("?" if firm.uncertain else ""),  # 17-char names: 2 lines
            title=_firm_tooltip(firm, lang, sources),
            x=x, y=y, shape="box", physics=False, fixed=True,
            color={"background": style.LOCAL_FIRM_COLOUR if firm.local else style.OUTSIDE_FIRM_COLOUR,
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
                     title=f"{t('upstream', lang)} → {t('downstream', lang)}")
    for link in view.firm_links:
        a, b = node_id("firm", link.supplier), node_id("firm", link.customer)
        if a in placed and b in placed:
            net.add_edge(a, b, color={"color": "#CC79A7"}, width=2, dashes=True, arrows="to",
                         title=tooltip([link.product, source_line(link.sources, sources, lang)]))

    status = enum_label("chain_status", view.chain.status, lang)
    title = name_of(view.chain, lang) + ("" if view.chain.status == "confirmed" else f"({status})")
    return NetworkData(net.nodes, net.edges, base_options(), panorama_legend(lang) + (legend_extra or []), title)


def source_line(ids, sources: Mapping[str, Source], lang: str) -> str:
    """'来源: 标题 (2024-01); …' for a tooltip — titles, never ids ("" when the titles were not asked for)."""
    titles = [source_label(sources[i]) for i in ids if i in sources]
    return f"{t('sources', lang)}: " + "; ".join(titles) if titles else ""


def _firm_tooltip(firm: Firm, lang: str, sources: Mapping[str, Source]) -> str:
    where = t("local", lang) if firm.local else t("outside", lang)
    if firm.local:
        where += f" · {t('evidence', lang)}: {enum_label('evidence', firm.evidence, lang)}"
    return tooltip([
        name_of(firm, lang),
        firm.name_en if lang == "zh" else firm.name,
        where,
        f"{t('tags', lang)}: {tags_text(firm.tags, lang)}" if firm.tags else "",
        source_line(firm.sources, sources, lang),
    ])


def panorama_legend(lang: str) -> list[LegendItem]:
    return [
        *(LegendItem(f"{t(s, lang)} {t('segment', lang)}", style.STAGE_COLOURS[s]) for s in STAGES),
        LegendItem(t("local_firms", lang), style.LOCAL_FIRM_COLOUR),
        LegendItem(t("outside_firms", lang), style.OUTSIDE_FIRM_COLOUR, border="dashed"),
        LegendItem(t("empty_segments", lang), "#FFFFFF", border=style.EMPTY_SEGMENT_BORDER),
        LegendItem(f"? = {t('uncertain', lang)}", "#FFFFFF"),
    ]
