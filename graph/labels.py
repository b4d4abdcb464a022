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
    # gaps: segment status, gap position, targets, what-if, neighbourhood, cross-chain
    "page_gaps": ("缺链分析", "Gap analysis"),
    "page_targets": ("招商目标", "Targets"),
    "page_whatif": ("假设推演", "What-if"),
    "page_neighbourhood": ("企业上下游", "Firm neighbourhood"),
    "page_crosschain": ("跨链企业与环节", "Cross-chain firms and segments"),
    "completeness": ("完整度", "Completeness"),
    "completeness_rule": ("完整度 = 有本地企业的环节数 ÷ 环节总数", "Completeness = segments with a local firm ÷ all segments"),
    "gap_status": ("环节状态", "Segment status"),
    "gap_position": ("缺失位置", "Gap position"),
    "gap_action": ("建议", "Action"),
    "rule": ("规则", "Rule"),
    "numbers": ("数据", "Numbers"),
    "rule_missing": ("缺失:本地企业 0 家", "missing: 0 local firms"),
    "rule_single": ("单点:本地企业 {range} 家——迁出即缺失", "single: {range} local firm(s) — the segment empties if they leave"),
    "rule_weak": ("薄弱:有本地企业,但带质量标签的少于 {n} 家(质量标签:{tags})",
                  "weak: local firms, but fewer than {n} with a quality tag (quality tags: {tags})"),
    "rule_strong": ("较强:本地企业多于 {single} 家,且至少 {n} 家带质量标签", "strong: more than {single} local firms and at least {n} with a quality tag"),
    "rule_leaders": ("本链链主视同带质量标签", "the chain's leaders count as tagged"),
    "rule_uncertain": ("在崂山证据为弱/推断的企业不计入", "firms with weak or inferred evidence of being local are not counted"),
    "segment_numbers": ("本地企业 {local} 家;带质量标签 {quality} 家", "{local} local firm(s); {quality} with a quality tag"),
    "rule_break": ("断链:沿环节链接(可跨多级),上游和下游都有本地企业——链条在此断开",
                   "break: local firms both upstream and downstream along segment links (transitively) — the chain is cut here"),
    "rule_extend": ("延链:上游有本地企业,下游没有——在本地链条的下游末端之外",
                    "extend: local firms upstream but none downstream — beyond the local chain's downstream end"),
    "rule_fill": ("补链:其余缺失环节(上游没有本地企业,或与本地环节不相连)",
                  "fill: any other missing segment (no local firm upstream, or not linked to local segments)"),
    "position_numbers": ("上游本地环节:{up};下游本地环节:{down}", "local segments upstream: {up}; downstream: {down}"),
    "reason_supplies": ("供应 {firm}(本地) → {segment}", "supplies {firm} (local) → {segment}"),
    "reason_buys": ("采购自 {firm}(本地) ← {segment}", "buys from {firm} (local) ← {segment}"),
    "reason_supplies_firm": ("供应 {firm}(本地)", "supplies {firm} (local)"),
    "reason_buys_firm": ("采购自 {firm}(本地)", "buys from {firm} (local)"),
    "reason_park": ("契合 {park}(聚焦本链)", "fits {park} (focuses on this chain)"),
    "reason_park_partner": ("契合 {park}(聚焦本链,已有关联企业 {firms})", "fits {park} (focuses on this chain; hosts {firms})"),
    "reason_nothing": ("在该环节;数据中无本地关联、质量标签或契合园区", "in this segment; no local link, quality tag or fitting park in the data"),
    "basis_reported": ("[报道]", "[reported]"),
    "basis_inferred": ("[推断]", "[inferred]"),
    "no_targets": ("数据中没有该环节的区外候选企业", "No outside candidate for this segment in the data"),
    "targets": ("招商目标", "Targets"),
    "score": ("得分", "Score"),
    "reason": ("理由", "Reason"),
    "weights": ("权重", "Weights"),
    "weight_link": ("每条与本地企业的供应关系", "per supply link with a local firm"),
    "weight_quality": ("每个质量标签", "per quality tag"),
    "weight_park": ("园区契合度每 1 分(园区聚焦本链 1 分;园区已有其关联本地企业 +1)",
                    "per point of park fit (a park focuses on the chain: 1; it hosts a linked local firm: +1)"),
    "weight_unconfirmed": ("非“来源明确”关系的折算系数", "credit for a link not stated by a source"),
    "score_rule": ("得分 = 关系权重 × 关系数 + 标签权重 × 质量标签数 + 园区权重 × 园区契合度",
                   "score = link weight × links + tag weight × quality tags + park weight × park fit"),
    "single_points": ("单点企业(迁出风险)", "Single points of failure"),
    "sp_empties": ("迁出则环节缺失:{segments}", "leaving empties: {segments}"),
    "sp_sole_supplier": ("唯一的本地供应商:{firms}", "only local supplier of: {firms}"),
    "quality_tags": ("质量标签", "Quality tags"),
    "single_max": ("“单点”的本地企业数上限", "Most local firms counted as single"),
    "weak_min_quality": ("“较强”所需带标签企业数", "Tagged firms needed for strong"),
    "whatif_lands": ("假设落地的企业", "Firm that lands"),
    "whatif_leaves": ("假设迁出的企业", "Firm that leaves"),
    "whatif_park": ("落地园区", "Park it lands in"),
    "before": ("之前", "Before"),
    "after": ("之后", "After"),
    "changed_segments": ("状态变化的环节", "Segments whose status changes"),
    "no_change": ("没有环节状态变化。", "No segment changes status."),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "hops": ("步数", "Hops"),
    "cross_firms": ("跨链企业", "Firms on several chains"),
    "cross_links": ("跨链环节链接", "Segment links across chains"),
    "cross_segments": ("服务多条链的环节", "Segments serving several chains"),
    "choose_firm": ("选择企业", "Choose a firm"),
    "stage": ("阶段", "Stage"),
    "part_links": ("关系分", "Link points"),
    "part_quality": ("标签分", "Tag points"),
    "part_park": ("园区分", "Park points"),
    "whatif_mode": ("假设", "Scenario"),
    "rules_settings": ("规则设置", "Rule settings"),
    "leaders_are_quality": ("本链链主视同带质量标签", "Chain leaders count as tagged"),
    "count_uncertain": ("计入证据弱/推断的本地企业", "Count local firms with weak or inferred evidence"),
    "by_stage": ("分阶段完整度", "Completeness by stage"),
    # presentation mode and exports (graph/present.py, graph/export/, app_pages/present.py, app_pages/export.py)
    "page_present": ("演示模式", "Presentation"),
    "page_export": ("导出", "Export"),
    "step_overview": ("全景", "Overview"),
    "step_gaps": ("缺口", "Gaps"),
    "step_targets": ("招商目标", "Targets"),
    "step_of": ("第 {i}/{n} 步", "Step {i} of {n}"),
    "prev_step": ("上一步", "Previous"),
    "next_step": ("下一步", "Next"),
    "keys_hint": ("← → / PageUp PageDown 翻页;鼠标滚轮缩放,悬停看详情", "← → / PageUp PageDown to step; wheel to zoom, hover for details"),
    "cap_overview": ("{segments} 个环节 · 本地企业 {firms} 家 · 完整度 {pct}({with_local}/{segments} 个环节有本地企业)",
                     "{segments} segments · {firms} local firms · completeness {pct} ({with_local}/{segments} segments with a local firm)"),
    "cap_stage": ("{stage} {segments} 个环节,{with_local} 个有本地企业 · 本地企业 {firms} 家 · 无本地企业:{empty}",
                  "{stage}: {segments} segments, {with_local} with a local firm · {firms} local firms · no local firm: {empty}"),
    "cap_no_stage": ("本链没有{stage}环节", "This chain has no {stage} segment"),
    "cap_gaps": ("缺失 {missing}(断链 {brk} · 延链 {ext} · 补链 {fill})· 单点 {single} · 薄弱 {weak} · 较强 {strong}",
                 "missing {missing} (break {brk} · extend {ext} · fill {fill}) · single {single} · weak {weak} · strong {strong}"),
    "cap_targets": ("得分最高的候选:{top}", "Best-scoring candidates: {top}"),
    "cap_no_targets": ("数据中没有待补强环节的区外候选企业", "No outside candidate for the segments that need one"),
    "district": ("青岛市崂山区", "Laoshan District, Qingdao"),
    "deck_title": ("重点产业链图谱", "Key industrial chains"),
    "deck_subtitle": ("产业链全景 · 缺口 · 招商目标", "Panoramas · gaps · investment targets"),
    "exported_on": ("导出日期", "Exported on"),
    "key_figures": ("关键数据", "Key figures"),
    "gap_list": ("缺口清单", "Gaps"),
    "top_targets": ("重点招商目标", "Top targets"),
    "more_items": ("……另有 {n} 项", "… {n} more"),
    "no_gaps": ("没有缺失、单点或薄弱环节", "No missing, single or weak segment"),
    "source_line": ("来源:{titles} 等共 {n} 条(完整列表见“来源”)", "Sources: {titles} and others, {n} in all (full list under Sources)"),
    "sources_page": ("来源 {i}/{n}", "Sources {i}/{n}"),
    "used_by": ("涉及产业链", "Used by chains"),
    "published": ("发布时间", "Published"),
    "title": ("标题", "Title"),
    "url": ("网址", "URL"),
    "location": ("所在地", "Location"),
    "code": ("编号", "ID"),
    "region": ("区域", "Region"),
    "rank": ("排名", "Rank"),
    "dataset": ("数据集", "Dataset"),
    "export_chain_all": ("全部产业链", "All chains"),
    "download_pptx": ("下载 PPT(汇报用)", "Download PowerPoint deck"),
    "download_png": ("下载 PNG 图片", "Download PNG picture"),
    "download_html": ("下载离线网页(可拷 U 盘)", "Download offline page (works from a USB stick)"),
    "download_xlsx_all": ("下载 Excel(缺口、目标、企业、来源)", "Download Excel (gaps, targets, firms, sources)"),
    "export_hint": ("PPT 和 PNG 由本机 Chromium 绘制,需要几秒钟。", "The deck and the PNG are drawn by this machine's Chromium; allow a few seconds."),
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

GAP_STATUS = {
    "missing": ("缺失", "missing"),
    "single": ("单点", "single"),
    "weak": ("薄弱", "weak"),
    "strong": ("较强", "strong"),
}
# Dark enough for the panorama's white segment text, distinct for the common colour-vision deficiencies,
# and none equal to a stage colour. Missing is near-black: nothing there (the red dashed border marks it too).
GAP_STATUS_COLOURS = {"missing": "#1A1A1A", "single": "#AA3377", "weak": "#997700", "strong": "#007A5A"}
GAP_POSITION = {
    "break": ("断链", "break"),
    "extend": ("延链", "extend"),
    "fill": ("补链", "fill"),
    "": ("—", "—"),
}
GAP_ACTION = {
    "fill": ("补链", "fill"),
    "break": ("补链(断链处)", "fill the break"),
    "extend": ("延链", "extend"),
    "strengthen": ("强链", "strengthen"),
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
