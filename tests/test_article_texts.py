"""The generator of synthetic article texts (bench/article_texts.py): distinct, seeded, linkable names."""

from __future__ import annotations

from datetime import date

import pytest

from bench.article_texts import generate_articles
from kg.extract import default_extractor
from kg.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_two_thousand_distinct_texts_the_same_for_a_seed(gazetteer: Gazetteer) -> None:
    first = list(generate_articles(2000, seed=3, gazetteer=gazetteer))
    assert len({record["text"] for record in first}) == 2000
    assert len({record["source"] for record in first}) == 2000
    assert list(generate_articles(50, seed=3, gazetteer=gazetteer)) == first[:50]
    assert list(generate_articles(50, seed=4, gazetteer=gazetteer)) != first[:50]


def test_texts_vary_in_length_and_wording(gazetteer: Gazetteer) -> None:
    records = list(generate_articles(300, seed=5, gazetteer=gazetteer))
    lengths = {len(record["text"].split(". ")) for record in records}
    openings = {record["text"].split()[0] for record in records}
    assert len(lengths) >= 4 and len(openings) >= 30


def test_extraction_links_the_names_to_gazetteer_qids_and_finds_events(gazetteer: Gazetteer) -> None:
    extractor = default_extractor()
    for record in generate_articles(8, seed=6, gazetteer=gazetteer):
        facts = extractor.extract(
            record["text"], title=record["title"], published=date.fromisoformat(record["published"])
        )
        qids = {entity.wikidata for entity in facts.entities if entity.wikidata}
        assert qids and all(gazetteer.by_qid(qid) is not None for qid in qids), record["text"]
        assert facts.events or facts.relations, record["text"]
