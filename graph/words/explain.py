"""Findings in words: the rule behind a status, the numbers it rests on, a target's reason, a single point.

Analyses (``graph.analysis``) return facts; these functions word them in the page's language, so a
finding can be defended in a meeting in Chinese or in English from the same answer.
"""

from __future__ import annotations

from graph.analysis.gaps import Rules, SegmentGap, SinglePoint
from graph.analysis.targets import UNCONFIRMED_BASES, Target
from graph.store import ChainView
from graph.words import enum_label, join, name_of, short, short_name, t, tag_label


def status_rule(status: str, rules: Rules = Rules(), lang: str = "zh") -> str:
    """The rule text for a status, with the thresholds and tag list filled in.

    >>> status_rule("single")
    '单点:本地企业 1 家——迁出即缺失'
    """
    span = "1" if rules.single_max == 1 else f"1–{rules.single_max}"
    tags = join((tag_label(tag, lang) for tag in rules.quality_tags), lang) or t("none", lang)
    if rules.leaders_are_quality:
        tags += "; " + t("rule_leaders", lang)
    text = t(f"rule_{status}", lang).format(range=span, n=rules.min_quality, tags=tags, single=rules.single_max)
    if not rules.count_uncertain and status != "strong":
        text += "; " + t("rule_uncertain", lang)
    return text


def presence_rule(rules: Rules = Rules(), lang: str = "zh") -> str:
    """Which presences make a local firm count, e.g. '本地企业 = 在本区有实体:注册实体、分支/子公司、研发机构;…'."""
    presences = join((enum_label("presence", p, lang) for p in rules.local_presences), lang) or t("none", lang)
    return t("rule_presence", lang).format(presences=presences)


def position_rule(position: str, lang: str = "zh") -> str:
    return t(f"rule_{position}", lang) if position else ""


def gap_rule(gap: SegmentGap, rules: Rules = Rules(), lang: str = "zh") -> str:
    """The status rule, and for a missing segment its position rule."""
    text = status_rule(gap.status, rules, lang)
    return text + (f"; {position_rule(gap.position, lang)}" if gap.position else "")


def gap_numbers(gap: SegmentGap, view: ChainView, lang: str = "zh") -> str:
    """'本地企业 1 家;带质量标签 0 家' — and for a missing segment the local segments up- and downstream."""
    text = t("segment_numbers", lang).format(local=len(gap.local_firms), quality=len(gap.quality_firms))
    if gap.status == "missing":
        names = view.segment_by_id

        def segs(ids) -> str:
            return join((name_of(names[i], lang) for i in ids), lang) or t("none", lang)

        text += "; " + t("position_numbers", lang).format(up=segs(gap.local_upstream), down=segs(gap.local_downstream))
    return text


def targets_note(gap: SegmentGap, lang: str = "zh") -> str:
    """Why a segment that needs targets lists none ("" when it has targets or needs none)."""
    return t("no_targets", lang) if gap.needy and not gap.targets else ""


def reason(target: Target, view: ChainView, lang: str = "zh") -> str:
    """The one-line reason: the local firms it is linked to (with the segment on the path), its quality
    tags, and the park that fits it."""
    parts = []
    for tl in target.links:
        firm = short_name(name_of(tl.local_firm, lang))
        if tl.segment:  # the local firm is on this chain: name its segment, the next step on the path
            text = t(f"reason_{tl.direction}", lang).format(firm=firm, segment=short(view.segment_by_id[tl.segment], lang))
        else:
            text = t(f"reason_{tl.direction}_firm", lang).format(firm=firm)
        if tl.basis in UNCONFIRMED_BASES:
            text += " " + t(f"basis_{tl.basis}", lang)
        parts.append(text)
    if target.quality_tags:
        parts.append(join((tag_label(tag, lang) for tag in target.quality_tags), lang))
    if target.park is not None:
        park = short_name(name_of(target.park, lang))
        if target.park_hosts:
            hosts = join((short_name(name_of(f, lang)) for f in target.park_hosts), lang)
            parts.append(t("reason_park_partner", lang).format(park=park, firms=hosts))
        else:
            parts.append(t("reason_park", lang).format(park=park))
    return "; ".join(parts) or t("reason_nothing", lang)


def single_point(point: SinglePoint, view: ChainView, lang: str = "zh") -> str:
    """'迁出则环节缺失:…; 唯一的本地供应商:…'."""
    parts = []
    if point.empties:
        parts.append(t("sp_empties", lang).format(segments=join((name_of(view.segment_by_id[s], lang)
                                                                  for s in point.empties), lang)))
    if point.sole_supplier_of:
        parts.append(t("sp_sole_supplier", lang).format(firms=join((name_of(view.firm_by_id[f], lang)
                                                                    for f in point.sole_supplier_of), lang)))
    return "; ".join(parts)
