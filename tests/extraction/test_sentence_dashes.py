"""A dash ends a dateline, never a sentence: an aside set off by dashes stays in its sentence, so a relation
whose subject stands before the aside and whose verb after it is found."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor


def _sentences(extractor: Extractor, text: str) -> list[str]:
    doc = extractor.nlp(text)
    return [sent.text.strip() for sent in doc.sents if sent.text.strip()]


@pytest.mark.parametrize(
    "text",
    [
        "Finland -- long a neutral country -- joined NATO in 2023.",
        "In May 2022, Georgia—a close partner of Brussels—applied for membership of the European Union.",
        "Chad—which borders Sudan—closed its border.",
        # a name, an acronym or a hyphened title before a dash opens a sentence, not a dateline
        "Ms Hasina - the daughter of Bangladesh's first president - has been in power since 2009.",
        "NATO - the alliance of 32 states - condemned the attack.",
        "UN Secretary-General Antonio Guterres condemned the killing of civilians.",
        "Mr Sharma said: the talks would go on.",
    ],
)
def test_an_aside_between_dashes_stays_in_its_sentence(extractor: Extractor, text: str) -> None:
    assert _sentences(extractor, text) == [text]


@pytest.mark.parametrize(
    "text, first",
    [
        ("BELGRADE, Serbia (AP) -- Serbia's president said on Monday that talks would go on.", "BELGRADE"),
        ("UNITED NATIONS — The Security Council met on Friday.", "UNITED NATIONS"),
        # a colon, a hyphen or an en dash ends a dateline too, agency and date in brackets or not
        ("Baku [Azerbaijan], May 1 (ANI/Sputnik): Armenia has violated the ceasefire.", "Baku"),
        ("Harare (Zimbabwe): A senior opposition politician has been arrested.", "Harare"),
        ("ISLAMABAD, Pakistan - Pakistani and Afghan forces exchanged fire at the border.", "ISLAMABAD"),
        ("Hanoi, Vietnam, September 15 - The foreign ministers of the two countries met.", "Hanoi"),
        ("WASHINGTON – The United States imposed sanctions on Venezuela.", "WASHINGTON"),
    ],
)
def test_a_dateline_dash_still_ends_the_dateline(extractor: Extractor, text: str, first: str) -> None:
    sentences = _sentences(extractor, text)
    assert len(sentences) == 2 and sentences[0].startswith(first)


def test_a_membership_stated_around_an_aside_is_found(extractor: Extractor) -> None:
    facts = extractor.extract("Finland -- long a neutral country -- joined NATO in 2023.")
    found = {
        (r.type, facts.entity(r.subject).wikidata, facts.entity(r.object).wikidata) for r in facts.relations
    }
    assert ("memberOf", "Q33", "Q7184") in found


@pytest.mark.parametrize(
    "text, count",
    [
        # a page that breaks paragraphs with one line break: a line ending a sentence ends it
        ("Dozens of demonstrators were killed.\n”We call on the government to release them,” he added.", 2),
        ("The army said six were killed.\nThe opposition disputed the figure.", 2),
        # hard-wrapped text: a line ending mid-sentence, or after an abbreviation, goes on
        ("The foreign ministry on Monday condemned the\nattack on the embassy.", 1),
        ("The talks were led by Lt.\nCol. Ahmed Salim of the army.", 1),
    ],
)
def test_a_single_line_break_ends_a_sentence_only_after_its_end(
    extractor: Extractor, text: str, count: int
) -> None:
    assert len(_sentences(extractor, text)) == count


def test_a_dateline_date_dates_the_lead(extractor: Extractor) -> None:
    """The dateline is a sentence of its own, and its date is still the lead's: the day the statement was made,
    not the day of the deal it welcomes."""
    text = (
        "New York, June 23 (Just Earth News): Secretary-General Ban Ki-moon has welcomed the agreement "
        "that Sudan signed on 18 June."
    )
    facts = extractor.extract(text, published=date(2016, 6, 24))
    welcomed = [e for e in facts.events if e.type == "Endorsement"]
    assert [e.date for e in welcomed] == ["2016-06-23"]
    assert all(e.evidence.text.startswith("Secretary-General") for e in welcomed)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a bracketed note inside a paragraph stays with the sentence before it, full stop and all
        (
            "Thousands of protesters angered at remarks that appeared in a weekly newspaper [newspaper archive] in"
            " September and were repeated last week by other papers [earlier report] marched outside the French"
            " embassy in Beirut [official website] on Sunday and a small group set fire to its gate [recorded"
            " video]. Police fired tear gas.",
            ["... set fire to its gate [recorded video].", "Police fired tear gas."],
        ),
        # an encyclopedia's citation marks after a full stop end the sentence they follow
        (
            "The corvette sank on 26 March 2010, killing 46 sailors.[6] North Korea denied that it was"
            " responsible for the sinking.[7][8] Seoul cut trade ties.",
            ["... killing 46 sailors.[6]", "... responsible for the sinking.[7][8]", "Seoul cut trade ties."],
        ),
    ],
)
def test_a_bracketed_note_ends_with_its_sentence(
    extractor: Extractor, text: str, expected: list[str]
) -> None:
    sentences = _sentences(extractor, text)
    assert len(sentences) == len(expected)
    for sentence, wanted in zip(sentences, expected, strict=True):
        assert (
            sentence.endswith(wanted.removeprefix("... ")) if wanted.startswith("...") else sentence == wanted
        )


@pytest.mark.parametrize(
    "headline, lead",
    [
        (
            "Montenegro and Serbia declare each other's ambassadors persona non grata",
            "Montenegro and Serbia on Saturday expelled one another's ambassadors in an escalating diplomatic spat.",
        ),
        (
            "english international",
            "China and Mongolia issued a joint statement in Beijing Tuesday, pledging to build closer ties.",
        ),
    ],
)
def test_no_sentence_starts_right_after_a_word(extractor: Extractor, headline: str, lead: str) -> None:
    """The parser, left alone, cut such leads into "Montenegro", "and" and the rest."""
    assert _sentences(extractor, f"{headline}\n\n{lead}\n")[-1] == lead
