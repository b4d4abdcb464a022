"""Checks of a whole dataset for real data, beyond cell by cell (``validate.py`` calls them):

- **supply cycles**: every cycle of a chain's segment links is listed. A cycle inside one stage (two
  midstream segments supplying each other) is a warning — the picture places segments by stage, the gap
  analysis follows links with ``nx.ancestors`` / ``nx.descendants``, and both handle it. A cycle across
  stages is an error: one of its links runs against the stage order (downstream → upstream) the picture
  and the upstream/downstream positions rely on; that link is named.
- **near-duplicate firms** (warning): the same name once legal forms (有限公司, 股份有限公司, 集团, Co., Ltd.),
  region prefixes (山东省, 青岛市, 崂山区, 佛山市, 佛山, …) and brackets with their content are removed —
  ``佛山高明区万和电气`` and ``佛山市高明区万和电气`` are one firm; an outside target that is a local firm under
  another name is said so.
- **firms on no segment** (warning): such a firm is on no chain's picture and counts for no gap.
- **leaders that are not local** (warning): a chain leader (链主) without a working unit in the district.

Each problem carries a ``code`` and its ``params`` so the words books (``graph/words``) can state it in
either language; the English ``message`` is the same text as the English book's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from graph.model import STAGES, Chain, Firm, Segment, SegmentLink
from loaders.values import cycles as simple_cycles

MAX_CYCLES = 50  # cycles listed per dataset (their count can grow exponentially with the links)

_BRACKETS = re.compile(r"[(\[【〔（][^)\]】〕）]*[)\]】〕）]")
_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "集团", "公司")
_LEGAL_EN = re.compile(r"\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|group|holdings?|plc|gmbh|"
                       r"s\.?a|ag)\b\.?", re.I)
# Places that begin firm names (provinces, the cities and districts this data meets); a name may also
# begin with any two or three characters followed by 省 / 市 / 区 / 县 (e.g. 高明区).
_PLACES = ("山东", "广东", "江苏", "浙江", "北京", "上海", "天津", "重庆", "河北", "河南", "湖北", "湖南", "安徽",
           "福建", "江西", "四川", "陕西", "辽宁", "吉林", "黑龙江", "山西", "云南", "贵州", "广西", "海南", "甘肃",
           "青岛", "济南", "烟台", "潍坊", "威海", "淄博", "佛山", "深圳", "广州", "杭州", "南京", "苏州", "无锡",
           "合肥", "武汉", "成都", "西安", "厦门", "宁波", "东莞", "崂山", "市南", "市北", "李沧", "城阳", "黄岛",
           "即墨", "胶州", "平度", "莱西", "西海岸新区", "高新区")
_KNOWN_PLACE = re.compile("^(?:" + "|".join(sorted(_PLACES, key=len, reverse=True)) + r")(?:省|市|区|县)?")
_ANY_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?:省|市|区|县)")
# A place not in the list is taken off only right after a known one (佛山 + 高明区) or before a long enough
# rest, so 智慧城市科技 keeps its 城市.
MIN_REST = 4
_PUNCT = re.compile(r"[\s.,·&'\-_/]+")
_PLACE_EN = re.compile(r"^(?:(?:shandong|qingdao|laoshan|guangdong|foshan|shenzhen|beijing|shanghai|jinan)\s+)+")


def name_key(name: str) -> str:
    """A firm name with legal forms, leading places and brackets removed, for finding near-duplicates.

    >>> name_key("佛山高明区万和电气有限公司") == name_key("佛山市高明区万和电气股份有限公司") == "万和电气"
    True
    >>> name_key("青岛歌尔(崂山)科技集团"), name_key("Goertek Co., Ltd."), name_key("GOERTEK INC")
    ('歌尔科技', 'goertek', 'goertek')
    >>> name_key("智慧城市科技有限公司"), name_key("高明区万和电气有限公司"), name_key("Qingdao Yufang Robot Co., Ltd.")
    ('智慧城市科技', '万和电气', 'yufangrobot')
    """
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = _BRACKETS.sub("", text)
    changed, after_place = True, False
    while changed:
        changed = False
        for form in _LEGAL if text.endswith(_LEGAL) else ():
            if text.endswith(form) and len(text) > len(form) + 1:
                text, changed = text[: -len(form)], True
        m = _KNOWN_PLACE.match(text)
        if m and len(text) - m.end() >= 2:
            text, changed, after_place = text[m.end():], True, True
            continue
        m = _ANY_PLACE.match(text)
        if m and len(text) - m.end() >= (2 if after_place else MIN_REST):
            text, changed = text[m.end():], True
    text = _PLACE_EN.sub("", _LEGAL_EN.sub(" ", text.lower()).strip())
    return _PUNCT.sub("", text)


def stage_rank(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def cycles(segments: Iterable[Segment], links: Iterable[SegmentLink]) -> list[tuple[str, list[str]]]:
    """Every supply cycle of a chain's segment links (up to ``MAX_CYCLES``): (chain id, segment ids in link order),
    each starting at its smallest id, sorted."""
    chain_of = {s.id: s.chain for s in segments}
    edges = [(l.source, l.target) for l in links
             if l.source in chain_of and l.target in chain_of and chain_of[l.source] == chain_of[l.target]]
    out = []
    for cycle in simple_cycles(edges):  # (networkx is imported only when a cycle exists)
        start = cycle.index(min(cycle))
        out.append((chain_of[cycle[0]], cycle[start:] + cycle[:start]))
        if len(out) >= MAX_CYCLES:
            break
    return sorted(out)


def check_cycles(report, file: str, segments: list[Segment], links: list[SegmentLink],
                 link_rows: dict[tuple[str, str], int]) -> None:
    """List every cycle: a warning within one stage, an error naming the link that runs against the stage order."""
    stage = {s.id: s.stage for s in segments}
    found = cycles(segments, links)
    for chain, cycle in found:
        edges = list(zip(cycle, cycle[1:] + cycle[:1]))
        path = " → ".join([*cycle, cycle[0]])
        backward = [e for e in edges if stage_rank(stage[e[0]]) > stage_rank(stage[e[1]])]
        if backward:
            a, b = max(backward, key=lambda e: link_rows.get(e, 0))
            report.add(file, link_rows.get((a, b)), "to", b,
                       f"this link closes a cycle in chain '{chain}' against the stage order "
                       f"({stage[a]} → {stage[b]}): {path}",
                       "segment links run upstream → downstream; remove or reverse this link",
                       code="cycle_against_stages", params=(("chain", chain), ("path", path), ("from", stage[a]),
                                                            ("to", stage[b])))
        else:
            closing = max(edges, key=lambda e: link_rows.get(e, 0))
            report.add(file, link_rows.get(closing), "to", closing[1],
                       f"supply cycle in chain '{chain}' within the {stage[cycle[0]]} stage: {path}",
                       "kept: the picture and the gap analysis handle it; check that both directions are sourced",
                       severity="warning", code="cycle_in_stage",
                       params=(("chain", chain), ("path", path), ("stage", stage[cycle[0]])))
    if len(found) >= MAX_CYCLES:
        report.add(file, None, "", "", f"more than {MAX_CYCLES} supply cycles; the first {MAX_CYCLES} are listed", "",
                   severity="warning", code="cycles_capped", params=(("n", str(MAX_CYCLES)),))


def _named(record) -> str:
    """A record as a person finds it in the file: its name, and the id beside it."""
    name = record.name or getattr(record, "name_en", "")
    return f"{name} ({record.id})" if name else record.id


def check_firms(report, file: str, firms: list[Firm], rows: dict[str, int]) -> None:
    """Near-duplicate names (an outside firm that is a local one said so) and firms on no segment."""
    by_key: dict[str, Firm] = {}
    for firm in firms:
        if not firm.segments:
            report.add(file, rows.get(firm.id), "segments", "",
                       f"firm '{_named(firm)}' is on no segment: it is on no chain's picture and counts for no gap",
                       "give its segment ids, or say in its note why it has none", severity="warning",
                       code="firm_no_segment", params=(("firm", _named(firm)),))
        key = name_key(firm.name) or name_key(firm.name_en)
        if len(key) < 2:
            continue
        first = by_key.setdefault(key, firm)
        if first is firm:
            continue
        local, outside = (first, firm) if first.local else (firm, first)
        if local.local and not outside.local:
            report.add(file, rows.get(firm.id), "name", firm.name,
                       f"outside firm '{_named(outside)}' looks like local firm '{_named(local)}' "
                       f"(row {rows.get(local.id)}) under another name",
                       "if it is the same firm, keep one row (the local one) and move its links and sources there",
                       severity="warning", code="outside_is_local",
                       params=(("outside", _named(outside)), ("local", _named(local)), ("row", str(rows.get(local.id)))))
        else:
            report.add(file, rows.get(firm.id), "name", firm.name,
                       f"firm '{_named(firm)}' looks like firm '{_named(first)}' (row {rows.get(first.id)}): the same name "
                       "without legal form, region and brackets",
                       "if it is the same firm, keep one row and move its links and sources there",
                       severity="warning", code="firm_near_duplicate",
                       params=(("firm", _named(firm)), ("other", _named(first)), ("row", str(rows.get(first.id)))))


def check_leaders(report, file: str, chains: list[Chain], firms: list[Firm], rows: dict[str, int]) -> None:
    """A chain leader (链主) that has no working unit in the district is named."""
    by_id = {f.id: f for f in firms}
    for chain in chains:
        for leader in chain.leaders:
            firm = by_id.get(leader)
            if firm is not None and not firm.counts_as_local():
                report.add(file, rows.get(chain.id), "leaders", leader,
                           f"leader '{_named(firm)}' of chain '{_named(chain)}' is not a local firm (no working unit here)",
                           "a chain leader counts as a quality firm only where it works in the district; check its local "
                           "and presence cells", severity="warning", code="leader_not_local",
                           params=(("firm", _named(firm)), ("chain", _named(chain))))
