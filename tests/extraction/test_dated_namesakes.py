"""A place that took an older entity's name on a known date links only in articles wholly after that date.
Sentences are the team's own."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from kg.extract import Extractor
from kg.extract.dated_namesakes import earliest_date, inceptions, predates
from kg.gazetteer import load_gazetteer
from kg.resources import data_file

UNION_TERRITORY = "Q66278313"  # places_ne.csv: Jammu and Kashmir, created 2019-10-31


def _qid(extractor: Extractor, text: str, published: date, mention: str) -> str | None:
    facts = extractor.extract(text, published=published)
    found = {m.text: entity.wikidata for entity in facts.entities for m in entity.mentions}
    assert mention in found  # the name is still a mention, linked or not
    return found[mention]


@pytest.mark.parametrize(
    "text, published, qid",
    [
        # An article of 2024 about a 2019 attack: the state of that name, not the territory.
        (
            "The 14 February 2019 attack in Jammu and Kashmir, India, killed 40 officers.",
            date(2024, 4, 1),
            None,
        ),
        # Published before the territory existed.
        ("Militants attacked a convoy in Jammu and Kashmir, India.", date(2018, 5, 1), None),
        # Wholly after: the territory.
        (
            "Militants attacked a convoy in Jammu and Kashmir, India, on Monday.",
            date(2023, 5, 1),
            UNION_TERRITORY,
        ),
        (
            "Voters in Jammu and Kashmir, India, went to the polls in September 2024.",
            date(2024, 10, 9),
            UNION_TERRITORY,
        ),
    ],
)
def test_a_dated_namesake_links_only_after_its_inception(
    extractor: Extractor, text: str, published: date, qid: str | None
) -> None:
    assert _qid(extractor, text, published, "Jammu and Kashmir") == qid


@pytest.mark.parametrize(
    "published, earliest, expected",
    [
        (None, None, True),
        (date(2019, 10, 30), None, True),
        (date(2019, 10, 31), None, False),
        (date(2024, 1, 1), date(2019, 1, 1), True),
        (date(2024, 1, 1), date(2020, 1, 1), False),
    ],
)
def test_predates(published: date | None, earliest: date | None, expected: bool) -> None:
    assert predates(date(2019, 10, 31), published=published, earliest=earliest) is expected


def test_earliest_date_is_the_first_day_of_the_earliest_expression() -> None:
    text = "The talks of March 2021 followed the 2019 ceasefire; they resumed on 5 May 2022."
    assert earliest_date(text, published=date(2022, 6, 1)) == date(2019, 1, 1)
    assert earliest_date("No date here.", published=date(2022, 6, 1)) is None


def test_every_dated_namesake_is_a_gazetteer_place_named_as_in_the_list() -> None:
    """QIDs come from the reference files: each row names a place the gazetteer holds under that name."""
    rows = list(
        csv.DictReader(data_file("reference/dated_namesakes.csv").read_text(encoding="utf-8").splitlines())
    )
    gazetteer = load_gazetteer()
    assert rows and set(inceptions()) == {row["qid"] for row in rows}
    for row in rows:
        entry = gazetteer.by_qid(row["qid"])
        assert entry is not None and entry.label == row["name"] and row["sources"]
