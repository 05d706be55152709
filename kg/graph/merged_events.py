"""The merged-events graph in the store: recomputed whole, or only for the groups one article touches.

A merged event is a connected group of reports that agree pairwise (kg.graph.merging). A write or delete
changes only the groups of the reports that agree with the article's new ones and the groups its old ones were
in: `merged_changes` reads those groups whole, clusters them again with the article's new reports and gives
the update that replaces them. Clustering the same reports gives the same merged events, so any order of
writes ends in the graph `refresh_merged_events` computes from scratch.

`refresh_merged_events` computes the whole graph a batch of buckets at a time (kg.graph.merging compares
reports only within a type and month, or with their year alone), holding one batch's reports and writing
N-Triples in chunks: the one query of every report and the rdflib graph of every merged event grew with the
store (issue #10).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.facts import DEFAULT_BASE_IRI, EVENT_TYPES, Facts, stable_hash
from kg.graph._converter import to_ox
from kg.graph.merging import DAY_WINDOW, Cluster, EventSummary, cluster_events, may_merge
from kg.graph.rdf import GK, event_class, event_type, typed_date
from kg.graph.store import Store, Term

logger = logging.getLogger(__name__)

# Reports read by one query of `refresh_merged_events` (whole buckets, so a big bucket is read alone), and
# N-Triples lines written by one insert: a few MB each, so its memory does not grow with the store.
BATCH_EVENTS = 20_000
WRITE_LINES = 50_000

_EVENT_ROWS = """PREFIX gk: <https://w3id.org/geokg/ontology#>
SELECT ?g ?event ?class ?date ?place ?actor WHERE {{
  {outside}
  GRAPH {graph} {{
    ?event gk:evidence ?evidence ; a ?class .
    {inside}
    OPTIONAL {{ ?event gk:date ?date }}
    OPTIONAL {{ ?event gk:place ?place }}
    OPTIONAL {{ ?event gk:actor ?actor }}
  }}
  {after}
}}"""
# Every report: the classes of the ontology, but not relation statements (they have evidence too).
_ANY_EVENT = "FILTER NOT EXISTS { ?event gk:predicate ?p } FILTER(STRSTARTS(STR(?class), STR(gk:)))"


def merged_graph_iri(base_iri: str | None = None) -> str:
    return f"{base_iri or DEFAULT_BASE_IRI}graph/merged-events"


def event_summaries(facts: Facts) -> list[EventSummary]:
    """The reports of an article's facts, as the clustering compares them."""
    return [
        EventSummary(e.iri, facts.article.iri, e.type, e.date, frozenset(e.places), frozenset(e.actors))
        for e in facts.events
    ]


def refresh_merged_events(store: Store, *, base_iri: str | None = None, batch: int = BATCH_EVENTS) -> int:
    """Recompute the whole merged-events graph from every report; returns how many merged events it holds.

    Reports are read a batch of buckets at a time (`_units`: the buckets `cluster_events` may link, whole),
    clustered and written as they come, so memory is one batch's reports and one chunk of lines. The graph is
    dropped (and made empty) first: until the last chunk is in, readers see part of the merged events."""
    base = base_iri or DEFAULT_BASE_IRI
    merged_iri = merged_graph_iri(base)
    sizes = _bucket_sizes(store, merged_iri)
    store.put_graph(merged_iri, Graph())  # an empty graph stays, as an ingest keeps it
    merged = 0
    pending: list[str] = []
    for buckets in _batches(_units(sizes), sizes, batch):
        clusters = cluster_events(_bucket_reports(store, buckets, sizes, merged_iri))
        merged += len(clusters)
        pending.extend(line for cluster in clusters for line in _cluster_lines(cluster, base))
        if len(pending) >= WRITE_LINES:
            _write(store, merged_iri, pending)
            pending = []
    _write(store, merged_iri, pending)
    logger.info(
        "Merged events: %d buckets of %d reports, %d merged events", len(sizes), sum(sizes.values()), merged
    )
    return merged


def merged_changes(
    store: Store, *, article: str, new_events: list[EventSummary], base_iri: str | None = None
) -> tuple[set[str], set[str]]:
    """What writing (or, with no `new_events`, deleting) `article` does to the merged-events graph: the
    N-Triples lines to take out and those to add (only what differs, so a big merged event that gains one
    report is not written again whole).

    Merged events are the connected groups of reports that agree pairwise, so a write can only change the
    groups of the reports a new report agrees with and the groups the article's old reports were in: those
    groups are read whole and clustered again with the new reports; no other group changes. The cost follows
    the reports that share a place or an actor with the article's, not the size of the store."""
    merged_iri = merged_graph_iri(base_iri)
    old_events = _read(store, outside=f"BIND(<{article}> AS ?g)", graph=f"<{article}>", inside=_ANY_EVENT)
    neighbours = [
        candidate
        for candidate in _candidates(store, new_events, article=article)
        if any(may_merge(event, candidate) for event in new_events)
    ]
    touched = {event.iri for event in [*neighbours, *old_events]}
    members = _group_members(store, touched, merged_iri) if touched else set()
    scope = neighbours + _read_events(store, members - touched, article=article)
    stale = {event.iri for event in [*scope, *old_events]}
    before = _merged_lines(store, stale, merged_iri) if stale else set()
    after = {
        str(to_ox(triple))
        for triple in merged_graph(cluster_events([*scope, *new_events]), base_iri=base_iri)
    }
    return before - after, after - before


def merged_graph(clusters: Iterable[Cluster], *, base_iri: str | None = None) -> Graph:
    """The merged events of clusters: each lists its reports, their articles and the fields that agreed."""
    base = base_iri or DEFAULT_BASE_IRI
    graph = Graph(identifier=URIRef(merged_graph_iri(base)))
    for cluster in clusters:
        first = min(event.iri for event in cluster.events)
        node = URIRef(f"{base}merged-event/{stable_hash(first)}")
        graph.add((node, RDF.type, GK.MergedEvent))
        label = f"{cluster.events[0].type} reported by {len(cluster.articles)} articles"
        graph.add((node, RDFS.label, Literal(label)))
        for event in cluster.events:
            graph.add((node, GK.mergedEvent, URIRef(event.iri)))
        for article in cluster.articles:
            graph.add((node, GK.source, URIRef(article)))
        for reason in cluster.reasons:
            graph.add((node, GK.mergeReason, Literal(reason)))
    return graph


def _candidates(store: Store, events: list[EventSummary], *, article: str) -> list[EventSummary]:
    """The reports in other articles of the type of one of `events`, sharing a place or an actor with it
    and dated so that they are compared (kg.graph.merging.may_merge sorts out those that agree)."""
    by_date: set[str] = set()
    by_place_and_actor: set[str] = set()
    for event in events:
        cls = f"<{event_class(event.type)}>"
        dates = _dates_compared(event.date)
        if dates is None:  # a year alone or no date: only a shared place and a shared actor merge them
            by_place_and_actor.update(
                f'({cls} <{place}> <{actor}> "{event.date or ""}")'
                for place in event.places
                for actor in event.actors
            )
            continue
        by_date.update(f"({cls} <{entity}> {day})" for entity in event.places | event.actors for day in dates)
    found: set[str] = set()
    # Dated reports are found through their exact date literals (an index lookup), not by reading every
    # report of a popular actor.
    if by_date:
        found |= _select_events(
            store,
            f"""VALUES (?class ?entity ?date) {{ {" ".join(sorted(by_date))} }}
            GRAPH ?g {{ ?event gk:date ?date ; a ?class ; gk:place|gk:actor ?entity }}""",
            article=article,
        )
    if by_place_and_actor:
        found |= _select_events(
            store,
            f"""VALUES (?class ?place ?actor ?key) {{ {" ".join(sorted(by_place_and_actor))} }}
            GRAPH ?g {{ ?event gk:place ?place ; gk:actor ?actor ; a ?class .
                        OPTIONAL {{ ?event gk:date ?date }} }}
            FILTER(IF(?key = "", !BOUND(?date), BOUND(?date) && STRSTARTS(STR(?date), ?key)))""",
            article=article,
        )
    return _read_events(store, found, article=article)


def _select_events(store: Store, where: str, *, article: str) -> set[str]:
    rows = store.select_built(
        f"""PREFIX gk: <https://w3id.org/geokg/ontology#>
        SELECT DISTINCT ?event WHERE {{ {where} FILTER(?g != <{article}>) }}"""
    )
    return {str(row["event"]) for row in rows}


def _dates_compared(day: str | None) -> list[str] | None:
    """The date literals of the reports a report dated `day` is compared with: the days of its window in its
    month (every day of the month for a month), the month alone and the year alone; None for a year alone
    or no date."""
    if not day or len(day) == 4:
        return None
    if len(day) == 10:
        # By ordinal, so a window at the ends of the calendar (0001-01-01, 9999-12-31) stops at them.
        middle, last = date.fromisoformat(day).toordinal(), date.max.toordinal()
        near = range(max(1, middle - DAY_WINDOW.days), min(last, middle + DAY_WINDOW.days) + 1)
        days = [d for d in map(date.fromordinal, near) if d.isoformat()[:7] == day[:7]]
    else:
        first = date.fromisoformat(f"{day}-01")
        days = [
            first + timedelta(days=n) for n in range(31) if (first + timedelta(days=n)).month == first.month
        ]
    values = [d.isoformat() for d in days] + [day[:7], day[:4]]
    return [str(to_ox(typed_date(value))) for value in values]


def _group_members(store: Store, events: set[str], merged_iri: str) -> set[str]:
    """Every report of the merged events that list one of `events`."""
    rows = store.select_built(
        f"""SELECT DISTINCT ?member WHERE {{ VALUES ?event {{ {_iris(events)} }}
          GRAPH <{merged_iri}> {{ ?merged <{GK.mergedEvent}> ?event , ?member }} }}"""
    )
    return {str(row["member"]) for row in rows}


def _read_events(store: Store, events: set[str], *, article: str) -> list[EventSummary]:
    """The summaries of `events` as stored in every graph but `article`'s."""
    if not events:
        return []
    inside = f"VALUES ?event {{ {_iris(events)} }} {_ANY_EVENT}"
    return _read(store, outside="", graph="?g", inside=inside, after=f"FILTER(?g != <{article}>)")


def _iris(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def _read(store: Store, *, outside: str, graph: str, inside: str, after: str = "") -> list[EventSummary]:
    query = _EVENT_ROWS.format(outside=outside, graph=graph, inside=inside, after=after)
    return _summaries(store.select_built(query))


def _summaries(rows: Iterable[dict]) -> list[EventSummary]:  # type: ignore[type-arg]
    """One summary per event from rows of `_EVENT_ROWS` (one row per place and actor)."""
    names = ("g", "event", "class", "date", "place", "actor")
    return _summaries_of(tuple(_text(row.get(name)) for name in names) for row in rows)


def _text(term: object) -> str | None:
    return None if term is None else str(term)


def _summaries_of(rows: Iterable[tuple[str | None, ...]]) -> list[EventSummary]:
    """`_summaries` of rows of strings (graph, event, class, date, place, actor; None where unbound)."""
    found: dict[str, dict] = {}  # type: ignore[type-arg]
    for g, event, cls, day, place, actor in rows:
        entry = found.setdefault(
            str(event), {"g": g, "class": cls, "date": None, "places": set(), "actors": set()}
        )
        if day is not None:
            entry["date"] = day
        if place is not None:
            entry["places"].add(place)
        if actor is not None:
            entry["actors"].add(actor)
    return [
        EventSummary(
            iri, e["g"], event_type(e["class"]), e["date"], frozenset(e["places"]), frozenset(e["actors"])
        )
        for iri, e in found.items()
    ]


def _merged_lines(store: Store, events: set[str], merged_iri: str) -> set[str]:
    """The N-Triples lines of every merged event that lists one of `events`."""
    rows = store.select_built(
        f"""SELECT ?merged ?p ?o WHERE {{
          {{ SELECT DISTINCT ?merged WHERE {{
              VALUES ?event {{ {_iris(events)} }} GRAPH <{merged_iri}> {{ ?merged <{GK.mergedEvent}> ?event }} }} }}
          GRAPH <{merged_iri}> {{ ?merged ?p ?o }}
        }}"""
    )
    return {str(to_ox((row["merged"], row["p"], row["o"]))) for row in rows}


# --- the whole graph, a batch of buckets at a time

# A report class IRI and its dates' key: "YYYY-MM", "YYYY" (a year alone) or "" (no date).
Bucket = tuple[str, str]

# How many nodes of each event class each bucket holds; the key is `kg.graph.merging._bucket_key`'s month, ""
# for no date. Nodes, not reports (evidence, no gk:predicate): a bucket here that holds no report only costs
# a query, and without those two patterns the count takes 1.2 s, not 3.0 s, at 10k articles. A report of a gk:
# class that is no event class is left out, where the one-query build stopped on it (`event_type` refuses it).
_BUCKET_SIZES = """PREFIX gk: <https://w3id.org/geokg/ontology#>
SELECT ?class ?key (COUNT(DISTINCT ?event) AS ?n) WHERE {{
  GRAPH ?g {{
    ?event a ?class . FILTER(?class IN ({classes}))
    OPTIONAL {{ ?event gk:date ?date }}
  }}
  FILTER(?g != <{merged}>)
  BIND(IF(BOUND(?date), SUBSTR(STR(?date), 1, 7), "") AS ?key)
}} GROUP BY ?class ?key"""
_EVENT_CLASSES = ", ".join(f"<{event_class(name)}>" for name in EVENT_TYPES)


# The reports of one class (every bucket of it, or a range of its keys): the class written in the pattern, as
# VALUES ?class made Oxigraph read the reports of every class and keep this one's (3x slower).
_CLASS_ROWS = """PREFIX gk: <https://w3id.org/geokg/ontology#>
SELECT ?g ?event ?class ?date ?place ?actor WHERE {{
  GRAPH ?g {{
    ?event a <{cls}> ; gk:evidence ?evidence .
    FILTER NOT EXISTS {{ ?event gk:predicate ?p }}
    OPTIONAL {{ ?event gk:date ?date }}
    OPTIONAL {{ ?event gk:place ?place }}
    OPTIONAL {{ ?event gk:actor ?actor }}
  }}
  FILTER(?g != <{merged}>)
  BIND(<{cls}> AS ?class)
  {narrow}
}}"""


def _bucket_sizes(store: Store, merged_iri: str) -> dict[Bucket, int]:
    rows = store.select_terms(_BUCKET_SIZES.format(classes=_EVENT_CLASSES, merged=merged_iri))
    return {(cls.value, key.value): int(n.value) for cls, key, n in rows}  # type: ignore[union-attr]


def _units(sizes: Iterable[Bucket]) -> list[list[Bucket]]:
    """The buckets `cluster_events` may link, in groups no link leaves: a month is compared with itself and
    with its year alone, and a year alone with every month of that year, so when a type has reports dated by a
    year alone, that year's buckets are one group; otherwise each month is its own, and so is no date. (Dates
    a few days apart across a month's end are in two buckets and never compared: the same here as whole.)"""
    buckets = set(sizes)
    units: dict[Bucket, list[Bucket]] = {}
    for cls, key in sorted(buckets):
        joined = bool(key) and (cls, key[:4]) in buckets
        units.setdefault((cls, key[:4]) if joined else (cls, key), []).append((cls, key))
    return list(units.values())


def _batches(units: list[list[Bucket]], sizes: dict[Bucket, int], batch: int) -> Iterator[list[Bucket]]:
    """Whole units, joined until they hold `batch` reports (a bigger unit alone)."""
    current: list[Bucket] = []
    held = 0
    for unit in units:
        size = sum(sizes[bucket] for bucket in unit)
        if current and held + size > batch:
            yield current
            current, held = [], 0
        current += unit
        held += size
    if current:
        yield current


def _bucket_reports(
    store: Store, buckets: list[Bucket], sizes: dict[Bucket, int], merged_iri: str
) -> list[EventSummary]:
    """The reports of `buckets` (sorted, so each class's keys are one range), one query per class: the
    class's reports are found through their type (an index lookup), narrowed to the range of keys when the
    batch holds only some of the class's buckets. The exact buckets are kept here: a report is read in its
    bucket's batch only."""
    rows: list[tuple[Term | None, ...]] = []
    for cls, keys in itertools.groupby(buckets, key=lambda bucket: bucket[0]):
        held = [key for _, key in keys]
        narrow = ""
        if len(held) < sum(1 for other, _ in sizes if other == cls):
            narrow = (
                'BIND(IF(BOUND(?date), SUBSTR(STR(?date), 1, 7), "") AS ?key)'
                f' FILTER(?key >= "{min(held)}" && ?key <= "{max(held)}")'
            )
        query = _CLASS_ROWS.format(cls=cls, merged=merged_iri, narrow=narrow)
        rows += store.select_terms(query)
    wanted = set(buckets)
    return _summaries_of(
        texts
        for texts in (tuple(None if term is None else term.value for term in row) for row in rows)
        if (texts[2], (texts[3] or "")[:7]) in wanted
    )


def _cluster_lines(cluster: Cluster, base: str) -> Iterator[str]:
    """The N-Triples lines (without " .") of one merged event: `merged_graph`'s triples of it."""
    node = ox.NamedNode(f"{base}merged-event/{stable_hash(min(event.iri for event in cluster.events))}")
    label = f"{cluster.events[0].type} reported by {len(cluster.articles)} articles"
    pairs: list[tuple[ox.NamedNode, Term]] = [(_TYPE, _MERGED_EVENT), (_LABEL, ox.Literal(label))]
    pairs += [(_MEMBER, ox.NamedNode(event.iri)) for event in cluster.events]
    pairs += [(_SOURCE, ox.NamedNode(article)) for article in cluster.articles]
    pairs += [(_REASON, ox.Literal(reason)) for reason in cluster.reasons]
    # A set, as the rdflib graph is: a report listed twice is one triple.
    yield from {str(ox.Triple(node, p, o)) for p, o in pairs}


_TYPE, _LABEL = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.label))
_MERGED_EVENT, _MEMBER = ox.NamedNode(str(GK.MergedEvent)), ox.NamedNode(str(GK.mergedEvent))
_SOURCE, _REASON = ox.NamedNode(str(GK.source)), ox.NamedNode(str(GK.mergeReason))


def _write(store: Store, graph_iri: str, lines: list[str]) -> None:
    for start in range(0, len(lines), WRITE_LINES):
        chunk = lines[start : start + WRITE_LINES]
        store.insert_ntriples(graph_iri, "".join(f"{line} .\n" for line in chunk).encode())
