"""Events from the parse: types, roles, dates against the publication date, casualties and modality.

Sentences are the team's own; each case checks one behaviour."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from kg.facts import Event, Facts

PUBLISHED = date(2024, 3, 14)  # a Thursday


def _extract(extractor: Extractor, text: str) -> Facts:
    return extractor.extract(text, published=PUBLISHED)


def _one(facts: Facts, type_: str) -> Event:
    found = [e for e in facts.events if e.type == type_]
    assert found, f"no {type_} in {[(e.type, e.evidence.text) for e in facts.events]}"
    return found[0]


def _qids(facts: Facts, iris: list[str]) -> set[str | None]:
    return {facts.entity(iri).wikidata for iri in iris if facts.entity(iri)}


@pytest.mark.parametrize(
    "text, type_, killed, injured",
    [
        (
            "Three soldiers were killed and twelve people were injured in an attack on a checkpoint in Syria.",
            "Attack",
            3,
            12,
        ),
        (
            # a shootout is an exchange of fire: a clash (as the gold sets code 19 of 23 shootouts)
            "A policeman and two gunmen were killed in a shootout near the border with Serbia.",
            "Clash",
            3,
            None,
        ),
        ("Clashes in Kosovo left 25 protesters wounded.", "Clash", None, 25),
        ("An air strike on a market in Yemen killed 14 civilians.", "Attack", 14, None),
        # a number the tokenizer splits at its hyphen
        ("Twenty-five Malian soldiers were killed in an attack on a base in Bamba.", "Attack", 25, None),
        # people counts everyone the kinds counted before it
        (
            "Gunmen attacked an army base in Bamba on Monday, killing two soldiers and a civilian. "
            "The attack killed three people, officials said.",
            "Attack",
            3,
            None,
        ),
    ],
)
def test_casualties(
    extractor: Extractor, text: str, type_: str, killed: int | None, injured: int | None
) -> None:
    event = _one(_extract(extractor, text), type_)
    assert (event.killed, event.injured) == (killed, injured)


def test_casualty_breakdown_by_group(extractor: Extractor) -> None:
    event = _one(
        _extract(extractor, "A Kosovo policeman and three Serb gunmen were killed in a shootout."), "Clash"
    )
    assert event.killed == 4
    assert event.killed_breakdown == {"policeman": 1, "gunmen": 3}


def test_casualties_stated_in_a_later_sentence(extractor: Extractor) -> None:
    text = "Protesters clashed with police in Tbilisi on Monday. Police said 48 officers were injured."
    event = _one(_extract(extractor, text), "Clash")
    assert event.injured == 48
    assert len(event.supporting_evidence) == 1


def test_no_number_is_null_not_zero(extractor: Extractor) -> None:
    event = _one(_extract(extractor, "Several people were injured in clashes in Belgrade."), "Clash")
    assert event.injured is None


@pytest.mark.parametrize(
    "text, type_, expected",
    [
        ("Serbia condemned the attack on Tuesday.", "Condemnation", "2024-03-12"),
        ("Serbia condemned the attack on Thursday.", "Condemnation", "2024-03-14"),
        ("In May, clashes between protesters and police broke out in Kosovo.", "Clash", "2023-05"),
        ("In March, clashes between protesters and police broke out in Kosovo.", "Clash", "2024-03"),
        ("Serbia condemned the attack yesterday.", "Condemnation", "2024-03-13"),
        ("Russia recognised the independence of Abkhazia in 2008.", "Recognition", "2008"),
    ],
)
def test_dates_against_publication(extractor: Extractor, text: str, type_: str, expected: str) -> None:
    assert _one(_extract(extractor, text), type_).date == expected


def test_no_date_is_invented(extractor: Extractor) -> None:
    assert (
        _one(_extract(extractor, "Gunmen attacked a police station in northern Kosovo."), "Attack").date
        is None
    )


@pytest.mark.parametrize(
    "text, type_, status",
    [
        ("Serbian troops did not attack the police post, the ministry said.", "Attack", "negated"),
        # a negated verb of another noun does not deny the event it is of
        ("Officials did not know the motive of the attack on the convoy.", "Attack", "asserted"),
        ("NATO is considering the deployment of additional troops to Kosovo.", "Deployment", "hypothetical"),
        # the month after a day's number, which the tagger takes for the modal verb, is no modal
        ("Six BIFF members 3 May surrendered to the army in Maguindanao.", "Concession", "asserted"),
        ("Rebels may surrender to the army in Maguindanao.", "Concession", "hypothetical"),
        ("NATO plans to hold joint military exercises with Finland.", "MilitaryExercise", "planned"),
        ("France will deploy troops to Estonia.", "Deployment", "planned"),
        ("Serbia condemned the attack.", "Condemnation", "asserted"),
        ("India said it remained open to talks with Pakistan.", "Meeting", "planned"),
        # an act someone acts in anticipation of is expected, not done
        ("Kenya closed its embassy in Kinshasa in anticipation of protests.", "Protest", "planned"),
        ("Turkish troops opened fire on Kurdish fighters.", "Attack", "asserted"),
        ("Kenya demanded that Uganda withdraw its troops from the border.", "Withdrawal", "hypothetical"),
        ("Kenya urged Uganda to withdraw its troops from the border.", "Withdrawal", "hypothetical"),
        ("Kenya urged Uganda to stop provocations and withdraw its troops.", "Withdrawal", "hypothetical"),
        (
            "The resolution requires Iran to withdraw its forces from the strait.",
            "Withdrawal",
            "hypothetical",
        ),
        ("Kenya said that Uganda withdrew its troops from the border.", "Withdrawal", "asserted"),
        # what a side says it would do is the threat it makes, asserted; "could threaten" is a possibility
        ("Russia said it would retaliate if Finland joined NATO.", "Threat", "asserted"),
        ("Analysts said Iran could threaten shipping in the strait.", "Threat", "hypothetical"),
    ],
)
def test_modality(extractor: Extractor, text: str, type_: str, status: str) -> None:
    assert _one(_extract(extractor, text), type_).status == status


@pytest.mark.parametrize(
    "text",
    [
        "Kenya's foreign minister said the border with Uganda was calm.",
        "The Ugandan army said its units had returned to their barracks in Gulu.",
    ],
)
def test_saying_alone_is_no_event(extractor: Extractor, text: str) -> None:
    """PLOVER has no event for a plain "said": the text's reporting is evidence, not an act of its own."""
    assert _extract(extractor, text).events == []


@pytest.mark.parametrize(
    "text, stated",
    [
        # a source telling a news agency or outlet is quoted, not acting
        ("Observatory chief Rami Abdel Rahman told AFP that two commanders were among the dead.", False),
        ("The commander told the news outlet that his men would not surrender.", False),
        # an official telling reporters makes a statement
        ('"This is a historic step for our security," the NATO Secretary General told reporters.', True),
    ],
)
def test_telling_a_news_agency_is_no_statement(extractor: Extractor, text: str, stated: bool) -> None:
    assert any(e.type == "Statement" for e in _extract(extractor, text).events) == stated


def test_denial_of_a_negated_act(extractor: Extractor) -> None:
    facts = _extract(
        extractor, "Serbia's defence ministry said Serbian troops did not attack the police post."
    )
    assert _qids(facts, _one(facts, "Denial").actors) == {"Q403"}


@pytest.mark.parametrize(
    "text, type_, actors, targets",
    [
        ("Russia imposed sanctions on Lithuania.", "Sanction", {"Q159"}, {"Q37"}),
        ("Aleksandar Vucic met Emmanuel Macron in Paris.", "Meeting", {"Q222031", "Q3052772"}, set()),
        (
            "The European Union urged Serbia and Kosovo to resume dialogue.",
            "CallForDialogue",
            {"Q458"},
            {"Q403", "Q1246"},
        ),
        ("Finland joined NATO on Tuesday.", "Accession", {"Q33"}, {"Q7184"}),
        ("Poland accused Belarus of orchestrating the migrant crisis.", "Accusation", {"Q36"}, {"Q184"}),
    ],
)
def test_roles(extractor: Extractor, text: str, type_: str, actors: set[str], targets: set[str]) -> None:
    facts = _extract(extractor, text)
    event = _one(facts, type_)
    assert _qids(facts, event.actors) >= actors
    assert _qids(facts, event.targets) >= targets


def test_mediator(extractor: Extractor) -> None:
    facts = _extract(extractor, "Serbia and Kosovo agreed on an EU-mediated deal in Brussels.")
    assert _qids(facts, _one(facts, "Agreement").mediators) == {"Q458"}


@pytest.mark.parametrize(
    "text",
    [
        "Four soldiers were killed on Monday in an attack blamed on Hamas.",
        "The army blamed the attack on Hamas.",
        "Two rockets fired by Hamas struck Sderot on Saturday.",
        "Soldiers were killed in a major attack conducted by Hamas on Monday.",
    ],
)
def test_who_is_blamed_for_an_attack_or_fires_its_weapons_is_its_actor(
    extractor: Extractor, text: str
) -> None:
    facts = _extract(extractor, text)
    assert _qids(facts, _one(facts, "Attack").actors) == {"Q38799"}


@pytest.mark.parametrize(
    "text, attacks",
    [
        ("Two army soldiers were killed when Pakistan violated the ceasefire in Rajouri on Friday.", True),
        ("Three soldiers were wounded on Monday as Pakistani troops shelled posts in Poonch.", True),
        # no hostile act in the clause: deaths alone tell no attack
        ("Two soldiers were killed when their truck overturned in Rajouri on Friday.", False),
    ],
)
def test_people_killed_when_someone_attacks_are_attacked_by_them(
    extractor: Extractor, text: str, attacks: bool
) -> None:
    facts = _extract(extractor, text)
    found = [e for e in facts.events if e.type == "Attack"]
    assert bool(found) == attacks
    if attacks:
        assert "Q843" in _qids(facts, found[0].actors)


def test_who_calls_is_named_in_a_from_phrase(extractor: Extractor) -> None:
    text = (
        "Police clashed with protesters in Addis Ababa, prompting calls for restraint from the African Union."
    )
    facts = _extract(extractor, text)
    assert _qids(facts, _one(facts, "CallForDialogue").actors) == {"Q7159"}


def test_pledge_actors_keep_their_order_in_the_text(extractor: Extractor) -> None:
    facts = _extract(extractor, "German Chancellor Friedrich Merz said Germany would reach the goal.")
    pledge = _one(facts, "Pledge")
    assert [facts.entity(iri).wikidata for iri in pledge.actors] == ["Q183", "Q566257"]


@pytest.mark.parametrize(
    "text",
    [
        "That would not include recognition of Kosovo, Vucic told reporters in Belgrade.",
        "His lawyer said he did not expect his client to be brought before a court until Tuesday.",
    ],
)
def test_saying_something_will_not_happen_denies_no_charge(extractor: Extractor, text: str) -> None:
    assert "Denial" not in {e.type for e in _extract(extractor, text).events}


@pytest.mark.parametrize(
    "text, pledged",
    [
        (
            "Kyrgyzstan's President Sadyr Japarov said his country would continue efforts to resolve the issue.",
            True,
        ),
        ("A Kremlin spokesman said Russia would take counter-measures to protect its security.", False),
        ("The Secretary-General said he would continue to monitor developments very closely.", False),
        (
            "Vucic said Serbia would formally ask the KFOR mission to allow soldiers to return to Kosovo.",
            False,
        ),
    ],
)
def test_a_side_saying_it_will_act_pledges_help_or_a_goal(
    extractor: Extractor, text: str, pledged: bool
) -> None:
    assert ("Pledge" in {e.type for e in _extract(extractor, text).events}) == pledged


def test_a_visit_to_a_capital_is_paid_to_its_state(extractor: Extractor) -> None:
    facts = _extract(extractor, "Xi Jinping began a state visit to Belgrade on Tuesday.")
    visit = _one(facts, "Visit")
    assert _qids(facts, visit.targets) == {"Q403"}
    assert _qids(facts, visit.places) == {"Q3711"}


@pytest.mark.parametrize(
    "text, type_, actor, target",
    [
        ("Poland expelled three Russian diplomats on Monday.", "Sanction", "Q36", "Q159"),
        ("Somalia recalled its ambassador from Ethiopia.", "Sanction", "Q1045", "Q115"),
        # an envoy named by an appositive, called home for consultations, or withdrawn from a capital
        ("Poland expelled Sergey Andreev, the Russian ambassador, on Monday.", "Sanction", "Q36", "Q159"),
        ("Lithuania's ambassador to Minsk was called for consultations.", "Sanction", "Q37", "Q184"),
        ("Colombia decided to withdraw its top envoy to Caracas on Tuesday.", "Sanction", "Q739", "Q717"),
        (
            "The U.S. and Canada have ordered sanctions against Venezuelan officials.",
            "Sanction",
            "Q30",
            "Q717",
        ),
        ("Nauru severed ties with Taiwan.", "Sanction", "Q697", "Q865"),
        ("Aleksandar Vucic travelled to Beijing on Sunday.", "Visit", "Q222031", "Q148"),
    ],
)
def test_plover_reductions_and_visits(
    extractor: Extractor, text: str, type_: str, actor: str, target: str
) -> None:
    """PLOVER codes expelling or recalling diplomats and severing ties as SANCTION; travel to a capital is a
    visit to its state."""
    facts = _extract(extractor, text)
    event = _one(facts, type_)
    assert actor in _qids(facts, event.actors)
    assert target in _qids(facts, event.targets)


@pytest.mark.parametrize(
    "text, type_, plover",
    [
        ("North Korea threatened on Monday to strike South Korea.", "Threat", "THREATEN"),
        ("Japan sent humanitarian aid to the Philippines on Tuesday.", "Aid", "AID"),
        ("Armenia withdrew its troops from the border on Tuesday.", "Withdrawal", "RETREAT"),
        ("Belarus released 20 political prisoners on Tuesday.", "Concession", "RETREAT"),
        ("The European Union lifted sanctions on Belarus on Tuesday.", "Concession", "RETREAT"),
        ("Serbia welcomed the decision on Tuesday.", "Endorsement", "SUPPORT"),
        ("Russia vetoed the resolution on Tuesday.", "Rejection", "REJECT"),
    ],
)
def test_the_six_newer_plover_classes(extractor: Extractor, text: str, type_: str, plover: str) -> None:
    event = _one(_extract(extractor, text), type_)
    assert event.plover == plover
    assert event.rule


def test_aid_takes_its_mode_from_what_is_given(extractor: Extractor) -> None:
    event = _one(
        _extract(extractor, "Germany delivered air defence systems and ammunition to Ukraine."), "Aid"
    )
    assert event.mode == "military"


def test_generic_groups_are_actors_with_sector_and_country(extractor: Extractor) -> None:
    facts = _extract(extractor, "Serbian police arrested two Kosovo officials near the border on Monday.")
    event = _one(facts, "Arrest")
    groups = [facts.entity(iri) for iri in event.actors if facts.entity(iri).type == "Group"]
    assert [(g.label, g.sector, g.wikidata) for g in groups] == [("Serbian police", "COP", None)]
    assert facts.entity(groups[0].country).wikidata == "Q403"


@pytest.mark.parametrize(
    "text, type_, label, sector",
    [
        ("The Pentagon said it had deployed two destroyers to the region.", "Deployment", "Pentagon", "MIL"),
        ("The State Department condemned the attack on Monday.", "Condemnation", "State Department", "GOV"),
    ],
)
def test_a_department_named_without_its_state_is_that_states_organ(
    extractor: Extractor, text: str, type_: str, label: str, sector: str
) -> None:
    facts = _extract(extractor, text)
    (organ,) = [facts.entity(iri) for iri in _one(facts, type_).actors]
    assert (organ.label, organ.sector, organ.wikidata) == (label, sector, None)
    assert facts.entity(organ.country).wikidata == "Q30"


STORY_OF_MALI = (
    "Gunmen killed five soldiers in central Mali on Monday, the army of Mali said. Mali is in crisis. "
)


@pytest.mark.parametrize(
    "sentence, type_, expected",
    [
        # "the government", "the authorities", "the army" of a story about one state are that state's
        ("The government condemned the attack.", "Condemnation", "Q912"),
        ("The authorities arrested three suspects on Tuesday.", "Arrest", "Q912"),
        # a government the text names is that one; a story naming two states as often has no home state
        ("The government of Niger condemned the attack.", "Condemnation", "Q1032"),
    ],
)
def test_the_government_of_a_news_story_is_its_state(
    extractor: Extractor, sentence: str, type_: str, expected: str
) -> None:
    facts = _extract(extractor, STORY_OF_MALI + sentence)
    actors = [facts.entity(iri) for iri in _one(facts, type_).actors]
    states = {a.wikidata for a in actors} | {facts.entity(a.country).wikidata for a in actors if a.country}
    assert expected in states


def test_a_story_about_two_states_has_no_home_government(extractor: Extractor) -> None:
    text = "Mali and Niger signed a border agreement. The government condemned the attack on Monday."
    assert _one(_extract(extractor, text), "Condemnation").actors == []


def test_a_vague_noun_points_back_to_the_incident_already_reported(extractor: Extractor) -> None:
    text = (
        "Gunmen attacked a police patrol near Zvecan on Sunday. "
        "Serbia condemned the violence and NATO called the incident unacceptable."
    )
    facts = _extract(extractor, text)
    assert [e.type for e in facts.events if e.type in {"Attack", "Clash"}] == ["Attack"]


def test_the_attack_told_of_again_is_the_latest_attack_reported(extractor: Extractor) -> None:
    text = (
        "Gunmen attacked a police station in Gao on Sunday. "
        "Rebels attacked an army post near Kidal on Monday. "
        "The attack caused panic among the residents of the town."
    )
    attacks = [e for e in _extract(extractor, text).events if e.type == "Attack"]
    assert len(attacks) == 2
    assert len(attacks[1].supporting_evidence) == 1


@pytest.mark.parametrize(
    "text, attacks",
    [
        # "that attack" points back, though the sentence reports an accusation
        (
            "Chadian rebels attacked N'Djamena on Thursday, killing 30 people. "
            "Following that attack, President Idriss Deby accused Sudan of supporting the rebels.",
            1,
        ),
        # the same toll told again of "the attacks"; another toll is news of its own
        (
            "Gunmen killed six people in Narathiwat on Sunday. The attacks killed six people, officials said.",
            1,
        ),
        (
            "Gunmen killed six people in Narathiwat on Sunday. The attacks killed two more people on Monday.",
            2,
        ),
    ],
)
def test_an_attack_pointed_back_to_is_the_one_told(extractor: Extractor, text: str, attacks: int) -> None:
    assert len([e for e in _extract(extractor, text).events if e.type == "Attack"]) == attacks


def test_an_attack_condemned_first_is_the_one_told_after_with_its_own_day(extractor: Extractor) -> None:
    text = (
        "Addis Ababa, May 04, 2022 (Walta) - The Chairperson of the African Union Commission has condemned the "
        "terrorist attack perpetrated by "
        "Al Shabaab militants against an African Union base in Somalia. "
        "The terrorist attack was launched on the base in Middle Shabele region on 3 May 2022."
    )
    facts = extractor.extract(text, published=date(2022, 5, 4))
    attacks = [e for e in facts.events if e.type == "Attack"]
    assert len(attacks) == 1
    assert attacks[0].date == "2022-05-03"


def test_an_act_nobody_named_is_kept_with_a_date_at_lower_confidence(extractor: Extractor) -> None:
    facts = _extract(extractor, "A summit on the war was held in Jeddah on Monday.")
    event = _one(facts, "Meeting")
    assert event.actors == [] and event.date == "2024-03-11"
    assert event.confidence < 0.6


def test_an_act_nobody_named_without_date_or_place_is_dropped(extractor: Extractor) -> None:
    facts = _extract(extractor, "Talks were mentioned.")
    assert [e for e in facts.events if e.type == "Meeting"] == []


def test_an_act_nobody_named_never_absorbs_a_later_one(extractor: Extractor) -> None:
    text = "A summit was held in Jeddah on Monday. Serbia and Kosovo held talks in Brussels on Tuesday."
    meetings = [e for e in _extract(extractor, text).events if e.type == "Meeting"]
    assert len(meetings) == 2


def _actor_labels(facts: Facts, event: Event) -> set[str]:
    return {facts.entity(iri).label for iri in event.actors if facts.entity(iri)}


def test_members_of_a_body_act_for_it_and_they_is_the_plural_subject_before(extractor: Extractor) -> None:
    text = (
        "The members of the Security Council strongly condemned the attack on the convoy. "
        "They called on all parties to return to dialogue."
    )
    facts = _extract(extractor, text)
    condemners = _actor_labels(facts, _one(facts, "Condemnation"))
    assert condemners and all("Security Council" in label for label in condemners)
    assert _actor_labels(facts, _one(facts, "CallForDialogue")) == condemners


def test_they_after_a_single_person_is_nobody(extractor: Extractor) -> None:
    facts = _extract(extractor, "Vucic arrived in Paris on Monday. They condemned the attack on the convoy.")
    assert not any(e.actors for e in facts.events if e.type == "Condemnation")


def test_we_in_a_statement_is_the_body_that_issued_it(extractor: Extractor) -> None:
    text = "Statement by the European Union on the elections in Georgia\n\nWe condemn the violence against protesters."
    event = _one(_extract(extractor, text), "Condemnation")
    assert _actor_labels(_extract(extractor, text), event) == {"European Union"}


@pytest.mark.parametrize(
    "headline, issuer",
    [
        ("Geneva talks: UK statement to the OSCE", "United Kingdom"),
        ("Statement by the European Union on the elections in Georgia", "European Union"),
        ("Statement on the anniversary of the coup in Burma", None),
        # a topic before a colon is what the statement is on
        (
            "Venezuela: Statement of the OAS on the declaration of 14 countries",
            "Organization of American States",
        ),
    ],
)
def test_the_issuer_is_who_makes_the_statement_not_what_it_is_on(
    extractor: Extractor, headline: str, issuer: str | None
) -> None:
    facts = _extract(extractor, f"{headline}\n\nWe condemn the violence against civilians.")
    event = _one(facts, "Condemnation")  # kept without an actor: the act is real, its actor unknown
    assert _actor_labels(facts, event) == ({issuer} if issuer else set())


@pytest.mark.parametrize(
    "headline, issuer",
    [
        ("Statement by the Press Secretary on the attack in the Red Sea", "United States"),
        ("Statement on the attack in the Red Sea", "United States"),
        ("Attack in the Red Sea", None),  # not a statement: "we" outside quotes stays nobody
    ],
)
def test_a_statement_that_names_no_issuer_opens_with_it(
    extractor: Extractor, headline: str, issuer: str | None
) -> None:
    text = (
        f"{headline}\n\nThe United States is very concerned about the attack on a tanker in the Red Sea.\n\n"
        "We call on Iran to stop arming the militia."
    )
    facts = _extract(extractor, text)
    event = _one(facts, "Demand")
    assert _actor_labels(facts, event) == ({issuer} if issuer else set())


def test_a_statement_that_opens_with_a_past_act_is_not_issued_by_its_doer(extractor: Extractor) -> None:
    text = (
        "Statement on the anniversary of the coup\n\n"
        "One year ago, the Burmese military seized power in a coup.\n\n"
        "We call on the regime to release all those detained."
    )
    facts = _extract(extractor, text)
    assert "Myanmar" not in _actor_labels(facts, _one(facts, "Demand"))


def test_a_possessor_of_a_noun_listed_beside_the_actor_does_not_act(extractor: Extractor) -> None:
    text = (
        "We join the families who are suffering, Cuba's human rights defenders, and those who share our concern "
        "around the world in calling for the immediate release of all those detained."
    )
    facts = _extract(extractor, text)
    demands = [e for e in facts.events if e.type == "Demand"]
    assert not any("Cuba" in _actor_labels(facts, event) for event in demands)


@pytest.mark.parametrize(
    "text, actor",
    [
        ("The referendum in Crimea is illegal, Ukraine's foreign ministry said on Sunday.", "Ukraine"),
        ("Russia said on Monday that the new sanctions were illegal.", "Russia"),
    ],
)
def test_an_evaluation_someone_reports_is_their_condemnation(
    extractor: Extractor, text: str, actor: str
) -> None:
    facts = _extract(extractor, text)
    event = _one(facts, "Condemnation")
    assert _actor_labels(facts, event) == {actor}


def test_an_obligation_someone_reports_is_their_demand(extractor: Extractor) -> None:
    facts = _extract(
        extractor, "Russia must withdraw its troops from Moldova, the German foreign minister said."
    )
    event = _one(facts, "Demand")
    assert _actor_labels(facts, event) == {"Germany"}


def test_a_lead_sentence_is_no_headline_naming_an_issuer(extractor: Extractor) -> None:
    """ "... said in a statement." in the first line is the body's first sentence, not a byline."""
    text = "Such actions by the Chinese coast guard are unacceptable, a Philippine spokesman said in a statement."
    facts = _extract(extractor, text)
    assert not any(e.type == "Condemnation" and _actor_labels(facts, e) == {"China"} for e in facts.events)


def test_a_claim_that_others_attacked_accuses_them(extractor: Extractor) -> None:
    facts = _extract(extractor, "Pakistan claimed that Indian jets attacked a village near Balakot.")
    accusation = _one(facts, "Accusation")
    assert _actor_labels(facts, accusation) == {"Pakistan"}
    assert {facts.entity(iri).label for iri in accusation.targets} == {"India"}


@pytest.mark.parametrize(
    "text, accuser, accused",
    [
        (
            "Pakistan said Indian troops fired on Pakistani posts along the Line of Control.",
            "Pakistan",
            "India",
        ),
        (
            "“Russian forces shelled our cities overnight,” Ukrainian President Volodymyr Zelensky said.",
            "Ukraine",
            "Russia",
        ),
    ],
)
def test_telling_of_an_act_that_hit_ones_own_side_accuses_its_doers(
    extractor: Extractor, text: str, accuser: str, accused: str
) -> None:
    facts = _extract(extractor, text)
    accusation = _one(facts, "Accusation")
    assert accuser in _actor_labels(facts, accusation)
    assert accused in {facts.entity(iri).label for iri in accusation.targets}


def test_telling_of_an_act_between_others_accuses_nobody(extractor: Extractor) -> None:
    facts = _extract(extractor, "Pakistan said Indian troops fired on Chinese posts near the border.")
    assert not [e for e in facts.events if e.type == "Accusation"]


def test_a_claim_about_ones_own_forces_accuses_nobody(extractor: Extractor) -> None:
    facts = _extract(extractor, "Russia claimed that its forces struck military targets near Kharkiv.")
    assert not [e for e in facts.events if e.type == "Accusation"]


def test_people_a_speaker_says_acted_are_the_doers_not_the_speaker(extractor: Extractor) -> None:
    text = "Kosovo's interior minister Bajram Rexhepi said the youngsters threw stones at the police on Thursday."
    facts = _extract(extractor, text)
    attack = _one(facts, "Attack")
    assert not {facts.entity(iri).type for iri in attack.actors} & {"State", "Person"}


def test_a_speakers_own_administration_is_its_state(extractor: Extractor) -> None:
    facts = _extract(extractor, "US officials said the administration is considering sanctions on Turkey.")
    sanction = _one(facts, "Sanction")
    assert {facts.entity(iri).label for iri in sanction.actors} & {"United States"}


def test_i_in_a_statement_is_its_issuer_who_supports(extractor: Extractor) -> None:
    text = "Statement by the European Union on Moldova\n\nI firmly support the declaration of the nine countries."
    facts = _extract(extractor, text)
    assert _actor_labels(facts, _one(facts, "Endorsement")) == {"European Union"}


@pytest.mark.parametrize(
    "text, type_",
    [
        # PLOVER codes a government's diplomatic protest as ACCUSE 'disapprove', not as PROTEST
        (
            "The Department of Foreign Affairs conveyed its strongest protest to China on Monday.",
            "Condemnation",
        ),
        ("China protested the visit through diplomatic channels on Monday.", "Condemnation"),
        ("Thousands of Serbs protested in Belgrade on Sunday.", "Protest"),
        ("The government banned protests in the capital on Monday.", "Protest"),
    ],
)
def test_a_governments_protest_is_diplomatic_disapproval(extractor: Extractor, text: str, type_: str) -> None:
    types = {event.type for event in _extract(extractor, text).events}
    assert type_ in types and ({"Protest", "Condemnation"} - {type_}).isdisjoint(types)


def test_i_agree_is_an_opinion_not_an_agreement(extractor: Extractor) -> None:
    text = (
        "Statement by the European Union on Moldova\n\nI agree completely that suspension is a last resort."
    )
    assert not [e for e in _extract(extractor, text).events if e.type == "Agreement"]


def test_we_in_a_quotation_is_its_speaker(extractor: Extractor) -> None:
    text = '"We condemn this attack," Serbian President Aleksandar Vucic said on Monday.'
    facts = _extract(extractor, text)
    assert "Aleksandar Vučić" in _actor_labels(facts, _one(facts, "Condemnation"))


def test_he_said_is_the_last_person_who_spoke(extractor: Extractor) -> None:
    text = (
        "Vucic said on Monday that Serbia wanted peace. He had met Olaf Scholz in Berlin. "
        "He said Serbia condemned the attack."
    )
    facts = _extract(extractor, text)
    statements = [e for e in facts.events if "condemned the attack" in e.evidence.text]
    assert statements and all("Olaf Scholz" not in _actor_labels(facts, e) for e in statements)


def test_a_bare_title_is_the_person_named_with_it_earlier(extractor: Extractor) -> None:
    text = (
        "UN Secretary-General Antonio Guterres arrived in Kyiv on Monday. "
        "The Secretary-General condemned the strike on the city."
    )
    facts = _extract(extractor, text)
    condemnation = _one(facts, "Condemnation")
    people = {facts.entity(iri).label for iri in condemnation.actors if facts.entity(iri).type == "Person"}
    assert people == {"António Guterres"}


def test_a_hard_wrapped_sentence_stays_one_sentence(extractor: Extractor) -> None:
    text = (
        "Serbia condemns attack\n\nSerbia's foreign ministry on Monday condemned the\n"
        "attack on KFOR troops near Zvecan."
    )
    event = _one(_extract(extractor, text), "Condemnation")
    assert " ".join(event.evidence.text.split()).endswith("attack on KFOR troops near Zvecan.")


def test_what_the_source_says_in_the_present_takes_the_publication_date(extractor: Extractor) -> None:
    event = _one(_extract(extractor, "We condemn the attack on the embassy of Serbia."), "Condemnation")
    assert event.date == PUBLISHED.isoformat()


@pytest.mark.parametrize(
    "text, event_class",
    [
        ("We are imposing sanctions on the leaders of the junta in Niger.", "Sanction"),
        ("We will continue to support Ukraine's sovereignty.", "Endorsement"),
        ("We continue to strongly condemn the attack on the embassy of Serbia.", "Condemnation"),
    ],
)
def test_what_the_source_says_in_a_present_verb_group_takes_the_publication_date(
    extractor: Extractor, text: str, event_class: str
) -> None:
    event = _one(_extract(extractor, text), event_class)
    assert event.date == PUBLISHED.isoformat()


def test_a_present_tense_report_of_someone_else_keeps_no_date(extractor: Extractor) -> None:
    event = _one(
        _extract(extractor, "Serbia condemns the attack on its embassy, officials say."), "Condemnation"
    )
    assert event.date is None


def test_without_publication_date_a_yearless_day_takes_the_nearest_year(extractor: Extractor) -> None:
    text = "The war began in 2019. Serbia and Kosovo signed a ceasefire agreement on 12 March."
    event = _one(extractor.extract(text), "Agreement")
    assert event.date == "2019-03-12"


def test_talks_still_to_come_are_not_the_meeting_held(extractor: Extractor) -> None:
    text = (
        "India and Pakistan met in Geneva on Friday. "
        "India said after the meeting that it remained open to talks with Pakistan."
    )
    meetings = [e for e in _extract(extractor, text).events if e.type == "Meeting"]
    assert sorted(e.status for e in meetings) == ["asserted", "planned"]


def test_one_act_to_come_named_twice_is_one_event(extractor: Extractor) -> None:
    text = (
        "Rutte stressed the value of closer ties with Serbia, advocating for the resumption of joint military "
        "training exercises. As talks go on, the resumption of joint military exercises could serve as a sign of "
        "cooperation between NATO and Serbia."
    )
    exercises = [e for e in _extract(extractor, text).events if e.type == "MilitaryExercise"]
    assert len(exercises) == 1


@pytest.mark.parametrize("pointer", ["these attacks", "such attacks", "the attack"])
def test_an_incident_pointed_back_to_is_the_one_reported(extractor: Extractor, pointer: str) -> None:
    text = (
        "At least 14 civilians were killed in two suicide attacks in Kabul on Monday. "
        f"There is no justification whatsoever for {pointer}, the envoy said."
    )
    assert len([e for e in _extract(extractor, text).events if e.type == "Attack"]) == 1


def test_a_bare_attack_in_a_reaction_is_the_attack_reported(extractor: Extractor) -> None:
    """ "in a terrorist attack" with no doer, target, date or toll of its own adds nothing to tell it apart."""
    text = (
        "Five soldiers were killed when militants ambushed an army vehicle in Kathua on Monday. "
        'The defence minister said: "I am deeply anguished at the loss of our brave soldiers in a terrorist attack."'
    )
    attacks = [e for e in _extract(extractor, text).events if e.type == "Attack"]
    assert len(attacks) == 1
    assert len(attacks[0].supporting_evidence) == 1


def test_an_attack_of_a_day_named_again_is_the_attack_reported(extractor: Extractor) -> None:
    """ "Yesterday's attack" after an attack the text gave no date or actor: the same attack."""
    text = (
        "The United States is very concerned about the latest escalation, this time by attacking a commercial "
        "vessel in the Red Sea. Yesterday's attack coincides with a pledging event in Geneva."
    )
    facts = extractor.extract(text, published=date(2018, 4, 4))
    attacks = [e for e in facts.events if e.type == "Attack"]
    assert len(attacks) == 1
    assert attacks[0].date == "2018-04-03"


def test_the_crowds_of_one_sentence_are_one_protest(extractor: Extractor) -> None:
    text = (
        "A guardsman was killed in a standoff with opposition demonstrators who had set up a barricade along an "
        "avenue of Caracas on Thursday, as protesters continued month-long rallies against the government."
    )
    assert len([e for e in _extract(extractor, text).events if e.type == "Protest"]) == 1


def test_an_attack_in_words_is_no_attack(extractor: Extractor) -> None:
    text = "A senior opposition politician was arrested on Monday over a written attack on the president."
    assert "Attack" not in {e.type for e in _extract(extractor, text).events}


@pytest.mark.parametrize(
    "text, type_",
    [
        # a protest a state's adjective names and a verb of diplomacy delivers is that state's disapproval
        ("The Philippine protests were conveyed to the Chinese embassy on Monday.", "Condemnation"),
        # protests the police disperse are demonstrations, whatever their adjective
        ("Police dispersed the Philippine protests in Manila on Monday.", "Protest"),
    ],
)
def test_a_protest_lodged_by_a_state(extractor: Extractor, text: str, type_: str) -> None:
    types = {e.type for e in _extract(extractor, text).events}
    assert type_ in types


def test_a_charge_about_the_incident_told_is_that_incident() -> None:
    text = (
        "Thai and Cambodian troops clashed on Friday near the temple, killing two soldiers. "
        "A Cambodian commander accused the Thais of provoking the clash."
    )
    facts = Extractor().extract(text, published=date(2009, 4, 4))
    assert [e.type for e in facts.events].count("Clash") == 1


@pytest.mark.parametrize(
    "reaction, merged",
    [
        ("Venezuela's president responded to the attack on state television.", True),
        ("Colombia's government reacted to the attack with anger.", True),
        # what a side responds with is its own act, not the attack it answers
        ("The army responded with an attack on the rebels' camp on Tuesday.", False),
    ],
)
def test_a_response_to_the_attack_is_that_attack_told_again(
    extractor: Extractor, reaction: str, merged: bool
) -> None:
    text = f"FARC guerrillas killed 12 Colombian soldiers in an attack near the border on Monday. {reaction}"
    facts = _extract(extractor, text)
    attacks = [e for e in facts.events if e.type == "Attack"]
    assert len(attacks) == (1 if merged else 2)
    # the side that responds is not the attacker
    assert {facts.entity(iri).wikidata for iri in attacks[0].actors} & {"Q717", "Q739"} == set()


@pytest.mark.parametrize(
    "sequel",
    [
        "Officials in Ankara did not know the motive of the attack.",
        "Turkish police played down talk of a political motive for the attack.",
    ],
)
def test_whoever_a_sentence_about_the_attack_names_did_not_do_it(extractor: Extractor, sequel: str) -> None:
    text = f"Gunmen opened fire on a police post in eastern Turkey on Monday, killing two officers. {sequel}"
    facts = _extract(extractor, text)
    attacks = [e for e in facts.events if e.type == "Attack"]
    assert len(attacks) == 1
    assert [facts.entity(iri).label for iri in attacks[0].actors] == ["Gunmen"]


def test_who_carried_out_the_attack_did_it(extractor: Extractor) -> None:
    text = (
        "Gunmen opened fire on a police post in eastern Turkey on Monday, killing two officers. "
        "The Kurdistan Workers' Party said it carried out the attack."
    )
    facts = _extract(extractor, text)
    actors = {facts.entity(iri).label for e in facts.events if e.type == "Attack" for iri in e.actors}
    assert "PKK" in actors


def test_a_rally_the_police_break_up_is_the_rally_told_not_a_police_protest(extractor: Extractor) -> None:
    text = (
        "Supporters of the jailed politician held a rally in Bishkek on Friday. "
        "Police began to break up the rally at around 6 p.m., using water cannon."
    )
    facts = _extract(extractor, text)
    protests = [e for e in facts.events if e.type == "Protest"]
    assert len(protests) == 1
    assert len(protests[0].supporting_evidence) == 1


@pytest.mark.parametrize(
    "text",
    [
        "The truce gives armed groups seats in parliament in exchange for an end to attacks.",
        "The group is best known for atrocities against civilians.",
    ],
)
def test_incidents_spoken_of_in_general_are_no_events(extractor: Extractor, text: str) -> None:
    assert extractor.extract(text, published=date(2020, 1, 1)).events == []


def test_who_said_the_sentence_before_makes_no_statement(extractor: Extractor) -> None:
    text = "The general said the army would stay in Palu. General Wiranto told reporters in Jakarta."
    assert not any(e.type == "Statement" for e in extractor.extract(text, published=date(2019, 9, 5)).events)


@pytest.mark.parametrize(
    "text, type_, backer, doer",
    [
        ("Iran-backed Houthi rebels attacked a Saudi base on Monday.", "Attack", "Q794", "Q3042087"),
        (
            "Al Shabaab has been fighting the UN-backed Somali government for a decade.",
            "Clash",
            "Q1065",
            "Q1045",
        ),
    ],
)
def test_a_backer_hyphened_to_a_party_is_no_party(
    extractor: Extractor, text: str, type_: str, backer: str, doer: str
) -> None:
    facts = _extract(extractor, text)
    event = _one(facts, type_)
    parties = _qids(facts, [*event.actors, *event.targets])
    assert doer in parties
    assert backer not in parties


def test_what_a_group_is_for_or_against_is_not_the_group(extractor: Extractor) -> None:
    facts = _extract(
        extractor, "Anti-China protesters set a dozen factories on fire in Binh Duong on Tuesday."
    )
    protest = _one(facts, "Protest")
    assert "Q148" not in _qids(facts, protest.actors)
    assert [facts.entity(iri).label for iri in protest.actors] == ["Anti-China protesters"]


def test_a_subject_the_parser_hung_on_the_phrase_before_the_comma_still_acts(extractor: Extractor) -> None:
    text = (
        "In a separate statement on Twitter, Azerbaijan's President Ilham Aliyev demanded swift punishment for "
        "those involved."
    )
    facts = _extract(extractor, text)
    assert "Q57371" in _qids(facts, _one(facts, "Demand").actors)


def test_talks_a_call_asks_for_are_no_meeting_and_absorb_none(extractor: Extractor) -> None:
    text = (
        "The EU called on Serbia and Kosovo to resume the dialogue. "
        "Kallas met President Vjosa Osmani in Pristina on Monday. "
        "We also encourage the government and opposition parties to resume negotiations."
    )
    meetings = [e for e in _extract(extractor, text).events if e.type == "Meeting"]
    assert [(e.status, e.evidence.text[:10]) for e in meetings] == [("asserted", "Kallas met")]


@pytest.mark.parametrize(
    "text",
    [
        "Sergey Lavrov protested the expulsion of the diplomats on Monday.",
        "The diplomatic protest by Santos came hours after Venezuela closed the border.",
    ],
)
def test_an_officials_or_diplomatic_protest_is_a_condemnation(extractor: Extractor, text: str) -> None:
    types = {e.type for e in _extract(extractor, text).events}
    assert "Condemnation" in types
    assert "Protest" not in types


def test_crowds_still_protest(extractor: Extractor) -> None:
    assert _one(_extract(extractor, "Thousands protested in Dhaka on Monday."), "Protest")


@pytest.mark.parametrize(
    "text",
    [
        "Troops were called in to the neighborhood of Los Ruices on Thursday.",
        "Russia called up 300,000 reservists on Wednesday.",
    ],
)
def test_calling_in_or_up_is_no_demand(extractor: Extractor, text: str) -> None:
    assert "Demand" not in {e.type for e in _extract(extractor, text).events}


def test_a_charge_told_again_by_its_means_is_one_charge(extractor: Extractor) -> None:
    text = (
        "Armenia has violated the ceasefire by firing at the positions of the Azerbaijani military, the "
        "Azerbaijani Defense Ministry said on Sunday. "
        '"On April 30, the Armenian armed forces fired at the positions of the Azerbaijani army," the ministry '
        "said."
    )
    facts = _extract(extractor, text)
    assert len([e for e in facts.events if e.type == "Accusation"]) == 1


def test_bare_police_are_the_storys_states(extractor: Extractor) -> None:
    text = (
        "Vietnam is angry with China. Vietnam protested. Police detained 500 people in Binh Duong on Tuesday."
    )
    facts = _extract(extractor, text)
    police = facts.entity(_one(facts, "Arrest").actors[0])
    assert (police.sector, facts.entity(police.country).wikidata) == ("COP", "Q881")


def test_violating_a_ceasefire_is_an_attack(extractor: Extractor) -> None:
    facts = _extract(
        extractor, "Pakistan violated the ceasefire on the border in Samba district on Wednesday."
    )
    attack = _one(facts, "Attack")
    assert (_qids(facts, attack.actors), attack.date) == ({"Q843"}, "2024-03-13")


def test_an_incident_told_a_day_before_another_is_its_own(extractor: Extractor) -> None:
    text = (
        "Pakistan violated the ceasefire in Samba district on Wednesday, a day after an Indian soldier "
        "was killed in Pakistani shelling in the Mendhar sector."
    )
    facts = _extract(extractor, text)
    assert len([e for e in facts.events if e.type == "Attack"]) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Monday's attack in Mandera followed a bombing of a police station in Wajir last week by al-Shabaab.",
        "The ambush comes in the wake of a raid on an army base in Borno by Boko Haram fighters in October.",
        "The attack in Mandera came two days after an assault by al-Shabaab on a police post in Wajir.",
    ],
)
def test_an_incident_told_as_following_another_is_its_own(extractor: Extractor, text: str) -> None:
    facts = _extract(extractor, text)
    assert len([e for e in facts.events if e.type == "Attack"]) == 2


@pytest.mark.parametrize(
    ("text", "deployed"),
    [
        ("Hundreds of soldiers were sent to the border region of Kashmir on Monday.", True),
        ("Kenyan military forces moved into southern Somalia on Sunday.", True),
        ("The wounded soldiers were sent to hospital in Kabul on Monday.", False),
    ],
)
def test_forces_sent_or_moving_into_a_place_are_deployed(
    extractor: Extractor, text: str, deployed: bool
) -> None:
    facts = _extract(extractor, text)
    assert any(e.type == "Deployment" for e in facts.events) is deployed


@pytest.mark.parametrize(
    ("text", "type_", "actors", "targets"),
    [
        (
            "Albania decided on Wednesday to end diplomatic relations with Iran.",
            "Sanction",
            {"Q222"},
            {"Q794"},
        ),
        (
            "Twelve Armenian servicemen had been captured by the Azerbaijani army on Tuesday.",
            "Arrest",
            {"Q227"},
            {"Q399"},
        ),
        (
            "Pakistani officials admitted that seven Pakistani soldiers had been killed in firing by Indian troops.",
            "Attack",
            {"Q668"},
            {"Q843"},
        ),
    ],
)
def test_ending_ties_capturing_soldiers_and_firing_by_troops(
    extractor: Extractor, text: str, type_: str, actors: set[str], targets: set[str]
) -> None:
    event = _one(facts := _extract(extractor, text), type_)
    # the generic groups ("the Azerbaijani army") stand beside their states, without a QID
    assert (_qids(facts, event.actors) - {None}, _qids(facts, event.targets) - {None}) == (actors, targets)


def test_the_agency_a_dispatch_credits_is_no_actor(extractor: Extractor) -> None:
    text = (
        "Jammu, Oct 16 (IANS) Pakistan violated the ceasefire on the border in Samba district on Wednesday."
    )
    facts = _extract(extractor, text)
    assert _actor_labels(facts, _one(facts, "Attack")) == {"Pakistan"}


def test_forces_drafted_to_a_place_are_deployed(extractor: Extractor) -> None:
    facts = _extract(
        extractor, "In September, soldiers and riot police were drafted to Bitaro Village in Kaduna."
    )
    assert _one(facts, "Deployment").date == "2023-09"


def test_a_statement_that_ends_with_a_call_to_a_government_demands(extractor: Extractor) -> None:
    text = (
        "The statement concluded with a call to the Government of Kaduna State to ensure that the "
        "perpetrators are brought to justice."
    )
    assert _one(_extract(extractor, text), "Demand")


def test_deaths_when_a_shell_fired_from_a_state_lands_are_its_attack(extractor: Extractor) -> None:
    text = (
        "A Bangladeshi woman and a Rohingya man were killed on Monday when a mortar shell fired from "
        "Myanmar fell on the Ghumdhum border."
    )
    attack = _one(_extract(extractor, text), "Attack")
    assert (attack.killed, attack.date) == (2, "2024-03-11")


def test_a_warning_of_confrontation_is_a_threat(extractor: Extractor) -> None:
    text = (
        "North Korea warned on Tuesday that a resumption of the joint exercises will throw the peninsula "
        "back into a state of confrontation."
    )
    threat = _one(_extract(extractor, text), "Threat")
    assert threat.date == "2024-03-12"


def test_an_act_a_demand_asks_not_to_be_done_is_hypothetical(extractor: Extractor) -> None:
    text = "The Council adopted resolutions demanding that North Korea not conduct any further nuclear tests."
    assert _one(_extract(extractor, text), "MilitaryExercise").status == "hypothetical"


def test_disarming_others_is_no_withdrawal(extractor: Extractor) -> None:
    facts = _extract(
        extractor, "The Bangladeshi border guards disarmed them and took them to safety on Monday."
    )
    assert not [e for e in facts.events if e.type == "Withdrawal"]


def test_soldiers_sent_back_are_not_deployed(extractor: Extractor) -> None:
    text = "Talks are underway to send the Myanmar soldiers back through the waterway, Bangladesh said."
    assert not [e for e in _extract(extractor, text).events if e.type == "Deployment"]


def test_a_decree_that_places_control_in_a_companys_hands_is_no_sanction(extractor: Extractor) -> None:
    text = (
        "Lula will discuss the decree by Evo Morales, which places control of the oil and gas reserves in "
        "the hands of its own state-run company."
    )
    assert not [e for e in _extract(extractor, text).events if e.type == "Sanction"]


def test_a_prayer_meeting_is_no_meeting_and_work_demonstrated_no_protest(extractor: Extractor) -> None:
    text = (
        "Gunmen raided a village prayer meeting in Kaduna on Thursday night. The general praised the excellent "
        "work demonstrated by the troops."
    )
    types = {e.type for e in _extract(extractor, text).events}
    assert "Attack" in types and not types & {"Meeting", "Protest"}


def test_protesters_do_not_do_the_raid_they_protest_at(extractor: Extractor) -> None:
    text = (
        "Local youths blocked roads in protest at Thursday night's armed raid on a village prayer meeting in "
        "Kaduna."
    )
    facts = _extract(extractor, text)
    assert "Local youths" not in _actor_labels(facts, _one(facts, "Attack"))


def test_a_month_an_act_is_planned_for_is_the_coming_one(extractor: Extractor) -> None:
    text = "South Korea and the United States are planning to conduct their annual joint military exercises in August."
    assert _one(_extract(extractor, text), "MilitaryExercise").date == "2024-08"


def test_a_day_that_dates_a_statement_does_not_date_the_act_it_announces(extractor: Extractor) -> None:
    text = (
        "The Council expressed deep concern at North Korea's statement on Tuesday that it intended to conduct "
        "a nuclear test."
    )
    assert _one(_extract(extractor, text), "MilitaryExercise").date is None


@pytest.mark.parametrize(
    "text, type_",
    [
        # a police raid detains and searches; troops raiding a village attack it
        ("German police raided four apartments in Berlin on Thursday.", "Arrest"),
        ("Israeli troops raided the village on Thursday.", "Attack"),
    ],
)
def test_who_raids_decides_what_a_raid_is(extractor: Extractor, text: str, type_: str) -> None:
    assert [e.type for e in _extract(extractor, text).events] == [type_]


@pytest.mark.parametrize(
    "text, denied",
    [
        ("These allegations are baseless, Kenya's foreign ministry said.", True),
        ("Kenya said the allegations lacked merit.", True),
        # the claims said not to be false are not denied, nor is a lack that is no verdict on a claim
        ("The claims are not false, Kenya's foreign ministry said.", False),
        ("Kenya said the hospitals lacked medicine.", False),
    ],
)
def test_calling_claims_baseless_denies_them(extractor: Extractor, text: str, denied: bool) -> None:
    assert ("Denial" in {e.type for e in _extract(extractor, text).events}) == denied


def test_an_attack_blamed_on_a_group_is_no_accusation_of_its_own(extractor: Extractor) -> None:
    """ "the first fatal attack in two months blamed on ETA": the participle names who is held to have done the
    attack; nobody is said to blame anyone."""
    text = (
        "A car bomb killed a police officer outside a barracks in Mogadishu on Wednesday in the first fatal attack"
        " in two months blamed on al-Shabaab."
    )
    assert [e.type for e in _extract(extractor, text).events] == ["Attack"]


@pytest.mark.parametrize(
    "text, protests",
    [
        ("Serbia's government recognised the right to peaceful protest.", 0),
        ("Serbian students have a right to protest, the prime minister said.", 0),
        ("Serbian students protested for their right to study in Belgrade on Monday.", 1),
    ],
)
def test_a_right_to_protest_is_no_protest(extractor: Extractor, text: str, protests: int) -> None:
    assert [e.type for e in _extract(extractor, text).events].count("Protest") == protests


@pytest.mark.parametrize(
    "text, protests",
    [
        (
            "In demonstration of our commitment to this partnership, Fiji and Australia agreed to meet yearly.",
            0,
        ),
        ("The Russian drills near the border on Monday were a demonstration of force, Estonia said.", 0),
        ("Thousands of Georgians joined a demonstration against the law in Tbilisi on Sunday.", 1),
    ],
)
def test_a_demonstration_of_resolve_is_no_protest(extractor: Extractor, text: str, protests: int) -> None:
    assert [e.type for e in _extract(extractor, text).events].count("Protest") == protests


def test_sanctions_a_day_owns_were_imposed_that_day(extractor: Extractor) -> None:
    facts = _extract(
        extractor, "Spain backed Tuesday's European Union sanctions against Venezuelan officials."
    )
    sanction = _one(facts, "Sanction")
    assert sanction.date == "2024-03-12"  # the Tuesday before PUBLISHED, a Thursday
    assert _qids(facts, sanction.actors) == {"Q458"}


@pytest.mark.parametrize(
    "text, threat",
    [
        ("The foreign ministry condemned the sanctions and said Moscow would respond.", True),
        ("Thailand said it would exercise its right of self-defense if fired upon.", True),
        ("Iran reserves the right to respond to the attack.", True),
        ("Tehran said it would hit back at any aggressor.", True),
        # a reply through channels or in cooperation is no threat
        ("Kenya said it would respond through the appropriate diplomatic channels.", False),
        ("Japan would respond in close cooperation with the international community.", False),
    ],
)
def test_saying_one_would_respond_is_a_threat(extractor: Extractor, text: str, threat: bool) -> None:
    assert any(e.type == "Threat" for e in _extract(extractor, text).events) is threat


def test_a_threat_also_stated_is_one_more(extractor: Extractor) -> None:
    """ "ECOWAS also stated that ... it would impose sanctions": another threat than the warnings told before."""
    text = (
        "ECOWAS issued warnings to the juntas that seized power in Mali and Guinea. "
        "In a communique, ECOWAS also stated that if the junta in Burkina Faso did not free the former president, "
        "it would impose individual sanctions on the country."
    )
    assert len([e for e in _extract(extractor, text).events if e.type == "Threat"]) == 2


@pytest.mark.parametrize(
    "text, absent",
    [
        ("SADC sent troops to Mozambique in a bid to fight the insurgency.", "Clash"),
        ("Police were deployed in order to arrest the smugglers.", "Arrest"),
        ("Kenya deployed troops aimed at attacking the militants.", "Attack"),
    ],
)
def test_the_aim_of_an_act_is_no_act_of_its_own(extractor: Extractor, text: str, absent: str) -> None:
    assert all(e.type != absent for e in _extract(extractor, text).events)


def test_a_recognition_withheld_over_time_is_a_stance_not_an_act(extractor: Extractor) -> None:
    """ "Romania, which has not recognized Kosovo": the relations hold the stance; no negated act is told."""
    facts = _extract(
        extractor, "Romania, which has not recognized Kosovo's independence, sent troops to Bosnia."
    )
    assert all(e.type != "Recognition" for e in facts.events)
    assert any(r.type == "doesNotRecognize" for r in facts.relations)


@pytest.mark.parametrize(
    "text",
    [
        "India urged the world to stand united against all those who provide sanctuaries to terrorists.",
        "The council warned that anyone who attacks peacekeepers will be held to account.",
    ],
)
def test_an_act_that_describes_whoever_does_it_is_no_event(extractor: Extractor, text: str) -> None:
    assert all(e.type not in {"Aid", "Attack"} for e in _extract(extractor, text).events)


def test_the_condition_of_a_threat_is_no_act(extractor: Extractor) -> None:
    """ "if fired upon": what a threat is conditioned on has not happened."""
    facts = _extract(extractor, "Thailand said it would exercise its right of self-defense if fired upon.")
    assert [e.type for e in facts.events] == ["Threat"]


def test_flying_into_a_country_visits_it(extractor: Extractor) -> None:
    facts = _extract(extractor, "President Cyril Ramaphosa flew into Mozambique on Thursday.")
    assert _qids(facts, _one(facts, "Visit").targets) == {"Q1029"}
