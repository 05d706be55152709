"""Writing and deleting one article: its named graph, its entities' descriptions, the merged events of
the buckets it touches and its entities' summaries (kg/graph/summaries.py) change together, in one atomic
update (kg/graph/steps.py: one transaction embedded, one request remote, one operation on Virtuoso), so a
write that fails or is interrupted leaves the store as it was before that article."""

from __future__ import annotations

from dataclasses import dataclass

from kg.facts import DEFAULT_BASE_IRI, Facts
from kg.graph._converter import to_ox
from kg.graph.entities import description_changes, descriptions_by_entity, drop_descriptions
from kg.graph.merged_events import event_summaries, merged_changes, merged_graph_iri
from kg.graph.merging import EventSummary
from kg.graph.rdf import entities_graph_iri, to_graphs
from kg.graph.steps import create_graph, data, drop_graph
from kg.graph.store import Store
from kg.graph.summaries import summaries_graph_iri, summary_changes


@dataclass(frozen=True)
class RenderedArticle:
    """An article's facts as N-Triples for the store. Rendering is pure and costs about as much as writing,
    so a batch renders in its extraction workers and its writing process only compares and writes."""

    facts: Facts
    base_iri: str
    lines: list[str]  # the article's named graph
    descriptions: dict[str, frozenset[str]]  # each entity's description, for the entities graph
    events: list[EventSummary]


def render_article(facts: Facts, *, base_iri: str | None = None) -> RenderedArticle:
    """:raises ValueError: on facts the graph cannot hold (kg.graph.rdf.to_graphs)."""
    base = base_iri or DEFAULT_BASE_IRI
    graph, descriptions = to_graphs(facts, base_iri=base)
    lines = [str(to_ox(triple)) for triple in graph]
    return RenderedArticle(facts, base, lines, descriptions_by_entity(descriptions), event_summaries(facts))


def write_rendered(store: Store, rendered: RenderedArticle) -> int:
    """Replace the article's named graph, add its entities' descriptions, and update the merged events;
    returns how many triples the article graph holds."""
    article = rendered.facts.article.iri
    _apply(store, article, rendered.lines, rendered.descriptions, rendered.events, rendered.base_iri)
    return len(rendered.lines)


def write_article(store: Store, facts: Facts, *, base_iri: str | None = None) -> int:
    """Render and write one article (write_rendered)."""
    return write_rendered(store, render_article(facts, base_iri=base_iri))


def remove_article(store: Store, article: str, *, base_iri: str | None = None) -> bool:
    """Delete an article's named graph, the descriptions no other article refers to, and update the merged
    events; False when there is no such article."""
    if not store.has_graph(article):
        return False
    _apply(store, article, [], {}, [], base_iri or DEFAULT_BASE_IRI)
    return True


def _apply(
    store: Store,
    article: str,
    lines: list[str],
    descriptions: dict[str, frozenset[str]],
    events: list[EventSummary],
    base_iri: str,
) -> None:
    entities_iri, merged_iri = entities_graph_iri(base_iri), merged_graph_iri(base_iri)
    dropped, described = description_changes(
        store, article=article, descriptions=descriptions, graph_iri=entities_iri
    )
    merged_out, merged_in = merged_changes(store, article=article, new_events=events, base_iri=base_iri)
    # Read before the steps change anything: the summaries change by the article's old and new graphs.
    summaries = summary_changes(store, article=article, lines=lines, base_iri=base_iri)
    steps = [create_graph(entities_iri), create_graph(merged_iri), drop_graph(article)]
    if dropped:
        steps.append(drop_descriptions(dropped, graph_iri=entities_iri))
    if merged_out:
        steps.append(data("DELETE", merged_iri, merged_out))
    for graph_iri, added in ((article, lines), (entities_iri, described), (merged_iri, merged_in)):
        if added:
            steps.append(data("INSERT", graph_iri, added))
    if summaries:
        steps = [create_graph(summaries_graph_iri(base_iri)), *steps, *summaries]
    store.apply(steps)
