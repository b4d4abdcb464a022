"""The chain picture: segments in 上游 → 中游 → 下游 columns with their supply links, and on each segment as
many firms as fit legibly (picture order: leaders, tagged local firms, local firms, tagged outside firms,
the rest), the others summed up in a "+N" chip that opens the segment's full list.

This module decides what is drawn and how it looks (words, colours, borders, badges, tooltips) and
sends it as a ``PictureSpec``; ``graph/assets/chainmap.js`` places it at the real size of the window, so
every label is drawn at ``font`` px (``FONT`` in the app and offline pages, ``PRESENT_FONT`` in
presentation mode), nothing overlaps and the whole picture is inside the window.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from graph import style
from graph.model import STAGES, Firm, Source
from graph.picture.network import FONT_FACE, LegendItem, node_id, tooltip
from graph.store import OVERVIEW_FIRMS, ChainOverview, ChainView, picture_order
from graph.tables.data import source_label
from graph.words import enum_label, name_of, short, t, tags_text

FONT = 13  # label px on screen in the app and the offline pages (the goal is ≥ 12 at 1366×768)
PRESENT_FONT = 17  # presentation mode (the goal is ≥ 16 at 1920×1080)
PER_SEGMENT = OVERVIEW_FIRMS  # firms sent for one segment at most: more than its card shows in any window
CHIPS = 600  # firms sent for the whole picture (shared out by segment size): more than a 1920×1080 window shows
LIST_BYTES = 700_000  # bytes of firm names an offline page carries for its "+N" lists (a file stays under 2 MB)

# A firm chip's look: (background, border dashes); unconfirmed = local but not counted as a working unit,
# or with weak / inferred evidence of being local.
FIRM_LOOK = {"local": (style.LOCAL_FIRM_COLOUR, False), "unconfirmed": ("#FFF6BF", [2, 3]),
             "outside": ("#DDDDDD", [6, 4])}


@dataclass
class SegmentLook:
    """How a segment's header is drawn: colours, border, and the badge that starts its second line."""

    bg: str
    fg: str = "#FFFFFF"
    border: str = ""
    border_width: int = 1
    dashes: list | bool = False
    badge: str = ""  # words, already in the page's language


@dataclass
class PictureSpec:
    """What ``chainmap.js`` lays out and draws (``spec``), with the legend, title and subtitle shown above it."""

    spec: dict
    legend: list[LegendItem] = field(default_factory=list)
    title: str = ""
    subtitle: str = ""

    def to_json(self) -> str:
        return json.dumps(self.spec, ensure_ascii=False, separators=(",", ":"))


def firm_kind(firm: Firm) -> str:
    if not firm.local:
        return "outside"
    return "local" if firm.counts_as_local() and not firm.uncertain else "unconfirmed"


def _firm_label(firm: Firm, lang: str) -> str:
    kind = firm_kind(firm)
    label = short(firm, lang)
    return (t("badge_outside", lang) + label) if kind == "outside" else label + ("?" if kind == "unconfirmed" else "")


def _sources_line(ids: Iterable[str], sources: Mapping[str, Source], lang: str, first: int | None = None) -> str:
    """'来源: 标题 (2024-01); …' — titles, never ids; with ``first``, that many titles and how many there are."""
    titles = [source_label(sources[i]) for i in ids if i in sources]
    if not titles:
        return ""
    if first is not None and len(titles) > first:
        return f"{t('sources', lang)}: " + "; ".join(titles[:first]) + " " + t("more_items", lang).format(n=len(titles) - first)
    return f"{t('sources', lang)}: " + "; ".join(titles)


def firm_tooltip(firm: Firm, lang: str, sources: Mapping[str, Source]) -> str:
    where = t("local", lang) if firm.local else t("outside", lang)
    if firm.presence:
        where += f" · {t('presence', lang)}: {enum_label('presence', firm.presence, lang)}"
    if firm.local:
        where += f" · {t('evidence', lang)}: {enum_label('evidence', firm.evidence, lang)}"
    other = firm.name_en if lang == "zh" else firm.name
    return tooltip([name_of(firm, lang), other if other != name_of(firm, lang) else "", where,
                    f"{t('tags', lang)}: {tags_text(firm.tags, lang)}" if firm.tags else "",
                    _sources_line(firm.sources, sources, lang, first=1)])


def stage_look(stage: str, has_local: bool, lang: str = "zh") -> SegmentLook:
    """The panorama's look: the stage colour; a red dashed border and a badge when no local firm is there."""
    colour = style.STAGE_COLOURS.get(stage, style.NEUTRAL)
    if has_local:
        return SegmentLook(colour, border=colour)
    return SegmentLook(colour, border=style.EMPTY_SEGMENT_BORDER, border_width=4, dashes=[8, 5], badge=t("no_firm", lang))


def panorama(
    overview: ChainOverview,
    lang: str = "zh",
    *,
    highlight: set[str] | None = None,
    looks: Mapping[str, SegmentLook] | None = None,
    segment_note: Mapping[str, str] | None = None,
    sources: Mapping[str, Source] | None = None,
    focus: str | None = None,
    font: int = FONT,
    full_lists: ChainView | None = None,
) -> PictureSpec:
    """The chain's picture.

    ``highlight`` (node ids) keeps those nodes at full strength and fades the rest; ``looks`` / ``segment_note``
    let an analysis restyle segments and add lines to their tooltips without moving anything; ``sources``
    (id → source) names each node's sources by title; ``focus`` (a firm or segment node id) draws the firm
    links of that firm or of that segment's firms; ``full_lists`` (the chain's view) embeds every firm's name
    per segment so an offline page can open the "+N" lists by itself.
    """
    sources = sources or {}
    looks = looks or {}
    segment_note = segment_note or {}
    faded = (lambda nid: highlight is not None and nid not in highlight)  # noqa: E731
    segments, firms = {}, {}
    everyone = sum(s.firms for s in overview.segments) or 1
    for s in overview.segments:
        seg, sid = s.segment, s.segment.id
        look = looks.get(sid) or stage_look(seg.stage, s.local > 0, lang)
        counts = t("segment_counts", lang).format(local=s.local, total=s.firms)
        segments[sid] = {
            "name": short(seg, lang), "sub": f"{look.badge} · {counts}" if look.badge else counts,
            "sub_short": f"{look.badge} {s.local}/{s.firms}" if look.badge else f"{s.local}/{s.firms}",
            "bg": look.bg, "fg": look.fg, "border": look.border or look.bg, "borderWidth": look.border_width,
            "dashes": look.dashes, "total": s.firms, "faded": faded(node_id("segment", sid)),
            "title": tooltip([f"{t('segment', lang)}: {name_of(seg, lang)}", f"{t(seg.stage, lang)} · {counts}",
                              segment_note.get(sid, ""), _sources_line(seg.sources, sources, lang)]),
        }
        firms[sid] = []
        for f in s.first[:max(8, -(-CHIPS * s.firms // everyone))]:
            # A firm on two segments is drawn on both: one chip per segment (``#segment``), one firm.
            chip = {"id": f"{node_id('firm', f.id)}#{sid}", "label": _firm_label(f, lang), "kind": firm_kind(f),
                    "title": firm_tooltip(f, lang, sources)}
            if faded(node_id("firm", f.id)):
                chip["faded"] = True
            firms[sid].append(chip)
    by_stage = {stage: [s.segment.id for s in overview.segments if s.segment.stage == stage] for stage in STAGES}
    spec = {
        "kind": "chain", "font": font, "face": FONT_FACE, "total": overview.firms,
        "looks": {kind: {"bg": bg, "dashes": dashes} for kind, (bg, dashes) in FIRM_LOOK.items()},
        "stages": [{"key": stage, "label": t(stage, lang), "segments": by_stage[stage]} for stage in STAGES],
        "segments": segments, "firms": firms,
        "links": [{"from": link.source, "to": link.target, "title": f"{t('upstream', lang)} → {t('downstream', lang)}",
                   "faded": highlight is not None} for link in overview.links],
        "firm_links": _focus_links(overview, focus, lang),
        "more": t("more_firms", lang), "more_title": t("more_title", lang), "shown_text": t("shown_firms", lang),
        "list_title": t("segment_list", lang), "list_more": t("list_more", lang), "outside_badge": t("badge_outside", lang),
    }
    if full_lists is not None:
        spec["lists"] = _lists(full_lists, lang)
    status = enum_label("chain_status", overview.chain.status, lang)
    title = name_of(overview.chain, lang) + ("" if overview.chain.status == "confirmed" else f"({status})")
    return PictureSpec(spec, panorama_legend(lang), title)


def _focus_links(overview: ChainOverview, focus: str | None, lang: str) -> list[dict]:
    """The firm links to draw: those of the focused firm, or of the firms on the focused segment."""
    if not focus:
        return []
    kind, ident = focus.split(":", 1) if ":" in focus else ("", focus)
    on_segment = {f.id for s in overview.segments if s.segment.id == ident for f in s.first} if kind == "segment" else set()
    wanted = {ident} if kind == "firm" else on_segment
    return [{"from": node_id("firm", link.supplier), "to": node_id("firm", link.customer), "title": link.product}
            for link in overview.firm_links if link.supplier in wanted or link.customer in wanted]


def _lists(view: ChainView, lang: str) -> dict[str, list]:
    """Per segment, every firm as its kind ('l' local, 'u' unconfirmed, 'o' outside) and short name in one string,
    in picture order, within LIST_BYTES (a segment cut short says how many it left out)."""
    out, budget = {}, LIST_BYTES
    code = {"local": "l", "unconfirmed": "u", "outside": "o"}
    for seg in view.segments:
        firms = sorted(view.firms_on(seg.id), key=lambda f: picture_order(f, view.chain.leaders))
        names = []
        for f in firms:
            entry = code[firm_kind(f)] + short(f, lang)
            budget -= len(entry.encode()) + 3
            if budget < 0:
                break
            names.append(entry)
        out[seg.id] = names
    return out


def panorama_legend(lang: str) -> list[LegendItem]:
    """One short line: the stage colours, the three kinds of firm chip and the empty-segment border."""
    return [
        *(LegendItem(t(s, lang), style.STAGE_COLOURS[s], title=f"{t(s, lang)} {t('segment', lang)}") for s in STAGES),
        LegendItem(t("legend_local", lang), style.LOCAL_FIRM_COLOUR, title=t("legend_local_rule", lang)),
        LegendItem(t("legend_unconfirmed", lang), FIRM_LOOK["unconfirmed"][0], border="dotted",
                   title=t("legend_unconfirmed_rule", lang)),
        LegendItem(t("legend_outside", lang), FIRM_LOOK["outside"][0], border="dashed", title=t("legend_outside_rule", lang)),
        LegendItem(t("no_firm", lang), "#FFFFFF", border=style.EMPTY_SEGMENT_BORDER, title=t("empty_segments", lang)),
    ]
