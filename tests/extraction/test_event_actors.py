"""Who acts in an event (#9): the one asked to act, "by" phrases of nouns, the detained possessor, the parties
of a clash, and generic groups (juntas, militaries, armed men) that have no Wikidata item."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from kg.facts import Facts

PUBLISHED = date(2024, 6, 20)


def _roles(extractor: Extractor, text: str, type_: str) -> tuple[set[str], set[str]]:
    facts = extractor.extract(text, published=PUBLISHED)
    event = next(e for e in facts.events if e.type == type_)
    return _labels(facts, event.actors), _labels(facts, event.targets)


def _labels(facts: Facts, iris: list[str]) -> set[str]:
    return {facts.entity(iri).label.lower() for iri in iris}


@pytest.mark.parametrize(
    "text, type_, actor, not_actor",
    [
        (
            "Germany called on Russia to withdraw its troops from Moldova on Monday.",
            "Withdrawal",
            "russia",
            "germany",
        ),
        (
            "The EU urged Israel to end its strikes on Rafah on 3 May 2024.",
            "Withdrawal",
            "israel",
            "european union",
        ),
        (
            "Norway asked Sudan to release the detained aid workers on Friday.",
            "Concession",
            "sudan",
            "norway",
        ),
    ],
)
def test_the_one_asked_to_act_is_the_actor_of_the_act(
    extractor: Extractor, text: str, type_: str, actor: str, not_actor: str
) -> None:
    actors, _ = _roles(extractor, text, type_)
    assert actor in actors
    assert not_actor not in actors


def test_the_accused_does_what_they_are_accused_of_when_of_hangs_on_them(extractor: Extractor) -> None:
    """The parser hangs "of breaching" on "the M23 rebel group", not on "accused"."""
    text = "The Congolese armed forces have accused the M23 rebel group of breaching a recent ceasefire."
    actors, _ = _roles(extractor, text, "Attack")
    assert actors == {"m23 rebel group"}


@pytest.mark.parametrize(
    "text, actor",
    [
        ("Suspected gang members ambushed a group of policemen on Wednesday.", "suspected gang members"),
        ("Gangs killed two police officers in Port-au-Prince on Thursday.", "gangs"),
    ],
)
def test_gangs_are_the_groups_that_attack(extractor: Extractor, text: str, actor: str) -> None:
    actors, _ = _roles(extractor, text, "Attack")
    assert actor in actors


def test_whose_concern_a_spokesman_expresses_voices_it(extractor: Extractor) -> None:
    actors, targets = _roles(
        extractor, "The spokesman expressed Japan's deep concern over the missile launches.", "Condemnation"
    )
    assert "japan" in actors and "japan" not in targets


@pytest.mark.parametrize(
    "opening, speaker",
    [
        ("I am delivering this statement on behalf of the European Union.", "european union"),
        ("I speak on behalf of the five small island countries.", "small island countries"),
    ],
)
def test_we_are_those_a_speaker_speaks_for(extractor: Extractor, opening: str, speaker: str) -> None:
    actors, _ = _roles(extractor, opening + " We condemn the missile attack on Odesa.", "Condemnation")
    assert actors == {speaker}


def test_whose_missiles_were_fired_fired_them(extractor: Extractor) -> None:
    actors, targets = _roles(extractor, "Russian missiles were fired at Kyiv on Monday.", "Attack")
    assert actors == {"russia"} and "russia" not in targets


def test_the_asker_still_makes_the_demand(extractor: Extractor) -> None:
    actors, targets = _roles(
        extractor, "Germany called on Russia to withdraw its troops from Moldova.", "Demand"
    )
    assert "germany" in actors and "russia" in targets


def test_a_by_phrase_names_who_did_a_noun_event(extractor: Extractor) -> None:
    actors, _ = _roles(extractor, "The arrest of the editor by Belarus was condemned on Monday.", "Arrest")
    assert "belarus" in actors


def test_a_participle_by_phrase_after_a_gerund_names_who_did_it(extractor: Extractor) -> None:
    # the tagger takes "shelling" for a verb, though it stands as a noun after "in"
    text = (
        "Three civilians were killed in shelling conducted by Azerbaijani forces near the border, officials in "
        "Yerevan claimed on Thursday."
    )
    actors, _ = _roles(extractor, text, "Attack")
    assert any("azerbaijan" in actor for actor in actors) and "armenia" not in actors


@pytest.mark.parametrize(
    "text, type_, not_actor",
    [
        (
            "Authorities set up police checkpoints on state roads after the attack on Monday.",
            "Attack",
            "authorities",
        ),
        ("Police detained five students during the protest in Lima on Monday.", "Protest", "police"),
    ],
)
def test_a_noun_event_in_a_time_phrase_is_not_the_subjects_act(
    extractor: Extractor, text: str, type_: str, not_actor: str
) -> None:
    actors, _ = _roles(extractor, text, type_)
    assert not_actor not in actors


def test_a_by_phrase_the_parser_hung_on_the_noun_before_of_still_counts(extractor: Extractor) -> None:
    text = "After two years of detention by Iran, the charity worker returned home on Friday."
    actors, _ = _roles(extractor, text, "Arrest")
    assert "iran" in actors


@pytest.mark.parametrize(
    "text, patient",
    [
        ("Nazanin Zaghari-Ratcliffe's arrest by Iran in 2016 drew protests.", "nazanin zaghari-ratcliffe"),
        ("France condemned the journalists' detention in Niamey on Monday.", "journalists"),
    ],
)
def test_whose_detention_is_the_target_not_the_actor(extractor: Extractor, text: str, patient: str) -> None:
    actors, targets = _roles(extractor, text, "Arrest")
    assert patient not in actors
    assert patient in targets


def test_a_possessor_with_an_of_object_still_acts(extractor: Extractor) -> None:
    actors, _ = _roles(
        extractor, "Kenya's arrest of the opposition leader drew criticism on Monday.", "Arrest"
    )
    assert "kenya" in actors


def test_both_parties_of_a_clash_with_act(extractor: Extractor) -> None:
    actors, _ = _roles(extractor, "Protesters clashed with police in Almaty on 5 January.", "Clash")
    assert {"protesters", "police"} <= actors


def test_a_series_of_clashes_between_two_states(extractor: Extractor) -> None:
    text = "A series of border clashes broke out between Armenia and Azerbaijan on 12 September 2022."
    actors, _ = _roles(extractor, text, "Clash")
    assert {"armenia", "azerbaijan"} <= actors


@pytest.mark.parametrize(
    "text, type_, group",
    [
        (
            "Intense shooting erupted between armed men and the army in Bamako on 4 March.",
            "Clash",
            "armed men",
        ),
        ("The junta arrested three journalists in Niamey on Saturday.", "Arrest", "junta"),
        ("The military junta cracked down on protesters in 1989.", "Attack", "military junta"),
        ("The Burmese military arrested hundreds of activists on Monday.", "Arrest", "burmese military"),
    ],
)
def test_generic_groups_act(extractor: Extractor, text: str, type_: str, group: str) -> None:
    facts = extractor.extract(text, published=PUBLISHED)
    event = next(e for e in facts.events if e.type == type_)
    groups = {facts.entity(iri).label.lower(): facts.entity(iri) for iri in event.actors}
    assert group in groups
    assert groups[group].type == "Group" and groups[group].wikidata is None


def test_a_word_that_only_modifies_another_is_no_group(extractor: Extractor) -> None:
    facts = extractor.extract("Russia attacked a police station in Kharkiv on Monday.", published=PUBLISHED)
    event = next(e for e in facts.events if e.type == "Attack")
    assert "police" not in _labels(facts, event.targets)


def test_an_office_holder_acts_for_the_state_they_serve(extractor: Extractor) -> None:
    text = (
        "Viktor Orbán threatened to veto the aid package for Ukraine on 14 December 2023. "
        "Hungary had blocked such packages before."
    )
    facts = extractor.extract(text, published=date(2023, 12, 15))
    event = next(e for e in facts.events if e.type == "Threat")
    actors = {facts.entity(iri).label: facts.entity(iri).type for iri in event.actors}
    assert actors.get("Viktor Orbán") == "Person"
    assert actors.get("Hungary") == "State"


def test_the_state_served_joins_only_when_the_text_names_it(extractor: Extractor) -> None:
    text = "Viktor Orbán threatened to veto the aid package for Ukraine on 14 December 2023."
    facts = extractor.extract(text, published=date(2023, 12, 15))
    assert "Hungary" not in {entity.label for entity in facts.entities}


def test_a_person_without_a_post_on_the_day_acts_alone(extractor: Extractor) -> None:
    text = "Viktor Orbán threatened to veto the aid package for Ukraine on 14 December 1985."
    facts = extractor.extract(text, published=date(1985, 12, 15))
    event = next(e for e in facts.events if e.type == "Threat")
    assert [facts.entity(iri).type for iri in event.actors] == ["Person"]


def test_the_two_leaders_are_the_people_named_before(extractor: Extractor) -> None:
    text = (
        "Narendra Modi arrived in Moscow on Monday to see Vladimir Putin, his first trip to Russia since 2019. "
        "The two leaders held talks at the Kremlin on Tuesday."
    )
    facts = extractor.extract(text, published=date(2024, 7, 10))
    meeting = next(e for e in facts.events if e.type == "Meeting")
    people = {facts.entity(iri).label for iri in meeting.actors if facts.entity(iri).type == "Person"}
    assert people == {"Narendra Modi", "Vladimir Putin"}


@pytest.mark.parametrize(
    "text, type_",
    [
        ("The deployment of Russian troops to Belarus alarmed Kyiv.", "Deployment"),
        ("The withdrawal of Russian troops from Kherson began on Friday.", "Withdrawal"),
    ],
)
def test_the_forces_a_deployment_moves_name_its_side(extractor: Extractor, text: str, type_: str) -> None:
    actors, _ = _roles(extractor, text, type_)
    assert "russia" in actors


def test_the_two_prime_ministers_are_the_people_named_before(extractor: Extractor) -> None:
    text = (
        "Shinzo Abe received Nguyen Xuan Phuc in Tokyo on Tuesday. "
        "The two PMs agreed to enhance political trust and maintain regular exchanges of visits."
    )
    actors, _ = _roles(extractor, text, "Agreement")
    assert actors == {"shinzō abe", "nguyễn xuân phúc"}


@pytest.mark.parametrize(
    "second",
    [
        "Troops from the two countries exchanged fire near the border on Friday.",
        "Soldiers of both countries exchanged fire near the border on Friday.",
    ],
)
def test_troops_of_the_two_countries_are_both_states(extractor: Extractor, second: str) -> None:
    text = "Cambodia and Thailand have argued over their border for decades. " + second
    actors, _ = _roles(extractor, text, "Clash")
    assert actors == {"cambodia", "thailand"}


def test_the_parties_of_what_is_signed_sign_it(extractor: Extractor) -> None:
    text = "The talks ended with the signing of a border treaty between Kenya and Uganda on Monday."
    actors, _ = _roles(extractor, text, "Agreement")
    assert actors == {"kenya", "uganda"}


def test_who_is_named_as_doer_of_the_condemned_act_does_not_condemn(extractor: Extractor) -> None:
    text = (
        "The Government of Guyana condemns what it labelled \u201cact of aggression\u201d by the Venezuelan "
        "armed forces after two Venezuelan fighter jets flew over Eteringbang on Tuesday."
    )
    actors, _ = _roles(extractor, text, "Condemnation")
    assert "guyana" in actors and "venezuela" not in actors


def test_the_press_that_reports_an_attack_did_not_attack(extractor: Extractor) -> None:
    text = "Eight Kenyan soldiers were killed in a cross-border attack on Sunday, VOA News reported."
    facts = extractor.extract(text, published=PUBLISHED)
    attacks = [e for e in facts.events if e.type == "Attack"]
    assert attacks and all("voa news" not in _labels(facts, e.actors) for e in attacks)


def test_who_tells_of_an_attack_in_the_passive_did_not_attack(extractor: Extractor) -> None:
    text = (
        "The Houthi missile attack was aimed at terrorising civilians through attacks, "
        "the UAE Ministry of Foreign Affairs said on Monday."
    )
    facts = extractor.extract(text, published=PUBLISHED)
    attackers = {a for e in facts.events if e.type == "Attack" for a in _labels(facts, e.actors)}
    assert attackers and "united arab emirates" not in attackers


@pytest.mark.parametrize(
    "text, type_",
    [
        # incidents of one day in two places
        ("Teachers in Nairobi went on strike on Monday. Riots broke out across Dakar on Monday.", "Protest"),
        # an act told as done earlier is another act than the one the story leads with
        (
            "Venezuela severed relations with Colombia on Saturday, President Nicolas Maduro announced. "
            "Maduro had earlier closed the border with Colombia.",
            "Sanction",
        ),
        # a sentence that opens by setting its news apart
        (
            "Gunmen ambushed a police patrol on Wednesday. "
            "Also Wednesday, unidentified assailants opened fire on a car carrying a judge.",
            "Attack",
        ),
        # one more act of the kind told before
        (
            "Kyrgyzstan said it had reached an agreement with Tajikistan for a complete ceasefire. "
            "Kyrgyzstan and Tajikistan also agreed to withdraw forces from the border.",
            "Agreement",
        ),
        # two clauses of one sentence, each with its own doer
        (
            "Papua New Guinea and Fiji dispatched peacekeepers while New Zealand deployed police.",
            "Deployment",
        ),
        # two demands of different acts in two sentences
        (
            "Germany calls on Russia to withdraw its forces from Ukraine. "
            "Germany also calls on Russia to release the detained journalists.",
            "Demand",
        ),
    ],
)
def test_two_acts_told_apart_stay_two(extractor: Extractor, text: str, type_: str) -> None:
    events = [e for e in extractor.extract(text, published=PUBLISHED).events if e.type == type_]
    assert len(events) == 2


def test_the_attack_of_that_day_named_elsewhere_is_the_one_reported(extractor: Extractor) -> None:
    text = (
        "Gunmen attacked a police patrol in Banjska on Sunday. "
        "Serbia said the attack was staged in Pristina on Sunday."
    )
    attacks = [e for e in extractor.extract(text, published=date(2023, 9, 26)).events if e.type == "Attack"]
    assert len(attacks) == 1 and len(attacks[0].supporting_evidence) == 1


@pytest.mark.parametrize(
    "text, type_, group",
    [
        ("A rebel group in Mali made concessions to the government.", "Concession", "rebel group"),
        ("Human rights groups condemned the crackdown in Tbilisi.", "Condemnation", "rights groups"),
    ],
)
def test_a_collective_noun_that_says_which_group_acts(
    extractor: Extractor, text: str, type_: str, group: str
) -> None:
    facts = extractor.extract(text, published=PUBLISHED)
    event = next(e for e in facts.events if e.type == type_)
    assert group in _labels(facts, event.actors)


def test_a_bare_group_word_is_no_actor(extractor: Extractor) -> None:
    facts = extractor.extract("The group condemned the crackdown in Tbilisi on Monday.", published=PUBLISHED)
    assert all("group" not in _labels(facts, e.actors) for e in facts.events)


def test_a_plural_agent_noun_whose_lemma_is_excluded_still_acts(extractor: Extractor) -> None:
    """ "authorities" is in the agents dictionary, its lemma "authority" is not (a word of many senses)."""
    facts = extractor.extract("The authorities in Mombasa agreed to remove the curfew.", published=PUBLISHED)
    concession = next(e for e in facts.events if e.type == "Concession")
    assert "authorities" in _labels(facts, concession.actors)


@pytest.mark.parametrize(
    "text, type_",
    [
        ("Negotiators from Kenya threatened to walk away from the talks in Nairobi.", "Threat"),
        ("EU finance ministers signed an agreement on banking rules in Brussels.", "Agreement"),
    ],
)
def test_plural_office_holders_act_as_a_group(extractor: Extractor, text: str, type_: str) -> None:
    facts = extractor.extract(text, published=PUBLISHED)
    event = next(e for e in facts.events if e.type == type_)
    assert any(facts.entity(iri).type == "Group" for iri in event.actors)


def test_a_restated_call_is_one_call(extractor: Extractor) -> None:
    text = (
        "Germany urges Serbia and Kosovo to engage in dialogue. "
        "The call for dialogue follows clashes in the north."
    )
    calls = [e for e in extractor.extract(text, published=PUBLISHED).events if e.type == "CallForDialogue"]
    assert len(calls) == 1


@pytest.mark.parametrize(
    "text, reporter",
    [
        ("Afghan officials said the blast killed at least 20 people in Kabul on Friday.", "officials"),
        ("The health ministry said the attack wounded 40 people in Gaza City on Sunday.", "ministry"),
    ],
)
def test_who_reports_an_attack_is_not_its_actor(extractor: Extractor, text: str, reporter: str) -> None:
    actors, _ = _roles(extractor, text, "Attack")
    assert not any(reporter in actor for actor in actors), actors


def test_a_speaker_reporting_its_own_weapons_still_acts(extractor: Extractor) -> None:
    actors, _ = _roles(
        extractor, "Israel said its jets had struck a Hezbollah depot in Lebanon on Monday.", "Attack"
    )
    assert "israel" in actors


def test_a_visitor_who_arrives_in_a_city_visits_its_state(extractor: Extractor) -> None:
    _, targets = _roles(extractor, "Zelenskyy arrived in Paris on Wednesday for talks with Macron.", "Visit")
    assert "france" in targets


@pytest.mark.parametrize(
    "text, type_, actor",
    [
        (
            "Sweden's bid was held up by Turkey, which accused Stockholm of harbouring militants.",
            "Accusation",
            "türkiye",
        ),
        (
            "The United States, which sanctioned Dodik in 2017, said it supported the court.",
            "Sanction",
            "united states",
        ),
    ],
)
def test_a_relative_pronoun_acts_for_the_noun_its_clause_hangs_on(
    extractor: Extractor, text: str, type_: str, actor: str
) -> None:
    actors, _ = _roles(extractor, text, type_)
    assert actor in actors


def test_who_is_prepared_to_act_acts(extractor: Extractor) -> None:
    actors, _ = _roles(
        extractor, "Germany is prepared to station a combat brigade in Lithuania.", "Deployment"
    )
    assert "germany" in actors


@pytest.mark.parametrize(
    "text, type_, actor",
    [
        ("Russia's decision to withdraw its troops from Kherson surprised analysts.", "Withdrawal", "russia"),
        ("The head of Hungary's delegation to the talks urged a ceasefire.", "Meeting", "hungary"),
    ],
)
def test_the_possessor_of_the_noun_an_act_hangs_on_acts(
    extractor: Extractor, text: str, type_: str, actor: str
) -> None:
    actors, _ = _roles(extractor, text, type_)
    assert actor in actors


def test_a_word_capitalised_at_the_start_of_a_sentence_is_no_name_of_its_own(extractor: Extractor) -> None:
    facts = extractor.extract(
        "Riot police fired tear gas at protesters in Tbilisi on Monday.", published=PUBLISHED
    )
    assert "riot" not in {entity.label.lower() for entity in facts.entities}
    actors, _ = _roles(extractor, "Riot police fired tear gas at protesters in Tbilisi on Monday.", "Attack")
    assert actors == {"riot police"}


def test_she_who_goes_on_acting_is_the_subject_before_not_the_last_person_named(extractor: Extractor) -> None:
    text = (
        "EU foreign policy chief Kaja Kallas met Prime Minister Albin Kurti in Pristina on Monday. "
        "She urged the government to set up the association of Serb-majority municipalities."
    )
    facts = extractor.extract(text, published=PUBLISHED)
    demand = next(e for e in facts.events if e.type == "Demand")
    assert "kaja kallas" in _labels(facts, demand.actors)
    assert "albin kurti" not in _labels(facts, demand.actors)


def test_a_subject_pronoun_goes_on_being_the_subject_it_stood_for(extractor: Extractor) -> None:
    text = (
        "US Secretary of State Antony Blinken arrived in Beijing on 10 March. He was received by Foreign "
        "Minister Wang Yi. He met with President Xi Jinping the following day."
    )
    facts = extractor.extract(text, published=PUBLISHED)
    meetings = [e for e in facts.events if e.type == "Meeting"]
    # two meetings with two different counterparts, not one
    assert len(meetings) == 2
    with_xi = next(e for e in meetings if "xi jinping" in _labels(facts, e.actors))
    assert "antony blinken" in _labels(facts, with_xi.actors)
    assert "wang yi" not in _labels(facts, with_xi.actors)
    assert with_xi.date == "2024-03-11"


@pytest.mark.parametrize(
    "text, actors",
    [
        (
            "Pistorius watched the Griffin Storm exercise, in which German and Lithuanian soldiers practised "
            "defending the country's territory.",
            {"germany", "lithuania"},
        ),
        # troops that the clause does not say whose leave the act to who takes part in it
        (
            "Swedish units took part in the Nordic Response exercise, in which 20,000 troops are training.",
            {"sweden"},
        ),
    ],
)
def test_who_acts_in_the_clause_an_event_noun_opens(
    extractor: Extractor, text: str, actors: set[str]
) -> None:
    found, _ = _roles(extractor, text, "MilitaryExercise")
    assert actors <= found


def test_where_an_envoy_serves_is_not_his_side(extractor: Extractor) -> None:
    text = "The Montenegrin Ambassador to Bosnia Ramiz Basic condemned the attack on Monday."
    actors, _ = _roles(extractor, text, "Condemnation")
    assert "montenegro" in actors and "bosnia and herzegovina" not in actors


@pytest.mark.parametrize(
    "text, group",
    [
        ("BAMAKO, Mali (AP) - Gunmen ambushed an army convoy near Gao on Tuesday.", "gunmen"),
        ("LAGOS, Nigeria (Reuters) -- Militants attacked a pipeline in Delta state on Tuesday.", "militants"),
    ],
)
def test_a_group_word_right_after_a_dateline_acts(extractor: Extractor, text: str, group: str) -> None:
    assert group in _roles(extractor, text, "Attack")[0]


def _attackers(extractor: Extractor, text: str) -> list[set[str]]:
    facts = extractor.extract(text, published=date(2020, 6, 12))
    return [_labels(facts, e.actors) for e in facts.events if e.type == "Attack"]


def test_an_attack_told_without_its_attacker_is_the_texts_one_attackers(extractor: Extractor) -> None:
    text = (
        "Al-Shabaab militants attacked a military base near Afgoye on Friday. "
        "Another police station in Mogadishu was also attacked on Friday."
    )
    first, second = _attackers(extractor, text)
    assert first and second == first


def test_an_attack_told_without_its_attacker_stays_so_among_two_attackers(extractor: Extractor) -> None:
    text = (
        "Al-Shabaab militants attacked a military base near Afgoye on Friday. "
        "Kenyan jets bombed a camp in Jilib on Thursday. "
        "Another police station in Mogadishu was also attacked on Friday."
    )
    assert _attackers(extractor, text)[-1] == set()


def test_the_sides_that_trade_blame_for_clashes_are_their_sides(extractor: Extractor) -> None:
    text = "Cambodia and Thailand traded accusations of fresh clashes along their disputed border on Monday."
    assert _roles(extractor, text, "Clash")[0] == {"cambodia", "thailand"}


def test_an_attack_in_a_sentence_that_looks_years_back_is_no_attackers(extractor: Extractor) -> None:
    text = (
        "Al-Shabaab militants attacked a military base near Afgoye on Friday. "
        "The country has been at war since 1991, after warlords overthrew a dictator."
    )
    assert all(not attackers for attackers in _attackers(extractor, text)[1:])


@pytest.mark.parametrize(
    "text, group, state",
    [
        (
            "Bahrain's opposition called for new rallies. "
            "Riot police fired tear gas at protesters in Manama on Monday.",
            "Riot police",
            "Bahrain",
        ),
        (
            "Colombia's army said on Tuesday that army soldiers opened fire on rebels near the border. "
            "Colombia blamed the rebels.",
            "army soldiers",
            "Colombia",
        ),
        ("Police in Tehran arrested a suspect on Monday. Azerbaijan condemned the attack.", "Police", "Iran"),
    ],
)
def test_a_bare_state_organ_is_the_storys_states(
    extractor: Extractor, text: str, group: str, state: str
) -> None:
    facts = extractor.extract(text, published=PUBLISHED)
    (entity,) = [e for e in facts.entities if e.label == group]
    owner = facts.entity(entity.country) if entity.country else None
    assert owner is not None and owner.label == state


@pytest.mark.parametrize(
    "text",
    [
        "Some soldiers from 13 countries arrived in Haiti on Monday.",
        # a people the gazetteer does not know names another side than the story's state
        "Kyrgyzstan said Tajik border guards opened fire on Monday.",
    ],
)
def test_organs_counted_or_from_elsewhere_are_no_states(extractor: Extractor, text: str) -> None:
    facts = extractor.extract(text, published=PUBLISHED)
    assert all(e.country is None for e in facts.entities if e.type == "Group")


@pytest.mark.parametrize(
    "text, type_, actors",
    [
        (
            "Foreign ministers of the Gulf Cooperation Council condemned the coup on Wednesday.",
            "Condemnation",
            {"gulf cooperation council"},
        ),
        (
            "The summit of the Southern African Development Community condemned the killing of the army chief.",
            "Condemnation",
            {"southern african development community"},
        ),
        (
            "Serbian ministers condemned the arrest of the mayor on Monday.",
            "Condemnation",
            {"serbia", "serbian ministers"},
        ),
    ],
)
def test_members_of_a_named_body_act_as_that_body(
    extractor: Extractor, text: str, type_: str, actors: set[str]
) -> None:
    assert _roles(extractor, text, type_)[0] == actors


def test_a_communiques_summit_is_the_organisation_that_holds_it(extractor: Extractor) -> None:
    text = (
        "1. The Extraordinary Summit of Heads of State and Government of the Southern African Development "
        "Community was held in Pretoria on 20 February 2015.\n\n"
        "2. Summit condemned any actions that may compromise the holding of peaceful elections.\n\n"
        "3. Summit called upon all stakeholders in Lesotho to abide by their commitments."
    )
    facts = extractor.extract(text, published=date(2015, 2, 20))
    sadc = {"southern african development community"}
    assert {e.type for e in facts.events} >= {"Meeting", "Condemnation", "Demand"}
    assert all(_labels(facts, e.actors) == sadc for e in facts.events), [
        (e.type, _labels(facts, e.actors)) for e in facts.events
    ]


def test_what_a_communiques_summit_did_it_did_the_day_it_met(extractor: Extractor) -> None:
    text = (
        "1. The Extraordinary Summit of Heads of State and Government of the Southern African Development "
        "Community was held in Pretoria on 20 February 2015.\n\n"
        "2. Summit considered the political and security situation in the Kingdom of Lesotho.\n\n"
        "3. Summit welcomed the progress of the dialogue and commended the facilitator.\n\n"
        "4. Summit condemned any actions that may compromise the holding of peaceful elections."
    )
    facts = extractor.extract(text, published=date(2015, 2, 24))
    assert sorted((e.type, e.date) for e in facts.events) == [
        ("Condemnation", "2015-02-20"),
        ("Endorsement", "2015-02-20"),
        ("Meeting", "2015-02-20"),
    ]


def test_an_office_named_once_with_its_state_is_that_states_when_named_bare(extractor: Extractor) -> None:
    text = (
        "Kazakhstan's Ministry of Foreign Affairs issued a statement on the bombing of Russia's embassy in Kabul. "
        "The Ministry of Foreign Affairs strongly condemns the terrorist act that killed Russian diplomats, and "
        "offers its condolences to Russia."
    )
    actors, _ = _roles(extractor, text, "Condemnation")
    assert "kazakhstan" in actors
    assert "russia" not in actors


@pytest.mark.parametrize(
    "text, actor, target",
    [
        ("Turkey suffered two major bombing attacks in 2015.", None, "türkiye"),
        ("Pakistan has faced repeated attacks from the Taliban.", "taliban", "pakistan"),
        ("Nigerian troops repelled an attack by Boko Haram fighters on Monday.", "boko haram", "nigeria"),
    ],
)
def test_who_suffers_or_repels_an_attack_is_its_target(
    extractor: Extractor, text: str, actor: str | None, target: str
) -> None:
    actors, targets = _roles(extractor, text, "Attack")
    assert target in targets
    assert target not in actors
    assert (actor in actors) if actor else not actors


def test_it_was_an_attack_names_the_attack_told_before(extractor: Extractor) -> None:
    text = (
        "On Monday, gunmen attacked a police station in Mombasa, killing four officers. "
        "It was the deadliest attack in the city this year."
    )
    facts = extractor.extract(text, published=PUBLISHED)
    attacks = [e for e in facts.events if e.type == "Attack"]
    assert len(attacks) == 1
    assert len(attacks[0].supporting_evidence) == 1


def test_feelings_expressed_are_no_side(extractor: Extractor) -> None:
    """ "Opposition" is also a group's name; as what is expressed it is a feeling."""
    text = (
        "China expressed strong dissatisfaction and firm opposition to the visit by Lin Chia-lung on Monday."
    )
    _, targets = _roles(extractor, text, "Condemnation")
    assert targets == {"lin chia-lung"}


def test_the_two_sides_are_the_state_and_the_group_not_the_officials_who_told(extractor: Extractor) -> None:
    text = (
        "Al-Shabaab fighters attacked a Somali army base near Marka on Sunday. "
        '"We have lost five soldiers," Somali military official Mohamed Abdi said. '
        "A local official, Abdullahi Ali Ahmed, said the gun battle between the two sides lasted two hours."
    )
    actors, _ = _roles(extractor, text, "Clash")
    assert "somalia" in actors
    assert not {"mohamed abdi", "abdullahi ali ahmed"} & actors


def test_a_name_with_its_article_in_lower_case_is_one_actor(extractor: Extractor) -> None:
    """ "al-Shabaab" mid-sentence and "Al-Shabaab" at a sentence's start: one group, one attack."""
    text = (
        "A raid by the militant group al-Shabaab on a military base killed 18 people on Sunday. "
        "Al-Shabaab claimed responsibility for the attack."
    )
    facts = extractor.extract(text, published=PUBLISHED)
    attacks = [e for e in facts.events if e.type == "Attack"]
    assert len(attacks) == 1
    assert "al-shabaab" in _labels(facts, attacks[0].actors)


def test_a_visit_viewed_as_a_violation_is_the_visit_told_before(extractor: Extractor) -> None:
    text = (
        "Lin Chia-lung visited Japan last Friday. "
        "Beijing views the visit as a serious violation of the One China principle."
    )
    facts = extractor.extract(text, published=PUBLISHED)
    visits = [e for e in facts.events if e.type == "Visit"]
    assert len(visits) == 1
    assert "china" not in _labels(facts, visits[0].actors)


def test_sides_engaged_in_a_shootout_clash(extractor: Extractor) -> None:
    text = "Members of the Haitian army and the national police were engaged in a shootout on Sunday."
    facts = extractor.extract(text, published=PUBLISHED)
    clashes = [e for e in facts.events if e.type == "Clash"]
    assert len(clashes) == 1 and clashes[0].actors


def test_a_force_of_a_named_army_is_that_army(extractor: Extractor) -> None:
    text = "A combined force of Sudan Armed Forces (SAF) attacked the village of Kolom on Sunday."
    actors, _ = _roles(extractor, text, "Attack")
    assert "sudan armed forces" in actors


def test_an_incident_set_apart_in_its_own_clause_is_another_event(extractor: Extractor) -> None:
    text = (
        "In May, clashes between Serb demonstrators and NATO troops heightened tensions, while a more recent "
        "incident in September saw a policeman and three gunmen killed in a shootout."
    )
    facts = extractor.extract(text, published=PUBLISHED)
    assert len([e for e in facts.events if e.type == "Clash"]) == 2


def test_the_doer_of_a_condemned_act_is_the_target_of_the_condemnation(extractor: Extractor) -> None:
    text = (
        "The UAE expressed its strong condemnation of the attempts by the Houthi militia to target civilians "
        "on Monday."
    )
    actors, targets = _roles(extractor, text, "Condemnation")
    assert actors == {"united arab emirates"}
    assert "houthis" in targets
