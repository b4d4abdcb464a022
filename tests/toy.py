"""A small hand-made dataset whose answers are known in advance (not Laoshan data; ids say toy)."""

from graph.model import Chain, Dataset, Firm, FirmLink, Park, Project, Segment, SegmentLink, Source, sort_dataset

S = ("src1",)


def toy_dataset() -> Dataset:
    """Chain ``toy``: a1 (up) → b1 (mid) → c1 (down), a2 (up) → b1. Firms: f1 local on a1 and b1,
    f2 local on b1 in park p1, f3 outside on a2 supplying f1; chain ``other`` holds segment o1 with f2 on it."""
    return sort_dataset(
        chains=[Chain("toy", "玩具链", "Toy chain", "confirmed", ("f1",), S),
                Chain("other", "另一链", "Other chain", "candidate", (), S)],
        segments=[Segment("a1", "toy", "上游一(说明)", "Up one", "upstream", S),
                  Segment("a2", "toy", "上游二", "Up two", "upstream", S),
                  Segment("b1", "toy", "中游", "Middle", "midstream", S),
                  Segment("c1", "toy", "下游", "Down", "downstream", S),
                  Segment("o1", "other", "其他环节", "Other segment", "midstream", S)],
        segment_links=[SegmentLink("a1", "b1", S), SegmentLink("a2", "b1", S), SegmentLink("b1", "c1", S)],
        parks=[Park("p1", "一号园", "Park one", 100.0, ("toy",), "likely", S),
               Park("p2", "二号园", "Park two", None, ("other",), "candidate", S)],
        firms=[Firm("f1", "甲公司", "Alpha Co", True, (), ("a1", "b1"), ("上市",), "strong", S),
               Firm("f2", "乙公司", "Beta Co", True, ("p1",), ("b1", "o1"), (), "weak", S),
               Firm("f3", "丙公司", "Gamma Co", False, (), ("a2",), ("独角兽",), "", S)],
        firm_links=[FirmLink("f3", "f1", "零件", S)],
        projects=[Project("pr1", "一号项目", ("toy",), "b1", "p1", "f2", 12.5, 2024, "在建", S)],
        sources=[Source("src1", "测试来源", "https://example.org/a", "2024-01")],
        meta={"name": "toy", "as_of": "2024-06-30", "synthetic": "true"},
    )
