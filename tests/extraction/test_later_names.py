"""A name the model cut short ("William Samoei" of "William Samoei Ruto") is linked whole. A person named again
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
    ],
)
def test_a_shorter_form_of_a_full_name_is_that_person(
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
