"""A reference answer for every contract question, computed the plainest way: loops over the Dataset.

Not a backend (no graph library, no indexes, no server): it exists so the contract suite can compare
each real backend against answers that neither of them produced. Each method states the ordering the
contract promises.
"""

from __future__ import annotations

from graph.model import Dataset
from graph.search import SearchEntry
from graph.store import (
    CandidateFacts,
    ChainSummary,
    ChainView,
    CrossFirm,
    CrossLink,
    FirmDetail,
    LocalRule,
    NotFound,
    ParkDetail,
    SegmentDetail,
    Store,
    StoreInfo,
)


def by_id(records) -> tuple:
    return tuple(sorted(set(records), key=lambda r: r.id))


class ReferenceStore(Store):
    def __init__(self, data: Dataset):
        self.d = data

    def _one(self, rows, ident, what):
        for r in rows:
            if r.id == ident:
                return r
        raise NotFound(f"{what} {ident!r}")

    def _many(self, rows, ids, what):
        return by_id(self._one(rows, i, what) for i in ids)

    def _firm_links(self, pred) -> tuple:
        out, seen = [], set()
        for link in self.d.firm_links:  # dataset order, each equal link once
            if pred(link) and link not in seen:
                out.append(link)
                seen.add(link)
        return tuple(out)

    def info(self) -> StoreInfo:
        d = self.d
        return StoreInfo("reference", "", d.title, d.as_of, d.synthetic, tuple(d.counts().items()), d.meta)

    def chains(self):
        out = []
        for c in self.d.chains:
            segs = [s for s in self.d.segments if s.chain == c.id]
            unit = lambda f: f.local and f.presence in ("", "registered", "branch", "rnd")  # noqa: E731
            local = {f.id for f in self.d.firms if unit(f) and any(s.id in f.segments for s in segs)}
            empty = sum(1 for s in segs if not any(unit(f) and s.id in f.segments for f in self.d.firms))
            out.append(ChainSummary(c, len(segs), len(local), empty))
        return tuple(out)

    def parks(self):
        return self.d.parks

    def tags(self):
        return tuple(sorted({t for f in self.d.firms for t in f.tags}))

    def chain_view(self, chain_id, firm_links=True):
        chain = self._one(self.d.chains, chain_id, "chain")
        segs = by_id(s for s in self.d.segments if s.chain == chain_id)
        ids = {s.id for s in segs}
        links = tuple(sorted({l for l in self.d.segment_links if l.source in ids and l.target in ids},
                             key=lambda l: (l.source, l.target)))
        firms = by_id(f for f in self.d.firms if ids & set(f.segments))
        fids = {f.id for f in firms}
        flinks = self._firm_links(lambda l: l.supplier in fids or l.customer in fids) if firm_links else ()
        others = {x for l in flinks for x in (l.supplier, l.customer)} - fids
        linked = by_id(f for f in self.d.firms if f.id in others)
        parks = by_id(p for p in self.d.parks if chain_id in p.focus or any(p.id in f.parks for f in firms))
        projects = by_id(p for p in self.d.projects if chain_id in p.chains)
        return ChainView(chain, segs, links, firms, flinks, linked, parks, projects)

    def _counted(self, rule):
        return {f.id: f for f in self.d.firms if f.local and f.presence in ("", *rule.presences)
                and (rule.uncertain or f.evidence not in ("weak", "inferred"))}

    def candidate_facts(self, chain_id, rule=LocalRule()):
        self._one(self.d.chains, chain_id, "chain")
        counted = self._counted(rule)
        seg_ids = {s.id for s in self.d.segments if s.chain == chain_id}
        of_firm = {}
        for l in set(self.d.firm_links):
            if l.supplier != l.customer:
                of_firm.setdefault(l.supplier, []).append(l)
                of_firm.setdefault(l.customer, []).append(l)
        out = []
        for f in sorted(self.d.firms, key=lambda f: f.id):
            if f.id in counted or not seg_ids & set(f.segments):
                continue
            links = [l for l in of_firm.get(f.id, ()) if (l.customer if l.supplier == f.id else l.supplier) in counted]
            if links:
                unconfirmed = sum(1 for l in links if dict(l.extra).get("basis") in ("reported", "inferred"))
                parks = {p for l in links for p in counted[l.customer if l.supplier == f.id else l.supplier].parks}
                out.append(CandidateFacts(f.id, len(links) - unconfirmed, unconfirmed, tuple(sorted(parks))))
        return tuple(out)

    def sole_suppliers(self, chain_id, rule=LocalRule()):
        self._one(self.d.chains, chain_id, "chain")
        counted = self._counted(rule)
        seg_ids = {s.id for s in self.d.segments if s.chain == chain_id}
        into = {}
        for l in self.d.firm_links:
            into.setdefault(l.customer, []).append(l.supplier)
        out = []
        for c in self.d.firms:
            if c.id in counted and seg_ids & set(c.segments):
                sup = {s for s in into.get(c.id, ()) if s != c.id and s in counted}
                if len(sup) == 1:
                    out.append((sup.pop(), c.id))
        return tuple(sorted(out))

    def segment_detail(self, segment_id):
        seg = self._one(self.d.segments, segment_id, "segment")
        up = {l.source for l in self.d.segment_links if l.target == segment_id}
        down = {l.target for l in self.d.segment_links if l.source == segment_id}
        return SegmentDetail(seg, self._one(self.d.chains, seg.chain, "chain"),
                             by_id(s for s in self.d.segments if s.id in up), by_id(s for s in self.d.segments if s.id in down),
                             by_id(f for f in self.d.firms if segment_id in f.segments),
                             by_id(p for p in self.d.projects if p.segment == segment_id), self.sources(seg.sources))

    def firm_detail(self, firm_id):
        firm = self._one(self.d.firms, firm_id, "firm")
        segs = by_id(s for s in self.d.segments if s.id in firm.segments)
        chains = by_id(c for c in self.d.chains if any(s.chain == c.id for s in segs))
        parks = by_id(p for p in self.d.parks if p.id in firm.parks)
        index = {id(l): i for i, l in enumerate(self.d.firm_links)}
        firms = {f.id: f for f in self.d.firms}

        def pairs(mine: str, other: str):
            found = [(firms[getattr(l, other)], l) for l in self.d.firm_links if getattr(l, mine) == firm_id]
            return tuple(sorted(found, key=lambda p: (p[0].id, p[1].product, index[id(p[1])])))

        return FirmDetail(firm, segs, chains, parks, pairs("customer", "supplier"), pairs("supplier", "customer"),
                          by_id(p for p in self.d.projects if p.firm == firm_id), self.sources(firm.sources))

    def park_detail(self, park_id):
        park = self._one(self.d.parks, park_id, "park")
        firms = by_id(f for f in self.d.firms if park_id in f.parks)
        segs = by_id(s for s in self.d.segments if any(s.id in f.segments for f in firms))
        chains = by_id(c for c in self.d.chains if c.id in park.focus or any(s.chain == c.id for s in segs))
        return ParkDetail(park, firms, chains, segs, by_id(p for p in self.d.projects if p.park == park_id),
                          self.sources(park.sources))

    def sources(self, ids):
        return self._many(self.d.sources, ids, "source")

    def firms(self, ids):
        return self._many(self.d.firms, ids, "firm")

    def segments(self, ids):
        return self._many(self.d.segments, ids, "segment")

    def firm_links_of(self, firm_ids):
        ids = set(firm_ids)
        return self._firm_links(lambda l: l.supplier in ids or l.customer in ids)

    def segment_links_of(self, segment_ids):
        ids = set(segment_ids)
        return tuple(sorted({l for l in self.d.segment_links if l.source in ids or l.target in ids},
                            key=lambda l: (l.source, l.target)))

    def firms_on(self, segment_ids, local=None):
        ids = set(segment_ids)
        return by_id(f for f in self.d.firms if ids & set(f.segments) and local in (None, f.local))

    def cross_chain_firms(self, local_only=False):
        chain_of = {s.id: s.chain for s in self.d.segments}
        out = []
        for f in self.d.firms:
            chains = sorted({chain_of[s] for s in f.segments})
            if len(chains) > 1 and (f.local or not local_only):
                out.append(CrossFirm(f, tuple(chains), tuple(sorted(set(f.segments)))))
        return tuple(out)

    def cross_chain_links(self):
        chain_of = {s.id: s.chain for s in self.d.segments}
        return tuple(CrossLink(l, chain_of[l.source], chain_of[l.target])
                     for l in sorted(self.d.segment_links, key=lambda l: (l.source, l.target))
                     if chain_of[l.source] != chain_of[l.target])

    def search_entries(self):
        rows = [("chain", self.d.chains), ("segment", self.d.segments), ("park", self.d.parks), ("firm", self.d.firms)]
        return tuple(sorted((SearchEntry(kind, r.id, r.name, r.name_en) for kind, rs in rows for r in rs),
                            key=lambda e: (e.kind, e.id)))

    def dataset(self):
        return self.d
