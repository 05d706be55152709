"""A person named again by a title alone ("The Minister said", "the foreign minister said") is the one person named
earlier who held such a post on the article's date; a surname alone ("Ms Wong") is the one person of that surname
in office, on the date, in a state the text names. Two candidates, or none, leave the mention unlinked (#14)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from tests.extraction.people import person_qid_in_reference, persons

PUBLISHED = date(2022, 7, 1)
# A first paragraph longer than a head line, so the titles after it are read as the body's.
VISIT = (
    "Pacific visit\n\n{first} travelled to Fiji and Tonga this week to meet leaders of both countries and to discuss "
    "climate finance, fisheries, labour mobility and the security of the region with them and their neighbours. "
    "{then}"
)


# (how the first paragraph names her, the sentence after it, the title alone in it)
TITLES_ALONE = [
    (
        "Minister for Foreign Affairs Penny Wong",
        "The Minister said the Pacific family was strong.",
        "Minister",
    ),
    ("Penny Wong", "The foreign minister said the Pacific family was strong.", "foreign minister"),
]


@pytest.mark.parametrize("first, then, mention", TITLES_ALONE)
def test_a_title_alone_is_the_one_person_named_earlier_who_holds_such_a_post(
    extractor: Extractor, first: str, then: str, mention: str
) -> None:
    found = persons(extractor, VISIT.format(first=first, then=then), PUBLISHED)
    assert found.get(mention) == person_qid_in_reference("Penny Wong")


@pytest.mark.parametrize(
    "first, then, mention",
    [
        # she holds no presidency
        ("Penny Wong", "The president said the Pacific family was strong.", "president"),
        # two foreign ministers named: which one spoke is a guess
        (
            "Penny Wong and Wang Yi",
            "The foreign minister said the Pacific family was strong.",
            "foreign minister",
        ),
    ],
)
def test_a_title_that_fits_nobody_or_two_people_stays_unlinked(
    extractor: Extractor, first: str, then: str, mention: str
) -> None:
    assert not persons(extractor, VISIT.format(first=first, then=then), PUBLISHED).get(mention)


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "Australia will fund a new clinic in Fiji. Ms Wong said the Pacific family was strong.",
            "Penny Wong",
        ),
        (
            "Singapore will fund a new port in Fiji. Mr Wong said the region's trade was strong.",
            "Lawrence Wong",
        ),
    ],
)
def test_a_surname_alone_is_the_one_namesake_in_office_in_a_state_the_text_names(
    extractor: Extractor, text: str, name: str
) -> None:
    found = persons(extractor, text, PUBLISHED)
    assert found.get("Ms Wong", found.get("Mr Wong", found.get("Wong"))) == person_qid_in_reference(name)


@pytest.mark.parametrize(
    "text",
    [
        # both namesakes serve states the text names
        "Australia and Singapore will fund a new clinic in Fiji. Ms Wong said the Pacific family was strong.",
        # neither does
        "Fiji will build a new clinic. Ms Wong said the Pacific family was strong.",
    ],
)
def test_a_surname_with_no_or_two_namesakes_in_office_there_stays_unlinked(
    extractor: Extractor, text: str
) -> None:
    assert not any(persons(extractor, text, PUBLISHED).values())


# A readout: its first paragraph longer than a head line, then "The Secretary" alone.
READOUT = (
    "Readout of a call\n\n{first} spoke by phone today with Japanese Minister of Defense Yasukazu Hamada to discuss "
    "the security of the region, the alliance between the United States and Japan and the threat from North Korea. "
    "The Secretary reaffirmed the commitment of the United States to the defense of Japan."
)


def test_a_readouts_secretary_is_the_one_secretary_named_earlier(extractor: Extractor) -> None:
    text = READOUT.format(first="Secretary of Defense Lloyd J. Austin III")
    found = persons(extractor, text, date(2023, 1, 10))
    assert found.get("Secretary") == person_qid_in_reference("Lloyd Austin")


def test_a_secretary_alone_after_two_secretaries_stays_unlinked(extractor: Extractor) -> None:
    text = READOUT.format(
        first="Secretary of Defense Lloyd J. Austin III, with Secretary of State Antony Blinken,"
    )
    assert not persons(extractor, text, date(2023, 1, 10)).get("Secretary")
