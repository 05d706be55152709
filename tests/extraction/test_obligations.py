"""An obligation the text lays on a named actor ("X must withdraw") is a demand on X, whatever the verb; a
condition ("Should X ignore ...") is none."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor

DAY = date(2024, 3, 14)


def _events(extractor: Extractor, text: str) -> list[tuple[str, list[str], list[str]]]:
    facts = extractor.extract(text, published=DAY)

    def labels(iris: list[str]) -> list[str]:
        return [entity.label for iri in iris if (entity := facts.entity(iri)) is not None]

    return [(e.type, labels(e.actors), labels(e.targets)) for e in facts.events]


def test_an_obligation_is_a_demand_on_its_subject(extractor: Extractor) -> None:
    events = _events(
        extractor, "Russia must withdraw its troops from Ukraine, the German foreign minister said."
    )
    assert [(kind, targets) for kind, _, targets in events] == [("Demand", ["Russia"])]


def test_a_quoted_obligation_is_demanded_by_the_quotes_speaker(extractor: Extractor) -> None:
    text = '"Serbia must release the detained officer immediately," Kosovo Prime Minister Albin Kurti said.'
    demands = [(actors, targets) for kind, actors, targets in _events(extractor, text) if kind == "Demand"]
    assert len(demands) == 1
    assert "Albin Kurti" in demands[0][0] and demands[0][1] == ["Serbia"]


def test_a_condition_is_no_obligation(extractor: Extractor) -> None:
    events = _events(extractor, "Should North Korea ignore the warning, the Security Council will act.")
    assert all(kind != "Demand" for kind, _, _ in events)


@pytest.mark.parametrize(
    "text, type_, group",
    [
        ("The regime should engage in a meaningful dialogue with all parties.", "CallForDialogue", "regime"),
        ("The junta must release all political prisoners.", "Demand", "junta"),
    ],
)
def test_an_act_laid_on_a_generic_group(extractor: Extractor, text: str, type_: str, group: str) -> None:
    events = _events(extractor, text)
    assert [(kind, targets) for kind, _, targets in events if kind == type_] == [(type_, [group])]


COMMENT = (
    "No:498/21, Comment of the Press Service Department of the Ministry of Foreign Affairs of the Republic of "
    "Azerbaijan on the statement of the Ministry of Foreign Affairs of Armenia dated December 7, 2021\n\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "Armenia is not fulfilling its obligations under various pretexts.",
        "For a year, Armenia has failed to comply with the trilateral agreement.",
    ],
)
def test_a_duty_left_undone_in_a_statements_own_words_is_its_issuers_charge(
    extractor: Extractor, sentence: str
) -> None:
    events = _events(extractor, COMMENT + sentence)
    assert ("Accusation", ["Azerbaijan"], ["Armenia"]) in events


def test_a_duty_left_undone_in_a_news_report_is_nobodys_charge(extractor: Extractor) -> None:
    events = _events(extractor, "Armenia is not fulfilling its obligations under the ceasefire deal.")
    assert all(kind != "Accusation" for kind, _, _ in events)
