"""A hand-built chain where every gap status, position, target score and single point is known in advance.

Chain ``c`` (segment links):  u1 ─┐            ┌→ m2 → d1
                              u2 ─┴→ m1 ───────┼→ d2
                                               └→ k1 (chain ``k``)
        x1 stands alone.

Local firms: L1 (上市) and L2 on u1; L3 on m1; L4 and L5 (weak evidence) on d1; L6 on k1 only.
Outside firms: O1 (上市) supplies L4, O2 buys from L3 (inferred), O3 (two tags) — all on m2;
O4 (独角兽, 瞪羚企业) on d2 and k1; O5 on u2 supplies L6. Firm links L1→L3, L2→L4, L5→L4.

Expected: u1 strong; u2 missing/fill; m1 single; m2 missing/break; x1 missing/fill with no candidate;
d1 weak; d2 missing/extend. Completeness 3/7.
"""

from graph.model import Chain, Firm, FirmLink, Park, Segment, SegmentLink, Source, sort_dataset

S = ("s1",)


def seg(id_, stage, chain="c"):
    return Segment(id_, chain, f"环节{id_}", f"Segment {id_}", stage, S)


def firm(id_, segments, local=True, tags=(), parks=(), evidence="strong"):
    return Firm(id_, f"企业{id_}(说明)", f"Firm {id_}", local, parks, segments, tags, evidence if local else "", S)


def link(a, b, basis="stated"):
    return FirmLink(a, b, "产品", S, (("basis", basis),))


def gap_dataset():
    return sort_dataset(
        chains=[Chain("c", "测试链", "Test chain", "confirmed", (), S), Chain("k", "邻链", "Next chain", "confirmed", (), S)],
        segments=[seg("u1", "upstream"), seg("u2", "upstream"), seg("m1", "midstream"), seg("m2", "midstream"),
                  seg("x1", "midstream"), seg("d1", "downstream"), seg("d2", "downstream"), seg("k1", "midstream", "k")],
        segment_links=[SegmentLink(a, b, S) for a, b in
                       (("u1", "m1"), ("u2", "m1"), ("m1", "m2"), ("m2", "d1"), ("m1", "d2"), ("m1", "k1"))],
        parks=[Park("P1", "一号园", "Park one", None, ("c", "k"), "likely", S),
               Park("P2", "二号园", "Park two", None, ("c",), "confirmed", S),
               Park("P3", "三号园", "Park three", None, ("k",), "confirmed", S)],
        firms=[firm("L1", ("u1",), tags=("上市",), parks=("P1",)), firm("L2", ("u1",), parks=("P2",)),
               firm("L3", ("m1",)), firm("L4", ("d1",), parks=("P2",)), firm("L5", ("d1",), evidence="weak"),
               firm("L6", ("k1",), parks=("P1",)),
               firm("O1", ("m2",), local=False, tags=("上市",)), firm("O2", ("m2",), local=False),
               firm("O3", ("m2",), local=False, tags=("专精特新小巨人", "上市")),
               firm("O4", ("d2", "k1"), local=False, tags=("独角兽", "瞪羚企业")), firm("O5", ("u2",), local=False)],
        firm_links=[link("L1", "L3"), link("L2", "L4"), link("L5", "L4"), link("O1", "L4"),
                    link("L3", "O2", "inferred"), link("O5", "L6")],
        sources=[Source("s1", "测试来源")],
        meta={"name": "gap test", "as_of": "2025-01-01", "synthetic": "true"},
    )
