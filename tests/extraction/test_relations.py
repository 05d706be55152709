"""Standing relations with evidence, checked against the gazetteer's dated facts where it has them."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from kg.facts import Facts


def _relations(
    extractor: Extractor, text: str, published: date = date(2024, 3, 14)
) -> set[tuple[str, str, str]]:
    facts: Facts = extractor.extract(text, published=published)

    def key(iri: str) -> str:
        entity = facts.entity(iri)
        assert entity is not None
        return entity.wikidata or entity.label

    return {(r.type, key(r.subject), key(r.object)) for r in facts.relations}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Serbia does not recognise Kosovo's independence.", ("doesNotRecognize", "Q403", "Q1246")),
        (
            "Russia and China, which also do not recognise Kosovo, backed Serbia.",
            ("doesNotRecognize", "Q148", "Q1246"),
        ),
        (
            "Russia and China, which also do not recognise Kosovo, backed Serbia.",
            ("supports", "Q159", "Q403"),
        ),
        ("Israel and Kosovo agreed to recognise each other.", ("recognizes", "Q1246", "Q801")),
        ("Kosovo declared independence from Serbia in 2008.", ("declaredIndependenceFrom", "Q1246", "Q403")),
        ("Beijing regards Taiwan as part of its territory.", ("claimsTerritory", "Q148", "Q865")),
        ("Serbia has friendly ties with Russia.", ("friendlyRelationsWith", "Q403", "Q159")),
        ("Hungary has refused to impose sanctions on Russia.", ("declinesToSanction", "Q28", "Q159")),
        ("Serbia remains committed to military neutrality.", ("hasPolicy", "Q403", "military neutrality")),
        ("Finland, which joined NATO last April, hosted the exercise.", ("memberOf", "Q33", "Q7184")),
        ("Serbia is formally seeking to join the European Union.", ("seeksMembership", "Q403", "Q458")),
        ("Serbian President Aleksandar Vucic spoke to reporters.", ("holdsPosition", "Q222031", "Q403")),
        ("President Aleksandar Vucic spoke to reporters.", ("holdsPosition", "Q222031", "Q403")),
        ("NATO member Turkey objected to the plan.", ("memberOf", "Q43", "Q7184")),
        ("China expressed support for Serbia.", ("supports", "Q148", "Q403")),
        ("Belarus, a close ally of Russia, hosted the drills.", ("friendlyRelationsWith", "Q184", "Q159")),
        ("China claims sovereignty over Taiwan.", ("claimsTerritory", "Q148", "Q865")),
        ("Spain refuses to recognise Kosovo.", ("doesNotRecognize", "Q29", "Q1246")),
    ],
)
def test_relation(extractor: Extractor, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _relations(extractor, text)


def test_post_is_checked_against_the_date(extractor: Extractor) -> None:
    """In 2025 the NATO Secretary General is no longer Stoltenberg (Q57665)."""
    facts = extractor.extract("NATO's Secretary General visited Kyiv.", published=date(2025, 6, 1))
    holders = {facts.entity(r.subject).wikidata for r in facts.relations if r.type == "holdsPosition"}
    assert holders and "Q57665" not in holders


def test_membership_contradicted_by_the_gazetteer_gets_low_confidence(extractor: Extractor) -> None:
    facts = extractor.extract("Serbia, a NATO member, hosted the talks.", published=date(2024, 3, 14))
    member = [r for r in facts.relations if r.type == "memberOf"]
    assert member and member[0].confidence < 0.5
