"""Which date an event takes: its own clause's, the occasion its sentence names, the day the source speaks, or
none. Sentences are the team's own, written for these cases (issue #9)."""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from tests.extraction.test_events import PUBLISHED, _extract, _one

TUESDAY = "2024-03-12"  # PUBLISHED is a Thursday
TODAY = PUBLISHED.isoformat()


@pytest.mark.parametrize(
    "text, type_, expected",
    [
        # a reaction the text does not date takes no date from the story's lead
        (
            "Serbian police arrested two men in Mitrovica on Monday. The European Union called for restraint.",
            "CallForDialogue",
            None,
        ),
        # a participant of the story's day acting again shares its day
        (
            "NATO Secretary General Jens Stoltenberg visited Belgrade on Tuesday. "
            "Stoltenberg urged Serbia and Kosovo to return to dialogue.",
            "CallForDialogue",
            TUESDAY,
        ),
        # an act at the occasion the story told of shares its day
        (
            "Finland joined NATO on Tuesday at a ceremony in Brussels. "
            "Speaking at the ceremony, the Swedish foreign minister welcomed the decision.",
            "Endorsement",
            TUESDAY,
        ),
        # a named occasion is one too, when the act was done at it, not when it is still to come
        (
            "ECOWAS leaders decided on Tuesday to keep the border with Mali closed. "
            "ECOWAS at the end of the Extraordinary Summit of Heads of State also issued warnings to the juntas.",
            "Threat",
            TUESDAY,
        ),
        (
            "ECOWAS leaders decided on Tuesday to keep the border with Mali closed. "
            "Tinubu will meet Mahama at the Extraordinary Summit of Heads of State.",
            "Meeting",
            None,
        ),
        # a trip still to come, told by a participant of the story's day, is not on that day, nor are the talks
        # it is for
        (
            "Burkina Faso's foreign minister Olivia Rouamba met the UN envoy on Tuesday. "
            "Rouamba will travel to Niamey next week, the ministry said.",
            "Visit",
            None,
        ),
        (
            "Burkina Faso's foreign minister Olivia Rouamba condemned the attack on Tuesday. "
            "Rouamba will travel to Niamey for talks with her Nigerien counterpart.",
            "Meeting",
            None,
        ),
        # the story's day is the lead's, however many sentences its headline has
        (
            "Serbia and Kosovo sign deal; Israel and Kosovo to open embassies\n\n"
            "BRUSSELS -- Serbia and Kosovo signed an economic deal on Tuesday. "
            "At the same ceremony, Kosovo's prime minister pledged to open an embassy in Jerusalem.",
            "Pledge",
            TUESDAY,
        ),
        # the past perfect puts an act before the occasion
        (
            "EU leaders met in Brussels on Tuesday. "
            "At the summit, the Slovak prime minister, who had threatened to veto the aid package, approved it.",
            "Threat",
            None,
        ),
        # the issuer of a statement acts on its day, in the past tense too
        (
            "Security Council Press Statement on Mali\n\n"
            "The members of the Security Council strongly condemned the attack on peacekeepers in Mali. "
            "They called on all parties to return to dialogue.",
            "CallForDialogue",
            TODAY,
        ),
        # a statement's present tense about another state is not the issuer's act ...
        (
            "United States Statement on Cuba\n\n"
            "The Government of Cuba denies this abuse of human rights and refuses access to observers.",
            "Denial",
            None,
        ),
        # ... while its own is
        (
            "United States Statement on Cuba\n\nWe condemn the arrests of protesters in Havana.",
            "Condemnation",
            TODAY,
        ),
        # the issuer's refusal, its obligations and a second verb of its own subject are said on its day
        (
            "United Kingdom Statement on Georgia\n\n"
            "The United Kingdom does not recognise the so-called elections held in Abkhazia on 9 March.",
            "Rejection",
            TODAY,
        ),
        (
            "EU Statement on Kosovo\n\nKosovo and Serbia must return to the dialogue and find solutions.",
            "CallForDialogue",
            TODAY,
        ),
        (
            "We remain committed to the dialogue and reiterate our support for Kosovo's sovereignty.",
            "Endorsement",
            TODAY,
        ),
        # a sentence the parser gives no verb at its root: its one fronted date is the day of what it tells
        (
            "On July 24, in another unusual incident that may or may not be related, the chief prosecutor for a"
            " district near Khorog was injured in a car bombing in the city.",
            "Attack",
            "2023-07-24",  # the last July 24 before publication
        ),
        # an act told "as" the dated one went on shares its day, though the parser reads "as" as a preposition
        (
            "A crisis had been brewing in Haiti.\n\nOn December 17, 2001, the crisis escalated as armed commandos"
            " stormed the presidential palace in Port-au-Prince in an assault.",
            "Attack",
            "2001-12-17",
        ),
        # a paragraph that opens with its year tells that year's months; the next paragraph is the news again
        ("In 2019, relations worsened. In July, Turkey expelled two Dutch diplomats.", "Sanction", "2019-07"),
        (
            "In 2019, relations worsened.\n\nIn July, Turkey expelled two Dutch diplomats.",
            "Sanction",
            "2023-07",
        ),
        # the speaker thanks in saying "I want to thank"; a third party's wish is not yet an act
        ("I want to thank Norway for its help in bringing our nationals home.", "Endorsement", TODAY),
        ("Norway wants to thank Sweden for its help.", "Endorsement", None),
        # the period an ordinal counts in is not the act's day
        (
            "North Korea conducted its fifth ballistic missile launch this year, on April 16, 2023.",
            "MilitaryExercise",
            "2023-04-16",
        ),
    ],
)
def test_date_of_the_act(extractor: Extractor, text: str, type_: str, expected: str | None) -> None:
    assert _one(_extract(extractor, text), type_).date == expected


@pytest.mark.parametrize(
    "text, type_, expected",
    [
        # the reporting verb's day is the saying's, not that of what had happened before it
        (
            "Serbia's interior minister said on Sunday that 30 people had been detained in Novi Pazar.",
            "Arrest",
            None,
        ),
        # ... while an act done in words, reported by it, was done as it was said
        ("The ministry said on Tuesday that Turkey rejected the proposal.", "Rejection", TUESDAY),
        (
            "A government spokesman said on Tuesday that Germany condemned the attack.",
            "Condemnation",
            TUESDAY,
        ),
        # ... but not one of a time clause after it
        (
            "Serbia has started to pull back its troops, Vucic said on Tuesday, a week after Washington and "
            "Brussels raised the alarm over what they called a buildup.",
            "Condemnation",
            None,
        ),
        # ... while what goes on as it is said shares it
        (
            "Russia has begun pulling its troops out of Transnistria, the Kremlin confirmed on Tuesday.",
            "Withdrawal",
            TUESDAY,
        ),
        # a clause "after" the dated act tells of another time
        (
            "Moldova's trade benefits were suspended in 2015 after the government cracked down on protesters.",
            "Attack",
            None,
        ),
        # one "when" it ended is of the same time
        (
            "The fighting ended on Tuesday evening when the rebels agreed to a ceasefire brokered by Qatar.",
            "Agreement",
            TUESDAY,
        ),
        # the date of a second act joined by "and" is not the first one's
        (
            "Viktor Orban resisted calls to lift his veto, and won a vote of confidence in parliament on 4 March.",
            "Rejection",
            None,
        ),
        # a date before acts of one subject dates each of them
        (
            "One year ago, the army of Niger detained the president, dissolved the parliament and seized power.",
            "Attack",
            "2023",
        ),
        # a relative clause that says when its event happened dates it
        (
            "Dozens of people were injured in the protests, which began on 2 March in Dakar.",
            "Protest",
            "2024-03-02",
        ),
        # a date inside the phrase of the event reacted to is that event's, not the reaction's
        (
            "The Security Council condemned the arrest of opposition leaders by soldiers in Mali on 2 March.",
            "Condemnation",
            None,
        ),
        # a deadline without its year, in a sentence not told in the past, is the coming one
        (
            "This resolution sets an objective of withdrawal of MINUSMA by 28 February.",
            "Withdrawal",
            "2025-02-28",
        ),
        ("Russia withdrew its troops from Armenia by 28 February.", "Withdrawal", "2024-02-28"),
        # the day of an account ("according to ... on Tuesday") is not an incident's; a demarche announced so
        # was made on it
        (
            "Two soldiers were killed in an ambush by Boko Haram militants, according to the army on Tuesday.",
            "Attack",
            None,
        ),
        (
            "The foreign ministry filed a demarche to the Turkish ambassador, according to its announcement on"
            " Tuesday.",
            "Condemnation",
            TUESDAY,
        ),
        # "as of" gives the day a tally stands at, not when its acts happened
        ("As of 1 March 2024, 40 states have recognised the independence of Kosovo.", "Recognition", None),
        # what happens as, when or while the dated act happens shares its day
        ("At least 27 people were killed on Tuesday as police clashed with demonstrators.", "Clash", TUESDAY),
        # the day a plan was told is not the day planned; a day the plan itself names is the coming one
        ("The Kremlin said on Monday that it was ready for talks with Ukraine.", "Meeting", None),
        ("Kenya will send troops to Haiti on Monday.", "Deployment", "2024-03-18"),
        # a day without its year, of a plan a verb tells, is the coming one, unless it is only weeks past
        ("The Kenyan president will visit Haiti on 2 August.", "Visit", "2024-08-02"),
        ("The Kenyan president will visit Haiti on 2 March.", "Visit", "2024-03-02"),
        # and a plan shared by two verbs is a plan for both ("will meet ... and also visit")
        ("Ruto will meet Biden in Washington and also visit Haiti on 2 August.", "Visit", "2024-08-02"),
    ],
)
def test_date_of_the_acts_own_clause(
    extractor: Extractor, text: str, type_: str, expected: str | None
) -> None:
    assert _one(_extract(extractor, text), type_).date == expected


def test_what_the_source_of_a_first_person_text_does_now_is_dated_on_publication(
    extractor: Extractor,
) -> None:
    statement = (
        "Venezuela: sanctions actions\n\n"
        "We remain committed to a democratic transition in Venezuela. "
        "The United States is revoking the licence that authorized transactions with the state gold company."
    )
    assert _one(_extract(extractor, statement), "Sanction").date == TODAY


def test_the_us_is_no_first_person(extractor: Extractor) -> None:
    report = (
        "NATO leaders agreed on Wednesday to a spending target pushed for months by US President Donald Trump. "
        "German Chancellor Friedrich Merz said Germany would reach the goal well before the deadline."
    )
    assert _one(_extract(extractor, report), "Pledge").date is None


def test_a_quotation_running_over_paragraphs_keeps_its_we_inside_it(extractor: Extractor) -> None:
    # news style: the quotation's second paragraph opens with a mark of its own, which closes nothing
    report = (
        "Kenya's foreign minister spoke to reporters in Nairobi.\n\n\"We will not accept this.\n\n"
        '"We are ready to talk," he said.\n\nThe African Union calls on Sudan to end the fighting.'
    )
    assert _one(_extract(extractor, report), "Demand").date is None


def test_an_obligation_in_a_first_person_statement_is_dated_on_publication(extractor: Extractor) -> None:
    statement = "We condemn the coup in Burma. The regime must release all political prisoners."
    demands = [e for e in _extract(extractor, statement).events if e.type == "Demand"]
    assert [e.date for e in demands] == [PUBLISHED.isoformat()]


def test_an_obligation_in_a_report_keeps_no_date(extractor: Extractor) -> None:
    report = "The coup in Burma was condemned abroad. The regime must release all political prisoners."
    demands = [e for e in _extract(extractor, report).events if e.type == "Demand"]
    assert demands and all(e.date is None for e in demands)


STORY = "Al-Shabaab fighters attacked a police station in Mandera on Tuesday, killing a policeman. "


@pytest.mark.parametrize(
    "second, expected",
    [
        # another incident of the story, told in the simple past without a day, happened on the story's day
        ("Meanwhile, a telecommunications mast was attacked by a third group in Lafey.", TUESDAY),
        # background: a time of its own, a habit, a clause of time, or an act before the story's
        ("Last year, militants attacked a telecommunications mast in Lafey.", "2023"),
        ("Years ago, militants attacked a telecommunications mast in Lafey.", None),
        ("The militants twice attacked the telecommunications mast in Lafey.", None),
        ("When the militants attacked the mast in Lafey, the network went down.", None),
        ("The same group had attacked a telecommunications mast in Lafey.", None),
        ("The group has attacked telecommunications masts in Lafey.", None),
    ],
)
def test_an_undated_incident_of_the_story_takes_the_story_day(
    extractor: Extractor, second: str, expected: str | None
) -> None:
    attacks = [e for e in _extract(extractor, STORY + second).events if e.type == "Attack"]
    later = [e for e in attacks if "Lafey" in e.evidence.text]
    assert len(later) == 1
    assert later[0].date == expected


@pytest.mark.parametrize(
    "second, expected",
    [
        # "the clash" names the story's own incident, whoever tells of it
        (
            "A police spokesman said two officers were wounded in the clash with the militants in Lafey.",
            TUESDAY,
        ),
        # "a clash" told by someone is one of theirs, on a day the text does not give
        ("A police spokesman said two officers were wounded in a clash with the militants in Lafey.", None),
    ],
)
def test_the_story_incident_named_again_by_a_speaker_takes_the_story_day(
    extractor: Extractor, second: str, expected: str | None
) -> None:
    clashes = [e for e in _extract(extractor, STORY + second).events if e.type == "Clash"]
    assert [e.date for e in clashes] == [expected]
