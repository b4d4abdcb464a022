"""The data's records as tables: firms per segment, sources, a park's firms, chains and projects, cross-chain lists.

Sources are named by title, date and link — never by their ids. Data text in the other language is
marked as the original (``graph.words.original``).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, NamedTuple

from graph.model import Chain, Firm, Project, Segment, Source
from graph.store import ChainView, CrossFirm, CrossLink
from graph.tables.spec import Column, Context, Table
from graph.words import enum_label, join, name_of, original, short, t, tags_text


_DATE = re.compile(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?")


def published_date(source: Source) -> str:
    """The date a source was published, without any note recorded beside it ('2022-06 (inferred…)' → '2022-06')."""
    found = _DATE.match((source.published or "").strip())
    return found.group(0) if found else ""


def source_label(source: Source) -> str:
    """'标题 (2024-01)' — how a source is named to a person (its id never is)."""
    date = published_date(source)
    return source.title + (f" ({date})" if date else "")


def source_titles(ids: Iterable[str], sources: Mapping[str, Source], lang: str) -> str:
    return join((source_label(sources[i]) for i in ids if i in sources), lang)


def web_link(url: str) -> str:
    """Only http(s) links are shown as links; anything else (javascript:, data:, …) is dropped."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


class FirmRow(NamedTuple):
    view: ChainView
    segment: Segment
    firm: Firm


def _where(firm: Firm, lang: str) -> str:
    return t("local" if firm.local else "outside", lang)


def _parks(firm: Firm, parks: Mapping[str, Any], lang: str) -> str:
    return join((name_of(parks[p], lang) for p in firm.parks if p in parks), lang)


FIRMS = Table("firms", (
    Column("chain", lambda r, c: name_of(r.view.chain, c.lang), 14),
    Column("stage", lambda r, c: t(r.segment.stage, c.lang), 8),
    Column("segment", lambda r, c: name_of(r.segment, c.lang), 28),
    Column("firm", lambda r, c: name_of(r.firm, c.lang), 30),
    Column("code", lambda r, c: r.firm.id, 18),
    Column("location", lambda r, c: _where(r.firm, c.lang), 8),
    Column("presence", lambda r, c: enum_label("presence", r.firm.presence, c.lang), 12),
    Column("evidence", lambda r, c: enum_label("evidence", r.firm.evidence, c.lang) if r.firm.local else "", 16),
    Column("tags", lambda r, c: tags_text(r.firm.tags, c.lang), 24),
    Column("park", lambda r, c: _parks(r.firm, {p.id: p for p in r.view.parks}, c.lang), 20),
    Column("sources", lambda r, c: source_titles(r.firm.sources, c.extra.get("sources", {}), c.lang), 40),
))


def firm_rows(views: Iterable[ChainView]) -> list[FirmRow]:
    """Every firm beside each segment it is on, local firms first."""
    return [FirmRow(view, seg, f) for view in views for seg in view.segments
            for f in sorted(view.firms_on(seg.id), key=lambda f: (not f.local, f.id))]


class SourceRow(NamedTuple):
    source: Source
    used_by: tuple[str, ...] = ()  # names of the chains that rest on it


SOURCES = Table("sources", (
    Column("title", lambda r, c: r.source.title, 60),
    Column("published", lambda r, c: published_date(r.source), 12),
    Column("url", lambda r, c: web_link(r.source.url), 50),
    Column("used_by", lambda r, c: join(r.used_by, c.lang), 30),
), views={"page": ("title", "published", "url")})


class ParkFirmRow(NamedTuple):
    firm: Firm
    segments: Mapping[str, Segment]


PARK_FIRMS = Table("firms_here", (
    Column("firm", lambda r, c: name_of(r.firm, c.lang), 30),
    Column("location", lambda r, c: _where(r.firm, c.lang), 8),
    Column("presence", lambda r, c: enum_label("presence", r.firm.presence, c.lang), 12),
    Column("evidence", lambda r, c: enum_label("evidence", r.firm.evidence, c.lang) if r.firm.local else "", 16),
    Column("tags", lambda r, c: tags_text(r.firm.tags, c.lang), 24),
    Column("segments", lambda r, c: join((short(r.segments[s], c.lang) for s in r.firm.segments if s in r.segments),
                                         c.lang), 30),
))


SEGMENT_FIRMS = Table("firms", (
    Column("firm", lambda f, c: name_of(f, c.lang), 30),
    Column("location", lambda f, c: _where(f, c.lang), 8),
    Column("presence", lambda f, c: enum_label("presence", f.presence, c.lang), 12),
    Column("tags", lambda f, c: tags_text(f.tags, c.lang), 24),
))


class ParkChainRow(NamedTuple):
    chain: Chain
    focus: bool


PARK_CHAINS = Table("chains_here", (
    Column("chain", lambda r, c: name_of(r.chain, c.lang), 20),
    Column("status", lambda r, c: enum_label("chain_status", r.chain.status, c.lang), 14),
    Column("focus", lambda r, c: t("yes" if r.focus else "no", c.lang), 8),
))


PROJECTS = Table("projects", (
    Column("project", lambda r, c: original(r.name, c.lang), 40),
    Column("investment_yi", lambda r, c: r.investment_yi, 10, number=True),
    Column("year", lambda r, c: r.year, 6, number=True),
    Column("status", lambda r, c: original(r.status, c.lang), 30),
))


def _names(ids: Iterable[str], c: Context) -> str:
    names = c.extra.get("names", {})
    return join((names.get(i, i) for i in ids), c.lang)


CROSS_FIRMS = Table("cross_firms", (
    Column("firm", lambda r, c: short(r.firm, c.lang), 30),
    Column("location", lambda r, c: _where(r.firm, c.lang), 8),
    Column("chain", lambda r, c: _names(r.chains, c), 30),
    Column("segments", lambda r, c: _names(r.segments, c), 40),
))

CROSS_SEGMENTS = Table("cross_segments", (
    Column("segment", lambda r, c: short(r.segment, c.lang), 28),
    Column("chain", lambda r, c: _names(r.chains, c), 30),
    Column("downstream", lambda r, c: _names(r.supplies_chains, c), 20),
    Column("upstream", lambda r, c: _names(r.supplied_by_chains, c), 20),
))

CROSS_LINKS = Table("cross_links", (
    Column("upstream", lambda r, c: f"{_names([r.link.source], c)} ({_names([r.source_chain], c)})", 40),
    Column("downstream", lambda r, c: f"{_names([r.link.target], c)} ({_names([r.target_chain], c)})", 40),
))

__all__ = ["CROSS_FIRMS", "CROSS_LINKS", "CROSS_SEGMENTS", "CrossFirm", "CrossLink", "FIRMS", "FirmRow", "PARK_CHAINS",
           "PARK_FIRMS", "PROJECTS", "SEGMENT_FIRMS", "ParkChainRow", "ParkFirmRow", "Project", "SOURCES", "SourceRow", "firm_rows",
           "source_label", "source_titles", "web_link"]
