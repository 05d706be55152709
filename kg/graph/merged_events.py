"""The merged-events graph in the store: recomputed whole, or only for the groups one article touches.

A merged event is a connected group of reports that agree pairwise (kg.graph.merging). A write or delete
changes only the groups of the reports that agree with the article's new ones and the groups its old ones were
in: `merged_changes` reads those groups whole, clusters them again with the article's new reports and gives
the update that replaces them. Clustering the same reports gives the same merged events, so any order of
writes ends in the graph `refresh_merged_events` computes from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.facts import DEFAULT_BASE_IRI, Facts, stable_hash
from kg.graph._converter import to_ox
from kg.graph.merging import DAY_WINDOW, Cluster, EventSummary, cluster_events, may_merge
from kg.graph.rdf import GK, event_class, event_type, typed_date
from kg.graph.store import Store

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
    rows = store.select_built(
        f"""SELECT ?merged ?p ?o WHERE {{
          {{ SELECT DISTINCT ?merged WHERE {{
              VALUES ?event {{ {_iris(events)} }} GRAPH <{merged_iri}> {{ ?merged <{GK.mergedEvent}> ?event }} }} }}
          GRAPH <{merged_iri}> {{ ?merged ?p ?o }}
        }}"""
    )
    return {str(to_ox((row["merged"], row["p"], row["o"]))) for row in rows}
