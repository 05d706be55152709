"""The merged-events graph in the store: recomputed whole, or only for the buckets one article touches.

Reports can only merge within one event type and month (a report dated by its year alone may join any month
of that year), so a write or delete changes the merged events of those buckets and of no other:
`merged_changes` reads the reports of the buckets an article touches, clusters them with the article's new
reports and gives the update that replaces those buckets' merged events. Clustering the same reports gives
the same merged events, so any order of writes ends in the graph `refresh_merged_events` computes from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.facts import DEFAULT_BASE_IRI, Facts, stable_hash
from kg.graph._converter import to_ox
from kg.graph.merging import Cluster, EventSummary, cluster_events
from kg.graph.rdf import GK, event_class, event_type
from kg.graph.store import Store

# An event type and a month ("2023-05"), a whole year ("2023") or None (undated reports).
Unit = tuple[str, str | None]

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


def refresh_merged_events(store: Store, *, base_iri: str | None = None) -> int:
    """Recompute the whole merged-events graph from every report; returns how many merged events it holds."""
    merged_iri = merged_graph_iri(base_iri)
    query = _EVENT_ROWS.format(
        outside="", graph="?g", inside=_ANY_EVENT, after=f"FILTER(?g != <{merged_iri}>)"
    )
    clusters = cluster_events(_summaries(store.select_built(query)))
    store.put_graph(merged_iri, merged_graph(clusters, base_iri=base_iri))
    return len(clusters)


def merged_changes(
    store: Store, *, article: str, new_events: list[EventSummary], base_iri: str | None = None
) -> tuple[set[str], set[str]]:
    """What writing (or, with no `new_events`, deleting) `article` does to the merged events of the buckets it
    touches: the N-Triples lines to take out of the merged-events graph and those to add (only what differs,
    so a big merged event that gains one report is not written again whole)."""
    old_events = _read(store, outside=f"BIND(<{article}> AS ?g)", graph=f"<{article}>", inside=_ANY_EVENT)
    scope = [
        event
        for unit in _units(store, [*old_events, *new_events], article=article)
        for event in _read_unit(store, unit, article=article)
    ]
    stale = {event.iri for event in [*scope, *old_events]}
    before = _merged_lines(store, stale, merged_graph_iri(base_iri)) if stale else set()
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


def _units(store: Store, events: list[EventSummary], *, article: str) -> set[Unit]:
    """The buckets whose merged events may change: each report's month, or its whole year when a report of
    that type is dated by the year alone (it can join reports of any month, linking them)."""
    year_only: dict[tuple[str, str], bool] = {}
    units: set[Unit] = set()
    for event in events:
        key = event.date[:7] if event.date else None
        if key is not None and len(key) == 7:
            year = (event.type, key[:4])
            if year not in year_only:
                year_only[year] = _has_year_only(store, *year, article=article)
            key = key[:4] if year_only[year] else key
        units.add((event.type, key))
    years = {unit for unit in units if unit[1] is not None and len(unit[1]) == 4}
    return {u for u in units if u[1] is None or len(u[1]) == 4 or (u[0], u[1][:4]) not in years}


def _has_year_only(store: Store, type_: str, year: str, *, article: str) -> bool:
    found = store.select_built(
        f"""PREFIX gk: <https://w3id.org/geokg/ontology#>
        SELECT ?event WHERE {{ GRAPH ?g {{ ?event a <{event_class(type_)}> ; gk:evidence ?evidence ;
          gk:date ?date . FILTER(STR(?date) = "{year}") }} FILTER(?g != <{article}>) }} LIMIT 1"""
    )
    return bool(found)


def _read_unit(store: Store, unit: Unit, *, article: str) -> list[EventSummary]:
    """The reports of one bucket in every graph but `article`'s."""
    type_, key = unit
    dated = (
        "FILTER NOT EXISTS { ?event gk:date ?anyDate }"
        if key is None
        else f'?event gk:date ?unitDate FILTER(STRSTARTS(STR(?unitDate), "{key}"))'
    )
    inside = f"VALUES ?class {{ <{event_class(type_)}> }} {dated}"
    return _read(store, outside="", graph="?g", inside=inside, after=f"FILTER(?g != <{article}>)")


def _read(store: Store, *, outside: str, graph: str, inside: str, after: str = "") -> list[EventSummary]:
    query = _EVENT_ROWS.format(outside=outside, graph=graph, inside=inside, after=after)
    return _summaries(store.select_built(query))


def _summaries(rows: Iterable[dict]) -> list[EventSummary]:  # type: ignore[type-arg]
    """One summary per event from rows of `_EVENT_ROWS` (one row per place and actor)."""
    found: dict[str, dict] = {}  # type: ignore[type-arg]
    for row in rows:
        entry = found.setdefault(
            str(row["event"]),
            {"g": str(row["g"]), "class": str(row["class"]), "date": None, "places": set(), "actors": set()},
        )
        if row.get("date") is not None:
            entry["date"] = str(row["date"])
        if row.get("place") is not None:
            entry["places"].add(str(row["place"]))
        if row.get("actor") is not None:
            entry["actors"].add(str(row["actor"]))
    return [
        EventSummary(
            iri, e["g"], event_type(e["class"]), e["date"], frozenset(e["places"]), frozenset(e["actors"])
        )
        for iri, e in found.items()
    ]


def _merged_lines(store: Store, events: set[str], merged_iri: str) -> set[str]:
    """The N-Triples lines of every merged event that lists one of `events`."""
    listed = " ".join(f"<{iri}>" for iri in sorted(events))
    rows = store.select_built(
        f"""SELECT ?merged ?p ?o WHERE {{
          {{ SELECT DISTINCT ?merged WHERE {{
              VALUES ?event {{ {listed} }} GRAPH <{merged_iri}> {{ ?merged <{GK.mergedEvent}> ?event }} }} }}
          GRAPH <{merged_iri}> {{ ?merged ?p ?o }}
        }}"""
    )
    return {str(to_ox((row["merged"], row["p"], row["o"]))) for row in rows}
