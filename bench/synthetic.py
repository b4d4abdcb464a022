"""Deterministic synthetic datasets for benchmarks: one chain whose panorama has exactly N nodes.

Everything is marked synthetic: ids start with ``syn_``, names with 合成 / "Synthetic",
and ``meta.synthetic`` is ``true``. The same ``(nodes, seed)`` always gives the same dataset.
"""

from __future__ import annotations

import random

from graph.model import STAGES, Chain, Dataset, Firm, FirmLink, Segment, SegmentLink, Source, sort_dataset

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
