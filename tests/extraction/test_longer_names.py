"""A known name inside a longer name that denotes another entity (a branch, a body, a ship, a negotiating
format) does not take the known name's QID. Sentences are the team's own."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor


def _qids(extractor: Extractor, text: str) -> dict[str, str | None]:
    """Surface text -> the QID it refers to."""
    facts = extractor.extract(text, published=date(2024, 6, 3))
    return {mention.text: entity.wikidata for entity in facts.entities for mention in entity.mentions}


@pytest.mark.parametrize(
    "text, part, longer",
    [
        # Branches of an armed group: capitalised words after its name, or "in the" and a region.
        (
            "Fighters of Islamic State West Africa Province raided a barracks on Monday.",
            "Islamic State",
            "Islamic State West Africa Province",
        ),
        (
            "The Islamic State Khorasan Province said it planted the bomb.",
            "Islamic State",
            "Islamic State Khorasan Province",
        ),
        (
            "Islamic State in the Greater Sahara ambushed a patrol near the border.",
            "Islamic State",
            "Islamic State in the Greater Sahara",
        ),
        # A body named after its parent organisation.
        (
            "The United Nations Integrated Transition Assistance Mission wound down its work.",
            "United Nations",
            "United Nations Integrated Transition Assistance Mission",
        ),
        # A format named after a city.
        ("Envoys prepared the Geneva International Discussions for July.", "Geneva", None),
    ],
)
def test_a_name_inside_a_longer_name_takes_no_qid(extractor: Extractor, text: str, part: str, longer) -> None:
    found = _qids(extractor, text)
    assert found.get(part) is None
    if longer is not None:
        assert longer in found and found[longer] is None


@pytest.mark.parametrize(
    "text, mention, qid",
    [
        # The name on its own, and with the words of the organisation itself after it.
        ("The Islamic State claimed the raid through its news agency.", "Islamic State", "Q2429253"),
        ("The United Nations asked both sides to hold their fire.", "United Nations", "Q1065"),
        ("The launch breached United Nations Resolutions on missiles.", "United Nations", "Q1065"),
        ("NATO Secretary General Jens Stoltenberg flew to Vilnius.", "NATO", "Q7184"),
        ("The envoys met in Geneva on Tuesday.", "Geneva", "Q71"),
    ],
)
def test_a_name_standing_alone_keeps_its_qid(extractor: Extractor, text: str, mention: str, qid: str) -> None:
    assert _qids(extractor, text).get(mention) == qid


def test_a_body_after_its_parent_carries_the_link(extractor: Extractor) -> None:
    """ "U.N. Security Council": the council, not the UN beside it."""
    found = _qids(extractor, "The U.N. Security Council met behind closed doors on Friday.")
    assert found.get("Security Council") == "Q37470"
    assert "Q1065" not in found.values()


@pytest.mark.parametrize(
    "text, city",
    [
        ("HMNZS Wellington sailed north with a diving team.", "Wellington"),
        ("USS Philadelphia docked for repairs.", "Philadelphia"),
        ("Progress on the Geneva process stalled again.", "Geneva"),
        ("Neither side honoured the Minsk agreements.", "Minsk"),
    ],
)
def test_a_ship_or_a_format_named_after_a_city_is_not_the_city(
    extractor: Extractor, text: str, city: str
) -> None:
    assert _qids(extractor, text).get(city) is None


@pytest.mark.parametrize(
    "text, name, qid",
    [
        # a news agency's name holds the state's name; two states joined by a hyphen stay two states
        ("A security official told Agence France-Presse that 12 soldiers died.", "France", None),
        ("The Serbia-Kosovo deal was signed in Brussels.", "Kosovo", "Q1246"),
        # a title word hyphen-joined into a body's name makes the longer name ("High-Level"), unlike a title
        ("The African Union High-Level Implementation Panel proposed a road map.", "African Union", None),
        ("The African Union High Representative proposed a road map.", "African Union", "Q7159"),
        ("The Serbia-Kosovo deal was signed in Brussels.", "Serbia", "Q403"),
    ],
)
def test_a_state_inside_a_hyphened_name(extractor: Extractor, text: str, name: str, qid: str | None) -> None:
    assert _qids(extractor, text).get(name) == qid
