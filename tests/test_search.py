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


def _typo(rng: random.Random, text: str) -> str:
    """``text`` with one or two typos: a letter dropped, doubled, swapped with the next or replaced."""
    chars = list(text)
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(len(chars))
        edit = rng.choice(("drop", "double", "swap", "replace"))
        if edit == "drop" and len(chars) > 3:
            del chars[at]
        elif edit == "double":
            chars.insert(at, chars[at])
        elif edit == "swap" and at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        else:
            chars[at] = rng.choice("aeiourstn0123 ")
    return "".join(chars)


def test_typo_queries_over_thousands_of_names_rank_like_rank():
    """Typos send a query to the fuzzy matcher, which the index runs on a few keys only (those whose characters
    can reach the first hits): the hits are still those of scoring every name."""
    entries = EmbeddedStore(synthetic_scale_dataset(3000, chains=5, segments_per_chain=10)).search_entries()
    assert len(entries) > 3000
    index = SearchIndex(entries)
    rng = random.Random(12)
    pool = [k for e in entries for k in (e.name, e.name_en, e.id) if k]
    queries = ["Synthtic frim 0001", "Synthetc sgment 03", "syn_frm_0002", "hechngqiye", "合成企 0001", "zzzzqqq"]
    queries += [_typo(rng, rng.choice(pool)[rng.randrange(3):][:rng.randint(4, 24)]) for _ in range(40)]
    fuzzy = 0
    for q in queries:
        for limit in (1, 5, 30):
            hits = index.search(q, limit)
            assert hits == rank(entries, q, limit), (q, limit)
            fuzzy += any(h.score < 80 for h in hits)
    assert fuzzy >= 30  # the typos did reach the fuzzy matcher


def test_the_fuzzy_bound_is_never_below_partial_ratio():
    """The character bound that lets the index skip keys never says less than rapidfuzz's partial_ratio, for
    short and long keys (rapidfuzz has a separate path past 64 characters), equal lengths and cut keys."""
    from rapidfuzz import fuzz, process

    from graph.search import FUZZY_MIN, MAX_KEY_CHARS, _Column

    rng = random.Random(5)
    keys = ["".join(rng.choice("abcab c合成") for _ in range(rng.choice((0, 1, 3, 8, 20, 70, 130, 260))))
            for _ in range(600)]
    column = _Column(keys)
    for _ in range(60):
        q = "".join(rng.choice("abc 成") for _ in range(rng.choice((3, 5, 8, 20, 66, 100))))
        bound = column.bounds(q)
        assert column.reach(q) >= bound.max() - 1e-9
        for key, most in zip(keys, bound):
            assert fuzz.partial_ratio(q, key[:MAX_KEY_CHARS]) <= most + 1e-9, (q, key)
        # and the batch scorer the index uses agrees with the one ``rank`` uses at the fuzzy threshold
        assert list(process.cdist([q], column.fuzzy, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_MIN,
                                  dtype=float)[0]) == [fuzz.partial_ratio(q, k, score_cutoff=FUZZY_MIN) for k in column.fuzzy]
