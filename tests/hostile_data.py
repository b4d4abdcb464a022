"""A hostile copy of data/laoshan: every text field holds markup, formula, bidi and invisible payloads.

Not a test module. ``write_hostile(folder)`` loads the real data, rewrites every free-text field (names,
English names, notes and other extra columns, source titles and URLs, meta values, park names, tags,
products, project names) and writes it back with ``loaders/write.py``; the first records of every kind hold
a 20,000-character value in every such field. The result still loads (it is checked), so the app and the
exports show it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from graph.model import Dataset
from loaders import load_or_raise
from loaders.write import write_csv_folder

LAOSHAN = Path(__file__).resolve().parent.parent / "data" / "laoshan"

EVIL = "evil.example"
XSS = ('<script>alert(1)</script><img src=x onerror=alert(1)>"><svg onload=alert(1)>'
       "<!-- </script> <b>bold-tag</b>")
MARKDOWN = "![a](http://evil.example/p.png) [x](javascript:alert(1)) **bold** :red[red] `code` # h"
ODD = "\u202eRTL\u202c zero\u200bwidth\u200d"
PAYLOAD = f"{XSS} {MARKDOWN} {ODD}"
# A formula prefix only acts at the start of a cell: each record starts with one of these in turn.
STARTS = ('=HYPERLINK("http://evil.example","x")', "+1", "@SUM(1)", "-1+1", "<script>alert(1)</script>",
          "![a](http://evil.example/p.png)")
LONG = 20_000
URLS = ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "=HYPERLINK(\"http://evil.example\")",
        'http://127.0.0.1/"><script>alert(1)</script>', "vbscript:msgbox(1)")

# Extra columns that hold ids, codes or numbers the app reads: kept as they are.
KEEP_EXTRA = {"alternative", "alternative_sources", "chains", "presence_sources", "candidate_sources",
              "total_scale_source", "synthetic", "kind", "basis", "relation", "meaning", "cross_cutting",
              "laoshan_chain_model", "candidate_rank", "year", "opened", "role", "base_city"}
KEEP_META = {"synthetic", "total_scale_source"}


def hostile_text(original: str, i: int, long: bool = False) -> str:
    text = f"{STARTS[i % len(STARTS)]} {original} {PAYLOAD}"
    if long:
        text += " " + ("长名字" * LONG)[: LONG - len(text) - 1]
    return text


def _extra(extra, i: int, long: bool):
    return tuple((k, v if k in KEEP_EXTRA else hostile_text(v, i, long)) for k, v in extra)


def hostilify(data: Dataset, n_long: int = 2) -> Dataset:
    """``data`` with hostile text in every free-text field; the first ``n_long`` records of each kind get 20k."""
    def each(records, fields):
        out = []
        for i, r in enumerate(records):
            long = i < n_long
            change = {f: hostile_text(getattr(r, f), i, long) for f in fields if f != "tags"}
            if "tags" in fields:
                change["tags"] = tuple(hostile_text(tag, i, long) for tag in r.tags) or (hostile_text("tag", i, long),)
            out.append(dataclasses.replace(r, extra=_extra(r.extra, i, long), **change))
        return tuple(out)

    sources = []
    for i, s in enumerate(data.sources):
        long = i < n_long
        url = ("http://127.0.0.1/" + "x" * LONG) if i == 0 else URLS[i % len(URLS)] if i % 3 else s.url
        sources.append(dataclasses.replace(s, title=hostile_text(s.title, i, long), url=url,
                                           extra=_extra(s.extra, i, long)))
    meta = tuple((k, v if k in KEEP_META else hostile_text(v, i, long=(k == "as_of")))
                 for i, (k, v) in enumerate(data.meta))
    return dataclasses.replace(
        data,
        chains=each(data.chains, ("name", "name_en")),
        segments=each(data.segments, ("name", "name_en")),
        segment_links=each(data.segment_links, ()),
        parks=each(data.parks, ("name", "name_en")),
        firms=each(data.firms, ("name", "name_en", "tags")),
        firm_links=each(data.firm_links, ("product",)),
        projects=each(data.projects, ("name", "status")),
        sources=tuple(sources),
        meta=meta,
    )


def write_hostile(folder: str | Path) -> Path:
    """Write the hostile dataset into ``folder`` and check it loads; return the folder."""
    folder = write_csv_folder(hostilify(load_or_raise(LAOSHAN)), folder)
    load_or_raise(folder)
    return folder
