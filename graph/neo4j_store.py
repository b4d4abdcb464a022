"""The Neo4j store: the store contract answered with Cypher over Bolt (local server, remote or cluster).

Gives the same answers as ``graph.embedded.EmbeddedStore`` on the same dataset (the contract tests
assert ``==``). The layout (labels, relationships, how records become properties) is in
``graph/neo4j_schema.py``; the loader is ``loaders/neo4j_load.py``.

Consistency: each question runs in one read transaction that reads the pointer
``(:Current {key: 'dataset'}).load`` first, reads only nodes of that load, and reads the pointer again
at the end. A load only deletes an old load after moving the pointer, so if the pointer did not move
the answer came from one whole, untouched load; if it moved, the question is asked again.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit, urlunsplit

from neo4j import GraphDatabase, READ_ACCESS
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from graph.model import Chain, Dataset, Firm, FirmLink, Park, Project, Segment, SegmentLink, Source
from graph.neo4j_schema import CURRENT_KEY, META_ID, decode_extra, from_props
from graph.search import SearchEntry
from graph.store import (
    ChainSummary,
    ChainView,
    FirmDetail,
    NotFound,
    ParkDetail,
    SegmentDetail,
    Store,
    StoreInfo,
)

T = TypeVar("T")


class StoreUnavailable(RuntimeError):
    """The Neo4j store cannot answer: server down, wrong credentials, or no dataset loaded."""


class NoDataset(StoreUnavailable):
    """The database holds no chainmap dataset yet."""


class _Moved(Exception):
    """The current load changed while a read transaction ran; ask again."""


def safe_uri(uri: str) -> str:
    """Scheme, host and port only: no user info, path or routing context (never show a password)."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, "", "", ""))


def _by_id(records) -> tuple:
    return tuple(sorted(records, key=lambda r: r.id))


# --------------------------------------------------------------------------- Cypher (constants)

_CURRENT = "MATCH (c:Current {key: $key}) RETURN c.load AS load"
_META = f"MATCH (m:Meta {{load: $load, id: '{META_ID}'}}) RETURN m.meta AS meta"

_GET = {
    label: f"MATCH (n:{label} {{load: $load, id: $id}}) RETURN properties(n) AS p"
    for label in ("Chain", "Segment", "Firm", "Park", "Project", "Source")
}
_ALL = {
    label: f"MATCH (n:{label}) WHERE n.load = $load AND n.id IS NOT NULL RETURN properties(n) AS p"
    for label in ("Chain", "Segment", "Firm", "Park", "Project", "Source")
}
_COUNT = {
    label: f"MATCH (n:{label}) WHERE n.load = $load AND n.id IS NOT NULL RETURN count(n) AS n"
    for label in ("Chain", "Segment", "Firm", "Park", "Project", "Source")
}
_COUNT_SEGMENT_LINKS = (
    "MATCH (n:Segment) WHERE n.load = $load AND n.id IS NOT NULL MATCH (n)-[r:SUPPLIES]->() RETURN count(r) AS n"
)
_COUNT_FIRM_LINKS = (
    "MATCH (n:Firm) WHERE n.load = $load AND n.id IS NOT NULL MATCH (n)-[r:SUPPLIES_FIRM]->() RETURN count(r) AS n"
)
_NAMES = {
    label: f"MATCH (n:{label}) WHERE n.load = $load AND n.id IS NOT NULL "
    "RETURN n.id AS id, n.name AS name, coalesce(n.name_en, '') AS name_en"
    for label in ("Chain", "Segment", "Park", "Firm")
}
_SOURCES = "MATCH (n:Source) WHERE n.load = $load AND n.id IN $ids RETURN properties(n) AS p"

_ALL_SEGMENT_LINKS = (
    "MATCH (a:Segment) WHERE a.load = $load AND a.id IS NOT NULL "
    "MATCH (a)-[r:SUPPLIES]->(b:Segment) RETURN a.id AS source, b.id AS target, properties(r) AS p"
)
_ALL_FIRM_LINKS = (
    "MATCH (a:Firm) WHERE a.load = $load AND a.id IS NOT NULL "
    "MATCH (a)-[r:SUPPLIES_FIRM]->(b:Firm) RETURN a.id AS supplier, b.id AS customer, properties(r) AS p"
)

_CHAIN_SUMMARIES = (
    "MATCH (c:Chain) WHERE c.load = $load AND c.id IS NOT NULL "
    "OPTIONAL MATCH (c)<-[:IN_CHAIN]-(s:Segment) "
    "OPTIONAL MATCH (s)<-[:IN_SEGMENT]-(f:Firm) WHERE f.local "
    "WITH c, s, collect(f.id) AS local_ids "
    "RETURN properties(c) AS chain, count(s) AS segments, "
    "sum(CASE WHEN s IS NOT NULL AND size(local_ids) = 0 THEN 1 ELSE 0 END) AS empty, "
    "collect(local_ids) AS local_ids"
)

_CHAIN = "(c:Chain {load: $load, id: $id})"
_CHAIN_SEGMENTS = f"MATCH {_CHAIN}<-[:IN_CHAIN]-(s:Segment) RETURN properties(s) AS p"
_CHAIN_LINKS = (
    f"MATCH {_CHAIN}<-[:IN_CHAIN]-(a:Segment)-[r:SUPPLIES]->(b:Segment)-[:IN_CHAIN]->(c) "
    "RETURN a.id AS source, b.id AS target, properties(r) AS p"
)
_CHAIN_FIRMS = f"MATCH {_CHAIN}<-[:IN_CHAIN]-(:Segment)<-[:IN_SEGMENT]-(f:Firm) WITH DISTINCT f RETURN properties(f) AS p"
_CHAIN_FIRM_LINKS = (
    f"MATCH {_CHAIN}<-[:IN_CHAIN]-(:Segment)<-[:IN_SEGMENT]-(f:Firm) WITH DISTINCT f "
    "MATCH (f)-[r:SUPPLIES_FIRM]-(:Firm) WITH DISTINCT r "
    "WITH r, startNode(r) AS a, endNode(r) AS b "
    "RETURN a.id AS supplier, b.id AS customer, properties(r) AS p, properties(a) AS a, properties(b) AS b"
)
_CHAIN_PARKS = (
    f"MATCH {_CHAIN}<-[:IN_CHAIN]-(:Segment)<-[:IN_SEGMENT]-(:Firm)-[:IN_PARK]->(p:Park) RETURN properties(p) AS p "
    f"UNION MATCH {_CHAIN}<-[:FOCUSES_ON]-(p:Park) RETURN properties(p) AS p"
)
_CHAIN_PROJECTS = f"MATCH {_CHAIN}<-[:FOR_CHAIN]-(pr:Project) RETURN properties(pr) AS p"

_SEGMENT = "(s:Segment {load: $load, id: $id})"
_SEGMENT_CHAIN = f"MATCH {_SEGMENT}-[:IN_CHAIN]->(c:Chain) RETURN properties(c) AS p"
_SEGMENT_UP = f"MATCH {_SEGMENT}<-[:SUPPLIES]-(u:Segment) RETURN DISTINCT properties(u) AS p"
_SEGMENT_DOWN = f"MATCH {_SEGMENT}-[:SUPPLIES]->(d:Segment) RETURN DISTINCT properties(d) AS p"
_SEGMENT_FIRMS = f"MATCH {_SEGMENT}<-[:IN_SEGMENT]-(f:Firm) RETURN DISTINCT properties(f) AS p"
_SEGMENT_PROJECTS = f"MATCH {_SEGMENT}<-[:ON_SEGMENT]-(pr:Project) RETURN properties(pr) AS p"

_FIRM = "(f:Firm {load: $load, id: $id})"
_FIRM_SEGMENTS = f"MATCH {_FIRM}-[:IN_SEGMENT]->(s:Segment) RETURN DISTINCT properties(s) AS p"
_FIRM_CHAINS = f"MATCH {_FIRM}-[:IN_SEGMENT]->(:Segment)-[:IN_CHAIN]->(c:Chain) RETURN DISTINCT properties(c) AS p"
_FIRM_PARKS = f"MATCH {_FIRM}-[:IN_PARK]->(p:Park) RETURN DISTINCT properties(p) AS p"
_FIRM_SUPPLIERS = f"MATCH {_FIRM}<-[r:SUPPLIES_FIRM]-(o:Firm) RETURN properties(o) AS o, properties(r) AS p"
_FIRM_CUSTOMERS = f"MATCH {_FIRM}-[r:SUPPLIES_FIRM]->(o:Firm) RETURN properties(o) AS o, properties(r) AS p"
_FIRM_PROJECTS = f"MATCH {_FIRM}<-[:BY_FIRM]-(pr:Project) RETURN properties(pr) AS p"

_PARK = "(p:Park {load: $load, id: $id})"
_PARK_FIRMS = f"MATCH {_PARK}<-[:IN_PARK]-(f:Firm) RETURN DISTINCT properties(f) AS p"
_PARK_CHAINS = (
    f"MATCH {_PARK}-[:FOCUSES_ON]->(c:Chain) RETURN properties(c) AS p "
    f"UNION MATCH {_PARK}<-[:IN_PARK]-(:Firm)-[:IN_SEGMENT]->(:Segment)-[:IN_CHAIN]->(c:Chain) RETURN properties(c) AS p"
)
_PARK_PROJECTS = f"MATCH {_PARK}<-[:AT_PARK]-(pr:Project) RETURN properties(pr) AS p"


# --------------------------------------------------------------------------- record helpers


def _records(tx, cls: type[T], query: str, **params: Any) -> tuple[T, ...]:
    """Distinct records of ``cls`` from a query returning ``p`` (properties), by id."""
    return _by_id({from_props(cls, r["p"]) for r in tx.run(query, **params)})


def _segment_link(r) -> SegmentLink:
    return from_props(SegmentLink, r["p"], source=r["source"], target=r["target"])


def _firm_link(props: dict, supplier: str, customer: str) -> FirmLink:
    return from_props(FirmLink, props, supplier=supplier, customer=customer)


def _link_key(link: FirmLink, i: int) -> tuple:
    return (link.supplier, link.customer, link.product, i)


class Neo4jStore(Store):
    """The store contract over one Neo4j driver (create one per process; it is thread-safe)."""

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None,
                 **driver_options: Any):
        self._uri = uri
        self._user = user
        self._database = database
        options: dict[str, Any] = {"connection_timeout": 5.0, "max_transaction_retry_time": 5.0}
        options.update(driver_options)
        # No password: no auth (a server with authentication disabled); a server that needs one says so.
        self._driver = GraphDatabase.driver(uri, auth=(user, password) if password else None, **options)

    def close(self) -> None:
        self._driver.close()

    # -- transactions ------------------------------------------------------
    def _read(self, work: Callable[[Any, str], T]) -> T:
        def snapshot(tx):
            record = tx.run(_CURRENT, key=CURRENT_KEY).single()
            if record is None or record["load"] is None:
                raise NoDataset(
                    f"Neo4j at {safe_uri(self._uri)} holds no chainmap dataset yet; "
                    "load one with `chainmap load data/laoshan` (uses NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD)."
                )
            load = record["load"]
            try:
                answer = work(tx, load)
            except NotFound:
                if tx.run(_CURRENT, key=CURRENT_KEY).single()["load"] != load:
                    raise _Moved() from None
                raise
            if tx.run(_CURRENT, key=CURRENT_KEY).single()["load"] != load:
                raise _Moved()
            return answer

        for _ in range(10):
            try:
                with self._driver.session(database=self._database, default_access_mode=READ_ACCESS) as session:
                    return session.execute_read(snapshot)
            except _Moved:
                continue
            except AuthError as exc:
                raise StoreUnavailable(
                    f"Neo4j at {safe_uri(self._uri)} rejected user {self._user!r}: check NEO4J_USER and "
                    f"NEO4J_PASSWORD ({exc.message or exc})."
                ) from exc
            except (ServiceUnavailable, SessionExpired) as exc:
                raise StoreUnavailable(
                    f"Neo4j at {safe_uri(self._uri)} is not reachable ({exc}). Is it running? "
                    "A local server starts with `chainmap neo4j start`; or unset NEO4J_URI to use the embedded store."
                ) from exc
        raise StoreUnavailable(f"the dataset at {safe_uri(self._uri)} kept changing while it was read; try again")

    @staticmethod
    def _get(tx, load: str, cls: type[T], label: str, ident: str) -> T:
        record = tx.run(_GET[label], load=load, id=ident).single()
        if record is None:
            raise NotFound(f"{label.lower()} {ident!r}")
        return from_props(cls, record["p"])

    @staticmethod
    def _sources(tx, load: str, ids) -> tuple[Source, ...]:
        wanted = set(ids)
        found = {from_props(Source, r["p"]) for r in tx.run(_SOURCES, load=load, ids=sorted(wanted))}
        missing = wanted - {s.id for s in found}
        if missing:
            raise NotFound(f"source {sorted(missing)[0]!r}")
        return _by_id(found)

    # -- the contract --------------------------------------------------------
    def info(self) -> StoreInfo:
        def work(tx, load):
            record = tx.run(_META, load=load).single()
            data = Dataset(meta=decode_extra(record["meta"]) if record else ())
            count = lambda q: tx.run(q, load=load).single()["n"]  # noqa: E731
            counts = {
                "sources": count(_COUNT["Source"]),
                "chains": count(_COUNT["Chain"]),
                "segments": count(_COUNT["Segment"]),
                "segment_links": count(_COUNT_SEGMENT_LINKS),
                "parks": count(_COUNT["Park"]),
                "firms": count(_COUNT["Firm"]),
                "firm_links": count(_COUNT_FIRM_LINKS),
                "projects": count(_COUNT["Project"]),
            }
            return StoreInfo("neo4j", safe_uri(self._uri), data.title, data.as_of, data.synthetic,
                             tuple(counts.items()))

        return self._read(work)

    def chains(self) -> tuple[ChainSummary, ...]:
        def work(tx, load):
            out = []
            for r in tx.run(_CHAIN_SUMMARIES, load=load):
                local = {fid for ids in r["local_ids"] for fid in ids}
                out.append(ChainSummary(from_props(Chain, r["chain"]), r["segments"], len(local), r["empty"]))
            return tuple(sorted(out, key=lambda s: s.chain.id))

        return self._read(work)

    def parks(self) -> tuple[Park, ...]:
        return self._read(lambda tx, load: _records(tx, Park, _ALL["Park"], load=load))

    def chain_view(self, chain_id: str) -> ChainView:
        def work(tx, load):
            chain = self._get(tx, load, Chain, "Chain", chain_id)
            p = {"load": load, "id": chain_id}
            segments = _records(tx, Segment, _CHAIN_SEGMENTS, **p)
            links = tuple(sorted({_segment_link(r) for r in tx.run(_CHAIN_LINKS, **p)},
                                 key=lambda l: (l.source, l.target)))
            firms = _records(tx, Firm, _CHAIN_FIRMS, **p)
            firm_ids = {f.id for f in firms}
            firm_links: dict[FirmLink, int] = {}
            linked: set[Firm] = set()
            for r in tx.run(_CHAIN_FIRM_LINKS, **p):
                link = _firm_link(r["p"], r["supplier"], r["customer"])
                firm_links[link] = min(firm_links.get(link, r["p"]["i"]), r["p"]["i"])
                for end in (r["a"], r["b"]):
                    if end["id"] not in firm_ids:
                        linked.add(from_props(Firm, end))
            ordered = tuple(sorted(firm_links, key=lambda l: _link_key(l, firm_links[l])))
            parks = _records(tx, Park, _CHAIN_PARKS, **p)
            projects = _records(tx, Project, _CHAIN_PROJECTS, **p)
            return ChainView(chain, segments, links, firms, ordered, _by_id(linked), parks, projects)

        return self._read(work)

    def segment_detail(self, segment_id: str) -> SegmentDetail:
        def work(tx, load):
            seg = self._get(tx, load, Segment, "Segment", segment_id)
            p = {"load": load, "id": segment_id}
            chain = tx.run(_SEGMENT_CHAIN, **p).single()
            if chain is None:
                raise NotFound(f"chain {seg.chain!r}")
            return SegmentDetail(
                seg, from_props(Chain, chain["p"]),
                _records(tx, Segment, _SEGMENT_UP, **p), _records(tx, Segment, _SEGMENT_DOWN, **p),
                _records(tx, Firm, _SEGMENT_FIRMS, **p), _records(tx, Project, _SEGMENT_PROJECTS, **p),
                self._sources(tx, load, seg.sources),
            )

        return self._read(work)

    def firm_detail(self, firm_id: str) -> FirmDetail:
        def work(tx, load):
            firm = self._get(tx, load, Firm, "Firm", firm_id)
            p = {"load": load, "id": firm_id}

            def pairs(query: str, supplying: bool) -> tuple[tuple[Firm, FirmLink], ...]:
                found = []
                for r in tx.run(query, **p):
                    other = from_props(Firm, r["o"])
                    ends = (firm_id, other.id) if supplying else (other.id, firm_id)
                    found.append((other, _firm_link(r["p"], *ends), r["p"]["i"]))
                found.sort(key=lambda t: (t[0].id, t[1].product, t[2]))
                return tuple((f, link) for f, link, _ in found)

            return FirmDetail(
                firm, _records(tx, Segment, _FIRM_SEGMENTS, **p), _records(tx, Chain, _FIRM_CHAINS, **p),
                _records(tx, Park, _FIRM_PARKS, **p), pairs(_FIRM_SUPPLIERS, False), pairs(_FIRM_CUSTOMERS, True),
                _records(tx, Project, _FIRM_PROJECTS, **p), self._sources(tx, load, firm.sources),
            )

        return self._read(work)

    def park_detail(self, park_id: str) -> ParkDetail:
        def work(tx, load):
            park = self._get(tx, load, Park, "Park", park_id)
            p = {"load": load, "id": park_id}
            return ParkDetail(
                park, _records(tx, Firm, _PARK_FIRMS, **p), _records(tx, Chain, _PARK_CHAINS, **p),
                _records(tx, Project, _PARK_PROJECTS, **p), self._sources(tx, load, park.sources),
            )

        return self._read(work)

    def sources(self, ids) -> tuple[Source, ...]:
        ids = tuple(ids)
        return self._read(lambda tx, load: self._sources(tx, load, ids)) if ids else ()

    def search_entries(self) -> tuple[SearchEntry, ...]:
        def work(tx, load):
            entries = [SearchEntry(label.lower(), r["id"], r["name"], r["name_en"])
                       for label, query in _NAMES.items() for r in tx.run(query, load=load)]
            return tuple(sorted(entries, key=lambda e: (e.kind, e.id)))

        return self._read(work)

    def dataset(self) -> Dataset:
        def work(tx, load):
            rows = {label: [r["p"] for r in tx.run(query, load=load)] for label, query in _ALL.items()}
            records = lambda cls, label: _by_id(from_props(cls, p) for p in rows[label])  # noqa: E731
            seg_links = sorted((_segment_link(r) for r in tx.run(_ALL_SEGMENT_LINKS, load=load)),
                               key=lambda l: (l.source, l.target))
            firm_links = sorted(((r["p"]["i"], _firm_link(r["p"], r["supplier"], r["customer"]))
                                 for r in tx.run(_ALL_FIRM_LINKS, load=load)), key=lambda t: t[0])
            meta = tx.run(_META, load=load).single()
            return Dataset(
                chains=records(Chain, "Chain"),
                segments=records(Segment, "Segment"),
                segment_links=tuple(seg_links),
                parks=records(Park, "Park"),
                firms=records(Firm, "Firm"),
                firm_links=tuple(link for _, link in firm_links),
                projects=records(Project, "Project"),
                sources=records(Source, "Source"),
                meta=decode_extra(meta["meta"]) if meta else (),
            )

        return self._read(work)
