"""Wordings of statements and reports (#9): protests a side lodges in the passive, deals signed in the passive or
counted, objects thrown at someone, and a speaker who names the office they speak from."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from tests.extraction.test_events import _one, _qids

PUBLISHED = date(2022, 9, 30)


def test_a_protest_lodged_in_the_passive_is_its_possessors_condemnation(extractor: Extractor) -> None:
    facts = extractor.extract(
        "Pakistan's strong protest has already been lodged with the Iranian foreign ministry in Tehran.",
        published=PUBLISHED,
    )
    condemnation = _one(facts, "Condemnation")
    assert _qids(facts, condemnation.actors) == {"Q843"}
    assert "Q843" not in _qids(facts, condemnation.targets)


def test_a_note_of_protest_is_no_demonstration(extractor: Extractor) -> None:
    facts = extractor.extract(
        "The Russian ambassador was summoned to the ministry to receive the Foreign Ministry's note of protest "
        "against the annexation of the occupied territories of Ukraine.",
        published=PUBLISHED,
    )
    assert "Protest" not in {event.type for event in facts.events}


@pytest.mark.parametrize(
    "text",
    [
        "The ministry sent a letter protesting the incursion into its airspace on Friday.",
        "The envoy was summoned on Saturday and handed over a note verbale strongly protesting the gunfire.",
    ],
)
def test_a_note_or_letter_protesting_is_no_demonstration(extractor: Extractor, text: str) -> None:
    assert "Protest" not in {event.type for event in extractor.extract(text, published=PUBLISHED).events}


@pytest.mark.parametrize(
    "text",
    [
        "Solomon Islands and China will sign a number of memoranda of understanding on Friday.",
        "Several cooperation agreements between Sri Lanka and the Maldives will be signed on Friday.",
    ],
)
def test_deals_signed_in_the_passive_or_counted_are_agreements(extractor: Extractor, text: str) -> None:
    agreement = _one(extractor.extract(text, published=PUBLISHED), "Agreement")
    assert agreement.status == "planned"


def test_a_capitalised_memorandum_is_no_party_to_it(extractor: Extractor) -> None:
    facts = extractor.extract(
        "Solomon Islands and China will sign a number of Memorandum of Understanding on Friday.",
        published=PUBLISHED,
    )
    agreement = _one(facts, "Agreement")
    assert _qids(facts, agreement.actors) == {"Q685", "Q148"}
    assert not any("Memorandum" in entity.label for entity in facts.entities)


@pytest.mark.parametrize(
    "text, target",
    [
        ("A crowd of about 400 demonstrators threw petrol bombs at the Danish embassy on Monday.", "Q35"),
        ("Settlers hurled stones at Palestinian cars near Hebron on Monday.", "Q219060"),
    ],
)
def test_objects_thrown_at_someone_attack_them(extractor: Extractor, text: str, target: str) -> None:
    facts = extractor.extract(text, published=PUBLISHED)
    assert target in _qids(facts, _one(facts, "Attack").targets)


def test_throwing_support_behind_a_plan_attacks_nobody(extractor: Extractor) -> None:
    facts = extractor.extract(
        "The minister threw his support behind the plan on Monday.", published=PUBLISHED
    )
    assert "Attack" not in {event.type for event in facts.events}


def test_a_speaker_who_names_the_office_speaks_for_its_body(extractor: Extractor) -> None:
    facts = extractor.extract(
        "As Secretary General of the Pacific Islands Forum, I condemn the military aggression of Russia "
        "against Ukraine.\n\nI urge Russia to cease all hostilities against Ukraine.",
        published=date(2022, 2, 25),
    )
    assert _qids(facts, _one(facts, "Condemnation").actors) == {"Q757276"}
    assert _qids(facts, _one(facts, "Demand").actors) == {"Q757276"}
