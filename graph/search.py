"""Name search shared by every store: Chinese, pinyin initials, full pinyin, English; typo tolerant.

One scoring rule (``_score``) ranks every store's answers: ``rank`` scores a list of candidate entries
(the Neo4j store prefilters in Cypher and ranks its candidates with it); ``SearchIndex`` holds the keys
of every name, computed once, and answers the same ranking without scoring every name per query.

Work per query is bounded: a query is cut to ``MAX_QUERY_CHARS`` (``trim_query`` says when; the app
shows it), and fuzzy matching compares at most ``MAX_KEY_CHARS`` of a key.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

MAX_QUERY_CHARS = 100  # longer queries are cut here (no name a person types is longer)
QUERY_CAP = MAX_QUERY_CHARS  # the same cap under the name the Neo4j store uses
MAX_KEY_CHARS = 200  # fuzzy matching reads this much of a key (substring matching reads all of it)
FUZZY_MIN = 75  # partial_ratio at which a typo still counts (× 0.8 = the hit threshold, 60)
HIT_MIN = 60
_SEP = "\x00"  # between keys in an index column; control characters never reach a name (loaders check)


@dataclass(frozen=True)
class SearchEntry:
    kind: str  # firm | segment | chain | park
    id: str
    name: str
    name_en: str = ""


@dataclass(frozen=True)
class SearchHit:
    entry: SearchEntry
    score: float


def trim_query(query: str) -> tuple[str, bool]:
    """The query as searched (stripped, at most ``MAX_QUERY_CHARS``) and whether it was cut."""
    q = query.replace(_SEP, "").strip()
    return q[:MAX_QUERY_CHARS].strip(), len(q) > MAX_QUERY_CHARS


def pinyin_keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) of a Chinese name, lower case; characters without pinyin are left out."""
    from pypinyin import lazy_pinyin  # imported when a name is keyed, so importing the module stays light

    full = lazy_pinyin(name, errors="ignore")
    return "".join(s[0] for s in full if s).lower(), "".join(full).lower()


def search_keys(name: str, name_en: str = "", ident: str = "") -> tuple[str, ...]:
    """The keys a name is found by: name, English name, pinyin initials, full pinyin, id (lower case)."""
    initials, full = pinyin_keys(name)
    return (name.lower(), name_en.lower(), initials, full, ident.lower())


_keys = lru_cache(maxsize=32_768)(search_keys)  # for ``rank`` over candidates (bounded; the index keeps its own)


def _key_score(key: str, q: str) -> float:
    if not key:
        return 0.0
    if key == q:
        return 100.0
    pos = key.find(q)
    if pos >= 0:
        return 95.0 - min(pos, 10) - (0 if pos == 0 else 5)
    if len(q) >= 3:
        from rapidfuzz import fuzz  # (imported once; importing this module stays light for `chainmap check`)

        return fuzz.partial_ratio(q, key[:MAX_KEY_CHARS], score_cutoff=FUZZY_MIN) * 0.8
    return 0.0


def _score(keys: tuple[str, ...], q: str) -> float:
    """An entry's score for a trimmed, lower-case query: 100 exact, 80–95 substring (earlier is better), a
    fuzzy match at most 80 (80 only for a key shorter than the query and found inside it)."""
    best = 0.0
    for key in keys:
        best = max(best, _key_score(key, q))
        if best == 100.0:
            break
    return best


def _query(query: str) -> str:
    return trim_query(query)[0].lower()


def _ranked(scored, limit: int) -> tuple[SearchHit, ...]:
    hits = [SearchHit(entry, round(score, 2)) for entry, score in scored if score >= HIT_MIN]
    hits.sort(key=lambda h: (-h.score, h.entry.kind, h.entry.id))
    return tuple(hits[:limit])


def rank(entries: tuple[SearchEntry, ...] | list[SearchEntry], query: str, limit: int = 20) -> tuple[SearchHit, ...]:
    """Best matches first. Substring matches beat fuzzy ones; ties break by kind then id.

    >>> e = [SearchEntry("firm", "f1", "歌尔股份", "Goertek")]
    >>> [h.entry.id for h in rank(e, "ge")] == ["f1"] and [h.entry.id for h in rank(e, "Goertk")] == ["f1"]
    True
    """
    q = _query(query)
    if not q:
        return ()
    return _ranked(((e, _score(_keys(e.name, e.name_en, e.id), q)) for e in entries), limit)


class _Column:
    """One key of every entry: the keys in one string (each after a separator), where each starts, the keys
    cut for fuzzy matching (and, once needed, the characters they hold), and the entries by whole key."""

    def __init__(self, keys) -> None:
        keys = list(keys)
        self.starts = list(accumulate((len(k) + 1 for k in keys), initial=1))[:-1]
        self.text = _SEP + _SEP.join(keys) + _SEP
        self.keys = keys
        self.fuzzy = [k[:MAX_KEY_CHARS] for k in keys]
        self._starts = self._lens = None  # numpy arrays, made on the first full scan
        self._bags = None  # the characters of the fuzzy keys (``bounds``), made once, under ``_lock``
        self._lock = threading.Lock()
        self.exact: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            if k:
                self.exact.setdefault(k, []).append(i)

    def first(self, needle: str, k: int, skip: set[int]) -> list[int]:
        """The first ``k`` entries (by position) not in ``skip`` whose key starts with ``needle``."""
        out: list[int] = []
        g = self.text.find(_SEP + needle)
        while g >= 0 and len(out) < k:
            i = bisect_right(self.starts, g + 1) - 1
            if i not in skip:
                out.append(i)
            g = self.text.find(_SEP + needle, g + 1)
        return out

    def scores(self, q: str, best) -> None:
        """Every substring match, scored by where the key first holds it: the best per entry into ``best``
        (a numpy array by position). The matches are found by the regex engine and placed with numpy, so
        100,000 hits cost milliseconds, not a Python loop each."""
        import numpy as np

        if self._starts is None:
            self._starts = np.array(self.starts, dtype=np.int64)
            self._lens = np.array([len(k) for k in self.keys], dtype=np.int64)
        pos = np.fromiter((m.start() for m in re.finditer(re.escape(q), self.text)), dtype=np.int64)
        if not len(pos):
            return
        idx, first = np.unique(np.searchsorted(self._starts, pos, side="right") - 1, return_index=True)
        off = pos[first] - self._starts[idx]  # the first occurrence in each key (matches come left to right)
        score = np.where(off == 0, 95.0, 90.0 - np.minimum(off, 10))
        score[(off == 0) & (self._lens[idx] == len(q))] = 100.0
        best[idx] = np.maximum(best[idx], score)

    def bags(self):
        """Per character (sorted code points) the entries whose fuzzy key holds it, how often, and at most how
        often one key holds it: an inverted index of characters, built once (one numpy sort of the column)."""
        import numpy as np

        with self._lock:
            if self._bags is None:
                lens = np.fromiter(map(len, self.fuzzy), dtype=np.int64, count=len(self.fuzzy))
                codes = np.frombuffer("".join(self.fuzzy).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
                owner = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
                pairs, counts = np.unique((codes.astype(np.int64) << 32) | owner, return_counts=True)
                chars, starts = np.unique(pairs >> 32, return_index=True)
                most = np.maximum.reduceat(counts, starts) if len(starts) else counts
                shortest = int(lens[lens > 0].min()) if lens.any() else 0
                self._bags = (chars, np.append(starts, len(pairs)), (pairs & 0xFFFFFFFF).astype(np.int32),
                              counts.astype(np.uint8), lens, most, shortest)  # (a key holds ≤ MAX_KEY_CHARS < 256)
            return self._bags

    def _shared(self, q: str):
        """(index into the characters, times in ``q``) of each character of ``q`` some key holds."""
        import numpy as np

        chars = self.bags()[0]
        out = []
        for ch, times in Counter(q).items():
            j = int(np.searchsorted(chars, ord(ch)))
            if j < len(chars) and chars[j] == ord(ch):
                out.append((j, times))
        return out

    def reach(self, q: str) -> float:
        """A bound of ``bounds(q)`` over the whole column, from the column's counts alone (microseconds)."""
        *_, most, shortest = self.bags()
        shared = sum(min(int(most[j]), times) for j, times in self._shared(q))
        n = min(shortest, len(q))
        return 0.0 if not shared else 100.0 if shared >= n else 200.0 * shared / (n + shared)

    def bounds(self, q: str):
        """Per entry a bound that ``partial_ratio(q, key[:MAX_KEY_CHARS])`` never exceeds (a numpy array).

        partial_ratio is the best ``ratio`` of the shorter string (length ``n``) against a part of the other,
        and ``ratio = 200·LCS / (n + part)``. With ``b`` the characters the two strings share (counted as
        a multiset) the common subsequence is at most ``min(b, part)`` long, so every part scores at most
        ``200·b / (n + b)``."""
        import numpy as np

        _, starts, owners, counts, lens, _, _ = self.bags()
        shared = np.zeros(len(lens), dtype=np.int32)
        for j, times in self._shared(q):
            lo, hi = starts[j], starts[j + 1]
            shared[owners[lo:hi]] += np.minimum(counts[lo:hi], times)
        return 200.0 * shared / np.maximum(np.minimum(lens, len(q)) + shared, 1)


class SearchIndex:
    """Every entry's keys, computed once, as one string per key column, so a query's substring matches are
    found by ``str.find`` over the column (C speed) and only the entries it hits are scored. Scores come in
    levels — exact 100, prefix 95, other substrings 80–89, fuzzy below 80 — and ties go by position, so
    when ``limit`` entries are exact (a dict lookup) or exact-or-prefix (the first hits of each column) the
    answer is known without looking further; fuzzy matching (at most 80) runs only when fewer than ``limit``
    entries score above 80, and only on the keys whose characters let them reach the first ``limit`` hits
    (``_fuzzy``). Answers equal ``rank(entries, query, limit)``.

    The pinyin columns are computed in a background thread (``start``) — seconds at 100,000 names; a query
    with Chinese characters never needs them (pinyin keys are Latin letters), a Latin query waits for them.
    """

    def __init__(self, entries: tuple[SearchEntry, ...] | list[SearchEntry]):
        self.entries = tuple(sorted(entries, key=lambda e: (e.kind, e.id)))  # position = tie order
        self._plain = [_Column(e.name.lower() for e in self.entries), _Column(e.name_en.lower() for e in self.entries),
                       _Column(e.id.lower() for e in self.entries)]
        self._pinyin: list[_Column] = []
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def _build_pinyin(self) -> None:
        import numpy  # noqa: F401  (imported here, in the background, not by the first query)

        pairs = [pinyin_keys(e.name) for e in self.entries]
        self._pinyin = [_Column(p[0] for p in pairs), _Column(p[1] for p in pairs)]
        self._ready.set()
        for col in [*self._plain, *self._pinyin]:
            col.bags()  # the characters of every key, for the first typo (a query that needs them sooner waits)

    def start(self) -> SearchIndex:
        """Compute the pinyin keys in the background (a Latin query waits for them)."""
        if self._thread is None and not self._ready.is_set():
            self._thread = threading.Thread(target=self._build_pinyin, name="search-pinyin", daemon=True)
            self._thread.start()
        return self

    def _columns(self, q: str) -> list[_Column]:
        if q.isascii() or any(c.isascii() and c.isalpha() for c in q):
            if not self._ready.is_set():
                if self._thread is None:
                    self._build_pinyin()
                self._ready.wait()
            return [*self._plain, *self._pinyin]
        return self._plain  # no Latin letter: no pinyin key can hold it, or come near it

    def _answer(self, best: dict[int, float], limit: int) -> tuple[SearchHit, ...]:
        return _ranked(((self.entries[i], s) for i, s in best.items()), limit)

    def search(self, query: str, limit: int = 20) -> tuple[SearchHit, ...]:
        q = _query(query)
        if not q or limit <= 0:
            return ()
        columns = self._columns(q)
        exact = sorted({i for col in columns for i in col.exact.get(q, ())})
        if len(exact) >= limit:
            return self._answer(dict.fromkeys(exact[:limit], 100.0), limit)
        need, skip = limit - len(exact), set(exact)
        prefix = sorted({i for col in columns for i in col.first(q, need, skip)})
        if len(prefix) >= need:  # the first ``need`` of them are the first prefix matches of any column
            return self._answer({**dict.fromkeys(exact, 100.0), **dict.fromkeys(prefix[:need], 95.0)}, limit)
        import numpy as np

        best = np.zeros(len(self.entries))
        for col in columns:
            col.scores(q, best)
        # A fuzzy score is at most 80 (a key shorter than the query, found inside it), so it can only
        # matter when fewer than ``limit`` entries score above 80.
        if len(q) >= 3 and int((best > 80.0).sum()) < limit:
            _fuzzy(q, columns, best, limit)
        hit = np.nonzero(best >= HIT_MIN)[0]
        top = hit[np.lexsort((hit, -best[hit]))[:limit]]
        return self._answer({int(i): float(best[i]) for i in top}, limit)


PROBE = 256  # keys scored first in a column, those that share the most characters with the query
SPLIT = 20_000  # more keys than this are scored in two threads (rapidfuzz releases the GIL)
_pool = None
_pool_lock = threading.Lock()


def _cutoff(best, limit: int) -> float:
    """The partial_ratio below which a fuzzy match cannot reach the first ``limit`` hits: the ``limit``-th
    best score so far (a lower bound of the final one), as a partial_ratio, and never below ``FUZZY_MIN``."""
    import numpy as np

    kth = float(np.partition(best, -limit)[-limit]) if limit <= len(best) else 0.0
    # A little lower: a tie at the limit may still win by position, and rapidfuzz's cdist drops a score within
    # about 1e-5 above its cutoff (partial_ratio itself does not; at FUZZY_MIN both agree, tests/test_search.py).
    return max(FUZZY_MIN, kth / 0.8 - 0.01)


def _partial_ratios(q: str, keys: list[str], cutoff: float):
    """partial_ratio(q, key) of every key (0 below ``cutoff``), in two threads when there are many."""
    import os

    import numpy as np
    from rapidfuzz import fuzz, process

    def part(keys):
        return process.cdist([q], keys, scorer=fuzz.partial_ratio, score_cutoff=cutoff, dtype=np.float64)[0]

    if len(keys) <= SPLIT or (os.cpu_count() or 1) < 2:
        return part(keys)
    global _pool
    with _pool_lock:
        if _pool is None:
            from concurrent.futures import ThreadPoolExecutor

            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-fuzzy")  # + the asking thread
    half = len(keys) // 2
    first = _pool.submit(part, keys[:half])
    rest = part(keys[half:])
    return np.concatenate([first.result(), rest])


def _fuzzy(q: str, columns: list[_Column], best, limit: int) -> None:
    """Raise ``best`` by the fuzzy scores (partial_ratio × 0.8) that can change the first ``limit`` hits.

    A key is scored only when its bound (``_Column.bounds``: the characters it shares with the query) can
    reach the cutoff and beat the entry's score so far; a column whose ``reach`` is below the cutoff is
    skipped whole. Each column's best-bounded keys go first, so the cutoff rises to the ``limit``-th best
    score before the rest are scored. Every key left out scores below the cutoff or below its entry's own
    score, so the first ``limit`` hits are those of scoring every key."""
    import numpy as np

    def score(col: _Column, bound, idx, cutoff: float) -> None:
        if 2 * len(idx) > len(col.fuzzy):  # most of the column: score all of it (a key more costs nothing wrong)
            np.maximum(best, _partial_ratios(q, col.fuzzy, cutoff) * 0.8, out=best)
            bound[:] = -1.0
        elif len(idx):
            got = _partial_ratios(q, [col.fuzzy[i] for i in idx.tolist()], cutoff) * 0.8
            best[idx] = np.maximum(best[idx], got)
            bound[idx] = -1.0  # scored

    def wanted(bound, cutoff: float):
        return np.nonzero((bound >= cutoff) & (bound * 0.8 > best))[0]

    todo = sorted(((col.reach(q), i) for i, col in enumerate(columns)), reverse=True)
    bounds: dict[int, object] = {}
    cutoff = _cutoff(best, limit)
    for reach, i in todo:
        if reach >= cutoff:
            bound = bounds[i] = columns[i].bounds(q)
            idx = wanted(bound, cutoff)
            score(columns[i], bound, np.sort(idx[np.argsort(-bound[idx], kind="stable")[:PROBE]]), cutoff)
            cutoff = _cutoff(best, limit)
    for reach, i in todo:
        if reach >= cutoff and i in bounds:
            score(columns[i], bounds[i], wanted(bounds[i], cutoff), cutoff)
