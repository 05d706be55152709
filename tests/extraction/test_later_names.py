"""A name the model cut short ("William Samoei" of "William Samoei Ruto") is linked whole; a king is the monarch
the files name "<name> of <state>" ("King Salman"). A person named again
by a shorter form of the full name: a family name of two words ("Oligui Nguema"), or without its Arabic article
("Sisi"); a father's name ("Salman" of "Mohammed bin Salman") is no later form of the son's (issue #14)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from kg.extract.later_names import later_forms
from tests.extraction.people import person_qid_in_reference, persons

PUBLISHED = date(2023, 9, 1)


@pytest.mark.parametrize(
    "text, later, name",
    [
        (
            "General Brice Oligui Nguema was sworn in as transitional president. Oligui Nguema promised elections.",
            "Oligui Nguema",
            "Brice Oligui Nguema",
        ),
        (
            "Egypt's President Abdel Fattah el-Sisi met Kenyan officials in Cairo. Sisi called for a ceasefire.",
            "Sisi",
            "Abdel Fattah el-Sisi",
        ),
        # the family name with its article, the father's name left out
        (
            "Sudan's army chief Gen. Abdel Fattah al-Burhan agreed to talks in Jeddah on Monday.",
            "Abdel Fattah al-Burhan",
            "Abdel Fattah Abdelrahman Burhan",
        ),
        # the first name spelt otherwise, the last words left out
        (
            "His Highness Sheikh Mohamed bin Zayed received the President of Azerbaijan in Abu Dhabi.",
            "Mohamed bin Zayed",
            "Mohammed bin Zayed Al Nahyan",
        ),
        # a king, whom the files name "<name> of <state>"; "Salman" is also the father's name in "Mohammad bin
        # Salman", which is nobody's surname
        (
            "Saudi Arabia's King Salman received the Emir of Qatar in Riyadh on Monday.",
            "King Salman",
            "Salman of Saudi Arabia",
        ),
        (
            "Jordan's King Abdullah II met Egyptian officials in Amman on Monday.",
            "Abdullah II",
            "Abdullah II of Jordan",
        ),
    ],
)
def test_a_shorter_or_otherwise_written_name_is_that_person(
    extractor: Extractor, text: str, later: str, name: str
) -> None:
    assert persons(extractor, text, PUBLISHED).get(later) == person_qid_in_reference(name)


@pytest.mark.parametrize(
    "name, forms",
    [
        ("Hassan Sheikh Mohamud", {"Sheikh Mohamud", "Mohamud"}),
        ("Lloyd J. Austin III", {"Austin"}),
        ("Mohammed bin Salman", {"bin Salman"}),
        ("Abdel Fattah el-Sisi", {"Fattah el-Sisi", "el-Sisi", "Sisi"}),
    ],
)
def test_the_later_forms_of_a_name(name: str, forms: set[str]) -> None:
    assert later_forms(name) == forms


def test_a_name_the_model_cut_short_is_linked_whole(extractor: Extractor) -> None:
    text = "Kenyan President William Samoei Ruto met Ethiopian Prime Minister Abiy Ahmed Ali in Nairobi."
    found = persons(extractor, text, PUBLISHED)
    assert found.get("William Samoei Ruto") == person_qid_in_reference("William Ruto")


def test_another_first_name_before_the_same_tail_is_another_person(extractor: Extractor) -> None:
    text = "His Highness Sheikh Hamdan bin Zayed received the President of Azerbaijan in Abu Dhabi."
    mbz = person_qid_in_reference("Mohammed bin Zayed Al Nahyan")
    assert persons(extractor, text, PUBLISHED).get("Hamdan bin Zayed") != mbz
