"""Events made of what a speaker says: a pledge for their side ("Merz said Germany would reach the goal"), a
denial of a negated act ("X said its troops did not attack") and an accusation of a hostile one ("X claimed that
Y's warplanes had crossed the border")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.events.mention import EventMention
from kg.extract.events.modality import denied_outright
from kg.extract.events.roles import POSTED_NOUNS, Roles, noun_phrase
from kg.extract.events.triggers import MODALS
from kg.extract.linking import Referent
from kg.extract.spans import unique
from kg.facts import STATE_TYPES


def denials(found: list[EventMention], roles: Roles) -> tuple[list[EventMention], list[EventMention]]:
    """ "X said its troops did not attack": a negated act told by a named speaker is a denial by X. Returns the
    denials and the acts they deny (no events of their own: the denial tells all there is)."""
    denials_, denied = [], []
    for mention in found:
        if mention.status != "negated" or mention.type not in DENIABLE_CLASSES:
            continue  # "would not include recognition", "has not been recognised": no wrong denied
        speech = next((t for t in mention.trigger.ancestors if t.lemma_.lower() in DENYING_SPEECH), None)
        if speech is None or any(m.type == "Denial" for m in found):
            continue
        negated = any(c.dep_ == "neg" for t in [mention.trigger, mention.trigger.head] for c in t.children)
        if not negated and not denied_outright(mention.trigger):
            continue  # "failed to agree" is a failure, not something denied
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in mention.trigger.children):
            continue  # "could not veto the truth": what cannot be done, not something denied
        denial = EventMention.of_trigger(
            lexicon.BY_NAME["Denial"], speech, mention.sent, rule_id="geokg.speech.denial"
        )
        subjects = [c for c in speech.children if c.dep_ == "nsubj"]
        denial.actors = _speakers(subjects[0], roles) if subjects else []
        denial.places = roles.places(denial)
        if denial.actors:
            denials_.append(denial)
            denied.append(mention)
    return denials_, denied


# Acts one is accused of: saying one did not do them denies the charge.
DENIABLE_CLASSES = {
    "Attack",
    "Clash",
    "Threat",
    "MilitaryExercise",
    "Deployment",
    "Arrest",
    "Sanction",
    "Protest",
}

# Verbs that put a hostile act on someone else's account when they report it.
CLAIMING_VERBS = {"claim", "allege", "insist", "charge", "assert", "maintain", "contend"}
HOSTILE_CLASSES = {"Attack", "Clash", "Threat", "MilitaryExercise", "Deployment"}
# "The Indian Army maintained that it was not targeting civilians": a claim that a charge is untrue denies it.
DENYING_SPEECH = lexicon.SAY_VERBS | CLAIMING_VERBS


def accusations(found: list[EventMention], roles: Roles) -> list[EventMention]:
    """ "Pakistan's military claimed that Indian warplanes had crossed the border": a hostile act a named
    speaker tells of others, as what they did (asserted, in a clause of the speech verb), accuses them."""
    if any(m.type == "Accusation" for m in found):
        return []
    accused = []
    for mention in found:
        if (
            mention.type not in HOSTILE_CLASSES
            or mention.status not in {"asserted", "reported"}
            or not mention.actors
        ):
            continue
        trigger = _told_clause(mention.trigger)
        if trigger is None:
            accusation = _quoted_accusation(mention, roles)
            if accusation is not None:
                accused.append(accusation)
            continue
        if _own_side(trigger):
            continue  # "Russia claimed that its forces struck": a claim about one's own forces
        speech = trigger.head
        subjects = [c for c in speech.children if c.dep_ == "nsubj"]
        speakers = _speakers(subjects[0], roles) if subjects else []
        if not speakers or set(speakers) & set(mention.actors):
            continue
        verb = speech.lemma_.lower()
        # "North Korea fired a missile over Japan, Seoul and Tokyo said": a launch told is news, not a charge
        told_as_news = mention.type == "MilitaryExercise"
        if verb not in CLAIMING_VERBS and not (
            verb in lexicon.SAY_VERBS
            and not told_as_news
            and (_against_own_side(trigger) or _hits_speakers(mention, speakers, roles))
        ):
            continue
        accusation = EventMention.of_trigger(
            lexicon.BY_NAME["Accusation"], speech, mention.sent, rule_id="geokg.speech.accusation"
        )
        accusation.actors = speakers
        accusation.targets = unique(mention.actors)
        accusation.places = roles.places(accusation)
        accused.append(accusation)
    return accused[:1]


def _quoted_accusation(mention: EventMention, roles: Roles) -> EventMention | None:
    """ "“Cambodian soldiers fired at Thailand first,” the Thai defence minister said": a hostile act that hit
    the speaker's own side, told in the speaker's own words, accuses its doers."""
    trigger = mention.trigger
    if not roles.speakers.quoted(trigger) or _own_side(trigger):
        return None
    speakers = roles.speakers.first_person(trigger, roles.actors_in)
    if not speakers or set(speakers) & set(mention.actors):
        return None
    if not _hits_speakers(mention, speakers, roles):
        return None
    accusation = EventMention.of_trigger(
        lexicon.BY_NAME["Accusation"], trigger, mention.sent, rule_id="geokg.speech.quoted-accusation"
    )
    accusation.actors, accusation.targets = speakers, unique(mention.actors)
    accusation.places = roles.places(accusation)
    return accusation


def _hits_speakers(mention: EventMention, speakers: list[Referent], roles: Roles) -> bool:
    """The act hit the speakers' own side (a state they stand for is among its targets), and its doers are
    another side."""
    sides = {r for r in speakers if r.type in STATE_TYPES} | {
        country for r in speakers if (country := roles.speakers.country_of(r)) is not None
    }
    return bool(sides & set(mention.targets)) and not sides & set(mention.actors)


def _told_clause(trigger: Token) -> Token | None:
    """The clause a speech verb reports that tells of the act: the act's own verb ("claimed that Indian warplanes
    had crossed"), or the verb its noun's preposition hangs from ("civilians were killed and others injured in
    shelling by Azeri forces, officials claimed"), itself or the verb it is joined to reported."""
    token = trigger
    if token.dep_ in {"pobj", "pcomp"} and token.head.dep_ == "prep":
        token = token.head.head
    while token.dep_ == "conj":
        token = token.head
    return token if token.dep_ == "ccomp" else None


def wrongs_told(sent: Span, found: list[EventMention], roles: Roles) -> list[EventMention]:
    """ "Seoul said Pyongyang had violated the armistice", "Ethiopia said Eritrean troops were responsible for
    the massacre": a speaker telling of a wrong that others did (not denied, not their own side's) accuses
    them, though the wrong is no event of ours."""
    if any(m.type == "Accusation" for m in found):
        return []
    for clause in sent:
        told = clause.dep_ == "ccomp" and clause.head.lemma_.lower() in TELLING_VERBS
        source = _according_to(clause)
        # a statement's own words, outside quotations: its issuer tells of the wrong
        issuer = _issuer_telling(clause, roles)
        if not (told or source is not None or issuer is not None):
            continue
        unmet = _obligation_unmet(clause)
        if not (_a_wrong(clause) or unmet):
            continue
        if (any(c.dep_ == "neg" for c in clause.children) and not unmet) or _own_side(clause):
            continue
        speech = clause.head if told else clause
        speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None) if told else source
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        accused = subject or _perpetrator(clause)
        # "the opposition said the election had been rigged": a wrong done, its doer left unsaid (or named by
        # no name we know: "the bombings were organized by the insurgent network")
        unnamed = subject is None and any(c.dep_ == "nsubjpass" for c in clause.children)
        if (speaker is None and issuer is None) or (accused is None and not unnamed):
            continue
        if speaker is not None:
            speakers = _speakers(speaker, roles)
        else:
            speakers = [issuer] if issuer is not None else []
        targets = roles.actors_in(noun_phrase(accused)) if accused is not None else []
        if not speakers or (not targets and not unnamed) or set(speakers) & set(targets):
            continue
        if {t.country for t in targets if t.country} & set(speakers):
            continue  # the speaker's own soldiers, by the country the text gave them: no charge against them
        accusation = EventMention.of_trigger(
            lexicon.BY_NAME["Accusation"], speech, sent, rule_id="geokg.speech.wrongdoing"
        )
        accusation.actors, accusation.targets = speakers, targets
        accusation.places = roles.places(accusation)
        return [accusation]
    return []


def _issuer_telling(clause: Token, roles: Roles) -> Referent | None:
    """The issuer of a statement that says who issued it, when the clause is a sentence of its own words
    ("Armenia is not fulfilling its obligations" in Azerbaijan's foreign ministry's comment)."""
    speakers = roles.speakers
    if clause.dep_ != "ROOT" or not speakers.issued_by_headline or speakers.quoted(clause):
        return None
    return speakers.issuer


def _obligation_unmet(clause: Token) -> bool:
    """ "is not fulfilling its obligations", "failed to comply with the agreement": a duty left undone."""
    duty: Token | None = clause
    if clause.lemma_.lower() == "fail":
        duty = next((c for c in clause.children if c.dep_ == "xcomp"), None)
    elif not any(c.dep_ == "neg" for c in clause.children):
        return False
    if duty is None or duty.lemma_.lower() not in DUTY_VERBS:
        return False
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in DUTY_NOUNS for t in duty.subtree if t.i > duty.i)


# Doing what one must ("fulfil its obligations", "comply with the resolution"), and what one must do.
DUTY_VERBS = {
    "fulfil",
    "fulfill",
    "honour",
    "honor",
    "comply",
    "implement",
    "respect",
    "meet",
    "abide",
    "observe",
}
DUTY_NOUNS = {
    "obligation",
    "commitment",
    "resolution",
    "agreement",
    "ceasefire",
    "cease-fire",
    "accord",
    "duty",
}


def _according_to(clause: Token) -> Token | None:
    """ "According to Ukraine, Russian forces violated the ceasefire": who the clause is told by."""
    return next(
        (
            pobj
            for prep in clause.children
            if prep.dep_ == "prep" and prep.lower_ == "according"
            for to in prep.children
            if to.lower_ == "to"
            for pobj in to.children
            if pobj.dep_ == "pobj"
        ),
        None,
    )


def _speakers(subject: Token, roles: Roles) -> list[Referent]:
    """The sides a speaker's phrase names, not the state a mission is sent to ("Counselor Ji Rong, spokesperson
    of the Chinese Embassy to India": China, not India)."""
    sent_to = {
        t.i
        for prep in subject.subtree
        if prep.dep_ == "prep" and prep.lower_ == "to" and _after_a_mission(prep)
        for t in prep.subtree
    }
    # "officials in Yerevan": the capital the officials sit in is their government
    seat = [
        t for prep in subject.children if prep.dep_ == "prep" and prep.lower_ == "in" for t in prep.subtree
    ]
    return roles.actors_in(t for t in [*noun_phrase(subject), *seat] if t.i not in sent_to)


def _after_a_mission(prep: Token) -> bool:
    """ "to" hangs from a mission or envoy, or follows one the parser hung elsewhere ("the spokesperson of
    the Chinese Embassy to India")."""
    return any(t.lemma_.lower() in POSTED_NOUNS for t in (prep.head, prep.doc[prep.i - 1]))


# Who may tell of a wrong: by saying it, or by believing it ("Police believe the bombings were organized by ...").
TELLING_VERBS = {*lexicon.SAY_VERBS, *lexicon.WORDS["belief_verbs"]}


def _a_wrong(clause: Token) -> bool:
    """The clause tells of a wrong: its verb is one ("violated"), done wrongfully ("illegally crossed"), the
    doing of one ("the bombings were organized by"), or it says someone is to blame ("were responsible for",
    "was behind")."""
    if clause.lemma_.lower() in lexicon.WORDS["wrongdoing_verbs"]:
        return True
    if any(c.dep_ == "advmod" and c.lower_ in lexicon.WORDS["wrongful_manners"] for c in clause.children):
        return True
    if _perpetrator(clause) is not None or _armed_crossing(clause) or _abetting(clause):
        return True
    blamed = [
        c
        for c in clause.children
        if c.dep_ in {"acomp", "prep"} and c.lower_ in lexicon.WORDS["wrongdoing_states"]
    ]
    return clause.lemma_.lower() == "be" and any(
        t.lemma_.lower() in lexicon.WORDS["wrong_nouns"] for state in blamed for t in state.subtree
    )


def _abetting(clause: Token) -> bool:
    """ "Pakistan was supporting terrorists", "Egypt is arming the rebels": backing armed men of another side."""
    if clause.lemma_.lower() not in lexicon.WORDS["abetting_verbs"]:
        return False
    return any(
        t.lemma_.lower() in lexicon.WORDS["abetted_groups"]
        for c in clause.children
        if c.dep_ == "dobj"
        for t in c.subtree
    )


def _armed_crossing(clause: Token) -> bool:
    """ "the Pakistani troops crossed the Line-of-Control", "the Southern soldiers had pushed 70 kilometres into
    Sudan": armed men of a side crossing a border or pushing into a land (not refugees)."""
    verb = clause.lemma_.lower()
    if verb != "cross" and verb not in INCURSION_VERBS:
        return False
    armed = any(
        t.lemma_.lower() in CROSSING_FORCES
        for c in clause.children
        if c.dep_ == "nsubj"
        for t in [c, *c.children]
    )
    if verb == "cross":
        crossed = any(
            t.lower_ in lexicon.WORDS["crossed_lines"]
            for c in clause.children
            if c.dep_ == "dobj"
            for t in c.subtree
        )
    else:
        crossed = any(
            c.dep_ == "prep" and c.lower_ == "into" and any(p.ent_type_ in LAND_TYPES for p in c.subtree)
            for c in clause.children
        )
    return armed and crossed


# Verbs of armed men moving "into" another side's land; the entity types that land is named by.
INCURSION_VERBS = frozenset(lexicon.WORDS["incursion_verbs"])
LAND_TYPES = {"GPE", "LOC", *STATE_TYPES, "Region", "City", "Place"}


# Who crosses a border as a wrong: armed men, or their aircraft.
CROSSING_FORCES = {*lexicon.ARMED_NOUNS, *lexicon.WORDS["crossing_craft"]}


def _perpetrator(clause: Token) -> Token | None:
    """ "the bombings were organized by the insurgent network": who a passive clause says did a wrong."""
    if clause.lemma_.lower() not in lexicon.WORDS["perpetrating_verbs"]:
        return None
    done = [c for c in clause.children if c.dep_ == "nsubjpass"]
    if not done or done[0].lemma_.lower() not in lexicon.WORDS["wrong_nouns"]:
        return None
    return next(
        (p for c in clause.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None
    )


def _against_own_side(trigger: Token) -> bool:
    """ "said Azerbaijani troops had attacked its positions", "opened fire on its posts": the act hit the
    speaker's own side, so saying it puts it on the others' account."""
    hit = [c for c in trigger.children if c.dep_ == "dobj"]
    # "fired on its posts", not "bombed a camp on its side of the border": the place of a hit object
    aimed = not hit or all(c.lemma_.lower() == "fire" for c in hit)
    hit += (
        []
        if not aimed
        else [
            o
            for prep in trigger.children
            if prep.dep_ == "prep" and prep.lower_ in {"on", "at", "against"}
            for o in prep.children
            if o.dep_ == "pobj"
        ]
    )
    return any(
        p.dep_ == "poss" and p.lower_ in {"its", "their", "our"} for target in hit for p in target.children
    )


def _own_side(trigger: Token) -> bool:
    """The act's subject is the speaker's own ("its forces", "our troops")."""
    return any(
        p.dep_ == "poss" and p.lower_ in {"its", "their", "our", "his", "her"}
        for subject in trigger.children
        if subject.dep_ == "nsubj"
        for p in subject.children
    )


def pledges(sent: Span, found: list[EventMention], roles: Roles) -> list[EventMention]:
    """ "Merz said Germany would reach the goal": a speaker's word about what their side will do."""
    if any(m.type == "Pledge" for m in found):
        return []
    pledged = []
    for verb in sent:
        if verb.lemma_.lower() not in {"say", "promise", "insist"} or verb.pos_ != "VERB":
            continue
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None or not any(
            c.dep_ == "aux" and c.lower_ in {"will", "would", "'ll"} for c in clause.children
        ):
            continue
        if any(c.dep_ == "neg" for c in clause.children):
            continue
        if verb.lemma_.lower() == "say" and not _pledged_act(clause):
            continue  # "said Russia would take countermeasures", "would continue to monitor": no promise
        speakers = [c for c in verb.children if c.dep_ == "nsubj"]
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        if not speakers or not subjects:
            continue
        speaking = unique(_speakers(speakers[0], roles))
        speaker, doer = set(speaking), set(roles.actors_in(noun_phrase(subjects[0])))
        if speaker and doer and (speaker & doer or doer <= _sides_of(speaker, roles)):
            pledge = EventMention.of_trigger(
                lexicon.BY_NAME["Pledge"], verb, sent, rule_id="geokg.speech.pledge"
            )
            pledge.actors = speaking  # in text order: a set's order changes from run to run
            pledge.places = roles.places(pledge)
            pledged.append(pledge)
    return pledged


def _pledged_act(clause: Token) -> bool:
    """What a side says it will do is a pledge when it is help or a goal met ("would reach the goal", "would
    continue efforts to resolve the issue"), not any plan."""
    return any(t.pos_ == "VERB" and t.lemma_.lower() in PLEDGED_ACTS for t in clause.subtree)


PLEDGED_ACTS = lexicon.WORDS["pledged_acts"]


def _sides_of(speakers: set[Referent], roles: Roles) -> set[Referent]:
    """The states the speakers stand for, by the titles linked in the article (a president's state)."""
    doc = roles.doc
    return {r for r in speakers if r.type in STATE_TYPES} | {
        link.actor
        for link in roles.links
        if link.actor.type in STATE_TYPES
        and any(doc[i].dep_ == "amod" or doc[i].dep_ == "poss" for i in range(link.start, link.end))
        and any(abs(link.start - other.start) <= 3 for other in roles.links if other.referent in speakers)
    }
