"""Acts two sides do to each other are one event a side, each the other's target; acts done together stay one."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor

PUBLISHED = date(2024, 3, 14)


def _dyads(extractor: Extractor, text: str, type_: str) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    facts = extractor.extract(text, published=PUBLISHED)

    def qids(iris: list[str]) -> tuple[str, ...]:
        return tuple(sorted(str(facts.entity(iri).wikidata) for iri in iris))

    return {(qids(e.actors), qids(e.targets)) for e in facts.events if e.type == type_}


@pytest.mark.parametrize(
    "text, type_, first, second",
    [
        (
            "Armenia and Azerbaijan accused each other of shelling border villages.",
            "Accusation",
            "Q399",
            "Q227",
        ),
        ("Kyrgyzstan and Tajikistan blamed one another for the fighting.", "Accusation", "Q813", "Q863"),
        ("Israel and Kosovo agreed to recognise each other.", "Recognition", "Q801", "Q1246"),
    ],
)
def test_an_act_done_to_each_other_is_one_event_a_side(
    extractor: Extractor, text: str, type_: str, first: str, second: str
) -> None:
    assert _dyads(extractor, text, type_) == {((first,), (second,)), ((second,), (first,))}


def test_a_meeting_with_each_other_stays_one_meeting(extractor: Extractor) -> None:
    dyads = _dyads(extractor, "Serbia and Kosovo met each other in Brussels on Monday.", "Meeting")
    assert dyads == {(("Q1246", "Q403"), ())}
