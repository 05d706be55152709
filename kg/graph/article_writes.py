"""Writing and deleting one article: its named graph, its entities' descriptions and the merged events of
the buckets it touches change together, in one SPARQL Update (one transaction embedded, one request remote),
so a write that is interrupted leaves the store as it was before that article."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from kg.facts import DEFAULT_BASE_IRI, Facts
from kg.graph._converter import to_ox
from kg.graph.entities import description_changes, drop_descriptions
from kg.graph.merged_events import event_summaries, merged_changes, merged_graph_iri
from kg.graph.merging import EventSummary
from kg.graph.rdf import entities_graph_iri, to_graphs
from kg.graph.store import Store, insert_data


def write_article(store: Store, facts: Facts, *, base_iri: str | None = None) -> int:
    """Replace the article's named graph, add its entities' descriptions, and update the merged events;
    returns how many triples the article graph holds."""
    base = base_iri or DEFAULT_BASE_IRI
    graph, descriptions = to_graphs(facts, base_iri=base)
    _apply(store, facts.article.iri, graph, descriptions, event_summaries(facts), base)
    return len(graph)


def remove_article(store: Store, article: str, *, base_iri: str | None = None) -> bool:
    """Delete an article's named graph, the descriptions no other article refers to, and update the merged
    events; False when there is no such article."""
    if not store.has_graph(article):
        return False
    _apply(store, article, None, Graph(), [], base_iri or DEFAULT_BASE_IRI)
    return True


def _apply(
    store: Store,
    article: str,
    graph: Graph | None,
    descriptions: Graph,
    events: list[EventSummary],
    base_iri: str,
) -> None:
    entities_iri, merged_iri = entities_graph_iri(base_iri), merged_graph_iri(base_iri)
    dropped, lines = description_changes(
        store, article=article, descriptions=descriptions, graph_iri=entities_iri
    )
    merged_out, merged_in = merged_changes(store, article=article, new_events=events, base_iri=base_iri)
    operations = [f"CREATE SILENT GRAPH <{entities_iri}>", f"CREATE SILENT GRAPH <{merged_iri}>"]
    operations.append(f"DROP SILENT GRAPH <{article}>")
    if dropped:
        operations.append(drop_descriptions(dropped, graph_iri=entities_iri))
    if merged_out:
        operations.append(_data("DELETE", merged_iri, merged_out))
    quads = _quads(graph)
    inserts = [insert_data(quads)] if quads else []
    for graph_iri, added in ((entities_iri, lines), (merged_iri, merged_in)):
        if added:
            inserts.append(_data("INSERT", graph_iri, added))
    store.update(" ;\n".join(operations + inserts))


def _data(verb: str, graph_iri: str, lines: Iterable[str]) -> str:
    """`INSERT DATA` or `DELETE DATA` of N-Triples lines in one graph."""
    body = " .\n".join(sorted(lines))
    return f"{verb} DATA {{ GRAPH <{graph_iri}> {{\n{body} .\n}} }}"


def _quads(graph: Graph | None) -> list[ox.Quad]:
    if graph is None:
        return []
    name = graph.identifier
    return [to_ox((s, p, o, name)) for s, p, o in graph]
