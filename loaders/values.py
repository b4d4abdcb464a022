"""Cell values checked as strictly as the loaders and Neo4j need them: ids, finite numbers, years.

Why: ``check`` must accept only what ``load`` can store. Neo4j holds 64-bit integers and finite floats,
so ``1e999``, ``NaN`` or a 20-digit year passed the old checks and broke the load; and an id with a line
break, a ';' or a zero-width space can never be referred to from a list cell. The ranges are stated in
docs/data-format.md ("Limits and encodings").
"""

from __future__ import annotations

import math
import re
import unicodedata
from operator import itemgetter

MAX_ID_CHARS = 128
RANGES = {"area_mu": (0.0, 1_000_000.0), "investment_yi": (0.0, 100_000.0), "year": (1900, 2100)}
UNITS = {"area_mu": "亩 (mu)", "investment_yi": "亿元 (100 M CNY)", "year": "(a calendar year)"}
# ASCII digits only, optional thousands separators (, or ，), optional decimals and a short exponent.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:[,，][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]{1,4})?"
                           r"|[+-]?\.[0-9]+(?:[eE][+-]?[0-9]{1,4})?")


_PLAIN_ID = re.compile(r"[A-Za-z0-9_.:/@+-]{1,%d}" % MAX_ID_CHARS)  # surely fine: decided without a closer look


def bad_id(value: str) -> str | None:
    """Why ``value`` cannot be an id (it could never be referred to, or would not survive a round trip)."""
    if _PLAIN_ID.fullmatch(value):
        return None
    if len(value) > MAX_ID_CHARS:
        return f"id is {len(value):,} characters long; the limit is {MAX_ID_CHARS}"
    if any(ch in value for ch in "\n\r\t"):
        return "id contains a line break or a tab"
    if ";" in value or "；" in value:
        return "id contains ';', which separates ids in list cells"
    odd = next((ch for ch in value if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")), None)
    if odd is not None:
        return f"id contains an invisible character (U+{ord(odd):04X})"
    return None


def number(cell: str, column: str, integer: bool = False) -> tuple[float | int | None, tuple[str, str] | None]:
    """(value, None) for an empty cell or a finite number in the column's range; else (None, (what, fix))."""
    if not cell:
        return None, None
    low, high = RANGES[column]
    if integer:
        if not re.fullmatch(r"[0-9]{4}", cell):
            what = "not a whole number" if not re.fullmatch(r"[+-]?[0-9]+", cell) else "not a 4-digit year"
            return None, (what, f"write a year such as 2024 ({low}–{high})")
        value: float | int = int(cell)
    else:
        if not _PLAIN_NUMBER.fullmatch(cell):
            return None, ("not a number", "write a plain number, e.g. 2181")
        value = float(cell.replace(",", "").replace("，", ""))
        if value == 0 and re.search(r"[1-9]", re.split(r"[eE]", cell)[0]):
            value = math.inf  # 1e-400: too small to hold, not zero
        if not math.isfinite(value):
            return None, ("not a finite number", "write a plain number, e.g. 2181")
    if not low <= value <= high:
        span = f"{low}–{high}" if integer else f"{low:,.0f}–{high:,.0f}"
        return None, ("out of range", f"allowed {span} {UNITS[column]}")
    return value, None


def cycles(edges: list[tuple[str, str]]):
    """The cycles among ``edges`` (segment links must not hold one) (networkx's order, imported only when a cycle exists: ``chainmap check``
    stays light); none when every node can be peeled off as a source (Kahn)."""
    into: dict[str, int] = {}
    out: dict[str, list[str]] = {}
    for a, b in edges:
        out.setdefault(a, []).append(b)
        into[b] = into.get(b, 0) + 1
        into.setdefault(a, 0)
    ready = [n for n, k in into.items() if k == 0]
    seen = 0
    while ready:
        n = ready.pop()
        seen += 1
        for m in out.get(n, ()):
            into[m] -= 1
            if into[m] == 0:
                ready.append(m)
    if seen == len(into):
        return iter(())
    import networkx as nx

    flow = nx.DiGraph()
    flow.add_edges_from(edges)
    return nx.simple_cycles(flow)


def known_links(rows, known_firms: dict[str, int], known_sources: dict[str, int]):
    """(suppliers, customers, products, sources) of firm link rows when every row names known firms and exactly
    one known source, else None. A known id is a whole stripped cell without ';' (``bad_id``), so its cell's
    list is just itself (a 1-tuple, as ``zip`` makes them)."""
    cells = [r for _, r in rows]
    sup, cus, src = (list(map(itemgetter(col), cells)) for col in ("supplier", "customer", "sources"))
    if not (known_sources.keys() >= set(src) and known_firms.keys() >= set(sup) and known_firms.keys() >= set(cus)
            and all(k == k.strip() for k in known_sources)):
        return None
    return sup, cus, list(map(itemgetter("product"), cells)), list(zip(src))
