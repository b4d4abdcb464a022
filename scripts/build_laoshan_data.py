#!/usr/bin/env python3
"""Build the sourced Laoshan dataset (data/laoshan/*.csv) from the fact-sheet YAML.

Usage:
    python scripts/build_laoshan_data.py /work/shared/laoshan data/laoshan

Inputs (read-only, in the first argument's directory):
    laoshan_graph.yaml    chains, segments, segment_links, parks, firms (Laoshan), projects, sources
    laoshan_targets.yaml  outside (non-Laoshan) firms and firm-to-firm links; cites raw URLs

Outputs (second argument): chains.csv, segments.csv, segment_links.csv, parks.csv,
firms.csv, firm_links.csv, projects.csv, sources.csv, meta.csv.

The script is deterministic (no timestamps, rows sorted by id) so that it documents
exactly how the data was derived.  Every judgement call that is not a mechanical
copy of a YAML field is written down below as a table with its reason
(LEADER_SCOPE_TO_CHAIN, PROJECT_LINKS, INVESTMENT_OVERRIDES, TAG_MAP).
The validation block at the end fails loudly (AssertionError) on any dangling
reference, a record without a source, an unused source row, a malformed cell,
or a cycle of segment links within a chain.

Format: UTF-8 without BOM, header row, comma-separated, standard (minimal) CSV
quoting, list cells joined with ';' (no spaces), empty cell = missing.
Required columns come first in the loader's order; extra columns follow.
"""

import csv
import hashlib
import os
import re
import sys
from urllib.parse import urlsplit

import yaml

AS_OF = "2026-11-28"

# --------------------------------------------------------------------------------------
# Column orders: required columns first (loader order), then extras.
# --------------------------------------------------------------------------------------
COLUMNS = {
    "chains": ["id", "name", "name_en", "status", "leaders", "sources",
               "note", "scale", "laoshan_chain_model", "status_note"],
    "segments": ["id", "chain", "name", "name_en", "stage", "sources",
                 "basis", "cross_cutting", "note"],
    "segment_links": ["from", "to", "sources",
                      "basis", "meaning", "note"],
    "parks": ["id", "name", "name_en", "area_mu", "focus", "status", "sources",
              "area_note", "location", "note", "opened", "status_note"],
    "firms": ["id", "name", "name_en", "local", "park", "segments", "tags", "evidence", "sources",
              "kind", "base_city", "role", "tag_notes", "note", "chains"],
    "firm_links": ["supplier", "customer", "product", "sources",
                   "relation", "basis", "year", "note"],
    "projects": ["id", "name", "chain", "segment", "park", "firm", "investment_yi", "year", "status", "sources",
                 "investment_note", "note"],
    "sources": ["id", "title", "url", "published",
                "kind"],
}
# Columns whose cells are ';'-joined lists.
LIST_COLUMNS = {
    "chains": {"leaders", "sources", "scale"},
    "segments": {"sources"},
    "segment_links": {"sources"},
    "parks": {"focus", "sources"},
    "firms": {"park", "segments", "tags", "sources", "tag_notes", "chains"},
    "firm_links": {"sources"},
    "projects": {"chain", "sources"},
    "sources": set(),
}

CHAIN_STATUS = {"confirmed": "confirmed", "named_2022": "named", "candidate": "candidate", "legacy": "legacy"}
PARK_STATUS = {
    "likely (inferred)": "likely",
    "candidate (inferred)": "candidate",
    "candidate (inferred, weak)": "candidate",
    "unlikely (functional zone)": "unlikely",
}
STAGES = {"upstream", "midstream", "downstream"}
EVIDENCE = {"strong", "medium", "weak", "inferred"}
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


# --------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------
class Builder:
    def __init__(self, graph, targets):
        self.g = graph
        self.t = targets
        self.graph_sources = graph["sources"]
        # raw URL (laoshan_targets) -> source id.  A URL that is already a source of
        # laoshan_graph.yaml keeps that id (one row per URL); the rest get w_<sha1[:10]>.
        self.url_ids = {}
        self.web_sources = {}
        graph_url_to_id = {}
        for sid in sorted(self.graph_sources):
            url = self.graph_sources[sid].get("url")
            if url:
                graph_url_to_id.setdefault(url, []).append(sid)
        self.graph_url_to_id = graph_url_to_id
        self.reused_graph_ids = {}

    # ---- sources -----------------------------------------------------------------
    def src_url(self, url):
        url = url.strip()
        if url in self.url_ids:
            return self.url_ids[url]
        if url in self.graph_url_to_id:
            sid = self.graph_url_to_id[url][0]
            self.reused_graph_ids[url] = sid
        else:
            sid = url_source_id(url)
            assert sid not in self.web_sources or self.web_sources[sid]["url"] == url, f"sha1 prefix clash {sid}"
            domain = urlsplit(url).netloc.lower()
            self.web_sources[sid] = {
                "id": sid,
                "title": f"{domain} — cited in laoshan_targets (outside firms/links)",
                "url": url,
                "published": "",
                "kind": "web",
            }
        self.url_ids[url] = sid
        return sid

    def source_rows(self, used_ids):
        rows = []
        for sid in sorted(used_ids):
            if sid in self.web_sources:
                rows.append(self.web_sources[sid])
                continue
            assert sid in self.graph_sources, f"unknown source id {sid!r}"
            s = self.graph_sources[sid]
            kind = s.get("kind") or ""
            if sid == "SEED2025":
                kind = "seed"
            if sid == "TAX":
                kind = "taxonomy"
            rows.append({
                "id": sid,
                "title": one_line(s.get("title")),
                "url": one_line(s.get("url")),
                "published": one_line(s.get("date")),
                "kind": kind,
            })
        return rows

    # ---- firm tags -----------------------------------------------------------------
    def local_tags(self, firm):
        tags, notes, srcs, leader_chains = [], [], [], []
        for t in firm.get("tags") or []:
            raw = t["tag"]
            norm = TAG_MAP.get(tag_key(raw), raw)
            tags.append(norm)
            detail = " ".join(one_line(x) for x in (t.get("scope"), t.get("date")) if x not in (None, ""))
            if detail:
                notes.append(f"{norm}: {detail}")
            srcs.extend(t.get("sources") or [])
            if norm in LEADER_TAGS:
                scope = one_line(t.get("scope"))
                assert scope in LEADER_SCOPE_TO_CHAIN, (
                    f"{firm['id']}: leader tag scope {scope!r} not mapped in LEADER_SCOPE_TO_CHAIN")
                chain = LEADER_SCOPE_TO_CHAIN[scope]
                if chain is not None:
                    assert chain in (firm.get("chains") or []), f"{firm['id']} leads {chain} but is not on it"
                    leader_chains.append((chain, t.get("sources") or []))
        return unique(tags), unique(notes), srcs, leader_chains

    @staticmethod
    def outside_tags(firm):
        tags, notes = [], []
        for raw in firm.get("tags") or []:
            m = re.match(r"^(.*?)\s*\((.*)\)\s*$", raw.strip())
            base, detail = (m.group(1), m.group(2)) if m else (raw.strip(), "")
            if "链主" in base and base != "链主":
                # e.g. 'Qingdao 医药产业链链主 (per gx2024)' -> tag 链主, scope in tag_notes
                scope = base.replace("链主", "").strip()
                detail = f"{scope} ({detail})" if detail else scope
                base = "链主"
            norm = TAG_MAP.get(base, base)
            tags.append(norm)
            if detail:
                notes.append(f"{norm}: {detail}")
        return unique(tags), unique(notes)

    # ---- files -----------------------------------------------------------------------
    def build(self):
        g, t = self.g, self.t
        out = {}

        # firms (local) first: leaders come from their tags
        firms = []
        leaders = {}
        for f in g["firms"]:
            tags, tag_notes, tag_srcs, leader_chains = self.local_tags(f)
            for chain, srcs in leader_chains:
                leaders.setdefault(chain, []).append((f["id"], srcs))
            seg_chains = [s.split(".")[0] for s in f.get("segments") or []]
            note = one_line(f.get("notes"))
            if f.get("role"):
                note = (note + " " if note else "") + f"Role: {one_line(f['role'])}."
            firms.append({
                "id": f["id"],
                "name": one_line(f["name_zh"]),
                "name_en": one_line(f.get("name_en")),
                "local": "true",
                "park": join_list(f.get("park") or []),
                "segments": join_list(f.get("segments") or []),
                "tags": join_list(tags),
                "evidence": f["laoshan_evidence"],
                "sources": join_list(unique(list(f.get("sources") or []) + tag_srcs)),
                "kind": one_line(f.get("kind")),
                "base_city": "",
                "role": "",
                "tag_notes": join_list(tag_notes),
                "note": note,
                "chains": join_list(unique(list(f.get("chains") or []) + seg_chains)),
            })
        for f in t["outside_firms"]:
            tags, tag_notes = self.outside_tags(f)
            firms.append({
                "id": f["id"],
                "name": one_line(f["name_zh"]),
                "name_en": one_line(f.get("name_en")),
                "local": "false",
                "park": "",
                "segments": join_list(f.get("segments") or []),
                "tags": join_list(tags),
                "evidence": "",
                "sources": join_list(unique(self.src_url(u) for u in f.get("sources") or [])),
                "kind": "",
                "base_city": one_line(f.get("base_city")),
                "role": f["role"],
                "tag_notes": join_list(tag_notes),
                "note": one_line(f.get("note")),
                "chains": join_list(unique(s.split(".")[0] for s in f.get("segments") or [])),
            })
        out["firms"] = sorted(firms, key=lambda r: r["id"])

        # chains
        chains = []
        for c in g["chains"]:
            scale_items, scale_srcs = [], []
            for s in c.get("scale") or []:
                val = one_line(s.get("value_cny_yi"))
                m = re.match(r"^([~<>≈]?\s*[\d.,]+)\s*(?:\((.*)\))?$", val)
                number, qual = (m.group(1).replace(" ", ""), m.group(2)) if m else (val, None)
                inner = one_line(s.get("scope"))
                if qual:
                    inner = f"{inner}, {qual}" if inner else qual
                scale_items.append(f"{s.get('year')}: {number}亿" + (f" ({inner})" if inner else ""))
                scale_srcs.extend(s.get("sources") or [])
            lead = leaders.get(c["id"], [])
            lead_srcs = [x for _, srcs in lead for x in srcs]
            chains.append({
                "id": c["id"],
                "name": one_line(c["name_zh"]),
                "name_en": one_line(c.get("name_en")),
                "status": CHAIN_STATUS[c["status_in_seven"]],
                "leaders": join_list(sorted(unique(fid for fid, _ in lead))),
                "sources": join_list(unique(list(c.get("sources") or []) + scale_srcs + lead_srcs)),
                "note": one_line(c.get("note")),
                "scale": join_list(scale_items),
                "laoshan_chain_model": one_line(c.get("laoshan_chain_model")),
                "status_note": c["status_in_seven"],
            })
        out["chains"] = sorted(chains, key=lambda r: r["id"])

        # segments
        seg_by_id = {s["id"]: s for s in g["segments"]}
        segments = []
        for s in g["segments"]:
            segments.append({
                "id": s["id"],
                "chain": s["chain"],
                "name": one_line(s["name_zh"]),
                "name_en": one_line(s.get("name_en")),
                "stage": s["stage"],
                "sources": join_list(s.get("sources") or []),
                "basis": s["basis"],
                "cross_cutting": "true" if s.get("cross_cutting") else "false",
                "note": one_line(s.get("note")),
            })
        out["segments"] = sorted(segments, key=lambda r: r["id"])

        # segment links (YAML has no sources on links)
        links = []
        for l in g["segment_links"]:
            if l["basis"] == "taxonomy_general":
                srcs = ["TAX"]
            else:
                srcs = unique(x for sid in (l["from"], l["to"])
                              for x in (seg_by_id.get(sid, {}).get("sources") or []) if x != "TAX") or ["TAX"]
            links.append({
                "from": l["from"],
                "to": l["to"],
                "sources": join_list(srcs),
                "basis": l["basis"],
                "meaning": one_line(l.get("meaning")),
                "note": one_line(l.get("note")),
            })
        out["segment_links"] = sorted(links, key=lambda r: (r["from"], r["to"]))

        # parks
        parks = []
        extra_fields = ["layout", "functional_zones", "developer", "operator", "manager",
                        "designations", "anchor", "chain_leaders"]
        for p in g["parks"]:
            area = p.get("area_mu")
            area_mu, area_note_parts = "", []
            if isinstance(area, (int, float)) and not isinstance(area, bool):
                area_mu = num_text(area)
            elif area is not None:
                text = one_line(area)
                # plain number possibly prefixed with '~' and followed by an exact unit conversion
                m = re.match(r"^~?\s*([\d,]+(?:\.\d+)?)\s*\((\d+(?:\.\d+)?)\s*km2\)$", text)
                if m:
                    area_mu = num_text(m.group(1))
                    area_note_parts.append(f"{text}: mu figure is a conversion of {m.group(2)} km2 (approximate)")
                else:
                    area_note_parts.append(text)
            hist_srcs = []
            hist = []
            for h in p.get("area_history") or []:
                hist.append(f"{one_line(h.get('area_mu'))} ({one_line(h.get('date'))}, {', '.join(h.get('sources') or [])})")
                hist_srcs.extend(h.get("sources") or [])
            if hist:
                area_note_parts.append("history: " + ", ".join(hist))
            note_parts = [one_line(p.get("note"))] if p.get("note") else []
            for k in extra_fields:
                v = p.get(k)
                if v:
                    v = ", ".join(v) if isinstance(v, list) else one_line(v)
                    note_parts.append(f"{k}: {v}")
            parks.append({
                "id": p["id"],
                "name": one_line(p["name_zh"]),
                "name_en": one_line(p.get("name_en")),
                "area_mu": area_mu,
                "focus": join_list(p.get("focus_chains") or []),
                "status": PARK_STATUS[p["status_as_one_of_four"]],
                "sources": join_list(unique(list(p.get("sources") or []) + hist_srcs)),
                "area_note": " | ".join(x.replace(";", ",") for x in area_note_parts),
                "location": one_line(p.get("location")),
                "note": " | ".join(note_parts),
                "opened": one_line(p.get("opened")),
                "status_note": p["status_as_one_of_four"],
            })
        out["parks"] = sorted(parks, key=lambda r: r["id"])

        # firm links
        flinks = []
        for l in t["firm_links"]:
            flinks.append({
                "supplier": l["supplier"],
                "customer": l["customer"],
                "product": one_line(l.get("product")),
                "sources": join_list(unique(self.src_url(u) for u in l.get("sources") or [])),
                "relation": l["relation"],
                "basis": l["basis"],
                "year": one_line(l.get("year")),
                "note": one_line(l.get("note")),
            })
        # laoshan_graph.yaml has no firm-to-firm link records (checked: no such key).
        assert not any(k in g for k in ("firm_links", "links", "relations")), "graph has firm links: handle them"
        out["firm_links"] = sorted(flinks, key=lambda r: (r["supplier"], r["customer"], r["product"]))

        # projects
        projects = []
        for p in g["projects"]:
            inv_text = one_line(p.get("investment"))
            inv = ""
            if p["id"] in INVESTMENT_OVERRIDES:
                inv = INVESTMENT_OVERRIDES[p["id"]]
                assert inv in inv_text.replace(",", ""), f"{p['id']}: override {inv} not in {inv_text!r}"
            elif inv_text:
                figures = re.findall(r"(\d+(?:\.\d+)?)亿元", inv_text)
                m = re.match(r"^~?\s*(\d+(?:\.\d+)?)亿元", inv_text)
                if len(figures) == 1 and m:
                    inv = num_text(m.group(1))
                else:
                    assert len(figures) <= 1, f"{p['id']}: several figures in {inv_text!r}, add an override"
            link = PROJECT_LINKS.get(p["id"], {})
            year = p.get("year")
            projects.append({
                "id": p["id"],
                "name": one_line(p["name"]),
                "chain": join_list(p.get("chains") or []),
                "segment": link.get("segment", ""),
                "park": one_line(p.get("park")),
                "firm": link.get("firm", ""),
                "investment_yi": inv,
                "year": str(int(year)) if year is not None else "",
                "status": one_line(p.get("status")),
                "sources": join_list(p.get("sources") or []),
                "investment_note": "" if inv_text == (f"{inv}亿元" if inv else "") else inv_text,
                "note": one_line(p.get("notes")),
            })
        out["projects"] = sorted(projects, key=lambda r: r["id"])

        # sources: every id referenced anywhere, nothing else
        used = set()
        for name in ("chains", "segments", "segment_links", "parks", "firms", "firm_links", "projects"):
            for r in out[name]:
                used.update(x for x in r["sources"].split(";") if x)
        out["sources"] = self.source_rows(used)
        return out


# --------------------------------------------------------------------------------------
# Validation (fails loudly)
# --------------------------------------------------------------------------------------
def validate(out, graph, targets):
    def ids(name):
        return {r["id"] for r in out[name]}

    def items(cell):
        return [x for x in cell.split(";") if x] if cell else []

    chain_ids, seg_ids, park_ids = ids("chains"), ids("segments"), ids("parks")
    firm_ids, src_ids = ids("firms"), ids("sources")
    local_ids = {r["id"] for r in out["firms"] if r["local"] == "true"}
    seg_chain = {r["id"]: r["chain"] for r in out["segments"]}

    # unique ids / columns / cell hygiene
    for name, rows in out.items():
        cols = COLUMNS[name]
        for r in rows:
            assert list(r.keys()) == cols, f"{name}: columns {list(r.keys())} != {cols}"
            for col, val in r.items():
                assert isinstance(val, str), f"{name}.{col}: not text"
                assert "\n" not in val and "\r" not in val, f"{name}.{col}: newline in {val!r}"
                assert val == val.strip(), f"{name}.{col}: outer spaces in {val!r}"
                if col in LIST_COLUMNS[name] and val:
                    parts = val.split(";")
                    assert all(p and p == p.strip() for p in parts), f"{name}.{col}: bad list cell {val!r}"
        if "id" in cols:
            all_ids = [r["id"] for r in rows]
            assert len(all_ids) == len(set(all_ids)), f"{name}: duplicate ids"
            assert all_ids == sorted(all_ids), f"{name}: not sorted by id"
        if name != "sources":
            for r in rows:
                srcs = items(r["sources"])
                assert srcs, f"{name}: record without source {r}"
                for s in srcs:
                    assert s in src_ids, f"{name}: dangling source {s!r}"

    # sources: no unused rows, urls unique, SEED/TAX conventions
    used = set()
    for name in out:
        if name != "sources":
            for r in out[name]:
                used.update(items(r["sources"]))
    assert used == src_ids, f"unused or missing source rows: {sorted(src_ids ^ used)}"
    urls = [r["url"] for r in out["sources"] if r["url"]]
    assert len(urls) == len(set(urls)), "duplicate URLs in sources.csv"
    for r in out["sources"]:
        assert r["title"], f"source {r['id']} without title"
        if r["id"] == "SEED2025":
            assert r["url"] == "" and r["kind"] == "seed"
        if r["id"] == "TAX":
            assert r["url"] == "" and r["kind"] == "taxonomy"

    # chains
    for r in out["chains"]:
        assert r["status"] in {"confirmed", "named", "candidate", "legacy"}
        for f in items(r["leaders"]):
            assert f in local_ids, f"chain {r['id']}: leader {f} not a Laoshan firm"

    # segments
    for r in out["segments"]:
        assert r["chain"] in chain_ids, f"segment {r['id']}: chain {r['chain']}"
        assert r["id"].split(".")[0] == r["chain"]
        assert r["stage"] in STAGES and r["basis"] in SEGMENT_BASIS
        assert r["cross_cutting"] in {"true", "false"}
        if r["basis"] == "taxonomy_general":
            assert "TAX" in items(r["sources"]), f"segment {r['id']}: taxonomy_general without TAX"

    # segment links + no cycle within a chain
    pairs = [(r["from"], r["to"]) for r in out["segment_links"]]
    assert len(pairs) == len(set(pairs)), "duplicate segment links"
    for a, b in pairs:
        assert a in seg_ids and b in seg_ids, f"segment link {a}->{b} dangles"
        assert a != b, f"self link {a}"
    for chain in sorted(chain_ids):
        edges = {}
        for a, b in pairs:
            if seg_chain[a] == chain and seg_chain[b] == chain:
                edges.setdefault(a, []).append(b)
        assert not find_cycle(edges), f"segment-link cycle in chain {chain}: {find_cycle(edges)}"
    all_edges = {}
    for a, b in pairs:
        all_edges.setdefault(a, []).append(b)
    cyc = find_cycle(all_edges)
    if cyc:
        print(f"warning: cross-chain segment-link cycle {cyc}", file=sys.stderr)

    # parks
    for r in out["parks"]:
        assert r["status"] in {"confirmed", "likely", "candidate", "unlikely"}
        assert r["area_mu"] == "" or re.fullmatch(r"\d+(\.\d+)?", r["area_mu"]), r["area_mu"]
        for c in items(r["focus"]):
            assert c in chain_ids, f"park {r['id']}: focus {c}"

    # firms
    n_local = sum(r["local"] == "true" for r in out["firms"])
    n_out = sum(r["local"] == "false" for r in out["firms"])
    assert n_local == len(graph["firms"]) == 77, n_local
    assert n_out == len(targets["outside_firms"]) == 58, n_out
    for r in out["firms"]:
        assert r["local"] in {"true", "false"}
        if r["local"] == "true":
            assert r["evidence"] in EVIDENCE, r
            assert r["role"] == "" and r["base_city"] == ""
        else:
            assert r["evidence"] == "" and r["park"] == ""
            assert r["role"] in ROLES, r
        for p in items(r["park"]):
            assert p in park_ids, f"firm {r['id']}: park {p}"
        for s in items(r["segments"]):
            assert s in seg_ids, f"firm {r['id']}: segment {s}"
        for c in items(r["chains"]):
            assert c in chain_ids, f"firm {r['id']}: chain {c}"
        for s in items(r["segments"]):
            assert s.split(".")[0] in items(r["chains"])
    not_placed = {one_line(x.get("name_zh")) for x in graph.get("firms_found_but_not_placed_in_laoshan") or []}
    anchors = {one_line(x.get("name_zh")) for x in graph.get("external_anchors_outside_laoshan") or []}
    for r in out["firms"]:
        if r["local"] == "true":
            assert r["name"] not in not_placed | anchors, f"{r['id']} is a not-placed/anchor entry"

    # firm links
    assert len(out["firm_links"]) == len(targets["firm_links"]) == 23
    for r in out["firm_links"]:
        assert r["supplier"] in firm_ids and r["customer"] in firm_ids, f"firm link dangles {r}"
        assert r["basis"] in LINK_BASIS, r
        assert r["supplier"] != r["customer"]

    # projects
    for r in out["projects"]:
        cs = items(r["chain"])
        assert cs and all(c in chain_ids for c in cs), f"project {r['id']}: chain {cs}"
        if r["segment"]:
            assert r["segment"] in seg_ids and seg_chain[r["segment"]] in cs, f"project {r['id']}: segment"
        if r["park"]:
            assert r["park"] in park_ids, f"project {r['id']}: park {r['park']}"
        if r["firm"]:
            assert r["firm"] in local_ids, f"project {r['id']}: firm {r['firm']}"
        assert r["investment_yi"] == "" or re.fullmatch(r"\d+(\.\d+)?", r["investment_yi"])
        assert r["year"] == "" or re.fullmatch(r"\d{4}", r["year"])
    for pid in list(PROJECT_LINKS) + list(INVESTMENT_OVERRIDES):
        assert pid in ids("projects"), f"stale project id {pid} in script tables"


def find_cycle(edges):
    """Return one cycle (list of nodes) in a directed graph {node: [next, ...]}, or []."""
    WHITE, GREY, BLACK = 0, 1, 2
    color, stack = {}, []

    def visit(n):
        color[n] = GREY
        stack.append(n)
        for m in edges.get(n, []):
            c = color.get(m, WHITE)
            if c == GREY:
                return stack[stack.index(m):] + [m]
            if c == WHITE:
                cyc = visit(m)
                if cyc:
                    return cyc
        stack.pop()
        color[n] = BLACK
        return []

    for n in sorted(edges):
        if color.get(n, WHITE) == WHITE:
            cyc = visit(n)
            if cyc:
                return cyc
    return []


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------
def write_csv(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(columns)
        for r in rows:
            w.writerow([r[c] for c in columns])


def reread(path, columns, n_rows):
    with open(path, encoding="utf-8", newline="") as fh:
        raw = fh.read()
    assert not raw.startswith("\ufeff"), f"{path}: BOM"
    rows = list(csv.reader(raw.splitlines(keepends=True)))
    assert rows[0] == columns, f"{path}: header"
    assert len(rows) - 1 == n_rows, f"{path}: row count"
    assert all(len(r) == len(columns) for r in rows), f"{path}: ragged rows"


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        print("usage: build_laoshan_data.py INPUT_DIR OUTPUT_DIR", file=sys.stderr)
        return 2
    src_dir, out_dir = argv[1], argv[2]
    with open(os.path.join(src_dir, "laoshan_graph.yaml"), encoding="utf-8") as fh:
        graph = yaml.safe_load(fh)
    with open(os.path.join(src_dir, "laoshan_targets.yaml"), encoding="utf-8") as fh:
        targets = yaml.safe_load(fh)

    b = Builder(graph, targets)
    out = b.build()
    validate(out, graph, targets)

    os.makedirs(out_dir, exist_ok=True)
    for name in COLUMNS:
        path = os.path.join(out_dir, f"{name}.csv")
        write_csv(path, COLUMNS[name], out[name])
        reread(path, COLUMNS[name], len(out[name]))
    meta_path = os.path.join(out_dir, "meta.csv")
    write_csv(meta_path, ["key", "value"], [dict(key=k, value=v) for k, v in META_ROWS])
    reread(meta_path, ["key", "value"], len(META_ROWS))

    for name in COLUMNS:
        print(f"{name}.csv: {len(out[name])} rows")
    print(f"meta.csv: {len(META_ROWS)} rows")
    if b.reused_graph_ids:
        print("target URLs already in laoshan_graph sources (graph id reused): "
              + ", ".join(f"{sid}" for _, sid in sorted(b.reused_graph_ids.items(), key=lambda x: x[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
