"""A bare post title ("the Prime Minister", a "Foreign Minister" author line) is the post's holder on the
article's date in the text's home state, and nobody when the home is unclear (issue #14)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from tests.extraction.people import holder_in_reference as _holder_in_reference
from tests.extraction.people import persons as _persons


@pytest.mark.parametrize(
    "text, title, position, published",
    [
        # the dateline's state, named again in the story
        (
            "CANBERRA -- The Prime Minister met the premier of Queensland on Monday, Australia's government said.",
            "Prime Minister",
            "Prime Minister of Australia",
            date(2024, 3, 1),
        ),
        # a statement's issuer, and an author line that is a title alone
        (
            "New Zealand statement on Gaza\nForeign Minister\n\nNew Zealand is deeply concerned by the fighting.",
            "Foreign Minister",
            "Minister of Foreign Affairs of New Zealand",
            date(2021, 6, 1),
        ),
        # the one state a news report names
        (
            "Kenya held elections. The President thanked voters.",
            "President",
            "President of Kenya",
            date(2024, 3, 1),
        ),
    ],
)
def test_a_bare_title_is_the_holder_in_the_home_state(
    extractor: Extractor, text: str, title: str, position: str, published: date
) -> None:
    assert _persons(extractor, text, published).get(title) == _holder_in_reference(position, published)


@pytest.mark.parametrize(
    "text",
    [
        # no home state at all
        "The Prime Minister resigned on Monday.",
        # two states, no issuer or dateline: whose president?
        "Kenya and Uganda signed a deal. The President thanked voters.",
        # a text speaking for a body it never names: the one state it names is its subject, not its home
        "We condemn the coup in Kenya. The President must be released.",
        # another post than the title's
        "Kenya held elections. The Vice President thanked voters.",
        # a bureau's city whose state the story never names
        "NAIROBI -- Fighting spread across Sudan and Chad. The President called for calm, his office said.",
    ],
)
def test_a_bare_title_without_a_clear_home_stays_unlinked(extractor: Extractor, text: str) -> None:
    persons = _persons(extractor, text, date(2024, 3, 1))
    assert not any(qid for mention, qid in persons.items() if "President" in mention or "Minister" in mention)


def test_a_un_organs_secretary_general_is_the_uns(extractor: Extractor) -> None:
    text = "The Security Council met on Mali. The Secretary-General briefed members."
    published = date(2021, 5, 26)
    expected = _holder_in_reference("Secretary-General of the United Nations", published)
    assert _persons(extractor, text, published).get("Secretary-General") == expected


def test_a_secretary_general_of_two_named_bodies_stays_unlinked(extractor: Extractor) -> None:
    text = "The Security Council and NATO discussed Mali. The Secretary-General briefed members."
    assert not _persons(extractor, text, date(2021, 5, 26)).get("Secretary-General")


def test_a_statement_on_a_state_gives_it_the_posts_its_issuer_lacks(extractor: Extractor) -> None:
    text = (
        "Council of the European Union statement on Mali\n\n"
        "The Council called for the release of the Prime Minister and urged restraint."
    )
    published = date(2021, 3, 10)
    expected = _holder_in_reference("Prime Minister of Mali", published)
    assert _persons(extractor, text, published).get("Prime Minister") == expected


def test_a_statement_on_two_states_gives_neither_the_post(extractor: Extractor) -> None:
    text = (
        "Council of the European Union statement on Mali and Niger\n\n"
        "The Council called for the release of the Prime Minister and urged restraint."
    )
    assert not _persons(extractor, text, date(2021, 3, 10)).get("Prime Minister")


def test_a_post_held_on_the_day_of_the_events_keeps_that_holder(extractor: Extractor) -> None:
    # published two days after the term in the reference files ended, and before the next began
    text = (
        "Press statement on Mali\n\n"
        "The members condemned the detention of the transitional President of the Republic, Prime Minister and "
        "two ministers by soldiers in Mali on 24 May 2021."
    )
    found = _persons(extractor, text, date(2021, 5, 26))
    assert found.get("Prime Minister") == _holder_in_reference("Prime Minister of Mali", date(2021, 5, 24))
    # the presidency changed hands that day: two held it, so nobody is named
    assert not found.get("President of the Republic")


@pytest.mark.parametrize(
    "text, title, position",
    [
        (
            "NEW DELHI -- The Minister of External Affairs met envoys from the Gulf, India's government said.",
            "Minister of External Affairs",
            "Minister of External Affairs of India",
        ),
        (
            "Statement by France on the Sahel\n\nThe Minister of the Armed Forces will visit troops in Niger.",
            "Minister of the Armed Forces",
            "Minister of the Armed Forces of France",
        ),
    ],
)
def test_a_minister_by_portfolio_is_the_holder_in_the_home_state(
    extractor: Extractor, text: str, title: str, position: str
) -> None:
    published = date(2022, 6, 15)
    assert _persons(extractor, text, published).get(title) == _holder_in_reference(position, published)


def test_a_portfolio_is_matched_whole(extractor: Extractor) -> None:
    # Cuba's post is "Minister of the Revolutionary Armed Forces": "the Armed Forces" is not its whole name
    text = "HAVANA -- The Minister of the Armed Forces met officers on Tuesday, Cuba's government said."
    published = date(2021, 6, 1)
    found = _persons(extractor, text, published)
    assert not found.get("Minister of the Armed Forces")
    text = text.replace("the Armed Forces", "the Revolutionary Armed Forces")
    expected = _holder_in_reference("Minister of the Revolutionary Armed Forces of Cuba", published)
    assert _persons(extractor, text, published).get("Minister of the Revolutionary Armed Forces") == expected


@pytest.mark.parametrize("published", [date(2021, 6, 1), date(2022, 6, 15)])
def test_indias_foreign_minister_is_never_its_foreign_secretary(
    extractor: Extractor, published: date
) -> None:
    # The reference files give India, beside its Ministers of External Affairs, a series of "Ministers of Foreign
    # Affairs" that public reports give as its Foreign Secretaries (civil servants): with both, two people hold
    # the post, so nobody is named; never the Foreign Secretary alone.
    text = "NEW DELHI -- The Foreign Minister met envoys from the Gulf on Tuesday, India's government said."
    external_affairs = _holder_in_reference("Minister of External Affairs of India", published)
    assert _persons(extractor, text, published).get("Foreign Minister") in {None, external_affairs}


def _condemners(extractor: Extractor, text: str) -> tuple[str, list[list[str | None]]]:
    """Pakistan's QID, and the QIDs of each condemnation's actors."""
    (pakistan,) = [e.qid for e in extractor.gazetteer.lookup("Pakistan") if e.type == "State"]
    facts = extractor.extract(text, published=date(2015, 7, 28))
    qids = {entity.iri: entity.wikidata for entity in facts.entities}
    return pakistan, [[qids[iri] for iri in e.actors] for e in facts.events if e.type == "Condemnation"]


@pytest.mark.parametrize(
    "text, home_state",
    [
        (
            "ISLAMABAD: The Foreign Office condemned the attack in Gurdaspur. Pakistan has long denied involvement.",
            True,
        ),
        (
            "ISLAMABAD: The Ministry of Foreign Affairs condemned the attack. Pakistan denied involvement.",
            True,
        ),
        # a dateline as written, then a long dash
        (
            "Islamabad — The Ministry of Foreign Affairs condemned the attack. India blamed Pakistan for it.",
            True,
        ),
        # no home: a dateline city of a body's seat, or no dateline and two states
        ("GENEVA: The Foreign Ministry condemned the attack. Pakistan and India traded blame.", False),
        # the ministry's own state named after it
        (
            "ISLAMABAD: The Foreign Ministry of India condemned the attack. Pakistan denied involvement.",
            False,
        ),
    ],
)
def test_a_ministry_without_its_state_is_the_home_states(
    extractor: Extractor, text: str, home_state: bool
) -> None:
    pakistan, actors = _condemners(extractor, text)
    if home_state:
        assert actors == [[pakistan]]
    else:
        assert all(pakistan not in each for each in actors)
