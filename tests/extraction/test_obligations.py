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
