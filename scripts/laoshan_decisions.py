"""The derivation's decision tables and helpers (see build_laoshan_data.py): every judgement call that is not a
mechanical copy of a YAML field, written down with its reason. Provenance only."""

import hashlib
import re

from loaders.validate import SCHEMA

AS_OF = "2026-11-28"

# --------------------------------------------------------------------------------------
# Column orders: required columns first (loader order), then extras.
# --------------------------------------------------------------------------------------
# Extra columns per file, after the loader's required columns (loaders.validate.SCHEMA, in its order).
EXTRA_COLUMNS = {
    "chains": ["note", "scale", "laoshan_chain_model", "status_note"],
    "segments": ["basis", "cross_cutting", "note"],
    "segment_links": ["basis", "meaning", "note"],
    "parks": ["area_note", "location", "note", "opened", "status_note"],
    "firms": ["kind", "base_city", "role", "tag_notes", "note", "chains"],
    "firm_links": ["relation", "basis", "year", "note"],
    "projects": ["investment_note", "note"],
    "sources": ["kind"],
}
COLUMNS = {kind: [*SCHEMA[kind][0], *extra] for kind, extra in EXTRA_COLUMNS.items()}
# Columns whose cells are ';'-joined lists: the loader's, plus these extras.
LIST_COLUMNS = {kind: {*SCHEMA[kind][1], *extra} for kind, extra in
                {"chains": {"scale"}, "segments": set(), "segment_links": set(), "parks": set(),
                 "firms": {"tag_notes", "chains"}, "firm_links": set(), "projects": set(), "sources": set()}.items()}

CHAIN_STATUS = {"confirmed": "confirmed", "named_2022": "named", "candidate": "candidate", "legacy": "legacy"}
PARK_STATUS = {
    "likely (inferred)": "likely",
    "candidate (inferred)": "candidate",
    "candidate (inferred, weak)": "candidate",
    "unlikely (functional zone)": "unlikely",
}
ROLES = {"gap_candidate", "counterparty"}
LINK_BASIS = {"stated", "reported", "inferred"}
SEGMENT_BASIS = {"taxonomy_general", "laoshan_sourced"}

# Firm tags in the YAML -> the project's Chinese tag vocabulary.  The key is the part
# of the YAML tag before any '(' .  Tags not listed here are kept verbatim.
TAG_MAP = {
    "listed": "上市",
    "上市": "上市",
    "unicorn": "独角兽",
    "独角兽": "独角兽",
    "chain_leader": "链主",
    "链主": "链主",
    "leading_firm": "龙头企业",
    "gazelle": "瞪羚企业",
    "little_giant_national": "专精特新小巨人",
    "单项冠军": "单项冠军",
    "high_tech_enterprise": "高新技术企业",
}
LEADER_TAGS = {"链主", "龙头企业"}

# A firm is a chain's leader only where its 链主/龙头骨干 tag scope names that chain
# (or a park that is that chain's carrier) and the firm is on that chain.
LEADER_SCOPE_TO_CHAIN = {
    "Laoshan VR hardware": "vr",                 # eol2022: 歌尔、PICO = VR hardware 龙头
    "Qingdao AI Industrial Park": "ai",          # aigc2024: 链主 of the AI industrial park
    "Laoshan (chain not named in excerpt)": None,  # gh193974: 汉缆 called 链主, chain unnamed
}

# Project -> segment / firm, only where the YAML project record (name/notes) or the
# firm/park record clearly names them.  Reasons kept here for the record.
PROJECT_LINKS = {
    "proj_goertek_sci": {"firm": "firm_goertek"},                       # name: 歌尔科技产业项目
    "proj_micro_park": {"firm": "firm_goertek", "segment": "ic.mems"},  # name: 集成式智能传感器项目(崂山区+歌尔); park_micro anchor = firm_goertek
    "proj_vr_device_optics": {"firm": "firm_goertek", "segment": "vr.device"},  # name: 整机和光学模组项目(歌尔); optics (vr.optics) in name too, one segment only
    "proj_vr_device_2": {"firm": "firm_goertek", "segment": "vr.device"},       # name: 歌尔虚拟现实整机二期
    "proj_vr_hub": {"firm": "firm_qmic"},                              # notes: developer 微电子公司
    "proj_natl_vr_ic": {"firm": "firm_qvri", "segment": "vr.testing"},  # firm_qvri tag: 承建 国家虚拟现实创新中心(青岛); notes: full-chain testing platform
    "proj_aicc": {"firm": "firm_huawei", "segment": "ai.compute"},     # name: 人工智能计算中心(华为昇腾)
    "proj_sugon_hq": {"firm": "firm_sugon", "segment": "ai.compute"},  # name: 中科曙光 … “海之心”人工智能计算中心
    "proj_appliance_ic_hq": {"firm": "firm_natl_appliance_ic"},        # name = the innovation centre
    "proj_dhc": {"firm": "firm_dhc"},                                  # name: 东华软件分中心产业园
    "proj_dixintong": {"firm": "firm_dixintong"},                      # name: 迪信通人工智能基地
    "proj_haier_iot_center": {"firm": "firm_haier"},                   # name: 海尔物联网全球创新中心
    "proj_sderi": {"firm": "firm_sderi"},                              # name: 山东能源研究院一期
    "proj_hisense_rd": {"firm": "firm_hisense"},                       # name: 海信研发中心
    "proj_licp": {"firm": "firm_licp_qd"},                             # name: 中科院兰化所青岛研发中心
}

# Investment text with more than one 亿元 figure: the figure chosen and why.
INVESTMENT_OVERRIDES = {
    # headline plan figure; phase 1 '60亿元' conflicts across sources -> kept in investment_note
    "proj_vr_device_optics": "100",
    # the project record is phase 1 (一期基础设施); 30亿元 is the whole institute's total
    "proj_sderi": "9.3",
}

META_ROWS = [
    ("name", "崂山区重点产业链 (Laoshan key industrial chains)"),
    ("as_of", AS_OF),
    ("district", "青岛市崂山区"),
    ("compiled_from", "../shared/laoshan (laoshan_graph.yaml, laoshan_targets.yaml)"),
    ("synthetic", "false"),
]


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------
def one_line(value):
    """Text cell: None -> '', collapse all whitespace (incl. newlines) to single spaces."""
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def list_item(value):
    """One item of a ';'-joined list cell: one line, no ';' inside."""
    text = one_line(value)
    return text.replace("; ", ", ").replace(";", ",")


def join_list(items):
    return ";".join(list_item(i) for i in items if one_line(i) != "")


def unique(seq):
    seen, out = set(), []
    for x in seq:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def num_text(text):
    """'21' -> '21', '3.90' -> '3.9', '2181' -> '2181' (plain number, no thousands separators)."""
    text = str(text).replace(",", "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def url_source_id(url):
    return "w_" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]


def tag_key(tag):
    return re.split(r"[\s(（]", tag.strip(), maxsplit=1)[0]
