"""The summaries graph: per-entity counts that let the API answer an entity's card in rows of days and
relation groups, not rows of every event and statement of the entity (issue #10).

Two kinds of node, each with an IRI made from its key (so a write replaces it and a delete removes it):

- an event-day count, `id:summary/events/<hash(entity, role, day)>`: how many events have `entity` in `role`
  (gk:anyRole for any of actor, target, place, mediator) and `day` as their day (their earliest gk:date as a
  string, or "~" when undated: api.events' day);
- a relation group, `id:summary/relation/<hash(predicate, subject, object, role)>`: the statements of one
  relation, as api.relations groups them: their count, earliest since, latest until, highest confidence and
  the first LISTED_STATEMENTS of their IRIs.

A write (or delete) changes the counts by the article's old and new events, and recomputes the relation groups
its old and new statements belong to; the changes join the article's own atomic update. The graph also says
that it is kept (`<graph> gk:summariesVersion 1`): a store written before summaries has no such triple, and
the API reads it the old way until `geokg migrate` builds them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.facts import DEFAULT_BASE_IRI, EVENT_TYPES, stable_hash
from kg.graph._converter import to_ox
from kg.graph.entities import stored_descriptions
from kg.graph.rdf import GK, event_class
from kg.graph.steps import Step, data
from kg.graph.store import EmbeddedStore, Row, Store

ROLES = ("actor", "target", "place", "mediator")
ANY_ROLE = str(GK.anyRole)
# The day of an undated event: after every date (as api.events orders the timeline).
UNDATED = "~"
VERSION = 1
# A relation group lists this many of its statements (the first by IRI): api.relations shows no more.
LISTED_STATEMENTS = 10

_CLASSES = ", ".join(f"<{event_class(name)}>" for name in EVENT_TYPES)
_ROLE_IRIS = " ".join(f"<{GK[role]}>" for role in ROLES)

EventKey = tuple[str, str, str]  # entity, role IRI (or ANY_ROLE), day
GroupKey = tuple[str, str, str, str]  # predicate, subject, object, role ("" for none)


def summaries_graph_iri(base_iri: str | None = None) -> str:
    return f"{base_iri or DEFAULT_BASE_IRI}graph/summaries"


def has_summaries(store: Store, *, base_iri: str | None = None) -> bool:
    """Whether the store keeps summaries (written since they exist, or migrated)."""
    graph = summaries_graph_iri(base_iri)
    return store.ask(f"ASK {{ GRAPH <{graph}> {{ <{graph}> <{GK.summariesVersion}> ?v }} }}")


def has_articles(store: Store) -> bool:
    return store.ask(f"ASK {{ GRAPH ?g {{ ?g a <{GK.Article}> }} }}")


def event_node(key: EventKey, base_iri: str) -> str:
    return f"{base_iri}summary/events/{stable_hash(*key)}"


def group_node(key: GroupKey, base_iri: str) -> str:
    return f"{base_iri}summary/relation/{stable_hash(*key)}"


# --- event-day counts


def _event_rows(store: Store, graph: str) -> list[Row]:
    """One row per event, role and entity of the events in `graph` (a GRAPH term or variable), with each
    event's dates: the events api.events.event_pattern binds (of one of our classes)."""
    return store.select_built(
        f"""SELECT ?event ?role ?x ?date WHERE {{ GRAPH {graph} {{
          ?event ?role ?x . VALUES ?role {{ {_ROLE_IRIS} }}
          ?event a ?cls . FILTER(?cls IN ({_CLASSES}))
          OPTIONAL {{ ?event <{GK.date}> ?date }} }} }}"""
    )


def event_counts(rows: Iterable[Row]) -> Counter[EventKey]:
    """How many events have each (entity, role, day), and each (entity, ANY_ROLE, day)."""
    days: dict[str, str] = {}
    roles: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        event = str(row["event"])
        if row.get("date") is not None:
            day = str(row["date"])
            days[event] = min(days.get(event, day), day)
        roles.setdefault(event, set()).add((str(row["x"]), str(row["role"])))
    counts: Counter[EventKey] = Counter()
    for event, pairs in roles.items():
        day = days.get(event, UNDATED)
        counts.update((x, role, day) for x, role in pairs)
        counts.update((x, ANY_ROLE, day) for x in {x for x, _ in pairs})
    return counts


def event_lines(key: EventKey, count: int, base_iri: str) -> set[str]:
    node = URIRef(event_node(key, base_iri))
    entity, role, day = key
    triples = [
        (node, RDF.type, GK.EventDayCount),
        (node, GK.countOf, URIRef(entity)),
        (node, GK.countRole, URIRef(role)),
        (node, GK.day, Literal(day)),
        (node, GK.eventCount, Literal(count, datatype=XSD.integer)),
    ]
    return {str(to_ox(triple)) for triple in triples}


def _stored_counts(store: Store, keys: Iterable[EventKey], *, base_iri: str) -> dict[EventKey, int]:
    nodes = {event_node(key, base_iri): key for key in keys}
    if not nodes:
        return {}
    rows = store.select_built(
        f"""SELECT ?node ?n WHERE {{ VALUES ?node {{ {_iris(nodes)} }}
          GRAPH <{summaries_graph_iri(base_iri)}> {{ ?node <{GK.eventCount}> ?n }} }}"""
    )
    return {nodes[str(row["node"])]: int(str(row["n"])) for row in rows}


# --- relation groups


_STATEMENT_FIELDS = f"""?st <{GK.subject}> ?s ; <{GK.predicate}> ?p ; <{GK.object}> ?o ; a <{GK.Statement}> .
  OPTIONAL {{ ?st <{GK.role}> ?role }} OPTIONAL {{ ?st <{GK.since}> ?since }}
  OPTIONAL {{ ?st <{GK.until}> ?until }} OPTIONAL {{ ?st <{GK.confidence}> ?conf }}"""


def _statement_rows(store: Store, graph: str, *, where: str = "", outside: str = "") -> list[Row]:
    return store.select_built(
        f"SELECT ?st ?s ?p ?o ?role ?since ?until ?conf WHERE {{ {where} GRAPH {graph} {{ {_STATEMENT_FIELDS} }} "
        f"{outside} }}"
    )


@dataclass
class Group:
    """One relation group, as api.relations.find_relations aggregates it."""

    statements: set[str] = field(default_factory=set)
    since: str | None = None
    until: str | None = None
    confidence: Literal | None = None

    def add(self, row: Row) -> None:
        self.statements.add(str(row["st"]))
        if row.get("since") is not None:
            since = str(row["since"])
            self.since = since if self.since is None else min(self.since, since)
        if row.get("until") is not None:
            until = str(row["until"])
            self.until = until if self.until is None else max(self.until, until)
        conf = row.get("conf")
        if isinstance(conf, Literal) and (
            self.confidence is None or _number(conf) > _number(self.confidence)
        ):
            self.confidence = conf


def _number(literal: Literal) -> Decimal:
    return Decimal(str(literal))


def group_key(row: Row) -> GroupKey:
    return (str(row["p"]), str(row["s"]), str(row["o"]), str(row.get("role") or ""))


def relation_groups(rows: Iterable[Row]) -> dict[GroupKey, Group]:
    groups: dict[GroupKey, Group] = {}
    for row in rows:
        groups.setdefault(group_key(row), Group()).add(row)
    return groups


def group_lines(key: GroupKey, group: Group, base_iri: str) -> set[str]:
    node = URIRef(group_node(key, base_iri))
    predicate, subject, object_, role = key
    triples = [
        (node, RDF.type, GK.RelationGroup),
        (node, GK.groupPredicate, URIRef(predicate)),
        (node, GK.groupSubject, URIRef(subject)),
        (node, GK.groupObject, URIRef(object_)),
        (node, GK.statementCount, Literal(len(group.statements), datatype=XSD.integer)),
        # One literal, so a card reads one row per group however many articles state it; the first few only
        # (those the API lists), so a write of a group many articles state stays small.
        (node, GK.statementList, Literal(" ".join(sorted(group.statements)[:LISTED_STATEMENTS]))),
    ]
    optional = ((GK.groupRole, role or None), (GK.groupSince, group.since), (GK.groupUntil, group.until))
    triples += [(node, p, Literal(value)) for p, value in optional if value is not None]
    if group.confidence is not None:
        triples.append((node, GK.groupConfidence, group.confidence))
    return {str(to_ox(triple)) for triple in triples}


def _stored_group_lines(store: Store, triples: set[tuple[str, str, str]], *, base_iri: str) -> set[str]:
    """The lines of the stored groups of each (predicate, subject, object) of `triples`, any role."""
    if not triples:
        return set()
    rows = store.select_built(
        f"""SELECT ?node WHERE {{ VALUES (?p ?s ?o) {{ {_rows_of(triples)} }}
          GRAPH <{summaries_graph_iri(base_iri)}> {{
            ?node <{GK.groupSubject}> ?s ; <{GK.groupPredicate}> ?p ; <{GK.groupObject}> ?o }} }}"""
    )
    stored = stored_descriptions(
        store, {str(row["node"]) for row in rows}, graph_iri=summaries_graph_iri(base_iri)
    )
    return {line for lines in stored.values() for line in lines}


# --- changes on write and delete, and the whole graph


def summary_changes(store: Store, *, article: str, lines: list[str], base_iri: str) -> list[Step]:
    """The steps that bring the summaries up to date with `article` holding `lines` (none: deleted), or no
    steps when the store keeps no summaries (an older store, until `geokg migrate`)."""
    kept = has_summaries(store, base_iri=base_iri)
    if not kept and has_articles(store):
        return []
    new = _article_store(article, lines)
    out, into = _event_changes(store, new, article=article, base_iri=base_iri)
    group_out, group_in = _group_changes(store, new, article=article, base_iri=base_iri)
    # A count that changes keeps its node's other lines: they go neither out nor in.
    out, into = (out - into) | group_out, (into - out) | group_in
    if not kept:
        into |= _marker_lines(base_iri)
    graph = summaries_graph_iri(base_iri)
    return [data(verb, graph, changed) for verb, changed in (("DELETE", out), ("INSERT", into)) if changed]


def _article_store(article: str, lines: list[str]) -> Store:
    """The article's new graph in memory, so its summaries are read by the same queries as the stored one's."""
    memory = ox.Store()
    if lines:
        text = "".join(f"{line} .\n" for line in lines)
        memory.load(text.encode(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(article))
    return EmbeddedStore(memory)


def _event_changes(store: Store, new: Store, *, article: str, base_iri: str) -> tuple[set[str], set[str]]:
    old_counts = event_counts(_event_rows(store, f"<{article}>"))
    new_counts = event_counts(_event_rows(new, f"<{article}>"))
    keys = set(old_counts) | set(new_counts)
    stored = _stored_counts(store, keys, base_iri=base_iri)
    out: set[str] = set()
    into: set[str] = set()
    for key in keys:
        before = stored.get(key, 0)
        after = before - old_counts[key] + new_counts[key]
        if after == before:
            continue
        if before:
            out |= event_lines(key, before, base_iri)
        if after > 0:
            into |= event_lines(key, after, base_iri)
    return out, into


def _group_changes(store: Store, new: Store, *, article: str, base_iri: str) -> tuple[set[str], set[str]]:
    new_rows = _statement_rows(new, f"<{article}>")
    old_rows = _statement_rows(store, f"<{article}>")
    triples = {key[:3] for key in map(group_key, [*old_rows, *new_rows])}
    if not triples:
        return set(), set()
    others = _statement_rows(
        store,
        "?g",
        where=f"VALUES (?p ?s ?o) {{ {_rows_of(triples)} }}",
        outside=f"FILTER(?g != <{article}>)",
    )
    groups = relation_groups([*others, *new_rows])
    after = {line for key, group in groups.items() for line in group_lines(key, group, base_iri)}
    before = _stored_group_lines(store, triples, base_iri=base_iri)
    return before - after, after - before


def summaries_graph(store: Store, *, base_iri: str | None = None) -> Graph:
    """The whole summaries graph, computed from every article graph."""
    base = base_iri or DEFAULT_BASE_IRI
    articles = f"FILTER EXISTS {{ GRAPH ?g {{ ?g a <{GK.Article}> }} }}"
    lines = _marker_lines(base)
    for counted, count in event_counts(_event_rows(store, "?g")).items():
        lines |= event_lines(counted, count, base)
    groups = relation_groups(_statement_rows(store, "?g", outside=articles))
    for key, group in groups.items():
        lines |= group_lines(key, group, base)
    graph = Graph(identifier=URIRef(summaries_graph_iri(base)))
    graph.parse(data="".join(f"{line} .\n" for line in lines), format="nt")
    return graph


def refresh_summaries(store: Store, *, base_iri: str | None = None) -> int:
    """Recompute the whole summaries graph; returns how many triples it holds."""
    graph = summaries_graph(store, base_iri=base_iri)
    store.put_graph(summaries_graph_iri(base_iri), graph)
    return len(graph)


def drop_summaries(store: Store, *, base_iri: str | None = None) -> bool:
    """Drop the summaries after a bulk load into a store that held some, which they do not count (so the API
    reads the old way until `geokg migrate`); False when there were none."""
    if not has_summaries(store, base_iri=base_iri):
        return False
    return store.delete_graph(summaries_graph_iri(base_iri))


def _marker_lines(base_iri: str) -> set[str]:
    graph = URIRef(summaries_graph_iri(base_iri))
    return {str(to_ox((graph, GK.summariesVersion, Literal(VERSION, datatype=XSD.integer))))}


def _iris(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def _rows_of(triples: Iterable[tuple[str, str, str]]) -> str:
    return " ".join(f"(<{p}> <{s}> <{o}>)" for p, s, o in sorted(triples))
