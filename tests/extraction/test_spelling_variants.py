"""A place written in another transliteration than the gazetteer's is the one place with that spelling key,
in a state the article names; never a guess between two (issue #14)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from kg.extract.spelling_variants import place_spelled_otherwise, spelling_key


def _qids(extractor: Extractor, text: str) -> dict[str, str | None]:
    facts = extractor.extract(text, published=date(2024, 3, 1))
    return {mention.text: entity.wikidata for entity in facts.entities for mention in entity.mentions}


@pytest.mark.parametrize(
    "written, filed",
    [
        ("Lower Shabelle", "Lower Shebelle"),
        ("Bab al-Mandab", "Bab el Mandeb"),
        ("Mogadisho", "Mogadishu"),
        ("Khartoum", "Hartum"),
    ],
)
def test_transliterations_share_a_key(written: str, filed: str) -> None:
    assert spelling_key(written) == spelling_key(filed)


@pytest.mark.parametrize(
    "one, other", [("Berlin", "Bern"), ("Mosul", "Moscow"), ("Sanaa", "Sana'a Governorate")]
)
def test_other_names_do_not(one: str, other: str) -> None:
    assert spelling_key(one) != spelling_key(other)


@pytest.mark.parametrize(
    "text, variant, filed_as",
    [
        ("Gunmen attacked a base in Lower Shabelle, Somalia.", "Lower Shabelle", "Lower Shebelle"),
        ("Fighting spread in Middle Shabelle in Somalia.", "Middle Shabelle", "Middle Shebelle"),
    ],
)
def test_a_variant_in_a_named_state_links_to_the_filed_place(
    extractor: Extractor, text: str, variant: str, filed_as: str
) -> None:
    filed = [entry.qid for entry in extractor.gazetteer.lookup(filed_as)]
    assert len(filed) == 1
    assert _qids(extractor, text).get(variant) == filed[0]


def test_a_variant_of_a_place_in_a_state_the_article_never_names_stays_unlinked(extractor: Extractor) -> None:
    assert (
        _qids(extractor, "Fighters attacked a base in Lower Shabelle on Monday.").get("Lower Shabelle")
        is None
    )


def test_a_strait_ner_calls_an_organisation_links_by_its_variant(extractor: Extractor) -> None:
    filed = [entry.qid for entry in extractor.gazetteer.lookup("Bab el Mandeb")]
    text = (
        "The rebels in Yemen attacked a cargo ship while it transited one of the busiest shipping lanes, "
        "the Bab al-Mandab, last week."
    )
    assert len(filed) == 1 and _qids(extractor, text).get("Bab al-Mandab") == filed[0]


def test_an_organisation_name_never_takes_a_city_by_its_variant(extractor: Extractor) -> None:
    somalia = frozenset(entry.qid for entry in extractor.gazetteer.lookup("Somalia") if entry.qid)
    found = place_spelled_otherwise(extractor.gazetteer, "Mogadisho", countries=somalia)
    assert found is not None and found.type == "City"
    assert (
        place_spelled_otherwise(extractor.gazetteer, "Mogadisho", countries=somalia, waters_only=True) is None
    )
