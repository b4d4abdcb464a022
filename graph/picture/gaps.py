"""Pictures of the gap analyses: the chain picture in each segment's finding's look, a what-if picture,
a firm neighbourhood.

The chain picture itself is ``graph.picture.panorama``; this module only chooses the looks (colour, border,
badge), tooltip notes, the highlight set and a legend that states the rules. The neighbourhood has its own fixed layout:
one column per supply distance (upstream left, downstream right), physics off.
"""

from __future__ import annotations

from typing import Mapping

from pyvis.network import Network

from graph import style
from graph.analysis.gaps import POSITIONS, ChainGaps, Rules
from graph.analysis.neighbourhood import Neighbourhood
from graph.analysis.whatif import WhatIf
from graph.model import Source
from graph.picture.network import LegendItem, NetworkData, base_options, node_id
from graph.picture.panorama import FONT, PER_SEGMENT, PictureSpec, SegmentLook, panorama, panorama_legend
from graph.picture.text import wrap
from graph.store import overview_of
from graph.tables.gaps import status_position
from graph.words import enum_label, name_of, short_name, t
from graph.words.explain import gap_numbers, position_rule, status_rule

HOOD_FONT = 19

HOOD_DX = 560  # between distance columns
HOOD_SUB = 120  # segments left of a column's centre line, firms right
HOOD_DY = 80
CENTRE_COLOUR = "#E69F00"


# One look per finding: colour, border and a text badge, so each survives grayscale print and colour blindness.
# Missing segments are dark (nothing local there) and told apart by their border and badge.
POSITION_LOOKS = {"break": ("#1A1A1A", "#E41A1C", [10, 5]), "extend": ("#3D3D3D", "#FF9F1C", [3, 4]),
                  "fill": ("#5E5E5E", "#56B4E9", [12, 4, 3, 4])}


def gap_look(status: str, position: str, lang: str = "zh") -> SegmentLook:
    """The segment's look for its gap status (and position, for a missing segment)."""
    if status == "missing":
        bg, border, dashes = POSITION_LOOKS.get(position, POSITION_LOOKS["fill"])
        return SegmentLook(bg, border=border, border_width=4, dashes=dashes, badge=enum_label("gap_position", position, lang))
    colour = style.GAP_STATUS_COLOURS[status]
    return SegmentLook(colour, border="#FFFFFF" if status == "single" else colour, border_width=3 if status == "single" else 1,
                       badge=enum_label("gap_status", status, lang))


def status_looks(gaps: ChainGaps, lang: str = "zh") -> dict[str, SegmentLook]:
    return {g.segment.id: gap_look(g.status, g.position, lang) for g in gaps.segments}


def status_colours(gaps: ChainGaps) -> dict[str, str]:
    return {g.segment.id: gap_look(g.status, g.position).bg for g in gaps.segments}


def status_notes(gaps: ChainGaps, lang: str = "zh") -> dict[str, str]:
    """Tooltip line per segment: status, position, and the numbers behind them."""
    return {g.segment.id: f"{status_position(g.status, g.position, lang)}\n{gap_numbers(g, gaps.view, lang)}"
            for g in gaps.segments}


def status_legend(rules: Rules = Rules(), lang: str = "zh") -> list[LegendItem]:
    """One short legend line: the six findings (each with its rule on hover) and the firm kinds."""
    items = []
    for position in POSITIONS:
        look = gap_look("missing", position, lang)
        items.append(LegendItem(look.badge, look.bg, border=look.border,
                                title=f"{status_rule('missing', rules, lang)}; {position_rule(position, lang)}"))
    for status in ("single", "weak", "strong"):
        items.append(LegendItem(enum_label("gap_status", status, lang), style.GAP_STATUS_COLOURS[status],
                                title=status_rule(status, rules, lang)))
    return items + [i for i in panorama_legend(lang) if i.colour not in style.STAGE_COLOURS.values()
                    and i.border != style.EMPTY_SEGMENT_BORDER]


def without_stage_items(items: list[LegendItem]) -> list[LegendItem]:
    """Segments are coloured by status here, so the panorama's stage swatches would mislead."""
    stage = set(style.STAGE_COLOURS.values())
    return [i for i in items if i.colour not in stage]


def gap_panorama(gaps: ChainGaps, lang: str = "zh", highlight: set[str] | None = None,
                 sources: Mapping[str, Source] | None = None, focus: str | None = None,
                 font: int = FONT) -> PictureSpec:
    """The chain picture with segments in their finding's look and a legend stating the rules."""
    net = panorama(overview_of(gaps.view, PER_SEGMENT), lang, highlight=highlight, looks=status_looks(gaps, lang),
                   segment_note=status_notes(gaps, lang), sources=sources, focus=focus, font=font)
    net.legend = status_legend(gaps.rules, lang)
    return net


def what_if_panorama(result: WhatIf, lang: str = "zh", sources: Mapping[str, Source] | None = None,
                     font: int = FONT) -> PictureSpec:
    """The picture after the scenario, in the new findings' looks; changed segments and moved firms stay bright."""
    changed = {c.segment.id: c for c in result.changes}
    highlight = {node_id("segment", s) for s in changed} | {node_id("firm", f) for f in result.moved}
    notes = status_notes(result.after, lang)
    for sid, c in changed.items():
        notes[sid] += (f"\n{t('before', lang)}: {enum_label('gap_status', c.before, lang)}"
                       f" → {t('after', lang)}: {enum_label('gap_status', c.after, lang)}")
    net = panorama(overview_of(result.after.view, PER_SEGMENT), lang,
                   highlight=highlight if changed or result.moved else None,
                   looks=status_looks(result.after, lang), segment_note=notes, sources=sources, font=font)
    net.legend = status_legend(result.after.rules, lang)
    return net


def _hood_rows(nodes: list) -> list[tuple[object, float, float]]:
    """(node, dx, row) for one column: each segment with the column's firms on it beside it, then the other firms.

    Firms sit half a row lower than segments so a segment link drawn along a row never runs through a firm.
    """
    segs = sorted((n for n in nodes if n.kind == "segment"), key=lambda n: n.record.id)
    firms = sorted((n for n in nodes if n.kind == "firm"), key=lambda n: (not n.record.local, n.record.id))
    out, row, placed = [], 0, set()
    for seg in segs:
        beside = [f for f in firms if seg.record.id in f.record.segments and f.record.id not in placed]
        out.append((seg, -HOOD_SUB, row))
        for i, f in enumerate(beside):
            out.append((f, HOOD_SUB, row + i))
            placed.add(f.record.id)
        row += max(1, len(beside))
    for f in firms:
        if f.record.id not in placed:
            out.append((f, HOOD_SUB, row))
            row += 1
    return out


def neighbourhood_network(hood: Neighbourhood, lang: str = "zh") -> NetworkData:
    """The neighbourhood as a still picture: one column per supply distance, firms beside their segments."""
    net = Network(directed=True)
    columns: dict[int, list] = {}
    for n in hood.nodes:
        columns.setdefault(n.distance, []).append(n)
    for d, nodes in columns.items():
        for n, dx, row in _hood_rows(nodes):
            centre = n.kind == "firm" and n.record.id == hood.centre.id
            if n.kind == "segment":
                colour = style.STAGE_COLOURS.get(n.record.stage, style.NEUTRAL)
                font = {"size": HOOD_FONT, "color": "#FFFFFF"}
            else:
                colour = CENTRE_COLOUR if centre else (style.LOCAL_FIRM_COLOUR if n.record.local else style.OUTSIDE_FIRM_COLOUR)
                font = {"size": HOOD_FONT + (4 if centre else 0), "color": "#111111"}
            where = "" if n.kind == "segment" else (t("local", lang) if n.record.local else t("outside", lang))
            label = wrap(short_name(name_of(n.record, lang)), 10)
            more = hood.more_on(n.record.id) if n.kind == "segment" else 0
            if more:  # the local firms not drawn beside the segment: counted, and listed in its panel on a click
                label += "\n" + t("more_firms", lang).format(n=more)
                where = t("more_title", lang).format(segment=short_name(name_of(n.record, lang)), n=more)
            net.add_node(node_id(n.kind, n.record.id), label=label,
                         title="\n".join(x for x in (name_of(n.record, lang), t(n.kind, lang), where) if x),
                         x=d * HOOD_DX + dx, y=(row + (0.5 if n.kind == "firm" else 0)) * HOOD_DY, shape="box",
                         physics=False, fixed=True, color={"background": colour, "border": "#333333"},
                         borderWidth=4 if centre else 1, font=font, widthConstraint={"maximum": 200},
                         shapeProperties={"borderDashes": False if n.kind == "segment" or n.record.local else [5, 4]})
    styles = {"SUPPLIES_FIRM": {"color": {"color": "#CC79A7"}, "width": 2, "dashes": True, "arrows": "to"},
              "SUPPLIES": {"color": {"color": "#444444"}, "width": 3, "arrows": "to"},
              "IN_SEGMENT": {"color": {"color": "#999999", "opacity": 0.6}, "width": 1,
                             "arrows": {"to": {"enabled": False}}}}
    for e in hood.edges:
        net.add_edge(node_id(*e.source), node_id(*e.target), title=e.label, **styles[e.rel])
    legend = [
        LegendItem(short_name(name_of(hood.centre, lang)), CENTRE_COLOUR),
        *(LegendItem(f"{t(s, lang)} {t('segment', lang)}", c) for s, c in style.STAGE_COLOURS.items()),
        LegendItem(t("local_firms", lang), style.LOCAL_FIRM_COLOUR),
        LegendItem(t("outside_firms", lang), style.OUTSIDE_FIRM_COLOUR, border="dashed"),
    ]
    title = f"{short_name(name_of(hood.centre, lang))} · {t('upstream', lang)} ← → {t('downstream', lang)} ({hood.hops})"
    return NetworkData(net.nodes, net.edges, base_options(), legend, title)
