"""The builder of the derivation (see build_laoshan_data.py): fact-sheet YAML records -> CSV rows. Provenance only."""

import re
from urllib.parse import urlsplit

from laoshan_decisions import (
    CHAIN_STATUS, INVESTMENT_OVERRIDES, LEADER_SCOPE_TO_CHAIN, LEADER_TAGS, PARK_STATUS, PROJECT_LINKS, TAG_MAP,
    join_list, num_text, one_line, tag_key, unique, url_source_id,
)

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
