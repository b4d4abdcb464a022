"""The search index answers exactly what ranking every name answers, for any query (the index's shortcuts —
exact and prefix levels, skipped columns, fuzzy only when it can matter — never change a hit)."""

import random

import pytest

from bench.synthetic import synthetic_scale_dataset
from graph.embedded import EmbeddedStore
from graph.search import MAX_QUERY_CHARS, SearchEntry, SearchIndex, rank, trim_query
from loaders import load_or_raise


def _queries(entries, n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    pool = [k for e in entries for k in (e.name, e.name_en, e.id) if k]
    out = []
    for _ in range(n):
        src = rng.choice(pool)
        a = rng.randrange(len(src))
        q = src[a:a + rng.randint(1, 12)]
        if rng.random() < 0.3 and len(q) > 3:
            q = q[:2] + q[3:]  # a typo
        if rng.random() < 0.1:
            q += " " + rng.choice(pool)[:5]
        out.append(q)
    return out


@pytest.mark.parametrize("data", [lambda: load_or_raise("data/laoshan"),
                                  lambda: synthetic_scale_dataset(300, chains=3, segments_per_chain=5)],
                         ids=["laoshan", "synthetic"])
def test_the_index_ranks_like_rank_for_any_query(data):
    entries = EmbeddedStore(data()).search_entries()
    index = SearchIndex(entries)
    for q in [*_queries(entries, 80), "hcqy", "hc", "ge", "合成", "syn_firm_00001", "vices", "hai "]:
        for limit in (1, 3, 20):
            assert index.search(q, limit) == rank(entries, q, limit), (q, limit)


def test_a_long_query_on_long_names_is_cut_and_still_answers():
    long_name = "青岛" + "海" * 1000 + "科技有限公司"
    entries = [SearchEntry("firm", f"f{i}", long_name + str(i), "Long " * 1000 + str(i)) for i in range(20)]
    query = "海" * 10_000
    assert trim_query(query) == ("海" * MAX_QUERY_CHARS, True)
    hits = SearchIndex(entries).search(query, 5)
    assert [h.entry.id for h in hits] == ["f0", "f1", "f10", "f11", "f12"] and hits == rank(entries, query, 5)
