"""Every Cypher string the reader runs. Labels and relationship types are constants; data only travels
as parameters (``$load``, ``$id``, ``$ids``)."""

from __future__ import annotations

import dataclasses
import re

from graph.model import Firm
from graph.neo4j.schema import KEY_INDEX, NODE_LABELS, SEARCH_INDEX, SEARCHED_LABELS

LABELS = tuple(NODE_LABELS.values())


def firm_props(var: str) -> str:
    """A firm node's record fields as a map (``f{.id, .name, …}``): what ``from_props(Firm, …)`` reads, without
    the search keys, the load id and the derived flags a node also holds (a third of the bytes of ``properties``)."""
    return var + "{" + ", ".join(f".{f.name}" for f in dataclasses.fields(Firm)) + "}"


def _props(label: str, var: str) -> str:
    return firm_props(var) if label == "Firm" else f"properties({var})"


GET = {label: f"MATCH (n:{label} {{load: $load, id: $id}}) RETURN {_props(label, 'n')} AS p" for label in LABELS}
ALL = {label: f"MATCH (n:{label}) WHERE n.load = $load AND n.id IS NOT NULL RETURN {_props(label, 'n')} AS p"
       for label in LABELS}
BY_IDS = {label: f"MATCH (n:{label}) WHERE n.load = $load AND n.id IN $ids RETURN collect({_props(label, 'n')}) AS rows"
          for label in LABELS}
NAMES = {
    label: f"MATCH (n:{label}) WHERE n.load = $load AND n.id IS NOT NULL "
    "RETURN n.id AS id, n.name AS name, coalesce(n.name_en, '') AS name_en"
    for label in ("Chain", "Segment", "Park", "Firm")
}

ALL_SEGMENT_LINKS = (
    "MATCH (a:Segment) WHERE a.load = $load AND a.id IS NOT NULL "
    "MATCH (a)-[r:SUPPLIES]->(b:Segment) RETURN a.id AS source, b.id AS target, properties(r) AS p"
)
ALL_FIRM_LINKS = (
    "MATCH (a:Firm) WHERE a.load = $load AND a.id IS NOT NULL "
    "MATCH (a)-[r:SUPPLIES_FIRM]->(b:Firm) RETURN a.id AS supplier, b.id AS customer, properties(r) AS p"
)

# -- what a page draws: counts written at load (``schema.DERIVED``), the first firms in picture order ------
CHAINS = (
    "MATCH (c:Chain) WHERE c.load = $load AND c.id IS NOT NULL "
    "RETURN properties(c) AS chain, COUNT { (c)<-[:IN_CHAIN]-(:Segment) } AS segments, "
    "c.n_local AS local, c.n_empty AS empty"
)
# ``answers.picture_order``: leaders, local with a quality tag, local, outside with a tag, the rest; by id.
_PICTURE_ORDER = "ORDER BY f.id IN $leaders DESC, (f.unit AND f.tagged) DESC, f.unit DESC, f.tagged DESC, f.id"
OVERVIEW_SEGMENTS = (
    "MATCH (c:Chain {load: $load, id: $id})<-[:IN_CHAIN]-(s:Segment) "
    "RETURN properties(s) AS p, s.n_firms AS firms, s.n_local AS local, "
    f"COLLECT {{ MATCH (s)<-[:IN_SEGMENT]-(f:Firm) WITH f {_PICTURE_ORDER} LIMIT $k RETURN {firm_props('f')} }} AS first"
)
LINKS_AMONG = (
    "UNWIND $ids AS id MATCH (a:Firm {load: $load, id: id})-[r:SUPPLIES_FIRM]->(b:Firm) WHERE b.id IN $ids "
    "RETURN a.id AS supplier, b.id AS customer, properties(r) AS p"
)
_NAME_HAS = ("($q = '' OR toLower(f.name) CONTAINS $q OR toLower(coalesce(f.name_en, '')) CONTAINS $q) "
             "AND ($local IS NULL OR f.unit = $local)")
SEGMENT_PAGE_COUNT = f"MATCH (:Segment {{load: $load, id: $id}})<-[:IN_SEGMENT]-(f:Firm) WHERE {_NAME_HAS} RETURN count(f) AS n"
SEGMENT_PAGE = (
    f"MATCH (:Segment {{load: $load, id: $id}})<-[:IN_SEGMENT]-(f:Firm) WHERE {_NAME_HAS} "
    f"WITH f {_PICTURE_ORDER} SKIP $offset LIMIT $limit RETURN {firm_props('f')} AS p"
)

# -- search: candidates by the keys written at load; graph.search.rank orders them -------------------------
SEARCH_FULLTEXT = (
    "CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $limit}) YIELD node WHERE node.load = $load "
    "RETURN [l IN labels(node) WHERE l IN $labels][0] AS label, node.id AS id, node.name AS name, "
    "coalesce(node.name_en, '') AS name_en"
)
# The keyword index answers a key equal to / starting with / holding the query: the first $fetch hits, the
# $limit first of them in rank's order of ties (kind, then id).
SEARCH_KEYS_QUERY = (
    "CALL db.index.fulltext.queryNodes($keys, $lucene, {limit: $fetch}) YIELD node WHERE node.load = $load "
    "WITH node, [l IN labels(node) WHERE l IN $labels][0] AS label ORDER BY toLower(label), node.id LIMIT $limit "
    "RETURN label, node.id AS id, node.name AS name, coalesce(node.name_en, '') AS name_en"
)
SEARCH_PARAMS = {"index": SEARCH_INDEX, "keys": KEY_INDEX, "labels": list(SEARCHED_LABELS)}

_CHAIN = "(c:Chain {load: $load, id: $id})"
CHAIN_SEGMENTS = f"MATCH {_CHAIN}<-[:IN_CHAIN]-(s:Segment) RETURN properties(s) AS p"
CHAIN_LINKS = (
    f"MATCH {_CHAIN}<-[:IN_CHAIN]-(a:Segment)-[r:SUPPLIES]->(b:Segment)-[:IN_CHAIN]->(c) "
    "RETURN a.id AS source, b.id AS target, properties(r) AS p"
)
# Big answers come back as one row of lists (``rows``): a 1M-firm province's chain has ~23k firms and ~225k
# firm links, and one row of lists reads ~4x faster through the driver than a record per item.
CHAIN_FIRMS = (f"MATCH {_CHAIN}<-[:IN_CHAIN]-(:Segment)<-[:IN_SEGMENT]-(f:Firm) WITH DISTINCT f "
               f"RETURN collect({firm_props('f')}) AS rows")
CHAIN_FIRM_LINKS = (
    f"MATCH {_CHAIN}<-[:IN_CHAIN]-(:Segment)<-[:IN_SEGMENT]-(f:Firm) WITH DISTINCT f "
    "MATCH (f)-[r:SUPPLIES_FIRM]-(:Firm) WITH DISTINCT r "
    "RETURN collect([startNode(r).id, endNode(r).id, properties(r)]) AS rows"
)
CHAIN_LINKED_FIRMS = (  # the other ends of the chain's firm links that are not on the chain
    f"MATCH {_CHAIN}<-[:IN_CHAIN]-(:Segment)<-[:IN_SEGMENT]-(f:Firm) WITH DISTINCT c, f "
    "MATCH (f)-[:SUPPLIES_FIRM]-(o:Firm) WHERE NOT EXISTS { (o)-[:IN_SEGMENT]->(:Segment)-[:IN_CHAIN]->(c) } "
    f"WITH DISTINCT o RETURN collect({firm_props('o')}) AS rows"
)
def _counted(v: str) -> str:
    """``LocalRule.counts`` for node ``v`` ($presences, $uncertain)."""
    return (f"(coalesce({v}.local, false) AND (coalesce({v}.presence, '') = '' OR {v}.presence IN $presences) "
            f"AND ($uncertain OR NOT coalesce({v}.evidence, '') IN ['weak', 'inferred']))")


# A link's basis is an extra column, stored with the others as compact JSON pairs (``schema.encode_extra``):
# ["basis","reported"] occurs in that text only as the pair itself (quotes inside a value are escaped).
_UNCONFIRMED = ("(coalesce(r.extra, '') CONTAINS '[\"basis\",\"reported\"]' "
                "OR coalesce(r.extra, '') CONTAINS '[\"basis\",\"inferred\"]')")
# ``Store.candidate_facts``: per candidate, its links with counted firms, each equal link once (as a view has them).
CANDIDATE_FACTS = (
    f"MATCH {_CHAIN}<-[:IN_CHAIN]-(:Segment)<-[:IN_SEGMENT]-(f:Firm) WITH DISTINCT f WHERE NOT {_counted('f')} "
    f"MATCH (f)-[r:SUPPLIES_FIRM]-(o:Firm) WHERE o <> f AND {_counted('o')} "
    f"WITH DISTINCT f, o, startNode(r) = f AS out, r.product AS product, r.sources AS sources, r.extra AS extra, "
    f"{_UNCONFIRMED} AS unconfirmed "
    "WITH f, sum(CASE WHEN unconfirmed THEN 0 ELSE 1 END) AS stated, sum(CASE WHEN unconfirmed THEN 1 ELSE 0 END) AS "
    "unconfirmed, collect(DISTINCT o) AS partners "
    "RETURN collect([f.id, stated, unconfirmed, reduce(ps = [], o IN partners | ps + coalesce(o.parks, []))]) AS rows"
)
SOLE_SUPPLIERS = (
    f"MATCH {_CHAIN}<-[:IN_CHAIN]-(:Segment)<-[:IN_SEGMENT]-(f:Firm) WITH DISTINCT f WHERE {_counted('f')} "
    f"MATCH (s:Firm)-[:SUPPLIES_FIRM]->(f) WHERE s <> f AND {_counted('s')} "
    "WITH f, collect(DISTINCT s.id) AS suppliers WHERE size(suppliers) = 1 "
    "RETURN collect([suppliers[0], f.id]) AS rows"
)

CHAIN_PARKS = (
    f"MATCH {_CHAIN}<-[:IN_CHAIN]-(:Segment)<-[:IN_SEGMENT]-(:Firm)-[:IN_PARK]->(p:Park) RETURN properties(p) AS p "
    f"UNION MATCH {_CHAIN}<-[:FOCUSES_ON]-(p:Park) RETURN properties(p) AS p"
)
CHAIN_PROJECTS = f"MATCH {_CHAIN}<-[:FOR_CHAIN]-(pr:Project) RETURN properties(pr) AS p"

_SEGMENT = "(s:Segment {load: $load, id: $id})"
SEGMENT_CHAIN = f"MATCH {_SEGMENT}-[:IN_CHAIN]->(c:Chain) RETURN properties(c) AS p"
SEGMENT_UP = f"MATCH {_SEGMENT}<-[:SUPPLIES]-(u:Segment) RETURN DISTINCT properties(u) AS p"
SEGMENT_DOWN = f"MATCH {_SEGMENT}-[:SUPPLIES]->(d:Segment) RETURN DISTINCT properties(d) AS p"
SEGMENT_PROJECTS = f"MATCH {_SEGMENT}<-[:ON_SEGMENT]-(pr:Project) RETURN properties(pr) AS p"

_FIRM = "(f:Firm {load: $load, id: $id})"
FIRM_SEGMENTS = f"MATCH {_FIRM}-[:IN_SEGMENT]->(s:Segment) RETURN DISTINCT properties(s) AS p"
FIRM_CHAINS = f"MATCH {_FIRM}-[:IN_SEGMENT]->(:Segment)-[:IN_CHAIN]->(c:Chain) RETURN DISTINCT properties(c) AS p"
FIRM_PARKS = f"MATCH {_FIRM}-[:IN_PARK]->(p:Park) RETURN DISTINCT properties(p) AS p"
FIRM_SUPPLIERS = f"MATCH {_FIRM}<-[r:SUPPLIES_FIRM]-(o:Firm) RETURN {firm_props('o')} AS o, properties(r) AS p"
FIRM_CUSTOMERS = f"MATCH {_FIRM}-[r:SUPPLIES_FIRM]->(o:Firm) RETURN {firm_props('o')} AS o, properties(r) AS p"
FIRM_PROJECTS = f"MATCH {_FIRM}<-[:BY_FIRM]-(pr:Project) RETURN properties(pr) AS p"

_PARK = "(p:Park {load: $load, id: $id})"
PARK_FIRMS = f"MATCH {_PARK}<-[:IN_PARK]-(f:Firm) RETURN DISTINCT {firm_props('f')} AS p"
PARK_SEGMENTS = f"MATCH {_PARK}<-[:IN_PARK]-(:Firm)-[:IN_SEGMENT]->(s:Segment) RETURN DISTINCT properties(s) AS p"
PARK_CHAINS = (
    f"MATCH {_PARK}-[:FOCUSES_ON]->(c:Chain) RETURN properties(c) AS p "
    f"UNION MATCH {_PARK}<-[:IN_PARK]-(:Firm)-[:IN_SEGMENT]->(:Segment)-[:IN_CHAIN]->(c:Chain) RETURN properties(c) AS p"
)
PARK_PROJECTS = f"MATCH {_PARK}<-[:AT_PARK]-(pr:Project) RETURN properties(pr) AS p"

# -- steps through the graph (``$ids`` are ids of the start nodes) --------------------------------
FIRM_LINKS_OF = (
    "UNWIND $ids AS id MATCH (f:Firm {load: $load, id: id})-[r:SUPPLIES_FIRM]-(:Firm) WITH DISTINCT r "
    "RETURN collect([startNode(r).id, endNode(r).id, properties(r)]) AS rows"
)
SEGMENT_LINKS_OF = (
    "UNWIND $ids AS id MATCH (s:Segment {load: $load, id: id})-[r:SUPPLIES]-(:Segment) WITH DISTINCT r "
    "RETURN startNode(r).id AS source, endNode(r).id AS target, properties(r) AS p"
)
FIRMS_ON = (
    "UNWIND $ids AS id MATCH (s:Segment {load: $load, id: id})<-[:IN_SEGMENT]-(f:Firm) "
    f"WHERE $local IS NULL OR f.local = $local WITH DISTINCT f RETURN {firm_props('f')} AS p"
)

# -- across chains --------------------------------------------------------------------------------
CROSS_CHAIN_FIRMS = (
    "MATCH (f:Firm) WHERE f.load = $load AND f.id IS NOT NULL "
    "MATCH (f)-[:IN_SEGMENT]->(:Segment)-[:IN_CHAIN]->(c:Chain) "
    "WITH f, collect(DISTINCT c.id) AS chains WHERE size(chains) > 1 "
    f"RETURN {firm_props('f')} AS p, chains"
)
CROSS_CHAIN_LINKS = (
    "MATCH (a:Segment) WHERE a.load = $load AND a.id IS NOT NULL "
    "MATCH (ca:Chain)<-[:IN_CHAIN]-(a)-[r:SUPPLIES]->(b:Segment)-[:IN_CHAIN]->(cb:Chain) WHERE ca.id <> cb.id "
    "RETURN a.id AS source, b.id AS target, properties(r) AS p, ca.id AS source_chain, cb.id AS target_chain"
)

# -- full-text query text (Lucene syntax; data is escaped, never pasted raw) -----------------------------
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_LUCENE_ESCAPE = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/\s])')  # and spaces: a key is one term


def escape(text: str) -> str:
    """``text`` as one Lucene term: every special character and space escaped."""
    return _LUCENE_ESCAPE.sub(r"\\\1", text)


def lucene_query(q: str) -> str:
    """A full-text query for the words of ``q``, Lucene syntax escaped: each word as itself (Chinese is
    split into character pairs by the index's CJK analyzer), and words of three or more letters also
    as a prefix and with up to two typos.

    >>> lucene_query('goertk (vr_1')
    'goertk goertk* goertk~ vr 1'
    >>> lucene_query('"*:~')
    ''
    """
    terms = []
    for word in re.findall(r"[^\W_]+", q.lower()):  # lower case: AND, OR, NOT are no operators
        word = _LUCENE_SPECIAL.sub(r"\\\1", word)
        terms.append(word)
        if len(word) >= 3 and word.isascii() and word.isalnum():
            terms += [f"{word}*", f"{word}~"]
    return " ".join(t for t in terms if t.strip("\\"))
