"""The scripted walk through one chain for a meeting: 全景 → 上游 → 中游 → 下游 → 缺口 → 招商目标.

Every step is the same still picture as the panorama: ``graph.picture.panorama`` places the nodes, and a
step only changes emphasis (which nodes stay bright, which colour a segment has, the legend). So the
audience never loses its bearings, and the app's presentation mode and the exports share one script.

>>> from graph.embedded import EmbeddedStore
>>> from graph.analysis.gaps import analyse_chain
>>> from graph.model import Chain, Segment, Source, sort_dataset
>>> data = sort_dataset(chains=[Chain("c", "链", sources=("s",))], segments=[Segment("a", "c", "环节", sources=("s",))],
...                     sources=[Source("s", "来源")])
>>> view = EmbeddedStore(data).chain_view("c")
>>> [s.key for s in walk_steps(view, analyse_chain(view))]
['overview', 'upstream', 'midstream', 'downstream', 'gaps', 'targets']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from graph.analysis.gaps import POSITIONS, ChainGaps
from graph.model import STAGES, Source
from graph.picture.gaps import status_legend, status_looks, status_notes
from graph.picture.network import LegendItem, node_id
from graph.picture.panorama import FONT, PER_SEGMENT, PictureSpec, SegmentLook, panorama, panorama_legend
from graph.store import ChainView, overview_of
from graph.tables import Context, texts
from graph.tables.gaps import TARGETS, best_target_rows
from graph.words import join, name_of, pct, short, t

STEP_KEYS = ("overview", "upstream", "midstream", "downstream", "gaps", "targets")
TOP_TARGETS = 3  # targets per needy segment kept bright in the targets step
CAPTION_TARGETS = 3  # best candidates named in the targets step's caption


@dataclass(frozen=True)
class Step:
    """One still of the walk: a title and caption to show, and the emphasis to draw the panorama with.

    ``highlight`` is None for "everything at full strength", else the node ids kept bright.
    ``looks`` / ``segment_note`` are empty when segments keep their stage looks.
    """

    key: str
    title: str
    caption: str
    highlight: frozenset[str] | None = None
    looks: dict[str, SegmentLook] = field(default_factory=dict)
    segment_note: dict[str, str] = field(default_factory=dict)
    legend: tuple[LegendItem, ...] = ()


def _segment_and_firms(view: ChainView, segment_ids) -> set[str]:
    """Node ids of these segments and of every firm drawn beside them."""
    ids = set(segment_ids)
    out = {node_id("segment", s) for s in ids}
    out |= {node_id("firm", f.id) for f in view.firms if ids & set(f.segments)}
    return out


def status_legend_short(gaps: ChainGaps, lang: str = "zh") -> list[LegendItem]:
    """The findings' swatches with their counts, then the firm kinds (the rules are on hover)."""
    return [LegendItem(f"{item.label} {count}", item.colour, border=item.border, title=item.title)
            for item, count in zip(status_legend(gaps.rules, lang),
                                   [*(gaps.count_position(p) for p in POSITIONS),
                                    *(gaps.count(s) for s in ("single", "weak", "strong"))])] + \
        [i for i in status_legend(gaps.rules, lang)[6:]]


def _stage_step(view: ChainView, gaps: ChainGaps, stage: str, lang: str) -> Step:
    segs = [g for g in gaps.segments if g.segment.stage == stage]
    title = f"{name_of(view.chain, lang)} · {t(stage, lang)}"
    if not segs:
        return Step(stage, title, t("cap_no_stage", lang).format(stage=t(stage, lang)), frozenset(),
                    legend=tuple(panorama_legend(lang)))
    firms = {f.id for g in segs for f in g.local_firms}
    empty = [short(g.segment, lang) for g in segs if g.status == "missing"]
    caption = t("cap_stage", lang).format(stage=t(stage, lang), segments=len(segs),
                                             with_local=sum(1 for g in segs if g.status != "missing"),
                                             firms=len(firms), empty=join(empty, lang) or t("none", lang))
    return Step(stage, title, caption, frozenset(_segment_and_firms(view, (g.segment.id for g in segs))),
                legend=tuple(panorama_legend(lang)))


def walk_steps(view: ChainView, gaps: ChainGaps, lang: str = "zh") -> list[Step]:
    """The six steps for one chain, in order (``STEP_KEYS``); ``gaps`` must be the analysis of ``view``.

    Parameters: ``view`` — the chain; ``gaps`` — ``analyse_chain(view, …)``; ``lang`` — "zh" or "en".
    Returns: overview (all bright, stage colours), one step per stage (that stage's segments and firms bright),
    gaps (segments coloured by status, the missing / single / weak ones bright) and targets (status colours,
    needy segments and their best outside candidates bright).
    """
    chain = name_of(view.chain, lang)
    base_legend = tuple(panorama_legend(lang))
    steps = [Step("overview", f"{chain} · {t('step_overview', lang)}", t("cap_overview", lang).format(
        segments=len(gaps.segments), firms=len(view.local_firms), pct=pct(gaps.completeness),
        with_local=gaps.with_local), None, legend=base_legend)]
    steps += [_stage_step(view, gaps, stage, lang) for stage in STAGES]

    colours, notes = status_looks(gaps, lang), status_notes(gaps, lang)
    legend = tuple(status_legend_short(gaps, lang))
    needy = [g for g in gaps.segments if g.status in ("missing", "single", "weak")]
    positions = {p: sum(1 for g in needy if g.position == p) for p in ("break", "extend", "fill")}
    gap_caption = t("cap_gaps", lang).format(
        missing=gaps.count("missing"), brk=positions["break"], ext=positions["extend"], fill=positions["fill"],
        single=gaps.count("single"), weak=gaps.count("weak"), strong=gaps.count("strong"))
    gap_ids = {node_id("segment", g.segment.id) for g in needy}
    gap_ids |= {node_id("firm", f.id) for g in needy for f in g.local_firms}
    steps.append(Step("gaps", f"{chain} · {t('step_gaps', lang)}", gap_caption, frozenset(gap_ids), colours, notes, legend))

    chosen = [(g, tg) for g in needy for tg in g.targets[:TOP_TARGETS]]
    target_ids = {node_id("segment", g.segment.id) for g, _ in chosen} | {node_id("firm", tg.firm.id) for _, tg in chosen}
    named = texts(TARGETS, best_target_rows(gaps, needy_only=True)[:CAPTION_TARGETS], Context(lang, "slide"))
    caption = t("cap_targets", lang).format(top=join(named, lang)) if named else t("cap_no_targets", lang)
    steps.append(Step("targets", f"{chain} · {t('step_targets', lang)}", caption, frozenset(target_ids),
                      colours, notes, legend))
    return steps


def step_network(view: ChainView, step: Step, lang: str = "zh", sources: Mapping[str, Source] | None = None,
                 font: int = FONT) -> PictureSpec:
    """The chain picture of ``view`` drawn with the step's emphasis; the layout (and so every position) is
    the panorama's at the same window size: only looks and fading change."""
    net = panorama(overview_of(view, PER_SEGMENT), lang, highlight=None if step.highlight is None else set(step.highlight),
                   looks=step.looks, segment_note=step.segment_note, sources=sources, font=font)
    net.legend = list(step.legend) or net.legend
    net.title = step.title
    net.subtitle = step.caption
    return net
