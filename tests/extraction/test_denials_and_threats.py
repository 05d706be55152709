"""What a speaker denies or threatens (#9): the act denied or held out is part of the speech event, not an
event of its own."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from kg.facts import Facts
from tests.extraction.test_events import _one, _qids

PUBLISHED = date(2016, 9, 30)


def _extract(extractor: Extractor, text: str, published: date = PUBLISHED) -> Facts:
    return extractor.extract(text, published=published)


def _types(facts: Facts) -> set[str]:
    return {event.type for event in facts.events}


@pytest.mark.parametrize(
    "text, denied",
    [
        ("Pakistan insisted that no incursion had taken place into the territory it controls.", "Attack"),
        ("Moscow maintained that its forces did not shell the village.", "Attack"),
        ("Turkey told reporters it had not carried out any strikes in Idlib province on Monday.", "Attack"),
        ("Russia said no military exercises had been held near the Latvian border.", "MilitaryExercise"),
        # an intrusion is a deployment into another's land, and one can deny it
        ("The Philippine army said its troops did not intrude into the rebel stronghold.", "Deployment"),
    ],
)
def test_a_negated_act_a_state_tells_of_is_its_denial_alone(
    extractor: Extractor, text: str, denied: str
) -> None:
    facts = _extract(extractor, text)
    assert _types(facts) == {"Denial"}


def test_a_coalition_can_deny() -> None:
    facts = Extractor().extract(
        "But the coalition told AFP it had not carried out any strikes in Idlib province on Monday.",
        published=PUBLISHED,
    )
    denial = _one(facts, "Denial")
    assert [facts.entity(iri).label for iri in denial.actors] == ["coalition"]


def test_no_before_an_act_negates_it(extractor: Extractor) -> None:
    facts = _extract(
        extractor, "There was no attack on the convoy near Gao, the army of Mali said on Friday."
    )
    assert all(e.status == "negated" for e in facts.events if e.type == "Attack")


@pytest.mark.parametrize(
    "text, threatened",
    [
        ("Washington threatened sanctions against Ankara.", "Q43"),
        ("North Korea warned of nuclear strikes against the United States.", "Q30"),
    ],
)
def test_the_act_a_threat_holds_out_is_the_threats_target_not_an_event(
    extractor: Extractor, text: str, threatened: str
) -> None:
    facts = _extract(extractor, text)
    assert _types(facts) == {"Threat"}
    assert threatened in _qids(facts, _one(facts, "Threat").targets)


@pytest.mark.parametrize(
    "text, found",
    [
        (
            "If Russia continues to interfere in Ukraine, the United States stands ready to impose further sanctions.",
            True,
        ),
        ("The European Union will impose sanctions on Belarus unless it releases the prisoners.", True),
        ("The European Union imposed sanctions on Belarus on Monday.", False),
        # ready or prepared to sanction, with or without a condition, holds sanctions out
        ("Denmark is prepared to impose even tougher sanctions on Russia, the minister said.", True),
        ("The European Union stands ready to adopt further sanctions against Belarus.", True),
        ("The European Union agreed to impose sanctions on Belarus on Monday.", False),
    ],
)
def test_sanctions_held_out_on_a_condition_are_a_threat(extractor: Extractor, text: str, found: bool) -> None:
    types = _types(_extract(extractor, text))
    assert ("Threat" in types) == found
    assert ("Sanction" in types) != found


@pytest.mark.parametrize(
    "text",
    [
        "Pakistan promised a forceful response if there was a repeat of the operation.",
        "Iran vowed revenge for the killing of its general.",
    ],
)
def test_promising_a_response_is_a_threat(extractor: Extractor, text: str) -> None:
    assert "Threat" in _types(_extract(extractor, text))


@pytest.mark.parametrize(
    "text, type_, actor",
    [
        (
            "Pakistan denied the incursion. It promised a forceful response if there was a repeat.",
            "Threat",
            "Q843",
        ),
        (
            "The European Union met in Brussels. It condemned the attack on the convoy.",
            "Condemnation",
            "Q458",
        ),
    ],
)
def test_a_sentence_initial_it_is_the_state_or_body_just_named(
    extractor: Extractor, text: str, type_: str, actor: str
) -> None:
    facts = _extract(extractor, text)
    assert _qids(facts, _one(facts, type_).actors) == {actor}


def test_an_it_that_stands_for_no_one_names_no_actor(extractor: Extractor) -> None:
    facts = _extract(extractor, "Pakistan denied the incursion. It is unclear whether India attacked.")
    assert "Q843" not in _qids(facts, _one(facts, "Attack").actors)


def test_advocating_restraint_is_a_call_for_dialogue(extractor: Extractor) -> None:
    assert _types(_extract(extractor, "Nigeria advocated for restraint by Iran and Israel.")) == {
        "CallForDialogue"
    }


@pytest.mark.parametrize(
    "text, found",
    [
        ("Dmitry Rogozin, Russia's deputy prime minister, has been targeted.", False),
        ("Another police station in Mandera was targeted on Thursday.", True),
        ("Many businesses in Honiara were targeted by protesters.", True),
    ],
)
def test_a_person_targeted_without_an_attacker_or_arms_is_no_attack(
    extractor: Extractor, text: str, found: bool
) -> None:
    assert ("Attack" in _types(_extract(extractor, text))) == found


def test_an_act_in_the_present_tense_is_not_dated_by_an_earlier_day(extractor: Extractor) -> None:
    facts = _extract(
        extractor,
        "India condemns the suicide bomb attacks in Tel Aviv on 1st June.",
        published=date(2001, 6, 4),
    )
    assert _one(facts, "Condemnation").date != "2001-06-01"
    assert _one(facts, "Attack").date == "2001-06-01"


@pytest.mark.parametrize(
    "text, type_",
    [
        ("The United States described China's actions in the South China Sea as aggressive.", "Condemnation"),
        (
            "Kazakhstan and Mongolia held talks. The two countries will sign important bilateral documents.",
            "Agreement",
        ),
    ],
)
def test_more_news_wordings(extractor: Extractor, text: str, type_: str) -> None:
    assert type_ in _types(_extract(extractor, text))


def test_the_two_countries_are_the_two_states_named_before(extractor: Extractor) -> None:
    facts = _extract(
        extractor, "Kazakhstan and Mongolia held talks. The two countries will sign bilateral documents."
    )
    assert _qids(facts, _one(facts, "Agreement").actors) == {"Q232", "Q711"}


def test_a_situation_said_to_be_assured_is_no_pledge(extractor: Extractor) -> None:
    text = '"The situation in the area is normal and security is assured," said a Rwandan army spokesman.'
    assert "Pledge" not in _types(_extract(extractor, text))


@pytest.mark.parametrize(
    "text, found",
    [
        ("The PKK has been fighting against Turkish forces since 1984.", False),
        ("Protesters have clashed with police in Dhaka since Monday.", True),
    ],
)
def test_what_goes_on_since_years_is_background(extractor: Extractor, text: str, found: bool) -> None:
    assert bool(_types(_extract(extractor, text)) & {"Clash"}) == found


def test_an_act_joined_to_one_asked_for_is_not_done(extractor: Extractor) -> None:
    text = "Jordan's foreign minister stressed the importance of halting the war and delivering aid to Gaza."
    facts = _extract(extractor, text)
    assert _one(facts, "Demand")
    assert all(e.status != "asserted" for e in facts.events if e.type == "Aid")


@pytest.mark.parametrize(
    "text, found",
    [
        ("Jordan's foreign minister stressed the importance of halting the aggression on Gaza.", True),
        ("Stoltenberg emphasized the importance of fostering closer cooperation with Serbia.", False),
    ],
)
def test_the_importance_of_an_act_stressed_demands_it_unless_it_is_ones_own_ties(
    extractor: Extractor, text: str, found: bool
) -> None:
    assert ("Demand" in _types(_extract(extractor, text))) == found


@pytest.mark.parametrize(
    "text, type_, found",
    [
        ("ECOWAS said it did not rule out military action against the junta in Niger.", "Threat", True),
        ("ECOWAS said it did not rule out military action against the junta in Niger.", "Rejection", False),
        ("Chancellor Olaf Scholz ruled out sending troops to Ukraine.", "Rejection", True),
        # the dictionary's "resolve ... issue" concedes nothing: it is mostly a purpose ("to resolve border issues")
        (
            "Greek and Turkish leaders met in Athens, stressing a commitment to resolve outstanding issues.",
            "Concession",
            False,
        ),
    ],
)
def test_ruling_out_and_resolving(extractor: Extractor, text: str, type_: str, found: bool) -> None:
    assert (type_ in _types(_extract(extractor, text))) == found


@pytest.mark.parametrize(
    "text, status",
    [
        ("Germany ruled out sending tanks to Ukraine.", "negated"),
        ("Germany did not rule out sending tanks to Ukraine.", "hypothetical"),
    ],
)
def test_an_act_ruled_out_is_not_done(extractor: Extractor, text: str, status: str) -> None:
    assert _one(_extract(extractor, text), "Aid").status == status


@pytest.mark.parametrize(
    "text, type_, status",
    [
        # a refusal, unwillingness or failure to act names the act as not done
        (
            "Russia's unwillingness to agree to a 30-day ceasefire shows its aggressive position.",
            "Agreement",
            "negated",
        ),
        ("Russia's refusal to withdraw its troops angered Kyiv.", "Withdrawal", "negated"),
        # a wish to act is no act yet
        (
            "He advised Croats wishing to fight for Ukraine to check where they were going.",
            "Clash",
            "planned",
        ),
    ],
)
def test_an_act_refused_or_wished_is_not_done(
    extractor: Extractor, text: str, type_: str, status: str
) -> None:
    assert _one(_extract(extractor, text), type_).status == status


@pytest.mark.parametrize(
    "text, accuser, accused",
    [
        ("According to Ukraine, Russian forces violated the ceasefire overnight.", "Q212", "Q159"),
        (
            "Russian forces violated the ceasefire overnight, according to Ukraine's defence ministry.",
            "Q212",
            "Q159",
        ),
        ("India said Pakistan was supporting terrorists in Kashmir.", "Q668", "Q843"),
        ("Ethiopia said Egypt was backing the rebels.", "Q115", "Q79"),
        ("Pakistan said Indian troops opened fire on its posts along the Line of Control.", "Q843", "Q668"),
        ("China said the Philippines had deliberately rammed its ship.", "Q148", "Q928"),
        ("Venezuela said Colombia had undermined the border talks.", "Q717", "Q739"),
        ("Georgia said Russia had abducted two Georgian citizens near the line.", "Q230", "Q159"),
        ("Sudan said South Sudanese troops had pushed 70 kilometres into Sudan.", "Q1049", "Q958"),
    ],
)
def test_wrongs_a_side_tells_of_another_accuse_it(
    extractor: Extractor, text: str, accuser: str, accused: str
) -> None:
    facts = _extract(extractor, text)
    accusation = _one(facts, "Accusation")
    assert _qids(facts, accusation.actors) == {accuser}
    assert accused in _qids(facts, accusation.targets)


def test_backing_ones_own_rebels_is_no_accusation(extractor: Extractor) -> None:
    assert "Accusation" not in _types(_extract(extractor, "France said it would support the rebels."))


def test_a_named_doer_the_speaker_reports_is_not_the_speaker(extractor: Extractor) -> None:
    facts = _extract(extractor, "Israel said Hezbollah fired rockets at northern Israel on Monday.")
    assert "Q801" not in _qids(facts, _one(facts, "Attack").actors)


def test_an_attack_called_by_a_name_is_the_attack_told(extractor: Extractor) -> None:
    text = (
        "Belizean soldiers shot dead a Guatemalan teenager near the border on Wednesday. "
        "Guatemalan President Jimmy Morales called it a cowardly and excessive attack."
    )
    assert [e.type for e in _extract(extractor, text).events].count("Attack") == 1


def test_a_bare_the_shooting_before_its_account_is_that_account(extractor: Extractor) -> None:
    text = (
        "The shooting has quickly turned into a diplomatic tussle between Belize and Guatemala. "
        "Guatemala says Belizean soldiers attacked three farmers on Wednesday near Melchor de Mencos."
    )
    attacks = [e for e in _extract(extractor, text).events if e.type == "Attack"]
    assert len(attacks) == 1 and "The shooting" in " ".join(s.text for s in attacks[0].supporting_evidence)


@pytest.mark.parametrize(
    "text, type_, found",
    [
        ("The United States rallied nations to condemn the crackdown.", "Protest", False),
        ("Thousands of protesters rallied in Havana on Sunday.", "Protest", True),
        (
            "In coordination with its partners, Canada is targeting leaders of the nuclear sector.",
            "Cooperation",
            False,
        ),
        ("The strike was carried out in coordination with the Canadian government.", "Cooperation", True),
    ],
)
def test_rallying_support_and_coordinating_at_home(
    extractor: Extractor, text: str, type_: str, found: bool
) -> None:
    assert (type_ in _types(_extract(extractor, text))) == found


def test_a_capitalised_working_visit_is_a_visit(extractor: Extractor) -> None:
    text = "President Cyril Ramaphosa will undertake a Working Visit to the Kingdom of Lesotho on Thursday."
    assert "Visit" in _types(_extract(extractor, text, published=date(2019, 5, 1)))


def test_the_place_of_a_hit_target_is_no_side_hit(extractor: Extractor) -> None:
    text = "Colombia said military commandos first bombed a camp on its side of the border."
    assert "Accusation" not in _types(_extract(extractor, text))


@pytest.mark.parametrize(
    "text, found",
    [
        ("The fighting could threaten Chancellor Olaf Scholz's plan to visit Kyiv.", False),
        ("The clashes threaten Egypt's ceasefire between Israel and Hamas.", False),
        ("Iran threatened to close the Strait of Hormuz on Monday.", True),
    ],
)
def test_what_endangers_a_plan_or_a_truce_makes_no_threat(
    extractor: Extractor, text: str, found: bool
) -> None:
    facts = extractor.extract(text, published=date(2024, 6, 3))
    assert any(e.type == "Threat" for e in facts.events) is found


@pytest.mark.parametrize(
    "text",
    [
        "Rwanda said that accusations of Rwanda supporting the M23 rebels are wrong and diversionary.",
        "Rwanda's government said that accusing Rwanda of support to the M23 rebels is wrong.",
    ],
)
def test_a_charge_called_wrong_is_denied_not_made(extractor: Extractor, text: str) -> None:
    facts = _extract(extractor, text)
    assert _types(facts) == {"Denial"}
    (denial,) = facts.events
    assert {facts.entity(iri).wikidata for iri in denial.actors} == {"Q1037"}
