"""Synthetic data folders with one realistically shaped chain of N firms, for the readability bench.

``bench/synthetic.py`` builds regular, evenly filled chains (the speed benches need exact node counts).
A picture's readability depends on the shape instead: a few crowded segments beside near-empty ones,
long Chinese firm names, tags, leaders, outside firms. :func:`synthetic_chain` builds that shape:

* 15–40 segments (more for bigger chains) over 上游 / 中游 / 下游 (about 3 : 4 : 3), each non-upstream
  segment supplied by one or two segments of the stage before, a few upstream → downstream links;
* firms spread over the segments by a Zipf-like weight, so the largest few segments hold most firms;
  one firm in ten also sits on a second segment;
* about 60 % local (青岛 / 崂山 names, evidence strong … inferred), the rest outside (other cities);
* quality tags as a district's data has them: 上市 (~3 %), 专精特新 (~8 %), 高新技术企业 (~15 %), and
  two to five local 链主 leaders (tagged 链主 and listed in the chain's ``leaders``);
* firm names 6–20 characters built from syllable lists (``合成青岛瑞景智能科技有限公司``) with an English
  name from their pinyin, a few research institutes, and about one firm link per hundred firms.

Everything is marked synthetic: ids start with ``syn_``, every chain, segment and firm name carries 合成 /
"Synthetic", sources say so, and ``meta.synthetic`` is ``true``. The same N and seed give the same folder.
Folders are written with ``loaders.write.write_csv_folder`` — never into ``data/``.

    python -m bench.synthetic_chains 300 bench/results/synthetic/syn-300   # one folder, for a look
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from graph.model import STAGES, Chain, Dataset, Firm, FirmLink, Park, Segment, SegmentLink, Source, sort_dataset
from loaders.write import write_csv_folder

CHAIN_ID = "syn_chain"
PREFIX = "合成"

# (Chinese, English) segment names; a chain takes the first ones of each stage it needs.
SEGMENT_NAMES = {
    "upstream": [
        ("光学材料与镜片", "Optical materials & lenses"), ("传感器件", "Sensors"), ("主控芯片/SoC", "Main SoC chips"),
        ("显示面板与微显示", "Display panels & microdisplays"), ("电子元器件", "Electronic components"),
        ("存储芯片", "Memory chips"), ("电池与电源管理", "Batteries & power management"),
        ("精密结构件", "Precision structural parts"), ("声学器件", "Acoustic components"),
        ("基础软件与操作系统", "Base software & operating systems"), ("算力与数据中心", "Computing power & data centres"),
        ("新材料", "New materials"), ("半导体设备", "Semiconductor equipment"),
    ],
    "midstream": [
        ("光学模组", "Optical modules"), ("整机设计与制造", "Device design & manufacturing"),
        ("交互与追踪模组", "Interaction & tracking modules"), ("内容开发工具与引擎", "Content tools & engines"),
        ("算法与大模型", "Algorithms & large models"), ("云服务与分发平台", "Cloud services & distribution platforms"),
        ("系统集成", "System integration"), ("检测与认证", "Testing & certification"),
        ("工业软件", "Industrial software"), ("通信模组", "Communication modules"),
        ("封装测试", "Packaging & testing"), ("智能装备", "Intelligent equipment"),
        ("数据服务与标注", "Data services & labelling"), ("芯片设计", "Chip design"),
    ],
    "downstream": [
        ("文旅与娱乐应用", "Culture, tourism & entertainment"), ("教育培训应用", "Education & training"),
        ("工业制造应用", "Industrial applications"), ("医疗健康应用", "Medical & health applications"),
        ("智慧城市", "Smart city"), ("消费电子零售", "Consumer electronics retail"),
        ("军民融合应用", "Civil-military applications"), ("智慧海洋", "Smart ocean"),
        ("金融科技应用", "Fintech applications"), ("智能家居", "Smart home"),
        ("汽车电子", "Automotive electronics"), ("会展与营销", "Exhibitions & marketing"),
        ("公共服务平台", "Public service platforms"),
    ],
}
SYLLABLES = list("瑞景华创联信达通博远恒泰科润德晟嘉盛海宏鼎航智星云峰易安普天明源启新川岳辰昊睿翔晨正鑫凯宇雅诺骏伟")
INDUSTRY = [("智能科技", "Intelligent Technology"), ("科技", "Technology"), ("光电科技", "Optoelectronics"),
            ("微电子", "Microelectronics"), ("信息技术", "Information Technology"), ("精密制造", "Precision Manufacturing"),
            ("软件", "Software"), ("数字科技", "Digital Technology"), ("电子", "Electronics"),
            ("新材料", "New Materials"), ("网络科技", "Network Technology"), ("智能装备", "Intelligent Equipment")]
FORMS = [("有限公司", "Co., Ltd."), ("有限公司", "Co., Ltd."), ("股份有限公司", "Co., Ltd. (joint-stock)"),
         ("集团有限公司", "Group Co., Ltd.")]
LOCAL_CITIES = [("青岛", "Qingdao"), ("青岛", "Qingdao"), ("崂山", "Laoshan"), ("", "")]
OUTSIDE_CITIES = [("北京", "Beijing"), ("上海", "Shanghai"), ("深圳", "Shenzhen"), ("苏州", "Suzhou"),
                  ("杭州", "Hangzhou"), ("合肥", "Hefei"), ("武汉", "Wuhan"), ("成都", "Chengdu"), ("", "")]
INSTITUTES = [("研究院", "Research Institute"), ("创新中心", "Innovation Centre"), ("实验室", "Laboratory")]
PRODUCTS = ["合成模组供货", "合成软件授权", "合成代工服务", "合成芯片供货", "合成数据服务"]
TAG_RATES = (("上市", 0.03), ("专精特新", 0.08), ("高新技术企业", 0.15))


def segment_count(firms: int) -> int:
    """15 segments for a small chain, growing with the log of the firm count, at most 40 (300 → 18, 20,000 → 32)."""
    return max(15, min(40, 15 + int(7.5 * math.log10(max(firms, 100) / 100))))


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).capitalize()


def firm_name(rng: random.Random, local: bool) -> tuple[str, str]:
    """A Chinese firm name of 6–20 characters (starting 合成) and its English name (starting Synthetic)."""
    city, city_en = rng.choice(LOCAL_CITIES if local else OUTSIDE_CITIES)
    brand = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 2, 3, 4))))
    brand_en = _pinyin(brand)
    if rng.random() < 0.04:
        kind, kind_en = rng.choice(INSTITUTES)
        name, name_en = f"{PREFIX}{city}{brand}{kind}", f"Synthetic {city_en} {brand_en} {kind_en}"
    else:
        (ind, ind_en), (form, form_en) = rng.choice(INDUSTRY), rng.choice(FORMS)
        name, name_en = f"{PREFIX}{city}{brand}{ind}{form}", f"Synthetic {city_en} {brand_en} {ind_en} {form_en}"
    name = name[:20]
    return name, " ".join(name_en.split())


def _segments(n_seg: int, rng: random.Random) -> list[Segment]:
    per_stage = {"upstream": round(n_seg * 0.3), "downstream": round(n_seg * 0.3)}
    per_stage["midstream"] = n_seg - per_stage["upstream"] - per_stage["downstream"]
    segments = []
    for stage in STAGES:
        names = SEGMENT_NAMES[stage]
        for i in range(per_stage[stage]):
            zh, en = names[i % len(names)]
            round_no = i // len(names)
            suffix, suffix_en = (f"{round_no + 1}", f" {round_no + 1}") if round_no else ("", "")
            segments.append(Segment(f"syn_seg_{stage[0]}{i:02d}", CHAIN_ID, f"{PREFIX}{zh}{suffix}",
                                    f"Synthetic {en}{suffix_en}", stage, ("syn_src_tax",)))
    return segments


def _segment_links(segments: list[Segment], rng: random.Random) -> list[SegmentLink]:
    by_stage = {s: [seg for seg in segments if seg.stage == s] for s in STAGES}
    links = set()
    for prev, stage in zip(STAGES, STAGES[1:]):
        for seg in by_stage[stage]:
            for up in rng.sample(by_stage[prev], k=min(len(by_stage[prev]), rng.choice((1, 1, 2)))):
                links.add((up.id, seg.id))
    for seg in rng.sample(by_stage["downstream"], k=min(3, len(by_stage["downstream"]))):
        links.add((rng.choice(by_stage["upstream"]).id, seg.id))
    return [SegmentLink(a, b, ("syn_src_tax",)) for a, b in sorted(links)]


def synthetic_chain(firms: int, seed: int = 2025) -> Dataset:
    """One chain of ``firms`` firms, shaped like a city's chain (see the module docstring).

    >>> d = synthetic_chain(300)
    >>> len(d.chains), len(d.firms), len(d.segments), d.synthetic
    (1, 300, 18, True)
    """
    if firms < 10:
        raise ValueError("need at least 10 firms")
    rng = random.Random(seed * 1_000_003 + firms)
    segments = _segments(segment_count(firms), rng)
    order = list(range(len(segments)))
    rng.shuffle(order)  # which segments are the crowded ones: spread over the stages
    weights = [0.0] * len(segments)
    for rank, idx in enumerate(order):
        weights[idx] = 1.0 / (rank + 1) ** 1.2
    parks = [Park(f"syn_park_{p}", f"{PREFIX}园区 {p}", f"Synthetic park {p}", 500.0 + 300 * p, (CHAIN_ID,),
                  "confirmed", ("syn_src_park",)) for p in range(3)]

    firm_rows: list[Firm] = []
    for i in range(firms):
        local = rng.random() < 0.6
        name, name_en = firm_name(rng, local)
        on = rng.choices(range(len(segments)), weights=weights, k=2 if rng.random() < 0.1 else 1)
        tags = tuple(tag for tag, rate in TAG_RATES if rng.random() < rate)
        evidence = rng.choices(("strong", "medium", "weak", "inferred"), (5, 3, 1, 1))[0] if local else ""
        park = (rng.choice(parks).id,) if local and rng.random() < 0.3 else ()
        firm_rows.append(Firm(f"syn_firm_{i:05d}", name, name_en, local, park,
                              tuple(dict.fromkeys(segments[j].id for j in on)), tags, evidence,
                              (f"syn_src_{i % 4}",)))

    n_leaders = min(5, max(2, firms // 1000 + 2))
    local_ids = [i for i, f in enumerate(firm_rows) if f.local]
    leaders = sorted(rng.sample(local_ids, n_leaders))
    for i in leaders:
        f = firm_rows[i]
        firm_rows[i] = Firm(f.id, f.name, f.name_en, f.local, f.parks, f.segments,
                            tuple(dict.fromkeys(("链主", "上市", *f.tags))), "strong", f.sources)

    pairs: set[tuple[int, int]] = set()
    while len(pairs) < max(5, firms // 100):
        a, b = rng.randrange(firms), rng.randrange(firms)
        if a != b:
            pairs.add((a, b))
    firm_links = [FirmLink(firm_rows[a].id, firm_rows[b].id, PRODUCTS[(a + b) % len(PRODUCTS)], ("syn_src_links",))
                  for a, b in sorted(pairs)]

    note = "合成数据,仅供可读性基准测试,非真实企业 (synthetic benchmark data, not real firms)"
    sources = [Source(f"syn_src_{k}", f"{note} · {k}", published="2000-01-01")
               for k in ("0", "1", "2", "3", "tax", "park", "links")]
    chain = Chain(CHAIN_ID, f"{PREFIX}产业链({firms:,} 家企业)", f"Synthetic chain ({firms:,} firms)", "confirmed",
                  tuple(firm_rows[i].id for i in leaders), ("syn_src_tax",))
    return sort_dataset(
        chains=[chain], segments=segments, segment_links=_segment_links(segments, rng), parks=parks,
        firms=firm_rows, firm_links=firm_links, sources=sources,
        meta={"name": f"合成数据 synthetic chain ({firms:,} firms)", "as_of": "2000-01-01", "synthetic": "true",
              "district": "合成示例区", "district_en": "Synthetic district"},
    )


def write_synthetic_chain(firms: int, folder: str | Path, seed: int = 2025) -> Path:
    """Write :func:`synthetic_chain` as a CSV data folder (refusing any folder inside the repository's data/)."""
    folder = Path(folder).resolve()
    data_root = (Path(__file__).resolve().parent.parent / "data").resolve()
    if folder == data_root or data_root in folder.parents:
        raise ValueError(f"{folder}: synthetic data is kept out of data/")
    return write_csv_folder(synthetic_chain(firms, seed), folder)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: python -m bench.synthetic_chains FIRMS FOLDER", file=sys.stderr)
        sys.exit(2)
    print(write_synthetic_chain(int(sys.argv[1]), sys.argv[2]))
