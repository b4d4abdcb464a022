"""Name search shared by every store: Chinese, pinyin initials, full pinyin, English; typo tolerant."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz


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


@lru_cache(maxsize=20_000)
def _keys(name: str, name_en: str, ident: str) -> tuple[str, ...]:
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
    full = "".join(lazy_pinyin(name, errors="ignore")).lower()
    return (name.lower(), name_en.lower(), initials, full, ident.lower())


def rank(entries: tuple[SearchEntry, ...] | list[SearchEntry], query: str, limit: int = 20) -> tuple[SearchHit, ...]:
    """Best matches first. Substring matches beat fuzzy ones; ties break by kind then id.

    >>> e = [SearchEntry("firm", "f1", "歌尔股份", "Goertek")]
    >>> [h.entry.id for h in rank(e, "ge")] == ["f1"] and [h.entry.id for h in rank(e, "Goertk")] == ["f1"]
    True
    """
    q = query.strip().lower()
    if not q:
        return ()
    hits = []
    for entry in entries:
        keys = _keys(entry.name, entry.name_en, entry.id)
        best = 0.0
        for key in keys:
            if not key:
                continue
            if key == q:
                best = 100.0
                break
            pos = key.find(q)
            if pos >= 0:
                best = max(best, 95.0 - min(pos, 10) - (0 if key.startswith(q) else 5))
            elif len(q) >= 3:
                best = max(best, fuzz.partial_ratio(q, key) * 0.8)
        if best >= 60:
            hits.append(SearchHit(entry, round(best, 2)))
    hits.sort(key=lambda h: (-h.score, h.entry.kind, h.entry.id))
    return tuple(hits[:limit])


QUERY_CAP = 100  # characters of a query that are searched (longer queries are cut), the same in every store


def search_keys(name: str, name_en: str = "", ident: str = "") -> tuple[str, ...]:
    """The keys ``rank`` matches a name on (lowercased name and English name, pinyin initials, full pinyin,
    id); a store may keep them to prefilter candidates."""
    return _keys(name, name_en, ident)
