"""The extractor end to end on the project's own example articles: JSON shape, stability, SHACL."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.extract import Extractor
from kg.facts import ENTITY_TYPES, EVENT_TYPES, RELATION_TYPES, STATUSES, Facts
from kg.graph.rdf import to_graph, validate

ARTICLE_KEYS = {"iri", "title", "published", "source"}
ENTITY_KEYS = {"iri", "label", "type", "wikidata", "mentions"}
EVENT_KEYS = {
    "iri",
    "type",
    "plover",
    "mode",
    "actors",
    "targets",
    "places",
    "date",
    "killed",
    "injured",
    "status",
    "evidence",
    "confidence",
}
RELATION_KEYS = {"type", "subject", "object", "since", "until", "evidence", "confidence"}


def test_examples_yield_facts(example_facts: list[Facts]) -> None:
    assert all(f.entities for f in example_facts)
    assert sum(len(f.events) for f in example_facts) >= 20
    assert sum(len(f.relations) for f in example_facts) >= 5


def test_facts_json_has_design_shape(example_facts: list[Facts]) -> None:
    for facts in example_facts:
        data = json.loads(json.dumps(facts.to_json()))
        assert set(data) == {"article", "entities", "events", "relations"}
        assert ARTICLE_KEYS <= set(data["article"])
        for entity in data["entities"]:
            assert ENTITY_KEYS <= set(entity)
            assert entity["type"] in ENTITY_TYPES
        for event in data["events"]:
            assert EVENT_KEYS <= set(event)
            assert event["type"] in EVENT_TYPES and event["status"] in STATUSES
            assert 0 <= event["confidence"] <= 1
            assert {"text", "start", "end"} == set(event["evidence"])
        for relation in data["relations"]:
            assert RELATION_KEYS <= set(relation) and relation["type"] in RELATION_TYPES


def test_evidence_offsets_point_into_the_text(extractor: Extractor, example_articles: list[dict]) -> None:
    article = example_articles[0]
    facts = extractor.extract(article["text"], published=date.fromisoformat(article["published"]))
    for item in [*facts.events, *facts.relations]:
        assert article["text"][item.evidence.start : item.evidence.end] == item.evidence.text
    for entity in facts.entities:
        for mention in entity.mentions:
            assert article["text"][mention.start : mention.end] == mention.text


def test_extraction_is_stable(extractor: Extractor, example_articles: list[dict]) -> None:
    """The same text gives the same IRIs and facts, so re-ingesting replaces instead of duplicating."""
    article = example_articles[1]
    day = date.fromisoformat(article["published"])
    first = extractor.extract(article["text"], published=day).to_json()
    second = extractor.extract(article["text"], published=day).to_json()
    assert first == second


def test_every_example_graph_conforms_to_the_shapes(example_facts: list[Facts]) -> None:
    for facts in example_facts:
        conforms, report = validate(to_graph(facts))
        assert conforms, f"{facts.article.iri}:\n{report}"


def test_every_role_points_to_a_listed_entity(example_facts: list[Facts]) -> None:
    for facts in example_facts:
        iris = {entity.iri for entity in facts.entities}
        for event in facts.events:
            assert set(event.actors + event.targets + event.places + event.mediators) <= iris
        for relation in facts.relations:
            assert {relation.subject, relation.object} <= iris


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_text_gives_no_facts(extractor: Extractor, text: str) -> None:
    facts = extractor.extract(text)
    assert facts.entities == [] and facts.events == []


def test_geokg_components_are_spacy_factories(extractor: Extractor) -> None:
    names = extractor.nlp.pipe_names
    assert names[-3:] == ["geokg_linker", "geokg_events", "geokg_relations"]
    assert names.index("geokg_gazetteer") < names.index("ner")


def test_a_plain_doc_gives_the_same_facts(extractor: Extractor, example_articles: list[dict]) -> None:
    """facts_from_doc computes links, events and relations itself when the pipeline lacks our components."""
    from kg.extract import facts_from_doc

    article = example_articles[2]
    day = date.fromisoformat(article["published"])
    plain = extractor.nlp.make_doc(article["text"])
    for name, component in extractor.nlp.pipeline:
        if not name.startswith("geokg_") or name in {"geokg_gazetteer", "geokg_paragraphs"}:
            plain = component(plain)
    assert plain._.links is None
    facts = facts_from_doc(plain, extractor.gazetteer, published=day)
    assert facts.to_json() == extractor.extract(article["text"], published=day).to_json()
