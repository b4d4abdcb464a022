"""The one model every reader, store, analysis and export shares.

Records are frozen dataclasses. Reference fields hold ids; list fields are
tuples so records stay hashable and comparable (the contract tests compare
answers from two stores with ``==``). Columns a data file has beyond the
documented ones travel in ``extra`` (sorted key/value pairs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Iterable, Mapping

STAGES = ("upstream", "midstream", "downstream")
CHAIN_STATUSES = ("confirmed", "named", "candidate", "legacy")
PARK_STATUSES = ("confirmed", "likely", "candidate", "unlikely")
EVIDENCE = ("strong", "medium", "weak", "inferred")
# A firm's relation to the district (column ``presence``); the first three are working units there.
PRESENCES = ("registered", "branch", "rnd", "office", "agreement", "planned", "none")
WORKING_UNITS = ("registered", "branch", "rnd")
# Tags that mark a firm of quality (the gap rules' default; adjustable there).
QUALITY_TAGS = ("高新技术企业", "专精特新", "专精特新小巨人", "上市", "链主", "独角兽", "单项冠军", "龙头企业")

Extra = tuple[tuple[str, str], ...]


def as_extra(values: Mapping[str, object] | None) -> Extra:
    """Normalise extra columns: drop empty values, sort by key, keep text."""
    if not values:
        return ()
    return tuple(sorted((str(k), str(v)) for k, v in values.items() if v not in (None, "")))


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str = ""
    published: str = ""
    extra: Extra = ()


@dataclass(frozen=True)
class Chain:
    id: str
    name: str
    name_en: str = ""
    status: str = "confirmed"
    leaders: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    extra: Extra = ()

    @property
    def uncertain(self) -> bool:
        return self.status in ("candidate", "legacy")


@dataclass(frozen=True)
class Segment:
    id: str
    chain: str
    name: str
    name_en: str = ""
    stage: str = "midstream"
    sources: tuple[str, ...] = ()
    extra: Extra = ()


@dataclass(frozen=True)
class SegmentLink:
    """Segment ``source`` supplies segment ``target`` (columns ``from``, ``to``)."""

    source: str
    target: str
    sources: tuple[str, ...] = ()
    extra: Extra = ()


@dataclass(frozen=True)
class Park:
    id: str
    name: str
    name_en: str = ""
    area_mu: float | None = None
    focus: tuple[str, ...] = ()
    status: str = "confirmed"
    sources: tuple[str, ...] = ()
    extra: Extra = ()

    @property
    def uncertain(self) -> bool:
        return self.status in ("candidate", "unlikely")


@dataclass(frozen=True)
class Firm:
    id: str
    name: str
    name_en: str = ""
    local: bool = True
    parks: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    evidence: str = ""
    sources: tuple[str, ...] = ()
    extra: Extra = ()
    presence: str = ""  # one of PRESENCES; "" when the data does not say (a local firm then counts as a unit)

    @property
    def uncertain(self) -> bool:
        return self.local and self.evidence in ("weak", "inferred")

    def counts_as_local(self, presences: tuple[str, ...] = WORKING_UNITS) -> bool:
        """Local, with a presence among ``presences`` (by default a working unit: registered, branch, R&D)."""
        return self.local and (not self.presence or self.presence in presences)


@dataclass(frozen=True)
class FirmLink:
    """Firm ``supplier`` supplies (or serves) firm ``customer``."""

    supplier: str
    customer: str
    product: str = ""
    sources: tuple[str, ...] = ()
    extra: Extra = ()


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    chains: tuple[str, ...] = ()
    segment: str = ""
    park: str = ""
    firm: str = ""
    investment_yi: float | None = None
    year: int | None = None
    status: str = ""
    sources: tuple[str, ...] = ()
    extra: Extra = ()


@dataclass(frozen=True)
class Dataset:
    """A whole, validated dataset. Tuples are sorted by id so equal data compares equal."""

    chains: tuple[Chain, ...] = ()
    segments: tuple[Segment, ...] = ()
    segment_links: tuple[SegmentLink, ...] = ()
    parks: tuple[Park, ...] = ()
    firms: tuple[Firm, ...] = ()
    firm_links: tuple[FirmLink, ...] = ()
    projects: tuple[Project, ...] = ()
    sources: tuple[Source, ...] = ()
    meta: Extra = ()

    @property
    def as_of(self) -> str:
        return dict(self.meta).get("as_of", "")

    @property
    def title(self) -> str:
        return dict(self.meta).get("name", "")

    @property
    def synthetic(self) -> bool:
        return dict(self.meta).get("synthetic", "false").lower() == "true"

    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, kind)) for kind in KINDS}


# File stem / sheet name -> Dataset attribute, in load order (referenced kinds first).
KINDS = ("sources", "chains", "segments", "segment_links", "parks", "firms", "firm_links", "projects")


def sort_dataset(
    chains: Iterable[Chain] = (),
    segments: Iterable[Segment] = (),
    segment_links: Iterable[SegmentLink] = (),
    parks: Iterable[Park] = (),
    firms: Iterable[Firm] = (),
    firm_links: Iterable[FirmLink] = (),
    projects: Iterable[Project] = (),
    sources: Iterable[Source] = (),
    meta: Mapping[str, str] | None = None,
) -> Dataset:
    """Build a Dataset with every collection in canonical order."""
    by_id = attrgetter("id")
    return Dataset(
        chains=tuple(sorted(chains, key=by_id)),
        segments=tuple(sorted(segments, key=by_id)),
        segment_links=tuple(sorted(segment_links, key=attrgetter("source", "target"))),
        parks=tuple(sorted(parks, key=by_id)),
        firms=tuple(sorted(firms, key=by_id)),
        firm_links=tuple(sorted(firm_links, key=attrgetter("supplier", "customer", "product"))),
        projects=tuple(sorted(projects, key=by_id)),
        sources=tuple(sorted(sources, key=by_id)),
        meta=as_extra(meta),
    )


@dataclass(frozen=True)
class Index:
    """Id lookups over a Dataset (built once; cheap at district scale)."""

    data: Dataset
    chain: dict[str, Chain] = field(init=False)
    segment: dict[str, Segment] = field(init=False)
    park: dict[str, Park] = field(init=False)
    firm: dict[str, Firm] = field(init=False)
    project: dict[str, Project] = field(init=False)
    source: dict[str, Source] = field(init=False)

    def __post_init__(self) -> None:
        for name, rows in (
            ("chain", self.data.chains),
            ("segment", self.data.segments),
            ("park", self.data.parks),
            ("firm", self.data.firms),
            ("project", self.data.projects),
            ("source", self.data.sources),
        ):
            object.__setattr__(self, name, {r.id: r for r in rows})


# --------------------------------------------------------------------------- how records are tied together
# The one statement of the graph's relationships: the embedded store's edges, the Neo4j writer, its
# count checks and its reader all follow these two tables.


@dataclass(frozen=True)
class Reference:
    """A record field that names other records: one relationship ``name`` from the record to each named id."""

    name: str  # relationship type, e.g. "IN_CHAIN"
    kind: str  # the Dataset attribute whose records hold the field, e.g. "segments"
    field: str  # the field, e.g. "chain"
    target: str  # the Dataset attribute of the named records, e.g. "chains"

    def ids(self, record) -> tuple[str, ...]:
        """The ids ``record`` names through this field, each once, in order."""
        value = getattr(record, self.field)
        if isinstance(value, tuple):
            return tuple(dict.fromkeys(value))
        return (value,) if value else ()


@dataclass(frozen=True)
class LinkKind:
    """A link record (it has sources of its own): one relationship ``name`` between two records of ``ends``."""

    name: str  # relationship type, e.g. "SUPPLIES"
    kind: str  # the Dataset attribute holding the link records, e.g. "segment_links"
    ends: str  # the Dataset attribute of both ends, e.g. "segments"
    fields: tuple[str, str]  # the fields naming the start and the end


REFERENCES: tuple[Reference, ...] = (
    Reference("IN_CHAIN", "segments", "chain", "chains"),
    Reference("FOCUSES_ON", "parks", "focus", "chains"),
    Reference("IN_SEGMENT", "firms", "segments", "segments"),
    Reference("IN_PARK", "firms", "parks", "parks"),
    Reference("FOR_CHAIN", "projects", "chains", "chains"),
    Reference("ON_SEGMENT", "projects", "segment", "segments"),
    Reference("AT_PARK", "projects", "park", "parks"),
    Reference("BY_FIRM", "projects", "firm", "firms"),
)
LINKS: tuple[LinkKind, ...] = (
    LinkKind("SUPPLIES", "segment_links", "segments", ("source", "target")),
    LinkKind("SUPPLIES_FIRM", "firm_links", "firms", ("supplier", "customer")),
)
RECORD_KINDS = ("sources", "chains", "segments", "parks", "firms", "projects")  # kinds that are nodes
KIND_TYPES: dict[str, type] = {"sources": Source, "chains": Chain, "segments": Segment, "segment_links": SegmentLink,
                               "parks": Park, "firms": Firm, "firm_links": FirmLink, "projects": Project}


def relationship_counts(data: Dataset) -> dict[str, int]:
    """How many relationships of each type ``data`` makes (what a store must hold after loading it)."""
    counts = {ref.name: sum(len(ref.ids(r)) for r in getattr(data, ref.kind)) for ref in REFERENCES}
    counts.update({link.name: len(getattr(data, link.kind)) for link in LINKS})
    return counts


LIST_SEP = ";"  # between the ids, tags or sources of one data-file cell


def cell(value) -> str:
    """A field as its data-file cell: lists joined with ';', booleans true/false, 3.0 → 3, None → ''.

    >>> [cell(v) for v in (None, True, ("a", "b"), 3.0, 2.5, "x")]
    ['', 'true', 'a;b', '3', '2.5', 'x']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return LIST_SEP.join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
