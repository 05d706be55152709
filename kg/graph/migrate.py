"""`geokg migrate`: bring a store written before the entities graph (each article graph describing its own
entities) to the current shape; running it again changes nothing.

Entity descriptions move from the article graphs to `id:graph/entities` (one per entity, chosen as on ingest,
see kg.graph.entities), each article graph says which entities it refers to (`dcterms:references`), and the
merged events and the summaries (kg/graph/summaries.py) are recomputed whole. The moves run a batch of article
graphs at a time, each batch one atomic update (kg/graph/steps.py), so memory follows the batch, not the store
(issue #10). A batch's winners are chosen against the descriptions earlier batches stored, and the fullest
description wins whatever order they come in, so the entities graph ends as one update of every article would
leave it; a run cut short leaves each batch whole, and the next run moves the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF

from kg.facts import DEFAULT_BASE_IRI
from kg.graph.entities import description_key, stored_descriptions
from kg.graph.merged_events import refresh_merged_events
from kg.graph.rdf import DESCRIPTION_PREDICATES, GK, entities_graph_iri
from kg.graph.steps import Step, create_graph, data
from kg.graph.store import Store
from kg.graph.summaries import refresh_summaries


@dataclass(frozen=True)
class Migration:
    articles: int  # article graphs that held descriptions
    entities: int  # descriptions written to the entities graph
    merged_events: int
    summaries: int = 0  # triples in the summaries graph


# Article graphs moved by one update: its text holds their description lines twice (out of the article, into
# the entities graph), a few MB.
BATCH_ARTICLES = 200
_RDF_TYPE = f"<{RDF.type}>"


@dataclass
class _Moved:
    articles: int = 0
    entities: set[str] = field(default_factory=set)


def migrate(store: Store, *, base_iri: str | None = None, batch: int = BATCH_ARTICLES) -> Migration:
    """Move entity descriptions out of the article graphs, then recompute the merged events and summaries."""
    base = base_iri or DEFAULT_BASE_IRI
    graph_iri = entities_graph_iri(base)
    articles = _article_graphs(store)
    moved = _Moved()
    for start in range(0, len(articles), batch):
        _move_batch(store, articles[start : start + batch], base_iri=base, graph_iri=graph_iri, moved=moved)
    merged = refresh_merged_events(store, base_iri=base)
    summaries = refresh_summaries(store, base_iri=base)
    return Migration(moved.articles, len(moved.entities), merged, summaries)


def _article_graphs(store: Store) -> list[str]:
    rows = store.select_terms(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{GK.Article}> }} }}")
    return sorted({row[0].value for row in rows if row[0] is not None})


def _move_batch(store: Store, graphs: list[str], *, base_iri: str, graph_iri: str, moved: _Moved) -> None:
    """Move the descriptions of `graphs` (article graphs) in one update."""
    by_graph = _descriptions_in(store, graphs, base_iri=base_iri)
    candidates: dict[str, list[frozenset[str]]] = {}
    for lines_by_entity in by_graph.values():
        for iri, lines in lines_by_entity.items():
            candidates.setdefault(iri, []).append(frozenset(lines))
    if not candidates:
        return
    stored = stored_descriptions(store, candidates, graph_iri=graph_iri)
    winners = {
        iri: min([*found, *filter(None, [stored.get(iri)])], key=description_key)
        for iri, found in candidates.items()
    }
    store.apply(_moves(by_graph, graph_iri, winners, stored))
    moved.articles += len(by_graph)
    moved.entities |= set(winners)


def _descriptions_in(store: Store, graphs: list[str], *, base_iri: str) -> dict[str, dict[str, set[str]]]:
    """The N-Triples lines of each entity description in each of `graphs`: an article graph holds the
    article's own description besides, so only the description predicates of our entity IRIs."""
    predicates = " ".join(f"<{p}>" for p in DESCRIPTION_PREDICATES)
    # FROM NAMED, not VALUES ?g: Oxigraph then reads only these graphs (see summaries.summary_totals).
    dataset = " ".join(f"FROM NAMED <{iri}>" for iri in graphs)
    rows = store.select_terms(
        f"""SELECT ?g ?s ?p ?o {dataset} WHERE {{ GRAPH ?g {{ ?g a <{GK.Article}> .
              ?s ?p ?o VALUES ?p {{ {predicates} }}
              FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base_iri}entity/")) }} }}"""
    )
    found: dict[str, dict[str, set[str]]] = {}
    for g, s, p, o in rows:
        line = str(ox.Triple(s, p, o))  # type: ignore[arg-type]
        found.setdefault(g.value, {}).setdefault(s.value, set()).add(line)  # type: ignore[union-attr]
    return found


def _moves(
    by_graph: dict[str, dict[str, set[str]]],
    graph_iri: str,
    winners: dict[str, frozenset[str]],
    stored: dict[str, frozenset[str]],
) -> list[Step]:
    """The lines read, taken out of their article graphs (each typed entity becoming a reference), and the
    winners in place of the stored descriptions they beat: exact data, so no pattern is matched store-wide."""
    steps = [create_graph(graph_iri)]
    for article, lines_by_entity in by_graph.items():
        steps.append(data("DELETE", article, [line for lines in lines_by_entity.values() for line in lines]))
        # An article refers to the entities it types (as ingest writes `dcterms:references`).
        typed = [iri for iri, lines in lines_by_entity.items() if any(map(_is_type, lines))]
        if typed:
            steps.append(
                data("INSERT", article, [f"<{article}> <{DCTERMS.references}> <{iri}>" for iri in typed])
            )
    beaten = [line for iri, lines in stored.items() if winners[iri] != lines for line in lines]
    if beaten:
        steps.append(data("DELETE", graph_iri, beaten))
    changed = [line for iri, lines in winners.items() if stored.get(iri) != lines for line in lines]
    if changed:
        steps.append(data("INSERT", graph_iri, changed))
    return steps


def _is_type(line: str) -> bool:
    return line.split(" ", 2)[1] == _RDF_TYPE
