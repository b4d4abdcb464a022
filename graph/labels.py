"""One source of truth for words and colours: the app, the CLI and the exports all use it.

Chinese first (``zh``), English available (``en``). Colours are picked to stay
distinct on a projector and for the common colour-vision deficiencies
(Okabe–Ito palette).
"""

from __future__ import annotations

LANGS = ("zh", "en")

STAGE_COLOURS = {"upstream": "#0072B2", "midstream": "#009E73", "downstream": "#D55E00"}
LOCAL_FIRM_COLOUR = "#F0E442"  # firms in Laoshan
OUTSIDE_FIRM_COLOUR = "#BBBBBB"  # firms elsewhere (targets, partners)
EMPTY_SEGMENT_BORDER = "#CC0000"  # a segment with no local firm
UNCERTAIN_DASH = True

_TEXT = {
    "app_title": ("崂山区重点产业链图谱", "Laoshan key industrial chains"),
    "language": ("语言 / Language", "Language / 语言"),
    "page_panorama": ("产业链全景", "Chain panorama"),
    "page_parks": ("园区", "Parks"),
    "page_search": ("搜索", "Search"),
    "choose_chain": ("选择产业链", "Choose a chain"),
    "choose_park": ("选择园区", "Choose a park"),
    "upstream": ("上游", "Upstream"),
    "midstream": ("中游", "Midstream"),
    "downstream": ("下游", "Downstream"),
    "segments": ("环节", "Segments"),
    "segment": ("环节", "Segment"),
    "local_firms": ("本地企业", "Local firms"),
    "outside_firms": ("区外企业", "Outside firms"),
    "empty_segments": ("无本地企业的环节", "Segments with no local firm"),
    "firm": ("企业", "Firm"),
    "park": ("园区", "Park"),
    "chain": ("产业链", "Chain"),
    "project": ("项目", "Project"),
    "projects": ("重点项目", "Projects"),
    "sources": ("来源", "Sources"),
    "evidence": ("在崂山的证据", "Evidence of Laoshan location"),
    "tags": ("标签", "Tags"),
    "status": ("状态", "Status"),
    "store": ("数据存储", "Data store"),
    "as_of": ("数据截至", "Data as of"),
    "legend": ("图例", "Legend"),
    "detail": ("详情", "Details"),
    "click_hint": ("点击图中的环节或企业查看详情。", "Click a segment or firm in the graph for details."),
    "suppliers": ("供应商", "Suppliers"),
    "customers": ("客户", "Customers"),
    "upstream_segments": ("上游环节", "Upstream segments"),
    "downstream_segments": ("下游环节", "Downstream segments"),
    "firms_here": ("入驻企业", "Firms in the park"),
    "chains_here": ("相关产业链", "Related chains"),
    "focus": ("主导产业链", "Focus chains"),
    "area_mu": ("面积(亩)", "Area (mu)"),
    "none": ("无", "none"),
    "uncertain": ("待核实", "unconfirmed"),
    "synthetic": ("合成数据(非真实)", "synthetic data (not real)"),
    "search_box": ("输入企业或环节名称(中文、拼音首字母或英文)", "Firm or segment name (Chinese, pinyin initials or English)"),
    "no_hits": ("没有找到匹配项。", "No match."),
    "embedded": ("内置(无需数据库)", "embedded (no database)"),
    "neo4j": ("Neo4j 数据库", "Neo4j database"),
    "store_error": ("无法连接数据库", "Cannot reach the database"),
    "local": ("本地", "local"),
    "outside": ("区外", "outside"),
    "no_firm": ("暂无本地企业", "no local firm yet"),
    "chain_leader": ("链主", "chain leader"),
}

CHAIN_STATUS = {
    "confirmed": ("已确认", "confirmed"),
    "named": ("2022年公布", "named in 2022"),
    "candidate": ("候选(待核实)", "candidate (unconfirmed)"),
    "legacy": ("历史产业(待核实)", "earlier priority (unconfirmed)"),
}
PARK_STATUS = {
    "confirmed": ("已确认", "confirmed"),
    "likely": ("很可能", "likely"),
    "candidate": ("候选(待核实)", "candidate (unconfirmed)"),
    "unlikely": ("功能区(不太可能)", "functional zone (unlikely)"),
}
EVIDENCE = {
    "strong": ("强(注册地址/官方)", "strong (address / official)"),
    "medium": ("中(新闻报道)", "medium (news report)"),
    "weak": ("弱(单一次要来源)", "weak (one secondary mention)"),
    "inferred": ("推断", "inferred"),
    "": ("—", "—"),
}


def t(key: str, lang: str = "zh") -> str:
    """Translate a UI key. Unknown keys fail loudly: a missing label is a bug."""
    zh, en = _TEXT[key]
    return en if lang == "en" else zh


def enum_label(table: dict[str, tuple[str, str]], value: str, lang: str = "zh") -> str:
    zh, en = table.get(value, (value, value))
    return en if lang == "en" else zh


def name_of(record, lang: str = "zh") -> str:
    """A record's display name in the chosen language, falling back to the other one."""
    if lang == "en" and getattr(record, "name_en", ""):
        return record.name_en
    return record.name
