"""Trigger vocabulary met in real news (#9): the words that name an act only in their event sense."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor

PUBLISHED = date(2024, 3, 14)


def _types(extractor: Extractor, text: str) -> set[str]:
    return {event.type for event in extractor.extract(text, published=PUBLISHED).events}


@pytest.mark.parametrize(
    "text, type_",
    [
        ("The Security Council holds the junta in Myanmar responsible for the killings.", "Accusation"),
        # "for" opens the clause of what is called for (the parser hangs it on that clause's verb)
        ("Kenya called for all parties to respect the ceasefire on Monday.", "Demand"),
        # a terrorist act, an act of terrorism: an attack by its noun
        ("Kazakhstan condemned the terrorist act near the embassy in Kabul on Monday.", "Attack"),
        ("Paramilitary officers toppled the elected government of Sudan in a coup on Monday.", "Attack"),
        ("Turkish soldiers opened up and fired at Kurdish fighters near Kobani on Friday.", "Attack"),
        ("Italy will end its naval mission off Libya in June.", "Withdrawal"),
        ("Armenia announced the suspension of its participation in the CSTO on Friday.", "Rejection"),
        # talks suspended are refused (PLOVER REJECT), aid or membership suspended a sanction
        ("Colombia on Wednesday suspended peace talks with the National Liberation Army.", "Rejection"),
        ("The AU suspended Sudan's membership on Friday.", "Sanction"),
        # closing a border or airspace to another side restricts it
        ("In response, Maduro closed a major border crossing with Colombia.", "Sanction"),
        ("Russia closed its airspace to Latvian airlines.", "Sanction"),
        # a state summoning its own envoy home recalls him (PLOVER REDUCE), another's it reproaches
        ("Chile summoned its ambassador to Peru for consultations on Tuesday.", "Sanction"),
        ("Qatar will continue to facilitate negotiations between Israel and Hamas.", "CallForDialogue"),
        ("The EU urged Serbia and Kosovo to find a political solution.", "CallForDialogue"),
        # what a side deems or terms a provocation it condemns, as what it calls one
        ("Denmark deemed the move an unacceptable provocation.", "Condemnation"),
        ("Seoul termed the launch a grave provocation on Friday.", "Condemnation"),
        # an act a leader says was cruel or barbaric he condemns
        ("Prime Minister Tony Abbott said the executions were cruel and unnecessary.", "Condemnation"),
        # killed by soldiers or the police, also in a reduced relative clause
        ("The seven terrorists killed Wednesday in Bouira by army forces were identified.", "Attack"),
        ("Two protesters were killed by police in Conakry on Tuesday.", "Attack"),
        # a request or demand renewed, and information or an explanation asked for, are demands
        (
            "Stano reiterated the EU's request to the Venezuelan authorities to respect human rights.",
            "Demand",
        ),
        ("Japan reiterated its demand for the release of the sailors.", "Demand"),
        ("The Czech Republic sent a note to Caracas asking for information on the case.", "Demand"),
        ("Gunfire between police and protesters in Dakar left two dead on Friday.", "Clash"),
        ("Germany appealed to Iran to free the detained aid workers.", "Demand"),
        ("The United States pressed Israel to open more crossings into Gaza.", "Demand"),
        ("Sweden encouraged Ethiopia and Eritrea to resume negotiations.", "CallForDialogue"),
        ("Russia charged Ukraine with shelling the dam.", "Accusation"),
        ("Gunmen carried out several attacks on police posts on Monday, killing five.", "Attack"),
        ("Canada placed new restrictions on Iranian airlines.", "Sanction"),
        ("ECOWAS decided on Friday that it would uphold sanctions on Mali.", "Sanction"),
        ("Biden discussed the situation in Gaza with Netanyahu on Monday.", "Meeting"),
        ("The President of Peru received her counterpart from Ecuador in Lima on Wednesday.", "Meeting"),
        ("India banned exports of rice to Bangladesh.", "Sanction"),
        ("Japan will give 20 million dollars to Ukraine.", "Aid"),
        ("Britain pledged emergency relief to Libya after the floods.", "Aid"),
        ("Iran said it would retaliate if Israel struck its nuclear sites.", "Threat"),
        ("South Korea committed to sending more artillery shells to Poland.", "Pledge"),
        ("The African Union stressed the need for Niger to restore civilian rule.", "Demand"),
        ("The UN Security Council renewed its call on Sudan to open the border crossings.", "Demand"),
        ("Britain committed 500 troops to the UN mission in Mali.", "Deployment"),
        ("Russia massed troops along the border with Ukraine in November.", "Deployment"),
        ("Russian troops arrived in Mali in December.", "Deployment"),
        ("Zimbabwe is sending a team of 304 defence instructors to Mozambique.", "Deployment"),
        ("Rebels set off a powerful bomb at a department store in Nugegoda on Wednesday.", "Attack"),
        ("Militants planted a bomb under a bus in Quetta on Monday.", "Attack"),
        (
            "Presidents Shavkat Mirziyoyev and Kassym-Jomart Tokayev chaired the first session of the council.",
            "Meeting",
        ),
        (
            "Armenia's defence ministry said Azerbaijani troops had attacked its positions on Wednesday.",
            "Accusation",
        ),
        ("France wants Iran to stop its missile programme.", "Demand"),
        ("North Korea said it would use nuclear weapons if it were attacked.", "Threat"),
        ("Azerbaijan and Armenia initialled a peace treaty in Washington.", "Agreement"),
        ("Peru and Ecuador settled their border dispute in 1998.", "Agreement"),
        ("Belgrade pointed the finger at Pristina for the violence.", "Accusation"),
        # a speaker telling of a wrong others did accuses them
        ("Seoul said on Monday that Pyongyang had violated the armistice.", "Accusation"),
        ("Ethiopia said Eritrean troops were responsible for the massacre in Axum.", "Accusation"),
        ("Iran charged that Israel was behind the explosion.", "Accusation"),
        ("The opposition claimed that the election had been rigged.", "Accusation"),
        # money given for relief; an attack named in a free relative ("in what X described as")
        ("Japan will provide $5 million to support emergency flood relief in Pakistan.", "Aid"),
        (
            "Nine Kenyan soldiers were killed on Monday in what the army described as an attack by al-Shabaab.",
            "Attack",
        ),
        # a wrong done wrongfully, or a wrong's doer named in the passive, told or believed
        ("A Tajik statement says Kyrgyz border guards illegally crossed the border on July 8.", "Accusation"),
        ("Kenyan police believe the attack was organized by al-Shabaab.", "Accusation"),
        ("The Indian army says Pakistani troops crossed the Line of Control on Sunday night.", "Accusation"),
        ("The Tajik foreign ministry said Kyrgyzstan had instigated the fighting.", "Accusation"),
        # casualties a side claims the others' fire caused, its officials named by their capital
        (
            "Three villagers were killed and two others were injured in shelling conducted by Azerbaijani forces "
            "near the border, officials in Yerevan claimed.",
            "Accusation",
        ),
        ("Russia and Ukraine traded blame for the shelling of the plant.", "Accusation"),
        ("Peru filed a complaint against Chile at the World Trade Organization.", "Accusation"),
        # a pronoun subject of what a speaker says is the speaker
        ("The army said it killed 15 militants in an operation near the border.", "Attack"),
        # requests in news wording
        ("Kenya insisted on the immediate release of its nationals.", "Demand"),
        ("Kenya is seeking the extradition of the former minister from Uganda.", "Demand"),
        ("Kenya appealed to the international community for humanitarian aid.", "Demand"),
        ("The opposition called for nationwide protests.", "Demand"),
        ("Kenya and Uganda signed two memoranda of understanding on Tuesday.", "Agreement"),
        ("Qatar is funding the salaries of civil servants in Gaza.", "Aid"),
        ("Britain and France will share intelligence on migrant smuggling.", "Cooperation"),
        ("Russian fighter jets brought down an American drone over the Black Sea on Tuesday.", "Attack"),
        ("Turkish jets hit Kurdish positions near Dohuk on Thursday.", "Attack"),
        ("Unknown attackers opened fire on a bus near Quetta on Monday, killing six passengers.", "Attack"),
        ("A roadside bomb exploded next to an army convoy in Helmand on Sunday.", "Attack"),
        ("Militants detonated a car bomb outside a hotel in Mogadishu on Friday.", "Attack"),
        ("Houthi rebels launched a missile at a tanker in the Red Sea on Monday.", "Attack"),
        ("The rebels overran an army base near Kidal on Saturday.", "Attack"),
        ("Indian and Pakistani troops traded an exchange of fire across the border on Friday.", "Clash"),
        ("Rioters set fire to a police station in Dhaka on Sunday.", "Protest"),
        ("North Korea placed its army units on high alert on Monday.", "Deployment"),
        ("The Commonwealth suspended Fiji from its councils in 2009.", "Sanction"),
        ("The Japanese and Chinese foreign ministers talked by telephone on Monday.", "Meeting"),
        ("Scholz held a video call with Zelenskyy on Friday.", "Meeting"),
        ("Students marched to the presidential palace in Colombo on Tuesday.", "Protest"),
        ("Thailand and the United States opened their Cobra Gold drills on Tuesday.", "MilitaryExercise"),
        ("Hamas fired a barrage of rockets toward Tel Aviv on Sunday.", "Attack"),
        ("Russia freed two Americans in an exchange of prisoners on Thursday.", "Concession"),
        ("Niger announced the expulsion of the French ambassador on Monday.", "Sanction"),
        # what a quantity counts is the object: "dozens of diplomats" are diplomats
        ("Kenya expelled dozens of diplomats on Monday.", "Sanction"),
        ("The Estonian ambassador was declared persona non grata on Monday.", "Sanction"),
        ("Serbia held talks with China in Belgrade on Wednesday.", "Meeting"),
        ("The Taliban captured Kunduz on Sunday.", "Attack"),
        ("Xi Jinping landed in Moscow on Monday for talks with Putin.", "Visit"),
        ("Thai and Cambodian soldiers traded fire near the border on Friday.", "Clash"),
        ("Ethiopia has been at war with the TPLF since November 2020.", "Clash"),
        ("Beijing imposed export controls on gallium on Monday.", "Sanction"),
        # a capitalised plural agreement noun ("Protocols" keeps its "s" as the tagger's lemma)
        ("NATO signed the Accession Protocols with Albania and Croatia on Wednesday.", "Agreement"),
        # a statement that deems an act necessary asks for it
        ("Kazakhstan considers it necessary for Afghanistan to investigate the attack on Monday.", "Demand"),
        # a generic group asked to act by a named body; a battle verb with its other side or armed subject
        ("ECOWAS asked the military to return to their barracks on Tuesday.", "Demand"),
        ("Security officers battled with Al-Shabaab gunmen in Mandera on Monday.", "Clash"),
        # cooperation between named partners
        ("Stoltenberg thanked KFOR for its excellent cooperation with EULEX on Monday.", "Cooperation"),
        # a press conference held with another minister is where they met
        ("Blinken spoke at a news conference with Japan's foreign minister in Tokyo on Monday.", "Meeting"),
        # warships say an exercise is a military one
        (
            "The destroyer joined Japanese frigates for exercises in the Philippine Sea on Friday.",
            "MilitaryExercise",
        ),
        # a protest note handed over is a protest lodged
        ("Lithuania handed over a note of protest to a Russian diplomat on Monday.", "Condemnation"),
        ("Poland handed a protest note to the Belarusian charge d'affaires on Monday.", "Condemnation"),
        ("The European Union levelled new sanctions at Russia on Monday.", "Sanction"),
        # a participle after the noun governs it as its verb would
        (
            "On Monday, Haiti and the Dominican Republic announced agreements reached by their committees.",
            "Agreement",
        ),
        ("Russia condemned the sanctions imposed by the European Union on Monday.", "Sanction"),
        # the sides encouraged to talk may be named by what they are ("the government", "both sides")
        (
            "We also encourage the government and opposition parties to resume negotiations.",
            "CallForDialogue",
        ),
        # people released counted out of a group: the group is who is released
        (
            "Officials said rebels had released 22 of the more than 80 policemen captured recently.",
            "Concession",
        ),
        ("The rebels freed some of the hostages on Monday.", "Concession"),
        # reinforcements, battalions and contingents are forces sent, whoever sends them
        ("Hundreds of military reinforcements had been sent to the desert north.", "Deployment"),
        # security stepped up along a border is a deployment (not so around a stadium)
        ("Kenya tightened security along its border with Somalia on Monday.", "Deployment"),
        # a curfew imposed and sanctions a state is hit with are sanctions
        ("Honduras imposed a mandatory overnight curfew on Friday.", "Sanction"),
        ("Washington hit Moscow with new sanctions on Monday.", "Sanction"),
        # a missile launch or test carried out, named by its noun
        ("North Korea carried out a ballistic missile test on Monday.", "MilitaryExercise"),
        # complaining officially: to another side's envoy a protest lodged, of what they did a charge
        ("The U.S. has complained to Nicaragua's ambassador in Washington.", "Condemnation"),
        ("Kyrgyzstan complained of Kazakhstan's tough treatment of its traders on Monday.", "Accusation"),
        # displeasure expressed, and government officials expelled
        ("China expressed strong dissatisfaction with the visit on Monday.", "Condemnation"),
        ("Nicaragua has expelled three American government officials.", "Sanction"),
        ("Nicaragua threw out three U.S. officials on Tuesday.", "Sanction"),
        # the lead's first word after a headline, which the tagger takes for a name
        (
            "Protests break out again in northern Kosovo after arrest of ethnic Serb\n\n"
            "Protests were held in the Serb-majority municipalities in northern Kosovo on June 19.",
            "Protest",
        ),
    ],
)
def test_news_wording_finds_its_event(extractor: Extractor, text: str, type_: str) -> None:
    assert type_ in _types(extractor, text)


@pytest.mark.parametrize(
    "text, type_",
    [
        ("Protesters toppled a statue of the former king in Tripoli.", "Attack"),
        # acts counted vaguely over an undated time are a tally, not one event
        ("The volatile North Kivu region has witnessed a number of attacks by armed groups.", "Attack"),
        ("Turkey has conducted numerous raids against militants in Iraq and Syria.", "Attack"),
        # sympathies and condolences offered are a statement (as the golds code them), no endorsement
        (
            "Pakistan offered sympathies and condolences to the government and people of India on Monday.",
            "Endorsement",
        ),
        # what someone is charged with or suspected of is the charge's content, not an act told as done
        ("Spasic faces charges of assaulting journalists in Leposavic.", "Attack"),
        ("The man was charged with attacking police officers in Belgrade.", "Attack"),
        ("Police detained a Serb suspected of being involved in an attack on journalists.", "Attack"),
        # detentions asked to end, and a participle that says who someone is, are no arrests of their own
        ("The EU urged Venezuela to respect rights and put an end to arbitrary detentions.", "Arrest"),
        ("Japan reiterated its demand for the release of the detained sailors.", "Arrest"),
        # cooperation told of, not taken up, agreed or launched: a state of relations, no act
        ("Bilateral cooperation between South Africa and Lesotho spans many areas.", "Cooperation"),
        ("Fiji is willing to strengthen mutual cooperation with China.", "Cooperation"),
        # what is announced is the act, if any, not a statement of its own
        ("New Zealand announced more support for airports in Solomon Islands.", "Statement"),
        ("The minister spoke with reporters in Kyiv on Monday.", "Meeting"),
        ("A fire broke out in the parliament of South Africa on Sunday.", "Clash"),
        ("Apple halted sales of the iPhone in China on Monday.", "Sanction"),
        ("Biden told reporters in Warsaw to expect more news.", "Demand"),
        ("Japan committed war crimes in Korea during the war.", "Pledge"),
        ("The government gave a contract worth 5 million dollars to a French company.", "Aid"),
        ("NATO underscored the need for closer cooperation with Japan.", "Demand"),
        ("China wants to join the BRICS bank.", "Demand"),
        ("Russia will strike back at once, the Kremlin said.", "Threat"),
        ("The UN will use the funds to rebuild schools in Syria if donors agree.", "Threat"),
        ("Russia fired its deputy defence minister on Monday.", "Attack"),
        ("The ministry ended its inquiry into the leak on Friday.", "Withdrawal"),
        ("Germany held talks with France in Berlin on Monday.", "Accusation"),
        ("The budget row brought down the government of Italy in 2022.", "Attack"),
        ("Cyclone Idai hit the coast of Mozambique on Friday.", "Attack"),
        ("Germany opened a new consulate in Lviv on Monday.", "Attack"),
        ("Kenyan police seized two tonnes of cocaine in Mombasa on Friday.", "Attack"),
        ("Chinese exports to Russia hit a record in 2023.", "Attack"),
        ("Brazil will target zero deforestation by 2030.", "Attack"),
        ("Vietnam lodged a protest with China over the survey ship on Monday.", "Protest"),
        ("Troops marched through Red Square on Victory Day.", "Protest"),
        ("Kenya captured the attention of investors in 2023.", "Attack"),
        ("The cargo plane landed in Nairobi on Monday.", "Visit"),
        ("Kenya and Uganda exchanged views on trade in Nairobi on Monday.", "Clash"),
        ("The ministers looked at war crimes trials in Arusha.", "Clash"),
        ("Iran seized the moment to reopen talks with Egypt.", "Attack"),
        ("The Americans released a statement on Monday.", "Concession"),
        ("Ukraine's military said Russian missiles struck Kyiv on Monday.", "Accusation"),
        ("The two police forces have held joint patrols in Serbian cities since 2019.", "Deployment"),
        # a wrong denied, one's own side's, or a duty that is no wrong accuses nobody
        ("Serbia said on Monday that it had not violated the agreement.", "Accusation"),
        ("Kosovo said Serbia was responsible for stability in the region.", "Accusation"),
        ("Russia said its forces had violated no border.", "Accusation"),
        ("Kenya said the border had been reopened.", "Accusation"),
        ("Kenyan police said the attack was carried out at dawn.", "Accusation"),
        ("Kenya said its troops legally crossed the border on Monday.", "Accusation"),
        ("Kenyan officials said hundreds of Somali refugees crossed the border on Monday.", "Accusation"),
        # calls one ignores are no call of one's own; a visit to the scene of an attack is no state visit
        ("Despite calls for restraint, India continues to shell the border.", "CallForDialogue"),
        ("Red Cross officials visited the scene of the blast on Monday.", "Visit"),
        ("Kenya insisted on the immediate release of its nationals.", "Concession"),
        ("President Biden signed the law on Tuesday.", "Agreement"),
        # the fighting that killed is the clash; its dead are its casualties, not another attack
        ("Fighting between the army and the RSF killed 40 people in Khartoum on Monday.", "Attack"),
        # police arriving at a scene, or a meeting moved, deploy no forces
        ("Police officers arrived at the scene on Monday.", "Deployment"),
        ("The minister moved the meeting with Kenya to Friday.", "Deployment"),
        ("The president of Kenya summoned his staff on Monday.", "Condemnation"),
        # a police request to residents is no political demand; a rivalry is no battle with a side
        ("Police asked residents to stay indoors on Monday.", "Demand"),
        ("The cartel battles rivals for control of smuggling routes.", "Clash"),
        # cooperation as a goal, with no partners named in its phrase, is no act of cooperating
        (
            "The two presidents identified other aspects in order to establish further cooperation.",
            "Cooperation",
        ),
        # what a group does often is no one event
        ("The group often makes exaggerated casualty claims for its attacks.", "Attack"),
        # a campaign rally, a rally a leader addresses, and the right to protest are no protests
        ("Modi spoke at an election rally in Bihar on Monday.", "Protest"),
        ("Prime Minister Narendra Modi, addressing a rally in Bihar on Monday, warned Pakistan.", "Protest"),
        ("People have the right to peaceful protest, the high commissioner said on Monday.", "Protest"),
        # meeting a goal, or a call with reporters, is no meeting of sides
        ("Russia has consistently failed to meet its strategic objectives in Ukraine.", "Meeting"),
        ("The envoy said on a briefing call with reporters that talks would go on.", "Meeting"),
        # speaking to the press is no meeting
        ("Vucic told a news conference in Belgrade on Monday that the deal was fair.", "Meeting"),
        # a reporter's conversation with someone is an interview, no meeting of sides
        (
            "Nova TV broadcast a conversation between a Serbian television reporter and the Croatian national.",
            "Meeting",
        ),
        # a participle that says who someone is tells no act
        (
            "Dozens were hurt in clashes on Thursday when Kosovo authorities deported a group of visiting Serbs "
            "who accused police of using live fire.",
            "Visit",
        ),
        # an agreement reached long ago, told as kept or broken, is no agreement now
        ("India has violated the important consensus reached by the two sides in 2019.", "Agreement"),
        ("The opposition protested against a violation of the agreement reached in 2017.", "Agreement"),
        # setting off what is no weapon
        ("The minister's remarks set off a debate in parliament on Monday.", "Attack"),
        # a team sent that is no force
        ("Zimbabwe is sending a team of doctors to Mozambique.", "Deployment"),
        # protests named in passing, by no one, nowhere, on no day of their own, are the story's background
        ("The journalist planned to cover the protests for Meydan TV, his wife said.", "Protest"),
        # a ship that drills for gas holds no drill
        ("On Monday, Turkey's second drill ship arrived off the coast of Cyprus.", "MilitaryExercise"),
        ("Police tightened security around the stadium on Monday.", "Deployment"),
        # a warrant executed is no one killed
        ("The state police were executing a warrant on the city outskirts on Monday.", "Attack"),
    ],
)
def test_the_same_words_in_another_sense_find_no_such_event(
    extractor: Extractor, text: str, type_: str
) -> None:
    assert type_ not in _types(extractor, text)


@pytest.mark.parametrize(
    "text, plover",
    [
        ("Russia withdrew its troops from Kherson on Friday.", "RETREAT"),
        ("Russia agreed to withdraw its troops from Kherson.", "CONCEDE"),
        ("Russia will withdraw its troops from Kherson next month.", "CONCEDE"),
        ("Belarus released 14 political prisoners on Monday.", "RETREAT"),
        ("Belarus promised to release the political prisoners.", "CONCEDE"),
        ("Kazakhstan lifted the nationwide curfew on Monday.", "CONCEDE"),
        ("The United States lifted sanctions on the airline on Monday.", "RETREAT"),
    ],
)
def test_a_promised_retreat_is_a_concession_in_plover(extractor: Extractor, text: str, plover: str) -> None:
    """The PLOVER manual: an announced or promised retreat has no material consequence yet (CONCEDE); lifting a
    curfew is a verbal concession, easing economic sanctions a retreat (the CAMEO-to-PLOVER crosswalk)."""
    events = extractor.extract(text, published=PUBLISHED).events
    assert plover in {event.plover for event in events}


@pytest.mark.parametrize(
    "text, plover",
    [
        ("Poland and Lithuania held joint military exercises near the Suwalki Gap on Monday.", "COOPERATE"),
        ("Japan held naval drills with the United States in the Philippine Sea on Monday.", "COOPERATE"),
        ("China held military drills around Taiwan on Monday.", "MOBILIZE"),
    ],
)
def test_joint_exercises_are_cooperation_in_plover(extractor: Extractor, text: str, plover: str) -> None:
    """The PLOVER manual: joint military operations are COOPERATE, a single country's exercises MOBILIZE."""
    events = [e for e in extractor.extract(text, published=PUBLISHED).events if e.type == "MilitaryExercise"]
    assert events and {e.plover for e in events} == {plover}


@pytest.mark.parametrize(
    "text, found",
    [
        ("The International Criminal Court opened an investigation into war crimes in Ukraine.", True),
        ("UN investigators investigated the killings in Darfur in 2004.", True),
        ("The EU said Serbia should investigate the killings in Belgrade.", False),
    ],
)
def test_investigations_are_accusations_of_mode_investigate(
    extractor: Extractor, text: str, found: bool
) -> None:
    events = [e for e in extractor.extract(text, published=PUBLISHED).events if e.type == "Accusation"]
    assert bool(events) is found
    assert all(e.plover == "ACCUSE" and e.mode == "investigate" for e in events)


@pytest.mark.parametrize(
    "text, type_, plover",
    [
        ("Teachers in Nairobi went on strike on Monday.", "Protest", "PROTEST"),
        ("Transport workers joined a nationwide strike in Paris on Monday.", "Protest", "PROTEST"),
        ("The jailed activist began a hunger strike in Cairo in April 2022.", "Protest", "PROTEST"),
        ("Riots broke out across Dakar on Monday.", "Protest", "PROTEST"),
        ("Israel launched a strike on Beirut on Monday.", "Attack", "ASSAULT"),
        (
            "A Moscow court sentenced Evan Gershkovich to 16 years in prison on 19 July 2024.",
            "Sanction",
            "SANCTION",
        ),
    ],
)
def test_strikes_riots_and_sentences(extractor: Extractor, text: str, type_: str, plover: str) -> None:
    events = extractor.extract(text, published=PUBLISHED).events
    assert [(e.type, e.plover) for e in events if e.type in {"Protest", "Attack", "Sanction"}] == [
        (type_, plover)
    ]


@pytest.mark.parametrize(
    "text, found",
    [
        ("A suicide car bomb killed at least 44 people in Mogadishu on Saturday.", True),
        ("Gunmen killed five villagers in Zamfara on Sunday.", True),
        ("Russia killed three civilians in Kharkiv on Monday.", True),
        ("Five people were killed in Kharkiv on Monday.", False),
        ("The flood killed five people in Sindh on Monday.", False),
        # in the passive, by attackers or in fire; not a toll summed up over years
        ("Five soldiers were killed by gunmen near the border on Monday.", True),
        ("A soldier was killed in Azerbaijan's cross-border fire in Tavush on Wednesday.", True),
        # in an operation; and where the verb joined to it carries the preposition both share
        ("Nine soldiers were killed in a military operation against rebels in Badakhshan.", True),
        ("Two soldiers have been killed and three wounded in gunfire on the border on Monday.", True),
        ("Two people were killed in a car accident on Monday.", False),
        ("Ninety people have been killed by police gunfire since the president came to power.", False),
    ],
)
def test_killing_by_a_weapon_or_an_armed_actor_is_an_attack(
    extractor: Extractor, text: str, found: bool
) -> None:
    attacks = [e for e in extractor.extract(text, published=PUBLISHED).events if e.type == "Attack"]
    assert bool(attacks) is found
    if found:
        assert attacks[0].killed is not None


@pytest.mark.parametrize(
    "text, type_",
    [
        ("Germany sent Leopard tanks to Ukraine in March 2023.", "Aid"),
        ("Germany sent air defence systems to Ukraine in April.", "Aid"),
        ("China conducted live-fire exercises near Taiwan on Saturday.", "MilitaryExercise"),
    ],
)
def test_weapons_supplied_and_live_fire_exercises(extractor: Extractor, text: str, type_: str) -> None:
    events = extractor.extract(text, published=PUBLISHED).events
    assert type_ in {e.type for e in events}
    assert all(e.mode == "military" for e in events if e.type == "Aid")


@pytest.mark.parametrize(
    "text, found",
    [
        ("Australia requests that China provide an explanation for the incident.", True),
        ("The Security Council insists that all parties should respect humanitarian law.", True),
        ("The EU expects Serbia to align with its foreign policy.", True),
        ("Vucic insisted that only Serbs were under threat in Kosovo.", False),
        ("Sweden is expected to join the alliance in March.", False),
        ("Venezuela held a referendum asking whether the region should become a state.", False),
    ],
)
def test_demands_in_the_subjunctive(extractor: Extractor, text: str, found: bool) -> None:
    demands = [e for e in extractor.extract(text, published=PUBLISHED).events if e.type == "Demand"]
    assert bool(demands) is found


@pytest.mark.parametrize(
    "text, type_, found",
    [
        ("Iran warned that it would close the Strait of Hormuz.", "Threat", True),
        ("The UN warned that the situation would deteriorate.", "Threat", False),
        # standing ready to retaliate, or to answer a provocation firmly, threatens
        ("The South Korean military stands fully ready to retaliate strongly.", "Threat", True),
        ("Japan is ready to respond firmly to any provocation.", "Threat", True),
        ("The ministry is ready to respond to questions from journalists.", "Threat", False),
        ("Australia will continue to stand with Ukraine for as long as it takes.", "Endorsement", True),
        ("Japan committed an additional $4.5 billion to Ukraine.", "Aid", True),
    ],
)
def test_warnings_of_own_action_standing_with_and_money_committed(
    extractor: Extractor, text: str, type_: str, found: bool
) -> None:
    events = extractor.extract(text, published=PUBLISHED).events
    assert (type_ in {e.type for e in events}) is found


@pytest.mark.parametrize(
    "text, type_",
    [
        ("The court warned Venezuela not to take any action in the disputed region.", "Demand"),
        ("China warned Japan against deploying missiles.", "Threat"),
    ],
)
def test_a_warning_not_to_act_is_a_demand(extractor: Extractor, text: str, type_: str) -> None:
    types = {e.type for e in extractor.extract(text, published=PUBLISHED).events}
    assert type_ in types
    assert ({"Demand", "Threat"} - {type_}).isdisjoint(types)


@pytest.mark.parametrize(
    "text, type_, status",
    [
        (
            "The UN called on Nigerian authorities to investigate the killings in Zamfara.",
            "Accusation",
            "hypothetical",
        ),
        ("The EU urged Russia to withdraw its troops from Moldova on Monday.", "Withdrawal", "hypothetical"),
        ("The junta ordered the police to release the detained journalists.", "Concession", "hypothetical"),
        ("Russia withdrew its troops from Kherson on Friday.", "Withdrawal", "asserted"),
        # a warning asks too: what the warned are to do is not done
        (
            "Museveni warned the ADF rebels to surrender or face military action.",
            "Concession",
            "hypothetical",
        ),
    ],
)
def test_an_act_asked_for_is_not_yet_done(extractor: Extractor, text: str, type_: str, status: str) -> None:
    events = [e for e in extractor.extract(text, published=PUBLISHED).events if e.type == type_]
    assert events and {e.status for e in events} == {status}


@pytest.mark.parametrize(
    "text, type_",
    [
        (
            "North Korea fired two ballistic missiles into the sea off its east coast on Thursday.",
            "MilitaryExercise",
        ),
        ("Iran fired missiles at Israel on Saturday.", "Attack"),
        ("Hezbollah fired dozens of rockets into northern Israel on Sunday.", "Attack"),
    ],
)
def test_a_missile_launch_without_a_target_is_a_show_of_force(
    extractor: Extractor, text: str, type_: str
) -> None:
    """The gold sets' convention (tests/data/realtext2/README.md): missile launches into the sea are exercises
    (PLOVER MOBILIZE), missiles fired at a place are attacks."""
    assert {e.type for e in extractor.extract(text, published=PUBLISHED).events} & {
        "Attack",
        "MilitaryExercise",
    } == {type_}


def test_whose_fire_killed_is_who_attacked(extractor: Extractor) -> None:
    text = "A soldier was killed in Azerbaijan's cross-border fire in Tavush on Wednesday."
    facts = extractor.extract(text, published=PUBLISHED)
    attack = next(e for e in facts.events if e.type == "Attack")
    assert {facts.entity(iri).wikidata for iri in attack.actors} == {"Q227"}


@pytest.mark.parametrize(
    "text, type_, found",
    [
        (
            "Chavez ordered the military to be on maximum alert on the border with Colombia.",
            "Deployment",
            True,
        ),
        ("Elite Para commandos of the Army were airdropped in the area on Monday.", "Deployment", True),
        ("India rushed troops to the border on Monday.", "Deployment", True),
        ("The army airlifted food to the villages on Monday.", "Deployment", False),
        ("Thai troops intruded into Cambodian territory near the temple on Friday.", "Deployment", True),
        ("High-level talks between Belize and Guatemala were immediately undertaken.", "Meeting", True),
        ("High-level discussions between Belize and Guatemala were immediately undertaken.", "Meeting", True),
        ("A Palestinian state should emerge from negotiations between the parties.", "Meeting", False),
        # soldiers checking reports are on an operation: nobody is accused
        ("Troops were investigating reports of rebel incursions near Al-Barka.", "Accusation", False),
        ("UN investigators investigated the killings in Darfur in 2004.", "Accusation", True),
    ],
)
def test_alerts_intrusions_and_talks_undertaken(
    extractor: Extractor, text: str, type_: str, found: bool
) -> None:
    assert (type_ in _types(extractor, text)) == found


@pytest.mark.parametrize(
    "text, found",
    [
        ("Spain announced its recognition of Palestine on Tuesday.", True),
        # what documents or merits get is no recognition of a state
        ("Moldova and Transnistria discussed the recognition of diplomas on Monday.", False),
        ("Moldova gave him an award in recognition of his service on Monday.", False),
    ],
)
def test_recognition_of_a_state_not_of_documents_or_merits(
    extractor: Extractor, text: str, found: bool
) -> None:
    assert ("Recognition" in _types(extractor, text)) == found


@pytest.mark.parametrize(
    "text, type_",
    [
        ("Greece will continue its unwavering support for Ukraine.", "Pledge"),
        ("Japan will continue its assistance to Ukraine.", "Pledge"),
        # continuing one's own offensive is no pledge
        ("Russia will continue its offensive.", "Attack"),
    ],
)
def test_support_one_will_keep_giving_is_a_pledge(extractor: Extractor, text: str, type_: str) -> None:
    assert _types(extractor, text) == {type_}


@pytest.mark.parametrize(
    "text, found",
    [
        ("An army patrol drove over explosives planted by the FARC, killing eight soldiers.", True),
        # explosives found or defused hurt no one
        ("Police defused mines planted by the rebels near the road.", False),
    ],
)
def test_explosives_planted_by_a_side_are_its_attack(extractor: Extractor, text: str, found: bool) -> None:
    assert ("Attack" in _types(extractor, text)) == found


@pytest.mark.parametrize(
    "text",
    [
        "ECOWAS wants the junta to release President Bazoum.",
        # the parser hangs the wanted act on the verb as an adverbial clause after a relative clause
        "ECOWAS also wants Mali’s military, which seized power in 2020, to stage elections within 12 months.",
    ],
)
def test_wanting_a_side_to_act_is_a_demand(extractor: Extractor, text: str) -> None:
    assert "Demand" in _types(extractor, text)


@pytest.mark.parametrize(
    "text, types",
    [
        # a call to stop the fighting and to talk does both acts
        (
            "The United States called on the Houthis to cease further escalation and to engage in dialogue.",
            {"CallForDialogue", "Demand"},
        ),
        (
            "Norway urged Sudan to halt the fighting and engage in dialogue on Friday.",
            {"CallForDialogue", "Demand"},
        ),
        # restraint or de-escalation asked with the talks is the call for dialogue alone
        (
            "The African Union called on both governments to show restraint and to engage in dialogue.",
            {"CallForDialogue"},
        ),
        (
            "The EU urged Pristina and Belgrade to de-escalate and to return to the dialogue.",
            {"CallForDialogue"},
        ),
    ],
)
def test_a_call_to_cease_fighting_and_talk_is_a_demand_too(
    extractor: Extractor, text: str, types: set[str]
) -> None:
    assert _types(extractor, text) == types


@pytest.mark.parametrize(
    "text, type_",
    [
        # a ballistic missile launched at no one is a show of force, PLOVER MOBILIZE, as event data codes tests
        ("North Korea again launched two intermediate-range ballistic missiles today.", "MilitaryExercise"),
        ("North Korea fired at least one ballistic missile early Friday morning.", "MilitaryExercise"),
        ("North Korea launched two ballistic missiles on Tuesday.", "MilitaryExercise"),
        # fired at, onto or into a place, or killing someone, it is an attack
        ("Iran fired ballistic missiles at Israeli bases on Tuesday.", "Attack"),
        ("Russia fired ballistic missiles into Kyiv on Monday, killing three.", "Attack"),
        (
            "South Korea's military said North Korea fired a ballistic missile toward the Sea of Japan.",
            "MilitaryExercise",
        ),
        ("North Korea fired some 100 artillery shells onto the South Korean island of Yeonpyeong.", "Attack"),
        # flown over a country, on a day: still aimed at no one
        ("North Korea fired an unidentified missile eastwards over Japan on Friday.", "MilitaryExercise"),
    ],
)
def test_missiles_launched_at_no_one_are_a_show_of_force(extractor: Extractor, text: str, type_: str) -> None:
    assert type_ in _types(extractor, text)
    assert ({"Attack", "MilitaryExercise"} - {type_}).isdisjoint(_types(extractor, text))


def test_a_launch_the_states_it_flew_over_report_is_no_accusation(extractor: Extractor) -> None:
    text = "North Korea fired an unidentified missile eastwards over Japan on Friday, Seoul and Tokyo said."
    assert _types(extractor, text) == {"MilitaryExercise"}
