"""Deterministic synthetic datasets for benchmarks.

* :func:`synthetic_dataset` — one chain whose panorama has exactly N nodes (the render bench);
* :func:`synthetic_load_dataset` — a district-shaped dataset scaled up to any number of firms and
  firm links (the load bench, and the tests that need a load that takes a while);
* :func:`synthetic_scale_dataset` — a city or province: 50 chains × 20 segments, about five firm links
  per firm (the scale bench, ``bench/scale.py``; a smaller shape for the contract suite).

Everything is marked synthetic: ids start with ``syn_``, names with 合成 / "Synthetic",
and ``meta.synthetic`` is ``true``. The same arguments always give the same dataset.
"""

from __future__ import annotations

import random

from graph.model import STAGES, Chain, Dataset, Firm, FirmLink, Park, Project, Segment, SegmentLink, Source, sort_dataset

CHAIN_ID = "syn_chain"
SOURCE = ("syn_src",)


def synthetic_dataset(nodes: int, seed: int = 2024) -> Dataset:
    """A chain of ``nodes`` panorama nodes: a tenth segments (upstream, midstream, downstream in turn), the rest firms.

    Every firm sits on one segment, every seventh also on a second one (drawn once, with two edges);
    each non-upstream segment is supplied by one or two segments of the previous stage; one firm in
    twenty supplies another. About 60 % of firms are local.

    >>> d = synthetic_dataset(200)
    >>> len(d.segments) + len(d.firms), d.synthetic
    (200, True)
    """
    if nodes < 6:
        raise ValueError("need at least 6 nodes (3 segments, 3 firms)")
    rng = random.Random(seed)
    n_seg = max(3, nodes // 10)
    n_firm = nodes - n_seg

    segments = [
        Segment(f"syn_seg_{i:04d}", CHAIN_ID, f"合成环节 {i:04d}", f"Synthetic segment {i:04d}",
                STAGES[i % len(STAGES)], SOURCE)
        for i in range(n_seg)
    ]
    by_stage = {s: [seg for seg in segments if seg.stage == s] for s in STAGES}
    links = set()
    for prev, stage in zip(STAGES, STAGES[1:]):
        for seg in by_stage[stage]:
            for up in rng.sample(by_stage[prev], k=min(len(by_stage[prev]), rng.choice((1, 2)))):
                links.add(SegmentLink(up.id, seg.id, SOURCE))

    firms = []
    for i in range(n_firm):
        on = [segments[i % n_seg].id]
        if i % 7 == 0:
            on.append(segments[(i * 31 + 7) % n_seg].id)
        local = rng.random() < 0.6
        firms.append(Firm(
            f"syn_firm_{i:04d}", f"合成企业 {i:04d}", f"Synthetic firm {i:04d}", local, (),
            tuple(dict.fromkeys(on)), ("合成",), rng.choice(("strong", "medium", "weak")) if local else "", SOURCE,
        ))
    firm_links = {
        FirmLink(a.id, b.id, "合成产品", SOURCE)
        for a, b in (rng.sample(firms, 2) for _ in range(n_firm // 20))
    }

    return sort_dataset(
        chains=[Chain(CHAIN_ID, f"合成产业链({nodes} 节点)", f"Synthetic chain ({nodes} nodes)", "confirmed", (), SOURCE)],
        segments=segments,
        segment_links=links,
        firms=firms,
        firm_links=firm_links,
        sources=[Source(SOURCE[0], "合成数据,仅供基准测试 (synthetic benchmark data, not real)")],
        meta={"name": f"合成数据 synthetic ({nodes} nodes)", "as_of": "2000-01-01", "synthetic": "true"},
    )


def synthetic_load_dataset(firms: int, firm_links: int, chains: int = 10, segments_per_chain: int = 30,
                           parks: int = 20, seed: int = 2024) -> Dataset:
    """A valid dataset shaped like a district's, with ``firms`` firms and ``firm_links`` firm links.

    ``chains`` chains of ``segments_per_chain`` segments (stages in turn, each non-upstream segment
    supplied by one or two segments of the previous stage of its chain); ``parks`` parks focused on
    one or two chains; every firm on one segment (every seventh on two), about 60 % local, half of
    the local firms in a park, one in five with an extra column; ``firm_links`` distinct
    supplier → customer pairs (no self links); one project per thousand firms. Ten sources.

    >>> d = synthetic_load_dataset(1000, 3000)
    >>> (len(d.firms), len(d.firm_links), len(d.segments), d.synthetic)
    (1000, 3000, 300, True)
    """
    if firms < 2 or firm_links > firms * (firms - 1):
        raise ValueError("need at least two firms and at most firms*(firms-1) links")
    rng = random.Random(seed)
    sources = [Source(f"syn_src_{i:02d}", f"合成来源 {i:02d}(基准测试用,非真实数据 / synthetic, not real)")
               for i in range(10)]
    src = lambda i: (sources[i % len(sources)].id,)  # noqa: E731
    chain_rows = [Chain(f"syn_chain_{c:02d}", f"合成产业链 {c:02d}", f"Synthetic chain {c:02d}", "confirmed", (), src(c))
                  for c in range(chains)]
    segments, links = [], []
    for c, chain in enumerate(chain_rows):
        mine = [Segment(f"syn_c{c:02d}_s{i:03d}", chain.id, f"合成环节 {c:02d}-{i:03d}",
                        f"Synthetic segment {c:02d}-{i:03d}", STAGES[i % len(STAGES)], src(i))
                for i in range(segments_per_chain)]
        segments.extend(mine)
        by_stage = {st: [s for s in mine if s.stage == st] for st in STAGES}
        for prev, stage in zip(STAGES, STAGES[1:]):
            for seg in by_stage[stage]:
                for up in rng.sample(by_stage[prev], k=min(len(by_stage[prev]), rng.choice((1, 2)))):
                    links.append(SegmentLink(up.id, seg.id, src(len(links))))
    park_rows = [Park(f"syn_park_{p:02d}", f"合成园区 {p:02d}", f"Synthetic park {p:02d}", float(100 + 10 * p),
                      tuple(sorted({chain_rows[p % chains].id, chain_rows[(p * 3 + 1) % chains].id})),
                      "confirmed", src(p))
                 for p in range(parks)]
    firm_rows = []
    for i in range(firms):
        on = [segments[(i * 7919) % len(segments)].id]
        if i % 7 == 0:
            on.append(segments[(i * 31 + 7) % len(segments)].id)
        local = rng.random() < 0.6
        in_park = (park_rows[i % parks].id,) if local and parks and rng.random() < 0.5 else ()
        firm_rows.append(Firm(
            f"syn_firm_{i:07d}", f"合成企业 {i:07d}", f"Synthetic firm {i:07d}", local, in_park,
            tuple(dict.fromkeys(on)), ("合成",) if i % 3 == 0 else (),
            rng.choice(("strong", "medium", "weak")) if local else "", src(i),
            (("note", f"合成备注 {i}"),) if i % 5 == 0 else (),
        ))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < firm_links:
        a, b = rng.randrange(firms), rng.randrange(firms)
        if a != b:
            pairs.add((a, b))
    link_rows = [FirmLink(firm_rows[a].id, firm_rows[b].id, f"合成产品 {(a + b) % 50:02d}", src(a))
                 for a, b in sorted(pairs)]
    projects = [Project(f"syn_proj_{p:05d}", f"合成项目 {p:05d}", (chain_rows[p % chains].id,),
                        segments[p % len(segments)].id, park_rows[p % parks].id if parks else "",
                        firm_rows[(p * 997) % firms].id, float(p % 50), 2020 + p % 6, "合成", src(p))
                for p in range(max(1, firms // 1000))]
    return sort_dataset(
        chains=chain_rows, segments=segments, segment_links=links, parks=park_rows, firms=firm_rows,
        firm_links=link_rows, projects=projects, sources=sources,
        meta={"name": f"合成数据 synthetic ({firms} firms, {firm_links} firm links)", "as_of": "2000-01-01",
              "synthetic": "true"},
    )


def synthetic_scale_dataset(firms: int, chains: int = 50, segments_per_chain: int = 20, links_per_firm: int = 5,
                            seed: int = 2024) -> Dataset:
    """``firms`` firms on ``chains`` × ``segments_per_chain`` segments with ``links_per_firm`` × ``firms`` firm
    links; parks in proportion (one per 20 segments). Marked synthetic like every dataset here.

    >>> d = synthetic_scale_dataset(200, chains=2, segments_per_chain=5)
    >>> (len(d.firms), len(d.firm_links), len(d.segments), d.synthetic)
    (200, 1000, 10, True)
    """
    return synthetic_load_dataset(firms, links_per_firm * firms, chains=chains, segments_per_chain=segments_per_chain,
                                  parks=max(2, chains * segments_per_chain // 20), seed=seed)
