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

`refresh_summaries` computes the whole graph a batch of named graphs at a time, holding only the counts and
groups it will write (a group keeps its first LISTED_STATEMENTS IRIs and a count, not every IRI), and writes it
in chunks of N-Triples, the marker last: at 40k articles the one query of every row and the rdflib graph of
every line took 28 minutes and 18.3 GB (issue #10).
"""

from __future__ import annotations

import heapq
import itertools
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.facts import DEFAULT_BASE_IRI, EVENT_TYPES, stable_hash
from kg.graph._converter import from_ox, to_ox
from kg.graph.entities import stored_descriptions
from kg.graph.rdf import GK, event_class
from kg.graph.steps import Step, data
from kg.graph.store import EmbeddedStore, Row, Store, Term

logger = logging.getLogger(__name__)

ROLES = ("actor", "target", "place", "mediator")
ANY_ROLE = str(GK.anyRole)
# The day of an undated event: after every date (as api.events orders the timeline).
UNDATED = "~"
VERSION = 1
# A relation group lists this many of its statements (the first by IRI): api.relations shows no more.
LISTED_STATEMENTS = 10
# Named graphs read by one query of `refresh_summaries`, and N-Triples lines written by one insert: a few MB
# each, so its memory is the counts it keeps, not the store it reads.
BATCH_GRAPHS = 100
WRITE_LINES = 50_000

_CLASSES = ", ".join(f"<{event_class(name)}>" for name in EVENT_TYPES)
_ROLE_IRIS = " ".join(f"<{GK[role]}>" for role in ROLES)

EventKey = tuple[str, str, str]  # entity, role IRI (or ANY_ROLE), day
GroupKey = tuple[str, str, str, str]  # predicate, subject, object, role ("" for none)
EventRow = tuple[str, str, str, str | None]  # event, role IRI, entity, date (None: undated)

_TYPE = ox.NamedNode(str(RDF.type))
_INTEGER = ox.NamedNode(str(XSD.integer))
# The ontology's terms the summary lines use, made once (an rdflib namespace lookup costs a call each).
_GK = {
    name: ox.NamedNode(f"{GK}{name}")
    for name in (
        "EventDayCount",
        "RelationGroup",
        "countOf",
        "countRole",
        "day",
        "eventCount",
        "groupConfidence",
        "groupObject",
        "groupPredicate",
        "groupRole",
        "groupSince",
        "groupSubject",
        "groupUntil",
        "statementCount",
        "statementList",
        "summariesVersion",
    )
}


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


def _event_query(graph: str, *, dataset: str = "") -> str:
    """One row per event, role and entity of the events in `graph` (a GRAPH term or variable; of the
    `dataset`'s named graphs, when given), with each event's dates: the events api.events.event_pattern binds
    (of one of our classes)."""
    return f"""SELECT ?event ?role ?x ?date {dataset} WHERE {{ GRAPH {graph} {{
          ?event ?role ?x . VALUES ?role {{ {_ROLE_IRIS} }}
          ?event a ?cls . FILTER(?cls IN ({_CLASSES}))
          OPTIONAL {{ ?event <{GK.date}> ?date }} }} }}"""


def _event_rows(store: Store, graph: str) -> list[Row]:
    return store.select_built(_event_query(graph))


def event_counts(rows: Iterable[Row]) -> Counter[EventKey]:
    """How many events have each (entity, role, day), and each (entity, ANY_ROLE, day)."""
    return _count_events(
        (str(row["event"]), str(row["role"]), str(row["x"]), _text(row.get("date"))) for row in rows
    )


def _count_events(rows: Iterable[EventRow]) -> Counter[EventKey]:
    days: dict[str, str] = {}
    roles: dict[str, set[tuple[str, str]]] = {}
    for event, role, x, day in rows:
        if day is not None:
            days[event] = min(days.get(event, day), day)
        roles.setdefault(event, set()).add((x, role))
    counts: Counter[EventKey] = Counter()
    for event, pairs in roles.items():
        day = days.get(event, UNDATED)
        counts.update((x, role, day) for x, role in pairs)
        counts.update((x, ANY_ROLE, day) for x in {x for x, _ in pairs})
    return counts


def event_lines(key: EventKey, count: int, base_iri: str) -> set[str]:
    node = ox.NamedNode(event_node(key, base_iri))
    entity, role, day = key
    pairs: list[tuple[ox.NamedNode, Term]] = [
        (_TYPE, _GK["EventDayCount"]),
        (_GK["countOf"], ox.NamedNode(entity)),
        (_GK["countRole"], ox.NamedNode(role)),
        (_GK["day"], ox.Literal(day)),
        (_GK["eventCount"], _integer(count)),
    ]
    return {str(ox.Triple(node, p, o)) for p, o in pairs}


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


def _statement_query(
    graph: str, *, where: str = "", inside: str = "", outside: str = "", dataset: str = ""
) -> str:
    return (
        f"SELECT ?st ?s ?p ?o ?role ?since ?until ?conf {dataset} WHERE {{ {where} GRAPH {graph} {{ {inside} "
        f"{_STATEMENT_FIELDS} }} {outside} }}"
    )


def _statement_rows(store: Store, graph: str, *, where: str = "", outside: str = "") -> list[Row]:
    return store.select_built(_statement_query(graph, where=where, outside=outside))


@dataclass
class Group:
    """One relation group, as api.relations.find_relations aggregates it. Built whole, it knows every
    statement; merged from batches (`merge`), only the first LISTED_STATEMENTS and how many others."""

    statements: set[str] = field(default_factory=set)
    since: str | None = None
    until: str | None = None
    confidence: Literal | None = None
    unlisted: int = 0  # statements counted but not kept in `statements`

    @property
    def count(self) -> int:
        return len(self.statements) + self.unlisted

    def add(self, row: Row) -> None:
        self.statements.add(str(row["st"]))
        self._widen(_text(row.get("since")), _text(row.get("until")))
        conf = row.get("conf")
        if isinstance(conf, Literal):
            self._raise_confidence(conf)

    def add_terms(self, st: Term, since: Term | None, until: Term | None, conf: Term | None) -> None:
        """`add` of a row of Oxigraph terms; the confidence becomes an rdflib literal only when it is higher."""
        self.statements.add(st.value)
        self._widen(None if since is None else since.value, None if until is None else until.value)
        if isinstance(conf, ox.Literal) and (
            self.confidence is None or Decimal(conf.value) > _number(self.confidence)
        ):
            self.confidence = cast(Literal, from_ox(conf))

    def merge(self, other: Group) -> None:
        """Join the group of other articles' statements (a statement IRI names its article, so none is
        counted twice), keeping only the first LISTED_STATEMENTS IRIs."""
        self.statements |= other.statements
        self.unlisted += other.unlisted
        self._widen(other.since, other.until)
        if other.confidence is not None:
            self._raise_confidence(other.confidence)
        self.trim()

    def trim(self) -> None:
        """Forget all but the first LISTED_STATEMENTS IRIs (the only ones group_lines writes), counting them."""
        if len(self.statements) > LISTED_STATEMENTS:
            kept = set(heapq.nsmallest(LISTED_STATEMENTS, self.statements))
            self.unlisted += len(self.statements) - len(kept)
            self.statements = kept

    def _widen(self, since: str | None, until: str | None) -> None:
        if since is not None:
            self.since = since if self.since is None else min(self.since, since)
        if until is not None:
            self.until = until if self.until is None else max(self.until, until)

    def _raise_confidence(self, conf: Literal) -> None:
        if self.confidence is None or _number(conf) > _number(self.confidence):
            self.confidence = conf


def _number(literal: Literal) -> Decimal:
    return Decimal(str(literal))


def _text(term: object) -> str | None:
    return None if term is None else str(term)


def group_key(row: Row) -> GroupKey:
    return (str(row["p"]), str(row["s"]), str(row["o"]), str(row.get("role") or ""))


def relation_groups(rows: Iterable[Row]) -> dict[GroupKey, Group]:
    groups: dict[GroupKey, Group] = {}
    for row in rows:
        groups.setdefault(group_key(row), Group()).add(row)
    return groups


def group_lines(key: GroupKey, group: Group, base_iri: str) -> set[str]:
    node = ox.NamedNode(group_node(key, base_iri))
    predicate, subject, object_, role = key
    pairs: list[tuple[ox.NamedNode, Term]] = [
        (_TYPE, _GK["RelationGroup"]),
        (_GK["groupPredicate"], ox.NamedNode(predicate)),
        (_GK["groupSubject"], ox.NamedNode(subject)),
        (_GK["groupObject"], ox.NamedNode(object_)),
        (_GK["statementCount"], _integer(group.count)),
        # One literal, so a card reads one row per group however many articles state it; the first few only
        # (those the API lists), so a write of a group many articles state stays small.
        (_GK["statementList"], ox.Literal(" ".join(sorted(group.statements)[:LISTED_STATEMENTS]))),
    ]
    optional = (("groupRole", role or None), ("groupSince", group.since), ("groupUntil", group.until))
    pairs += [(_GK[name], ox.Literal(value)) for name, value in optional if value is not None]
    if group.confidence is not None:
        pairs.append((_GK["groupConfidence"], cast(ox.Literal, to_ox(group.confidence))))
    return {str(ox.Triple(node, p, o)) for p, o in pairs}


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


@dataclass
class Totals:
    """What the whole summaries graph says: the event-day counts and the relation groups."""

    counts: Counter[EventKey] = field(default_factory=Counter)
    groups: dict[GroupKey, Group] = field(default_factory=dict)


def summary_totals(store: Store, *, batch: int = BATCH_GRAPHS) -> Totals:
    """The counts and groups of every named graph, read `batch` graphs at a time. A batch's counts are exact
    (an event lies in its article's graph, so all its dates come in one batch); a relation group spans
    articles, so each batch's groups are merged into those before."""
    totals = Totals()
    graphs = store.graphs()
    for start in range(0, len(graphs), batch):
        # FROM NAMED, not VALUES ?g: Oxigraph then reads only these graphs, where it joins a VALUES with the
        # pattern matched in every graph (each batch costing as much as the whole store).
        dataset = " ".join(f"FROM NAMED <{iri}>" for iri in graphs[start : start + batch])
        totals.counts.update(_batch_counts(store, dataset))
        for key, group in _batch_groups(store, dataset).items():
            if key in totals.groups:
                totals.groups[key].merge(group)
            else:
                group.trim()
                totals.groups[key] = group
    return totals


def _batch_counts(store: Store, dataset: str) -> Counter[EventKey]:
    # Every named graph, as a whole-store query reads them (GeoKG's own events are all in article graphs).
    rows = store.select_terms(_event_query("?g", dataset=dataset))
    return _count_events(
        (event.value, role.value, x.value, None if date is None else date.value)  # type: ignore[union-attr]
        for event, role, x, date in rows
    )


def _batch_groups(store: Store, dataset: str) -> dict[GroupKey, Group]:
    # Statements of article graphs only, as summary_changes reads them.
    rows = store.select_terms(_statement_query("?g", inside=f"?g a <{GK.Article}> .", dataset=dataset))
    groups: dict[GroupKey, Group] = {}
    for st, s, p, o, role, since, until, conf in rows:
        key = (p.value, s.value, o.value, "" if role is None else role.value)  # type: ignore[union-attr]
        groups.setdefault(key, Group()).add_terms(st, since, until, conf)  # type: ignore[arg-type]
    return groups


def summary_lines(totals: Totals, *, base_iri: str) -> Iterator[str]:
    """The N-Triples lines (without " .") of the summaries graph of `totals`, the marker last."""
    for counted, count in totals.counts.items():
        yield from event_lines(counted, count, base_iri)
    for key, group in totals.groups.items():
        yield from group_lines(key, group, base_iri)
    yield from _marker_lines(base_iri)


def summaries_graph(store: Store, *, base_iri: str | None = None, batch: int = BATCH_GRAPHS) -> Graph:
    """The whole summaries graph as an rdflib graph (for tests and small stores; `refresh_summaries` streams
    it into the store instead)."""
    base = base_iri or DEFAULT_BASE_IRI
    lines = summary_lines(summary_totals(store, batch=batch), base_iri=base)
    graph = Graph(identifier=URIRef(summaries_graph_iri(base)))
    graph.parse(data="".join(f"{line} .\n" for line in lines), format="nt")
    return graph


def refresh_summaries(store: Store, *, base_iri: str | None = None, batch: int = BATCH_GRAPHS) -> int:
    """Recompute the whole summaries graph; returns how many triples it holds.

    The graph is dropped and written a chunk at a time once the totals are known, its marker last: until the
    marker is in, the API reads the store the old way, so it never reads half the counts as all of them."""
    base = base_iri or DEFAULT_BASE_IRI
    totals = summary_totals(store, batch=batch)
    graph = summaries_graph_iri(base)
    store.delete_graph(graph)
    written = 0
    lines = summary_lines(totals, base_iri=base)
    while chunk := list(itertools.islice(lines, WRITE_LINES)):
        store.insert_ntriples(graph, "".join(f"{line} .\n" for line in chunk).encode())
        written += len(chunk)
    logger.info(
        "Summaries: %d event-day counts, %d relation groups, %d triples",
        len(totals.counts),
        len(totals.groups),
        written,
    )
    # Each node's lines differ, and nodes are named by their keys' hashes: no line comes twice.
    return written


def drop_summaries(store: Store, *, base_iri: str | None = None) -> bool:
    """Drop the summaries after a bulk load into a store that held some, which they do not count (so the API
    reads the old way until `geokg migrate`); False when there were none."""
    if not has_summaries(store, base_iri=base_iri):
        return False
    return store.delete_graph(summaries_graph_iri(base_iri))


def _marker_lines(base_iri: str) -> set[str]:
    graph = ox.NamedNode(summaries_graph_iri(base_iri))
    return {str(ox.Triple(graph, _GK["summariesVersion"], _integer(VERSION)))}


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INTEGER)


def _iris(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def _rows_of(triples: Iterable[tuple[str, str, str]]) -> str:
    return " ".join(f"(<{p}> <{s}> <{o}>)" for p, s, o in sorted(triples))
