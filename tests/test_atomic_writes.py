"""An article's write is whole or nothing on every backend: its graph, its entities' descriptions and the merged
events change in one atomic update (kg/graph/steps.py), so a write the store refuses leaves the store as it was.

The refusal is a real one: Virtuoso 7.2.5 refuses to compile an update of some thousands of VALUES rows
("SQ199: Maximum size (32767) of a code vector exceeded"); Oxigraph takes the same write whole.
"""

from __future__ import annotations

import pytest

from kg.facts import Article, Entity, Facts, Mention, article_iri, entity_iri
from kg.graph.article_writes import write_article
from kg.graph.rdf import entities_graph_iri
from kg.graph.store import SparqlStore, Store, StoreError

TEXT = "Police units met in the capital."


def _article(groups: int) -> Facts:
    """The same article naming `groups` generic groups (about five triples each, in two graphs)."""
    entities = []
    for n in range(groups):
        label = f"Police unit {n}"
        iri = entity_iri(type_="Group", label=label, qid=None)
        entities.append(Entity(iri, label, "Group", mentions=[Mention(label, 0, 5)], sector="COP"))
    return Facts(Article(article_iri(TEXT), TEXT, published="2023-05-29"), entities=entities)


def _count(store: Store, graph_iri: str) -> int:
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"])


def _refuses_big_updates(store: Store) -> bool:
    return isinstance(store, SparqlStore) and store.dialect.name == "virtuoso"


def test_a_refused_write_leaves_the_article_as_it_was(store: Store) -> None:
    small, big = _article(2), _article(1200)
    write_article(store, small)
    before = sorted(store.export().decode().splitlines())
    assert _count(store, entities_graph_iri()) >= 2 * 2  # a type and a label each, at least
    if _refuses_big_updates(store):
        with pytest.raises(StoreError, match="SQ199"):
            write_article(store, big)
        # Nothing of the new version: not its references, not its descriptions, and the old one whole.
        assert sorted(store.export().decode().splitlines()) == before
    else:
        write_article(store, big)
        assert _count(store, entities_graph_iri()) >= 2 * 1200
        assert _count(store, small.article.iri) > _count(store, entities_graph_iri()) // 4
