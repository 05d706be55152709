"""Abbreviations a text defines in brackets: one entity with the name as its label, and never the QID of a state
whose name only ends the bracketed name."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from kg.facts import Facts

PUBLISHED = date(2023, 6, 1)


def _entity_of(facts: Facts, surface: str):  # type: ignore[no-untyped-def]
    return next(entity for entity in facts.entities for m in entity.mentions if m.text == surface)


@pytest.mark.parametrize(
    "text, name, abbreviation",
    [
        # the model cut the name at the bracket ("Allied Democratic Forces (ADF"): one name all the same
        (
            "The Allied Democratic Forces (ADF) killed 12 villagers in Beni on Monday. The ADF denied it.",
            "Allied Democratic Forces",
            "ADF",
        ),
        # a leading number word is no part of the name
        (
            "Six Bangsamoro Islamic Freedom Fighters (BIFF) members surrendered on Monday. The BIFF attacked a post.",
            "Bangsamoro Islamic Freedom Fighters",
            "BIFF",
        ),
        # a name several parties bear, where the text does not say whose
        (
            "The Movement for Democratic Change (MDC) rejected the results. The MDC called for protests.",
            "Movement for Democratic Change",
            "MDC",
        ),
    ],
)
def test_a_name_and_its_abbreviation_are_one_entity(
    extractor: Extractor, text: str, name: str, abbreviation: str
) -> None:
    facts = extractor.extract(text, published=PUBLISHED)
    entity = _entity_of(facts, abbreviation)
    assert entity.label == name
    assert entity.wikidata is None
    assert [m.text for m in entity.mentions].count(abbreviation) == 2


@pytest.mark.parametrize(
    "text, abbreviation, label",
    [
        # FARC's letters are the Spanish name's: not Colombia's, not the English words' before the bracket
        (
            "The Revolutionary Armed Forces of Colombia (FARC) attacked a police post. FARC rebels killed two.",
            "FARC",
            "FARC",
        ),
        # a state's name inside the bracketed name: the abbreviation names the mission, not the state
        (
            "The UN Assistance Mission in Afghanistan (UNAMA) condemned the attacks. UNAMA calls on all parties "
            "to protect civilians.",
            "UNAMA",
            "UN Assistance Mission in Afghanistan",
        ),
    ],
)
def test_an_abbreviation_is_not_the_state_that_ends_the_name(
    extractor: Extractor, text: str, abbreviation: str, label: str
) -> None:
    entity = _entity_of(extractor.extract(text, published=PUBLISHED), abbreviation)
    assert entity.wikidata is None
    assert entity.label == label


def test_an_organisation_the_text_does_not_place_still_acts(extractor: Extractor) -> None:
    facts = extractor.extract(
        "The Movement for Democratic Change rejected the results on Monday.", published=PUBLISHED
    )
    (event,) = [e for e in facts.events if e.type == "Rejection"]
    assert [facts.entity(iri).label for iri in event.actors] == ["Movement for Democratic Change"]
    assert all(facts.entity(iri).wikidata is None for iri in event.actors)


@pytest.mark.parametrize(
    "text, meets",
    [
        (
            "Prime Minister Wickramasinghe will chair the 4th Indian Ocean Conference (IOC) in Hanoi on Tuesday.",
            True,
        ),
        ("The Allied Democratic Forces (ADF) killed 12 villagers in Beni on Monday.", False),
    ],
)
def test_a_named_conference_is_a_meeting(extractor: Extractor, text: str, meets: bool) -> None:
    facts = extractor.extract(text, published=PUBLISHED)
    assert any(event.type == "Meeting" for event in facts.events) == meets


def test_a_place_the_model_reads_as_one_stays_a_place(extractor: Extractor) -> None:
    text = "Two soldiers were killed when Pakistan violated the ceasefire along the Line of Control (LoC) on Friday."
    entity = _entity_of(extractor.extract(text, published=PUBLISHED), "LoC")
    assert (entity.label, entity.type) == ("Line of Control", "Place")
