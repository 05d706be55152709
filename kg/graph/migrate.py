"""`geokg migrate`: bring a store written before the entities graph (each article graph describing its own
entities) to the current shape; running it again changes nothing.

Entity descriptions move from the article graphs to `id:graph/entities` (one per entity, chosen as on ingest,
see kg.graph.entities), each article graph says which entities it refers to (`dcterms:references`), and the
merged events and the summaries (kg/graph/summaries.py) are recomputed whole. The moves run as one atomic
update (kg/graph/steps.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.namespace import DCTERMS, RDF

from kg.facts import DEFAULT_BASE_IRI
from kg.graph._converter import to_ox
from kg.graph.entities import description_key, drop_descriptions, stored_descriptions
from kg.graph.merged_events import refresh_merged_events
from kg.graph.rdf import DESCRIPTION_PREDICATES, GK, entities_graph_iri
from kg.graph.steps import Step, create_graph, data, modify
from kg.graph.store import Store
from kg.graph.summaries import refresh_summaries


@dataclass(frozen=True)
class Migration:
    articles: int  # article graphs that held descriptions
    entities: int  # descriptions written to the entities graph
    merged_events: int
    summaries: int = 0  # triples in the summaries graph


def migrate(store: Store, *, base_iri: str | None = None) -> Migration:
    """Move entity descriptions out of the article graphs, then recompute the merged events and summaries."""
    base = base_iri or DEFAULT_BASE_IRI
    graph_iri = entities_graph_iri(base)
    # Article graphs hold the article's own description: the pattern `?g a gk:Article` inside GRAPH ?g.
    pattern = _described_in_articles(base)
    rows = store.select_built(f"SELECT ?g ?s ?p ?o WHERE {{ {pattern} }}")
    candidates: dict[str, dict[str, set[str]]] = {}
    for row in rows:
        line = str(to_ox((row["s"], row["p"], row["o"])))
        candidates.setdefault(str(row["s"]), {}).setdefault(str(row["g"]), set()).add(line)
    stored = stored_descriptions(store, candidates, graph_iri=graph_iri)
    winners = {
        iri: min([*map(frozenset, by_graph.values()), *filter(None, [stored.get(iri)])], key=description_key)
        for iri, by_graph in candidates.items()
    }
    if winners:
        store.apply(_moves(pattern, graph_iri, winners))
    merged = refresh_merged_events(store, base_iri=base)
    summaries = refresh_summaries(store, base_iri=base)
    articles = len({g for by_graph in candidates.values() for g in by_graph})
    return Migration(articles, len(winners), merged, summaries)


def _described_in_articles(base_iri: str) -> str:
    predicates = " ".join(f"<{p}>" for p in DESCRIPTION_PREDICATES)
    return f"""GRAPH ?g {{ ?g a <{GK.Article}> . ?s ?p ?o VALUES ?p {{ {predicates} }}
                FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base_iri}entity/")) }}"""


def _moves(pattern: str, graph_iri: str, winners: dict[str, frozenset[str]]) -> list[Step]:
    return [
        create_graph(graph_iri),
        modify(
            insert=f"GRAPH ?g {{ ?g <{DCTERMS.references}> ?s }}",
            where=f"{pattern} FILTER(?p = <{RDF.type}>)",
        ),
        modify(delete="GRAPH ?g { ?s ?p ?o }", where=pattern),
        drop_descriptions(set(winners), graph_iri=graph_iri),
        data("INSERT", graph_iri, [line for lines in winners.values() for line in lines]),
    ]
