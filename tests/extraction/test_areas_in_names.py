"""A continent named inside an organisation's name is an entity of its own: the area the organisation covers
or where it is (issue #14); an adjective ("African Union") or a name that is the continent alone is not."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor


def _continent_qid(extractor: Extractor, name: str) -> str:
    found = [entry.qid for entry in extractor.gazetteer.lookup(name) if entry.kind == "continent"]
    assert len(found) == 1 and found[0]
    return found[0]


def _linked(extractor: Extractor, text: str) -> set[str]:
    facts = extractor.extract(text, published=date(2024, 3, 1))
    return {entity.wikidata for entity in facts.entities if entity.wikidata}


@pytest.mark.parametrize(
    "text, continent",
    [
        ("U.S. Africa Command said the strike killed two militants in Somalia.", "Africa"),
        ("The Organization for Security and Co-operation in Europe sent observers to Georgia.", "Europe"),
    ],
)
def test_a_continent_inside_a_name_is_linked(extractor: Extractor, text: str, continent: str) -> None:
    assert _continent_qid(extractor, continent) in _linked(extractor, text)


@pytest.mark.parametrize(
    "text, continent",
    [
        ("The European Union and the African Union met in Brussels.", "Africa"),
        ("The European Union and the African Union met in Brussels.", "Europe"),
        ("The Asian Development Bank lent money to Nepal.", "Asia"),
        # after "of", the continent is part of the name
        ("Serbia's ambassador to the Council of Europe spoke in Strasbourg.", "Europe"),
        # a compass word makes a region of it
        (
            "Ramaphosa was appointed the Southern Africa Development Community facilitator to Lesotho.",
            "Africa",
        ),
    ],
)
def test_an_adjective_in_a_name_is_no_continent(extractor: Extractor, text: str, continent: str) -> None:
    assert _continent_qid(extractor, continent) not in _linked(extractor, text)
