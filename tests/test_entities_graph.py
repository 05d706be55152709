"""One description per entity: the entities graph holds each entity's label, type and QID once, however many
articles refer to it, and loses it with the last of them; on both store backends."""

from __future__ import annotations

import copy

import pytest

from kg.extract import Extractor
from kg.facts import Article, Entity, Facts, Mention, article_iri, entity_iri
from kg.graph.article_writes import remove_article, write_article
from kg.graph.rdf import entities_graph_iri
from kg.graph.store import Store
from kg.sources.ingest import delete_article, ingest_text

FIRST = "Serbia and Kosovo agreed on Monday to resume talks in Brussels, officials said."
SECOND = "Serbia recalled its ambassador from Montenegro on Friday after a row over a church law."

SAME_AS = """SELECT ?s WHERE {
  ?s <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q403> }"""
LABELS = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _entities_graph(store: Store) -> list[str]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{entities_graph_iri()}> {{ ?s ?p ?o }} }}")
    return sorted(f"{row['s'].n3()} {row['p'].n3()} {row['o'].n3()}" for row in rows)


def test_same_as_answers_each_entity_once(store: Store, extractor: Extractor) -> None:
    first = ingest_text(store, FIRST, published="2023-05-29", extractor=extractor)
    second = ingest_text(store, SECOND, published="2023-06-02", extractor=extractor)
    serbia = {e.iri for facts in (first, second) for e in facts.entities if e.wikidata == "Q403"}
    assert len(serbia) == 1, "both articles should link Serbia (the test's premise)"
    assert [str(row["s"]) for row in store.select(SAME_AS)] == list(serbia)
    labels = [str(row["l"]) for row in store.select(LABELS) if str(row["s"]) in serbia]
    assert labels == ["Serbia"]
    referring = store.select(
        "SELECT ?g WHERE { GRAPH ?g { ?g <http://purl.org/dc/terms/references> ?e } "
        f"VALUES ?e {{ <{serbia.pop()}> }} }}"
    )
    assert sorted(str(row["g"]) for row in referring) == sorted([first.article.iri, second.article.iri])


def test_article_graphs_keep_no_descriptions(store: Store, extractor: Extractor) -> None:
    facts = ingest_text(store, FIRST, published="2023-05-29", extractor=extractor)
    described = store.select(
        f"SELECT ?s WHERE {{ GRAPH <{facts.article.iri}> {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}"
    )
    assert described == []
    assert len(_entities_graph(store)) >= 2 * len(facts.entities)  # a type and a label each, at least


def test_deleting_keeps_a_description_until_the_last_article_goes(store: Store, extractor: Extractor) -> None:
    first = ingest_text(store, FIRST, published="2023-05-29", extractor=extractor)
    second = ingest_text(store, SECOND, published="2023-06-02", extractor=extractor)
    only_first = {e.iri for e in first.entities} - {e.iri for e in second.entities}
    assert only_first, "the first article should name an entity the second does not (the test's premise)"
    assert delete_article(store, first.article.iri)
    assert len(store.select(SAME_AS)) == 1
    described = {line.split(" ", 1)[0].strip("<>") for line in _entities_graph(store)}
    assert described == {e.iri for e in second.entities}
    assert delete_article(store, second.article.iri)
    assert _entities_graph(store) == []
    assert store.select(SAME_AS) == []


def _facts(text: str, *, label: str, country: str | None) -> Facts:
    """An article naming one generic group, described as `label` (and `country` when given)."""
    iri = entity_iri(type_="Group", label=label, qid=None)
    group = Entity(
        iri, label, "Group", mentions=[Mention(label, 0, len(label))], sector="COP", country=country
    )
    return Facts(Article(article_iri(text), text, published="2023-05-29"), entities=[group])


def test_conflicting_descriptions_resolve_alike_in_any_order(store: Store) -> None:
    country = entity_iri(type_="State", label="Serbia", qid=None)
    articles = [
        _facts("Serbian police said A.", label="Serbian police", country=None),
        _facts("Serbian Police said B.", label="Serbian Police", country=None),
        _facts("Serbian police said C.", label="Serbian police", country=country),
    ]
    assert len({a.entities[0].iri for a in articles}) == 1, "one group under three descriptions"
    seen = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        store.clear()
        for i in order:
            write_article(store, copy.deepcopy(articles[i]))
        seen.append(_entities_graph(store))
    assert seen[0] == seen[1] == seen[2]
    # The fuller description (the one naming the country) wins.
    assert any("country" in line for line in seen[0])


def test_removing_a_missing_article_changes_nothing(store: Store) -> None:
    write_article(store, _facts("Serbian police said A.", label="Serbian police", country=None))
    before = _entities_graph(store)
    assert not remove_article(store, article_iri("never stored"))
    assert _entities_graph(store) == before
