"""Who acts, who is acted on, where, and who mediates: an event's roles from the parse and the article's links."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon
from kg.extract.casualties import find_casualties
from kg.extract.datelines import ends_dateline
from kg.extract.events.mention import EventMention
from kg.extract.events.speakers import FIRST_PERSON, Speakers
from kg.extract.events.triggers import between_preps, governing_chain, hostile_clause, is_reference
from kg.extract.linking import Link, Referent
from kg.extract.spans import doc_text, index_by_token, phrase_core, to_clause, unique
from kg.facts import ACTOR_TYPES, ORGANISATION_TYPES, PLACE_TYPES, STATE_TYPES
from kg.gazetteer import Gazetteer

# Where an event can happen: places, and states named as places ("clashes in Kosovo").
LOCATION_TYPES = PLACE_TYPES | STATE_TYPES
PLACE_PREPOSITIONS = lexicon.WORDS["place_prepositions"]
TARGET_PREPOSITIONS = lexicon.WORDS["target_prepositions"]
DIRECTIONS = lexicon.WORDS["directions"]
SYMMETRIC_EVENTS = lexicon.WORDS["symmetric_events"]
PHYSICAL_EVENTS = lexicon.WORDS["physical_events"]
QUANTITY_HEADS = lexicon.WORDS["quantity_heads"]
GENERIC_HEADS = lexicon.WORDS["generic_heads"]
BACKER_SUFFIXES = frozenset(lexicon.WORDS["backer_suffixes"])
# "The members of the Security Council condemned": the body its members speak for.
MEMBER_HEADS = lexicon.WORDS["member_heads"]
# "Foreign ministers of the Gulf Cooperation Council condemned", "the summit of SADC": the named body speaks.
BODY_HEADS = lexicon.WORDS["body_heads"]
# A communique's "Summit condemned": the meeting standing for the organisation that holds it.
SUMMIT_NOUNS = frozenset(lexicon.WORDS["summit_nouns"])
# What one is killed "in": a weapon, fire or attack ("in firing by Indian troops"), whose possessor or "by"
# phrase names who used it.
LETHAL_AGENTS = frozenset(lexicon.WORDS["lethal_agents"]) | frozenset(lexicon.WORDS["lethal_acts"])
SPEAKER_ROLES = lexicon.WORDS["speaker_roles"]
# Events whose noun's "of" phrase names the forces that move ("the withdrawal of Russian troops").
FORCE_MOVES = {"Deployment", "Withdrawal"}
OFFICE_NOUNS = lexicon.OFFICE_NOUNS
RAISING_VERBS = lexicon.WORDS["raising_verbs"]
# Acts that answer another's act: what they are "of" is the other act, with its own doer.
REACTION_CLASSES = {"Condemnation", "Accusation", "Endorsement", "Denial", "Rejection", "Statement"}
# What is expressed ("concern", "support"): the object of the verb, never a side
FEELING_NOUNS = frozenset(lexicon.WORDS["concern_nouns"]) | frozenset(lexicon.WORDS["endorse_nouns"])
# "Turkey suffered two bombing attacks", "troops repelled an attack": the subject is hit, the act is another's
UNDERGOING_VERBS = frozenset(lexicon.WORDS["undergoing_verbs"])
PERSON_PRONOUNS = lexicon.WORDS["person_pronouns"]
# "urged Israel to end the strikes": the one urged is the one who is to act.
OBJECT_CONTROL_VERBS = lexicon.WORDS["object_control_verbs"]
# "Nazanin's detention", "the hostages' release": the possessor is the one detained or released.
POSSESSOR_PATIENT_EVENTS = lexicon.WORDS["possessor_patient_events"]
RELATIVE_PRONOUNS = {"which", "who", "that"}
# "a rebel group", "rights groups": a collective noun is a generic group when a modifier says which one.
COLLECTIVE_HEADS = lexicon.WORDS["collective_heads"]
COLLECTIVE_MODIFIERS = lexicon.WORDS["collective_modifiers"]


# Nouns of a request, whose maker a "from" phrase names ("calls for restraint from the AU").
CALL_NOUNS = frozenset({"call", "appeal", "demand", "request", "plea"})
# Groups that are organs of a state: the government, its forces, its police.
STATE_ORGAN_SECTORS = frozenset({"GOV", "MIL", "COP"})
GOVERNMENT_MODIFIERS = frozenset({"central", "federal", "national", "interim", "transitional", "military"})


def story_state(links: list[Link]) -> Referent | None:
    """The state a news story is about: the one its text names most often, when no other is named as often."""
    counts = Counter(link.actor for link in links if link.actor.type in STATE_TYPES and link.actor.qid)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _the_states_own(head: Token) -> bool:
    """ "the army", "the authorities", "government troops", "riot police", "army soldiers": a state's organ the
    story need not name again; not "20,000 troops from 13 countries", "some soldiers", "their troops"."""
    children = list(head.children)
    if any(_named_modifier(c) for c in children):
        return False  # "Tajik border guards": a people or place the gazetteer does not know, not the story's state
    if any(
        (c.dep_ == "det" and c.lower_ == "the")
        or (c.dep_ in {"compound", "amod"} and c.lower_ == "government")
        for c in children
    ):
        return True
    counted = any(c.dep_ in {"det", "nummod", "poss", "quantmod"} for c in children)
    from_elsewhere = any(c.dep_ == "prep" and c.lower_ in {"from", "of"} for c in children)
    if head.lemma_.lower() == "police" and not any(c.dep_ in {"compound", "amod"} for c in children):
        return not counted and not from_elsewhere  # "Police said they arrested 43 people": the story's
    plural = head.tag_ in {"NNS", "NNPS"} or head.lemma_.lower() == "police"
    organ = any(c.dep_ in {"compound", "amod"} and c.lower_ in ORGAN_MODIFIERS for c in children)
    return plural and organ and not counted and not from_elsewhere


def _named_modifier(token: Token) -> bool:
    return (
        token.dep_ in {"compound", "amod"}
        and token.text[:1].isupper()
        and token.lower_ not in ORGAN_MODIFIERS
        and token.lower_ != "government"
    )


# Words that make a bare group word a state's organ: "riot police", "army soldiers", "security forces".
ORGAN_MODIFIERS = frozenset(
    "army military security riot border government police paramilitary naval navy special federal state".split()
)


def _says_nothing(verb: Token) -> bool:
    """A saying verb with nothing said in its sentence: no clause, quotation or "that" after it."""
    if any(c.dep_ in {"ccomp", "xcomp", "advcl", "parataxis"} for c in verb.children):
        return False
    return not any(t.text in QUOTES for t in verb.sent)


QUOTES = frozenset("\"“”'‘’")


def _reported_by_the_press(verb: Token) -> bool:
    """ "VOA News reported", "state media said", "the newspaper wrote": a news medium tells of the act."""
    if verb.lemma_.lower() not in REPORTING_VERBS:
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return any(s.lower_ in NEWS_MEDIA_WORDS or s.lemma_.lower() in NEWS_MEDIA_WORDS for s in subjects)


REPORTING_VERBS = frozenset(lexicon.WORDS["reporting_verbs"])
# The head word of a news medium's name or description: "VOA News", "the Herald", "state media", "local TV".
NEWS_MEDIA_WORDS = frozenset(lexicon.WORDS["news_media_words"])


def _told_the_press(verb: Token) -> bool:
    """ "told AFP", "told reporters", "told the news outlet": telling a news outlet, whose words the outlet
    quotes as its source."""
    if verb.lemma_.lower() != "tell":
        return False
    hearers = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
    return any(h.lower_ in PRESS_WORDS or (h.ent_type_ == "ORG" and h.text.isupper()) for h in hearers)


# Who hears what a source tells a news story: the press, or an agency named by its letters ("told AFP").
PRESS_WORDS = frozenset("outlet agency newspaper paper television radio broadcaster".split())


def _bare_government(token: Token) -> bool:
    """ "the government", "the central government": no state named in it or after it ("of Mali")."""
    if token.lemma_.lower() not in {"government", "regime"} or token.dep_ in {"compound", "amod"}:
        return False
    children = list(token.children)
    named = any(
        c.dep_ in {"poss", "compound"} or (c.dep_ == "amod" and c.lower_ not in GOVERNMENT_MODIFIERS)
        for c in children
    )
    of_phrase = any(c.dep_ == "prep" and c.lower_ in {"of", "in"} for c in children)
    return not named and not of_phrase and any(c.lower_ == "the" for c in children)


def country_of(gazetteer: Gazetteer, referent: Referent) -> Referent | None:
    """The state a city of the gazetteer lies in (its capital-of state first)."""
    if referent.qid is None:
        return None
    entry = gazetteer.by_qid(referent.qid)
    state_qid = gazetteer.capital_of(referent.qid) or (entry.country_qid if entry else None)
    state = gazetteer.by_qid(state_qid) if state_qid else None
    return Referent(state.qid, state.type, state.label) if state else None


def served_body(gazetteer: Gazetteer, person_qid: str, day: date) -> Referent | None:
    """The one state or organisation in which the person held posts on the day, if only one."""
    bodies = {
        post.organization_or_state_qid for post in gazetteer.posts_of(person_qid, at=day, open_ended=True)
    }
    entry = gazetteer.by_qid(bodies.pop()) if len(bodies) == 1 else None
    return Referent(entry.qid, entry.type, entry.label) if entry and entry.qid else None


class Roles:
    """Fills the roles of an article's event mentions from its links: actors, targets, mediators, places.

    `country_of` gives the state a city lies in (a visit to a capital is paid to its state); statements and
    meetings without a named city happen at the `dateline`."""

    def __init__(
        self,
        doc: Doc,
        links: list[Link],
        *,
        dateline: Referent | None,
        country_of: Callable[[Referent], Referent | None],
        title: str | None = None,
    ) -> None:
        self.doc = doc
        self.links = links
        self.dateline = dateline
        self.country_of = country_of
        self.by_token = index_by_token(links)
        self.speakers = Speakers(doc, links, dateline=dateline, country_of=country_of, title=title)
        self.home_state = story_state(links)
        self.summit_body = self._summit_body()
        self.office_states = self._office_states()

    def _office_states(self) -> dict[str, Referent]:
        """The state of each unlinked office the text once names with it ("Kazakhstan's Ministry of Foreign
        Affairs", "the Estonian Foreign Ministry"), for its later bare mentions ("The Ministry of Foreign Affairs
        strongly condemns"); an office named with two states is no one state's."""
        found: dict[str, set[Referent]] = {}
        for link in self.links:
            if link.referent.type not in ORGANISATION_TYPES or link.referent.qid is not None:
                continue
            span = self.doc[link.start : link.end]
            near = [
                t for t in span.root.children if t.dep_ in {"poss", "amod", "compound"} and t.i < link.start
            ]
            if link.start > 0:
                near.append(self.doc[link.start - 1])
            states = {
                self.by_token[t.i].actor
                for t in near
                if t.i in self.by_token and self.by_token[t.i].actor.type in STATE_TYPES
            }
            if states:
                found.setdefault(link.referent.label, set()).update(states)
        return {label: next(iter(states)) for label, states in found.items() if len(states) == 1}

    def _summit_body(self) -> Referent | None:
        """The organisation whose summit the text first names ("The Extraordinary Summit of Heads of State of
        the Southern African Development Community was held"): a communique's "Summit condemned" is its act."""
        for token in self.doc:
            if token.lemma_.lower() not in SUMMIT_NOUNS:
                continue
            near = [*token.subtree, *(c for c in token.head.children if c.dep_ == "compound")]
            bodies = [self.by_token[t.i].actor for t in near if t.i in self.by_token]
            bodies = [b for b in bodies if b.type in ORGANISATION_TYPES and b.qid is not None]
            if bodies:
                return bodies[0]
        return None

    def fill(self, mention: EventMention) -> None:
        trigger = mention.trigger
        rule = lexicon.RULES_BY_ID.get((mention.rule or "").split("/")[0])
        if rule is not None and rule.speaker_acts:
            # "Serbia and Kosovo need to de-escalate": the speaker demands (a quotation's speaker, or the body
            # that issued a statement; a news report's own sentence names no one), the subject is asked
            mention.targets = self._evaluated(trigger) if trigger.pos_ == "ADJ" else self._agents(trigger)
            speakers = self.speakers.first_person(trigger, self.actors_in)
            if self.speakers.quoted(trigger) or self.speakers.issued_by_headline:
                mention.actors = [a for a in speakers if a not in mention.targets]
            else:  # "The referendum is illegal, Kyiv said": who says it
                mention.actors = [a for a in self._reporter(trigger) if a not in mention.targets]
            mention.places = self.places(mention)
            return
        parties, preposition = self._between(trigger) if mention.type == "Clash" else ([], "")
        if preposition == "between":
            mention.actors = parties
        else:  # "protesters clashed with police": the subject and the other party
            mention.actors = unique(self._agents(trigger, mention.type) + parties)
        mention.targets = [t for t in self._patients(trigger, mention.type) if t not in mention.actors]
        mention.mediators = self._mediators(mention.sent)
        mention.places = self.places(mention)
        if mention.type == "Visit":
            self._visit_roles(mention)
        if mention.type == "Sanction":
            self._recall_roles(mention)
        if mention.type in SYMMETRIC_EVENTS:
            mention.actors, mention.targets = unique(mention.actors + mention.targets), []

    def plausible(self, mention: EventMention) -> bool:
        """Diplomatic acts need someone who acts; incidents may be reported without one. A statement is only
        a statement when a named actor makes it and it reports no casualties (then the incident is the news)."""
        if mention.event_class.incident:
            return True
        if mention.type == "Statement":
            if mention.trigger.lemma_.lower() in {"say", "tell"}:
                # "the ministry said ...": an attribution; "Gen. Haryanto told BenarNews.": who said the sentence
                # before; neither is a statement event
                if not self._person_speaks(mention) or _says_nothing(mention.trigger):
                    return False
                if _told_the_press(mention.trigger):
                    return False  # "Rami Abdel Rahman told AFP that ...": a source quoted, no act of state
            return bool(mention.actors) and not find_casualties(mention.sent)
        return bool(mention.actors or mention.targets)

    def may_stand_alone(self, mention: EventMention) -> bool:
        """An act nobody named does may still be news ("a summit was held in Doha", "the ceasefire took effect on
        Monday"); statements never are."""
        return mention.type != "Statement" and not mention.reference

    def _agents(self, trigger: Token, event_type: str | None = None) -> list[Referent]:
        """Who acts: the subject, the possessor of a noun trigger, a "by" agent, or the subject up the tree."""
        accused = self._accused(trigger)
        if accused:
            return accused  # "Moscow accused Kyiv of attacking": Kyiv is the one said to attack
        voiced = _voiced_in_passive(trigger)
        if voiced is not None:
            found = self.actors_in(t for c in voiced.children if c.dep_ == "poss" for t in noun_phrase(c))
            if found:
                return found  # "Pakistan's strong protest has been lodged with Tehran"
        weapon = _weapon_fired(trigger)
        if weapon is not None:
            found = self.actors_in(
                t for c in weapon.children if c.dep_ in {"amod", "poss", "compound"} for t in c.subtree
            )
            if found:
                return found  # "Russian missiles were fired at Kyiv": whose missiles they were
        asked = self.actors_in(_controlling_object(trigger))
        if asked:
            return asked  # "Germany called on Russia to withdraw": Russia is to withdraw
        if trigger.pos_ == "NOUN" and trigger.lemma_.lower() in CALL_NOUNS:
            # the parser may hang the "from" on what is called for ("calls for restraint from the AU")
            callers = [t for t in trigger.subtree if t.dep_ == "prep" and t.lower_ == "from"]
            found = self.actors_in(t for prep in callers for t in _pobj_subtree(prep))
            if found:
                return found  # "prompting calls for restraint from the African Union"
        blamed = self.actors_in(t for prep in _blamed_on(trigger) for t in _pobj_subtree(prep))
        if blamed:
            return blamed  # "an attack blamed on Seleka rebels": the ones blamed are said to have done it
        undergone = _undergone(trigger)
        if undergone is not None:
            # "Pakistan has faced repeated attacks from the Taliban": only the "by" or "from" phrase names the doer
            return self.actors_in(
                t for prep in _doers_of_undergone(trigger, undergone) for t in _pobj_subtree(prep)
            )
        clause = hostile_clause(trigger) if any(c.dep_ == "auxpass" for c in trigger.children) else None
        if clause is not None:
            # "soldiers were killed when Pakistan violated the ceasefire": who did the act they died in
            return self.actors_in(t for c in clause.children if c.dep_ == "nsubj" for t in c.subtree)
        possessor_is_patient = _possessor_is_patient(trigger, event_type)
        # "condemned the arrest": the one who condemns did not arrest
        # "the officials detained": a participle after its noun names its doer only in a "by" phrase
        reduced_passive = trigger.dep_ == "acl" and trigger.tag_ == "VBN"
        # "Authorities set up checkpoints after the attack": a noun in a time phrase is not the subject's act
        circumstance = trigger.dep_ == "pobj" and trigger.head.lower_ in TIME_PREPOSITIONS
        circumstance = circumstance or _reacted_to(trigger)
        chain = (
            [trigger]
            if is_reference(trigger) or reduced_passive or circumstance or _told_incident(trigger, event_type)
            else governing_chain(trigger)
        )
        for came_from, token in zip([None, *chain[:-1]], chain, strict=True):
            if token is not trigger and _reported_by_the_press(token):
                break  # "soldiers were killed in an attack, VOA News reported": the press tells, it does not act
            for child in token.children:
                raised = child.dep_ == "nsubjpass" and token.lemma_.lower() in RAISING_VERBS
                if child.dep_ == "poss" and possessor_is_patient and token is trigger:
                    continue
                # a possessor names who acts of the noun the event hangs on ("Russia's decision to withdraw"),
                # not of a noun listed beside the one it hangs on ("the families, Cuba's rights defenders, and
                # those who ... in calling for")
                possessor = child.dep_ == "poss" and not (came_from is not None and came_from.dep_ == "conj")
                if child.dep_ == "nsubj" or possessor or raised:  # "the EU is expected to discuss"
                    # "Turkey, which accused Sweden": a relative pronoun stands for the noun its clause hangs on
                    relative = token.dep_ == "relcl" and child.lower_ in RELATIVE_PRONOUNS
                    found = self.actors_in(noun_phrase(token.head if relative else child))
                    if found:
                        return found
                    # "mortar bombs fired by M23 struck Goma": the weapon's user is who struck
                    found = self.actors_in(t for prep in _participle_by(child) for t in _pobj_subtree(prep))
                    if found:
                        return found
                # a verb with a subject of its own is active: its "by" phrase belongs to the noun before it ("what
                # it labelled an act of aggression by the Venezuelan armed forces")
                active = any(c.dep_ == "nsubj" for c in token.children)
                if (child.dep_ == "agent" and not active) or (token.pos_ == "NOUN" and _by_phrase(child)):
                    found = self.actors_in(_pobj_subtree(child))
                    if found:
                        return found
                if token is trigger and child.dep_ == "prep" and child.lower_ == "in":
                    # "was killed in Azerbaijan's cross-border fire": whose fire it was
                    found = self.actors_in(_whose_weapon(child))
                    if found:
                        return found
            if token is trigger and _used_as_noun(token):
                # "the exercise, in which German and Lithuanian soldiers practised": who acts in the clause, when
                # it says who they are ("in which 20,000 troops are training" does not)
                found = self.actors_in(t for s in _subjects_within(token) for t in noun_phrase(s))
                if any(r.qid or r.country for r in found):
                    return found
                # "an attack conducted by the PKK"
                found = self.actors_in(t for prep in _participle_by(token) for t in _pobj_subtree(prep))
                if found:
                    return found
                # "years of detention by Iran": the parser hangs the "by" on the noun before "of"; not so
                # "condemnation of the attempts by the Houthi militia", whose "by" names whom it condemns
                if event_type not in REACTION_CLASSES:
                    found = self.actors_in(t for prep in _detached_by(token) for t in _pobj_subtree(prep))
                    if found:
                        return found
            if token is trigger and token.pos_ == "NOUN" and event_type in FORCE_MOVES:
                # "the deployment of Kenyan police officers": the side whose forces move moves them
                of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
                found = self.actors_in(t for prep in of for t in _pobj_subtree(prep))
                if any(r.qid or r.country for r in found):
                    return found
            if token.pos_ == "NOUN":
                compounds = [c for c in token.children if c.dep_ in {"compound", "amod"}]
                found = self.actors_in(t for c in compounds for t in c.subtree)
                if found:
                    return found
            if token is trigger and token.lemma_.lower() in SUMMIT_NOUNS:
                # "the Summit of Heads of State of the SADC": the organisation that meets
                found = [
                    r
                    for r in self.actors_in(token.subtree, groups=False)
                    if r.type in ORGANISATION_TYPES and r.qid is not None  # not the summit's own name
                ]
                if found:
                    return found
            if _reported_with_own_subject(token):
                break
        # the small model sometimes misparses a sentence-initial subject ("Nauru/npadvmod severed ties")
        loose = [
            c for c in trigger.children if c.dep_ == "npadvmod" and c.i < trigger.i and c.pos_ == "PROPN"
        ]
        loose += _subject_hung_before(trigger)
        return self.actors_in(t for c in loose for t in c.subtree) if trigger.pos_ == "VERB" else []

    def _evaluated(self, adjective: Token) -> list[Referent]:
        """Whose act an evaluation is about: "Such actions by China are unacceptable", "Russia's move is illegal"."""
        for subject in (c for c in adjective.head.children if c.dep_ in {"nsubj", "nsubjpass"}):
            found = self.actors_in(noun_phrase(subject)) or self.actors_in(
                t for prep in subject.children if _by_phrase(prep) for t in _pobj_subtree(prep)
            )
            if found:
                return found
        return []

    def _reporter(self, trigger: Token) -> list[Referent]:
        """The subject of the speech verb whose reported clause holds the trigger."""
        clause = next((t for t in [trigger, *trigger.ancestors] if t.dep_ in {"ccomp", "parataxis"}), None)
        if clause is None:
            # "The referendum is illegal, Kyiv said": the parser may make the speech verb hang on the clause
            verbs = (
                [c for c in trigger.head.children if c.dep_ in {"parataxis", "ccomp"}]
                if trigger.dep_ == "acomp"
                else []
            )
        else:
            verbs = [clause.head]
        for verb in verbs:
            if verb.lemma_.lower() in lexicon.SAY_VERBS:
                subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                if subjects:
                    return self.actors_in(noun_phrase(subjects[0]))
        return []

    def _accused(self, trigger: Token) -> list[Referent]:
        if trigger.dep_ not in {"pcomp", "pobj"} or trigger.head.lower_ not in {"of", "for"}:
            return []
        verb = trigger.head.head
        if verb.dep_ == "dobj" and verb.head.lemma_.lower() in ACCUSING_VERBS:
            # "accused the M23 rebel group of breaching": the parser hung "of" on the accused, not the verb
            return self.actors_in(t for t in verb.subtree if t.i < trigger.head.i)
        if verb.lemma_.lower() not in ACCUSING_VERBS:
            return []
        return self.actors_in(t for c in verb.children if c.dep_ == "dobj" for t in noun_phrase(c))

    def _patients(self, trigger: Token, event_type: str) -> list[Referent]:
        found: list[Referent] = []
        if _possessor_is_patient(trigger, event_type):
            found.extend(
                self.actors_in(t for c in trigger.children if c.dep_ == "poss" for t in noun_phrase(c))
            )
        voiced = _voiced_in_passive(trigger)
        weapon = _weapon_fired(trigger)
        for child in trigger.children:
            if child is voiced or child is weapon:
                continue  # the protest lodged is not whom it is lodged against, the missiles fired not their target
            if child.dep_ == "dobj" and child.lemma_.lower() in FEELING_NOUNS:
                # "expressed dissatisfaction and firm opposition to the visit": the feelings are no side, what
                # they are about may be
                found.extend(self.actors_in(_without_feelings(child)))
            elif child.dep_ in {"dobj", "dative", "nsubjpass"}:
                found.extend(self.actors_in(_without_clauses(child)))
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                found.extend(self.actors_in(_pobj_subtree(child), allow_places=event_type == "Visit"))
            elif child.dep_ == "prep" and child.lower_ == "between":
                found.extend(self.actors_in(_pobj_subtree(child)))
            elif child.dep_ == "prep" and child.lower_ == "of" and event_type in SYMMETRIC_EVENTS:
                # "the signing of a memorandum between Nepal and Australia": the parties of what is signed
                found.extend(
                    self.actors_in(t for prep in _parties_named_in(child) for t in _pobj_subtree(prep))
                )
        if event_type == "Demand":  # "requests that China provide an explanation": China is asked
            subjects = [
                s for c in trigger.children if c.dep_ == "ccomp" for s in c.children if s.dep_ == "nsubj"
            ]
            found.extend(self.actors_in(t for s in subjects for t in noun_phrase(s)))
        if event_type in REACTION_CLASSES:  # "condemnation of the attempts by the Houthi militia"
            found.extend(self.actors_in(t for prep in _detached_by(trigger) for t in _pobj_subtree(prep)))
        undergone = _undergone(trigger)
        if undergone is not None:  # "Turkey suffered two bombing attacks": Turkey is hit
            found.extend(
                self.actors_in(t for c in undergone.children if c.dep_ == "nsubj" for t in noun_phrase(c))
            )
        if not found and trigger.dep_ in {"xcomp", "pcomp"}:
            found.extend(self._patients(trigger.head, event_type))
        return unique(found)

    def _between(self, trigger: Token) -> tuple[list[Referent], str]:
        """The parties of a clash named by "between" or "with", and that word."""
        preps = [c for c in trigger.children if c.dep_ == "prep" and c.lower_ in {"between", "with"}]
        # "shooting erupted between the army and armed men": the parties hang on the verb, not the act
        for prep in preps or between_preps(trigger):
            found = self.actors_in(_pobj_subtree(prep), groups=True)
            if found:
                return found, prep.lower_
        return [], ""

    def _mediators(self, sent: Span) -> list[Referent]:
        """ "EU-mediated", "brokered by Qatar", "under the auspices of the UN"."""
        found = []
        for token in sent:
            if token.lower_ in {"mediated", "brokered", "facilitated"} or token.lower_.endswith("-mediated"):
                window = self.doc[max(token.i - 4, sent.start) : token.i]
                found.extend(self.actors_in(window))
                if token.lower_ in {"mediated", "brokered"}:
                    for child in token.children:
                        if child.dep_ == "agent":
                            found.extend(self.actors_in(_pobj_subtree(child)))
        return unique([r for r in found if r.type in ACTOR_TYPES])

    def places(self, mention: EventMention) -> list[Referent]:
        """Where the event happens: the places of its place phrases, else those of the sentence (incidents),
        else the dateline (statements and meetings)."""
        trigger = mention.trigger
        found: list[Referent] = []
        for token in [trigger, *[t for t in trigger.subtree if t.dep_ in {"pobj", "conj"}]]:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
                    found.extend(self._places_in(_pobj_subtree(child)))
        if not found and trigger.head is not trigger and trigger.dep_ in {"nsubj", "dobj", "pobj"}:
            for child in trigger.head.children:
                if child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
                    found.extend(self._places_in(_pobj_subtree(child)))
        physical = mention.event_class.incident or mention.type in PHYSICAL_EVENTS
        if not found and physical:
            roles = set(mention.actors) | set(mention.targets)
            found = [p for p in self._places_in(mention.sent) if p not in roles]
        if not physical and not any(p.type in PLACE_TYPES for p in found) and self.dateline:
            # Statements and meetings happen where the story was filed unless a city is named.
            found = [self.dateline]
        return unique(found)

    def _visit_roles(self, mention: EventMention) -> None:
        """A visit to a city happens there and is paid to its state."""
        places, targets = list(mention.places), list(mention.targets)
        for referent in list(targets):
            if referent.type in PLACE_TYPES:
                targets.remove(referent)
                places.append(referent)
                country = self.country_of(referent)
                if country is not None:
                    targets.append(country)
        for token in mention.trigger.subtree:
            link = self.by_token.get(token.i)
            if link and link.referent.type in STATE_TYPES and token.dep_ == "poss":
                targets.append(link.referent)
        if not any(t.type in STATE_TYPES for t in targets):
            targets += self._host_of_arrival(mention.trigger)  # "Modi arrived in Moscow": a visit to Russia
        mention.places, mention.targets = unique(places), unique(targets)

    def _recall_roles(self, mention: EventMention) -> None:
        """An envoy recalled is the sender's act against the state it was posted to ("Lithuania's ambassador to
        Minsk was called for consultations": Lithuania against Belarus); an envoy expelled is the host's act
        against the sender, as the object's own words already tell."""
        envoys = _envoys(mention.trigger)
        hosts = [h for h in self._host_of_envoy(mention.trigger, envoys) if h not in mention.actors]
        if not hosts:
            return
        if mention.trigger.lemma_.lower() in RECALL_VERBS:
            senders = [
                r
                for envoy in envoys
                for r in self.actors_in(t for c in envoy.children if c.dep_ == "poss" for t in c.subtree)
                if r.type in STATE_TYPES
            ]
            mention.actors = mention.actors or unique(senders)
            mention.targets = [t for t in mention.targets if t not in mention.actors]
        if not any(t.type in STATE_TYPES for t in mention.targets):
            mention.targets = unique(mention.targets + hosts)

    def _host_of_envoy(self, trigger: Token, envoys: list[Token]) -> list[Referent]:
        """The state an envoy recalled or expelled was posted to ("withdrew its ambassador to Caracas")."""
        hosts = []
        for envoy in envoys:
            # the parser may hang "to Caracas" on the verb ("withdraw its top envoy to Caracas")
            posts = [*envoy.children, *(c for c in trigger.children if c.i > envoy.i)]
            for prep in (c for c in posts if c.dep_ == "prep" and c.lower_ in {"to", "in"}):
                for token in _pobj_subtree(prep):
                    link = self.by_token.get(token.i)
                    if link is not None and link.referent.type in STATE_TYPES:
                        hosts.append(link.referent)
                    elif link is not None and link.referent.type in PLACE_TYPES:
                        country = self.country_of(link.referent)
                        hosts += [country] if country is not None else []
        return hosts

    def _host_of_arrival(self, trigger: Token) -> list[Referent]:
        """The state of the city where the visitor arrived or landed ("arrived in Moscow")."""
        hosts = []
        for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}):
            for token in _pobj_subtree(prep):
                link = self.by_token.get(token.i)
                if link is not None and link.referent.type in PLACE_TYPES:
                    country = self.country_of(link.referent)
                    hosts += [country] if country is not None else []
        return hosts

    def actors_in(
        self, tokens: Iterable[Token], *, groups: bool = True, allow_places: bool = False
    ) -> list[Referent]:
        """Referents of the linked mentions among the tokens; capitals count as their governments."""
        found: list[Referent] = []
        group_heads: list[Token] = []
        for token in tokens:
            link = self.by_token.get(token.i)
            if link is not None and _posted_to(token.doc, link.start):
                continue  # "the Montenegrin Ambassador to Bosnia Ramiz Basic": where he serves, not his side
            if link is not None and (
                _backs_another(token.doc, link.end) or _for_or_against(token.doc, link.start)
            ):
                continue  # "Iran-backed Houthi rebels attacked": the backer describes the doer, it is not one
            if link is not None:
                referent = link.actor
                if referent.type in ACTOR_TYPES or (allow_places and referent.type in LOCATION_TYPES):
                    found.append(referent)
                office_state = self.office_states.get(referent.label) if referent.qid is None else None
                if office_state is not None and referent.type in ORGANISATION_TYPES:
                    found.append(office_state)  # "The Ministry of Foreign Affairs", Kazakhstan's named before
                continue
            if token.lower_ in PERSON_PRONOUNS:
                person = self.speakers.pronoun(token)
                if person is not None:
                    found.append(person)
            elif token.lower_ == "they" and token.dep_ in {"nsubj", "nsubjpass"}:
                found.extend(self._they(token))
            elif token.lower_ == "it" and token.dep_ == "nsubj" and not _expletive(token):
                found.extend(self._it(token))
            elif token.lower_ in FIRST_PERSON:
                found.extend(self.speakers.first_person(token, lambda tokens: self.actors_in(tokens)))
            elif _names_the_parties(token):
                found.extend(self._parties_before(token))
            elif groups and _group_head(token):
                group_heads.append(token)
            elif _bare_government(token) and self.home_state is not None:
                found.append(self.home_state)  # "the government said": the state the story is about
            elif bare_summit(token) and self.summit_body is not None:
                found.append(self.summit_body)  # "Summit condemned": the summit the communique is of
        for head in group_heads:
            parties = self._parties_of(head)
            if parties:
                found.extend(parties)  # "troops from the two countries exchanged fire": both states
                continue
            group = self._group(head)
            if group is None or any(r.type == "Alliance" for r in self._linked_in(head)):
                continue
            if head.lemma_.lower() in BODY_HEADS and self._body_named(head):
                continue  # "ministers of the GCC condemned": the council condemned, as event data codes it
            found.append(group)
        return unique(found)

    def _they(self, token: Token) -> list[Referent]:
        """ "The members of the Security Council condemned ... They called for": a sentence-initial "they" is
        the plural subject of the sentence before it (several actors, or a plural noun naming them)."""
        sent = token.sent
        if sent.start == 0 or token.i - sent.start > 3:
            return []
        before = self.doc[sent.start - 1].sent
        for subject in (c for c in before.root.children if c.dep_ in {"nsubj", "nsubjpass"}):
            found = self.actors_in(subject.subtree)
            if len(found) > 1 or (found and subject.tag_ in {"NNS", "NNPS"}) or subject.lower_ == "they":
                return found
        return []

    def _it(self, token: Token) -> list[Referent]:
        """ "Pakistan insisted that ... It promised a forceful response": a sentence-initial "it" is the state or
        body that was the subject of the sentence before."""
        sent = token.sent
        if sent.start == 0 or token.i - sent.start > 2:
            return []
        before = self.doc[sent.start - 1].sent
        for subject in (c for c in before.root.children if c.dep_ == "nsubj"):
            found = self.actors_in(noun_phrase(subject), groups=False)
            if len(found) == 1 and found[0].type in STATE_TYPES | ORGANISATION_TYPES:
                return found
        return []

    def _body_named(self, head: Token) -> bool:
        """The state or organisation an "of" phrase after a group word names ("ministers of the GCC")."""
        preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and _of_a_name(c)]
        linked = [self.by_token[t.i].actor for p in preps for t in _pobj_subtree(p) if t.i in self.by_token]
        return any(r.type in STATE_TYPES | ORGANISATION_TYPES for r in linked)

    def _linked_in(self, head: Token) -> list[Referent]:
        return [self.by_token[t.i].actor for t in head.subtree if t.i in self.by_token]

    def _group(self, head: Token) -> Referent | None:
        """ "Serbian police" -> a generic group with its sector and state; "Serb demonstrators" -> the Serbs."""
        modifiers = [c for c in head.children if c.dep_ in {"amod", "compound"} and c.i < head.i]
        linked = [self.by_token[m.i] for m in modifiers if m.i in self.by_token]
        ethnic = next((link.referent for link in linked if link.referent.type == "EthnicGroup"), None)
        lemma = head.lemma_.lower()
        if ethnic is not None and lemma not in lexicon.ARMED_NOUNS:
            return ethnic
        country = next((link.actor for link in linked if link.actor.type in STATE_TYPES), None)
        if country is None:  # "rebels in Mali", "the opposition of Georgia"
            country = next(iter(self._states_after(head)), None)
        sector = (
            lexicon.AGENTS.get(lemma)
            or lexicon.AGENTS.get(head.lower_)
            or _armed_sector(lemma)
            or ("UAF" if _armed(head) else None)
        )
        if country is None and sector in STATE_ORGAN_SECTORS and _the_states_own(head):
            country = self.home_state  # "the authorities said", "government troops": the story's state's
        words = [t for t in modifiers if t.i in self.by_token or t.pos_ in {"ADJ", "NOUN", "PROPN"}]
        name = _joined([*words, head])
        return Referent(None, "Group", name, sector=sector, country=country)

    def _states_after(self, head: Token) -> list[Referent]:
        """The states of an "in"/"of"/"from" phrase right after a group word, or of the city or region it names
        ("police in Tehran")."""
        preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ in {"in", "of", "from"}]
        linked = [
            self.by_token[t.i].actor for prep in preps for t in _pobj_subtree(prep) if t.i in self.by_token
        ]
        states = [referent for referent in linked if referent.type in STATE_TYPES]
        if states:
            return states
        return [state for referent in linked if (state := self.country_of(referent)) is not None]

    def _places_in(self, tokens: Iterable[Token]) -> list[Referent]:
        found: list[Referent] = []
        for token in tokens:
            link = self.by_token.get(token.i)
            if link is None or link.referent.type not in LOCATION_TYPES or token.i != link.start:
                continue
            before = self.doc[token.i - 1] if token.i > 0 else None
            if before is not None and before.lower_ in DIRECTIONS:
                found.append(Referent(None, "Region", f"{before.text} {link.text}"))
            found.append(link.referent)
        return unique(found)

    def _parties_of(self, head: Token) -> list[Referent]:
        """The two sides a group word belongs to: "troops from the two countries", "soldiers of both sides"."""
        pairs = [
            pobj
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ in {"of", "from"}
            for pobj in prep.children
            if pobj.dep_ == "pobj" and _names_the_parties(pobj)
        ]
        return self._parties_before(pairs[0]) if pairs else []

    def _parties_before(self, token: Token) -> list[Referent]:
        """ "The two sides": the last two states (or else named sides, or else people) named before."""
        earlier = [link.actor for link in self.links if link.end <= token.i]
        # "the two leaders" are people, "the two sides" states (or, without two states, a state and an armed
        # group or two named bodies; people last: the officials who told of the fighting are no side of it)
        people_first = token.lemma_.lower() in SPEAKER_ROLES | OFFICE_NOUNS
        sides = STATE_TYPES | ORGANISATION_TYPES | {"ArmedGroup"}
        for types in ({"Person"}, STATE_TYPES) if people_first else (STATE_TYPES, sides, {"Person"}):
            named = unique(r for r in reversed(earlier) if r.type in types)
            if len(named) >= 2:
                return named[:2]
        return []

    def _person_speaks(self, mention: EventMention) -> bool:
        """A named person, or a single official in a role ("a Kremlin spokesman"), is the speaker."""
        if any(a.type == "Person" for a in mention.actors):
            return True
        subjects = [c for c in mention.trigger.children if c.dep_ == "nsubj"]
        return any(c.lemma_.lower() in SPEAKER_ROLES and c.tag_ == "NN" for c in subjects)


def noun_phrase(token: Token) -> list[Token]:
    """A noun phrase without its prepositional phrases and clauses ("the visit [to Serbia]"), conjuncts kept,
    in text order; "of" stays after a generic head ("the island nation of Nauru")."""
    return sorted(phrase_core(token, keep_prep=_names_its_head), key=lambda t: t.i)


def said_by_summit(trigger: Token) -> bool:
    """ "Summit condemned", "The Summit called upon", "Summit welcomed ... and commended": an act a communique
    gives its summit."""
    while trigger.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in trigger.children):
        trigger = trigger.head
    return any(bare_summit(c) for c in trigger.children if c.dep_ == "nsubj")


def bare_summit(token: Token) -> bool:
    """ "Summit welcomed", "The Summit called upon": a summit named by no name of its own, as subject."""
    return (
        token.lemma_.lower() in SUMMIT_NOUNS
        and token.dep_ in {"nsubj", "nsubjpass"}
        and not any(c.dep_ in {"compound", "amod", "prep", "poss"} for c in token.children)
    )


def _names_its_head(prep: Token) -> bool:
    if prep.lower_ != "of":
        return False
    head = prep.head.lemma_.lower()
    return head in GENERIC_HEADS | QUANTITY_HEADS | MEMBER_HEADS or (head in BODY_HEADS and _of_a_name(prep))


def _of_a_name(prep: Token) -> bool:
    """ "of the Gulf Cooperation Council", "of Serbia and Kosovo": a body named, not "of the opposition"."""
    return any(
        pobj.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in pobj.children)
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    )


def _expletive(it: Token) -> bool:
    """ "It is unclear whether", "It seems that": an "it" that stands for no one."""
    return it.head.lemma_.lower() in {"be", "seem", "appear", "remain", "become", "happen", "take", "make"}


def _pobj_subtree(prep: Token) -> list[Token]:
    """The object of a preposition, without its own place phrases ("demonstrators in northern Kosovo")."""
    tokens = [t for child in prep.children if child.dep_ in {"pobj", "pcomp"} for t in child.subtree]
    skip: set[int] = set()
    for token in tokens:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
                skip.update(_place_phrase(child))
    return [t for t in tokens if t.i not in skip]


def _parties_named_in(prep: Token) -> list[Token]:
    """The "between" of the noun a preposition governs ("of a memorandum of understanding between ...")."""
    return [t for t in prep.subtree if t.dep_ == "prep" and t.lower_ == "between" and t.head.pos_ == "NOUN"]


def _place_phrase(prep: Token) -> set[int]:
    """A place phrase's tokens, without conjuncts the parser hung on it ("in Kosovo and NATO troops")."""
    phrase = {prep.i}
    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
        phrase.add(pobj.i)
        for child in pobj.children:
            if child.dep_ not in {"conj", "cc"}:
                phrase.update(t.i for t in child.subtree)
    return phrase


def _without_clauses(token: Token) -> list[Token]:
    """A phrase's tokens without its relative clauses (which name other actors)."""
    skip = {t.i for child in token.children if child.dep_ in {"relcl", "acl"} for t in child.subtree}
    return [t for t in token.subtree if t.i not in skip]


def _reported_with_own_subject(token: Token) -> bool:
    """A clause a speech verb reports whose subject is the violence itself ("officials said the attack killed 20",
    "said the blast wounded") or someone named: who reports is not who attacked."""
    if token.dep_ not in {"ccomp", "parataxis"} or token.head.lemma_.lower() not in lexicon.SAY_VERBS:
        return False
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    # "Israel said Hezbollah fired rockets": a name we cannot link still names another doer than the speaker
    # (not so a victim in the passive: "police said four suspects were arrested" tells of their own act)
    named = any(c.pos_ == "PROPN" or c.ent_type_ in NAMED_DOERS for c in subjects)
    # "the minister said the youngsters threw stones": people the clause names are its doers, not the
    # speaker, unless the speaker owns them ("its jets", "our soldiers")
    others = any(
        c.pos_ == "NOUN" and c.lemma_.lower() not in STATE_SIDE_NOUNS and not _owned_by_speaker(c)
        for c in subjects
    )
    # "the attack was aimed at terrorising civilians through attacks, the ministry said": the violence told
    violence = any(c.dep_ == "nsubjpass" and _names_an_incident(c) for c in token.children)
    return named or others or violence


def _names_an_incident(noun: Token) -> bool:
    rules = lexicon.WORD_RULES.get(("noun", noun.lemma_.lower()), ())
    return noun.pos_ == "NOUN" and any(
        rule.event_class is not None and rule.event_class.incident for rule in rules
    )


# "the administration is considering sanctions", "the countries will sign": a state's own side or the states
# named, which the speaker may belong to
STATE_SIDE_NOUNS = (
    set(lexicon.WORDS["government_body_words"])
    | set(lexicon.WORDS["generic_state_nouns"])
    | {"administration", "authority", "side", "leader", "official", "minister", "president", "army", "force"}
)


def _owned_by_speaker(noun: Token) -> bool:
    return any(p.dep_ == "poss" and p.pos_ == "PRON" for p in noun.children)


NAMED_DOERS = {"ORG", "NORP", "PERSON", "GPE"}


def _names_the_parties(token: Token) -> bool:
    """ "the two countries", "both sides", "the two PMs": the two parties the text named before."""
    lemma = token.lemma_.lower()
    return (lemma in lexicon.PARTY_NOUNS or lemma in OFFICE_NOUNS) and _counted_pair(token)


def _counted_pair(token: Token) -> bool:
    """ "two countries", "the two ministers", "both ministers", "the sides"; not "two ministers resigned", who may
    be any two."""
    words = {c.lower_ for c in token.children}
    if token.lemma_.lower() in OFFICE_NOUNS:
        return "both" in words or {"the", "two"} <= words
    return bool(words & {"two", "both"}) or token.lower_ in {
        "sides",
        "neighbours",
        "neighbors",
    }


def _armed_sector(lemma: str) -> str | None:
    return "UAF" if lemma in lexicon.ARMED_NOUNS else None


def _controlling_object(trigger: Token) -> list[Token]:
    """The object of the verb that asks for the act: "urged Israel to end", "called on Russia to withdraw"."""
    verb = trigger.head
    if not (trigger.dep_ == "xcomp" or to_clause(trigger)) or verb.lemma_.lower() not in OBJECT_CONTROL_VERBS:
        return []
    for child in verb.children:
        if child.i > trigger.i:
            continue
        if child.dep_ in {"dobj", "dative"}:
            return noun_phrase(child)
        if child.dep_ == "prep" and child.lower_ in {"on", "upon", "to"}:
            return [t for o in child.children if o.dep_ == "pobj" for t in noun_phrase(o)]
    return []


def _without_feelings(feeling: Token) -> list[Token]:
    """The object phrase of "expressed", without the feelings it names and their modifiers."""
    feelings = {c.i for c in [feeling, *feeling.conjuncts] if c.lemma_.lower() in FEELING_NOUNS}
    return [
        t
        for t in _without_clauses(feeling)
        if t.i not in feelings and not (t.head.i in feelings and t.dep_ in {"amod", "det", "cc", "compound"})
    ]


def _undergone(trigger: Token) -> Token | None:
    """The verb of which a noun trigger is what its subject undergoes ("suffered attacks", "came under fire")."""
    if trigger.pos_ != "NOUN":
        return None
    head = trigger.head
    if trigger.dep_ == "dobj" and head.lemma_.lower() in UNDERGOING_VERBS:
        return head
    if trigger.dep_ == "pobj" and head.lower_ == "under" and head.head.lemma_.lower() == "come":
        return head.head
    return None


def _doers_of_undergone(trigger: Token, verb: Token) -> list[Token]:
    """The "by" or "from" phrases that name who did what a subject undergoes, on the noun or on its verb (the
    parser hangs "from" on either: "faced sanctions from the EU")."""
    return [
        prep
        for prep in [*trigger.children, *verb.children]
        if prep.dep_ == "prep"
        and (prep.lower_ == "from" or (prep.lower_ == "by" and prep.head.i == trigger.i))
    ]


def _possessor_is_patient(trigger: Token, event_type: str | None) -> bool:
    """ "the journalists' detention", "Nazanin's release"; but "Kenya's arrest of the opposition leader"."""
    return (
        event_type in POSSESSOR_PATIENT_EVENTS
        and trigger.pos_ == "NOUN"
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in trigger.children)
    )


def _subjects_within(noun: Token) -> list[Token]:
    """The active subjects of a clause that tells what went on in the event a noun names ("in which",
    "during which"); not those it happened to ("in which three gunmen were killed")."""
    return [
        subject
        for clause in noun.children
        if clause.dep_ == "relcl"
        and any(
            c.dep_ == "prep" and c.lower_ in {"in", "during"} and any(o.lower_ == "which" for o in c.children)
            for c in clause.children
        )
        for subject in clause.children
        if subject.dep_ == "nsubj"
    ]


def _blamed_on(trigger: Token) -> list[Token]:
    """The "on" phrase of "an attack blamed on X", "blamed the attack on X", "the attack was blamed on X"."""
    verbs = [c for c in trigger.children if c.dep_ == "acl" and c.lemma_.lower() == "blame"]
    if trigger.dep_ in {"dobj", "nsubjpass"} and trigger.head.lemma_.lower() == "blame":
        verbs.append(trigger.head)
    found = [c for verb in verbs for c in verb.children if c.dep_ == "prep" and c.lower_ == "on"]
    if verbs and not found:  # the parser may hang the "on" of "blamed the attack on X" on the noun
        found = [c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "on"]
    return found


# Prepositions that place something in time beside another act ("after the attack", "during the protests").
TIME_PREPOSITIONS = {"after", "before", "since", "following", "during", "amid", "amidst"}


def _reacted_to(trigger: Token) -> bool:
    """ "blocked roads in protest at Thursday night's armed raid": what a protest or a reprisal answers is
    another's act, however the parser hangs the "at" phrase."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ not in {"at", "over", "against", "to", "for"} or prep.i == 0:
        return False
    return trigger.doc[prep.i - 1].lemma_.lower() in REACTION_NOUNS


REACTION_NOUNS = lexicon.WORDS["reaction_nouns"]


def _told_incident(trigger: Token, event_type: str | None) -> bool:
    """ "Officials did not know the motive of the attack", "I am anguished at the loss of five soldiers in a
    terrorist attack": an incident named with "the" or "this", or hung on another noun, is not the act of whoever
    the sentence is about, unless the sentence says they carried it out, launched or claimed it."""
    event_class = lexicon.BY_NAME.get(event_type or "")
    if event_class is None or not event_class.incident or trigger.pos_ != "NOUN":
        return False
    chain = governing_chain(trigger)[1:]
    verb_at = next((i for i, t in enumerate(chain) if t.pos_ in {"VERB", "AUX"}), None)
    if verb_at is not None and chain[verb_at].lemma_.lower() in DOING_VERBS:
        return False
    definite = any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in trigger.children)
    # "a wave of repression", "a series of attacks": a measure of the incidents, not another thing
    through_a_noun = any(
        t.pos_ in {"NOUN", "PROPN"} and t.lemma_.lower() not in INCIDENT_MEASURES for t in chain[:verb_at]
    )
    return definite or through_a_noun


INCIDENT_MEASURES = set(lexicon.WORDS["quantity_heads"]) | {
    "wave",
    "series",
    "spate",
    "string",
    "round",
    "surge",
}
DEFINITE_DETERMINERS = {"the", "this", "that", "these", "those"}
# "carried out the attack", "launched the offensive", "claimed the bombing": the subject did it
DOING_VERBS = lexicon.WORDS["doing_verbs"]


def _used_as_noun(token: Token) -> bool:
    """A noun, or a gerund the tagger took for a verb where a noun stands ("in shelling conducted by ...")."""
    return token.pos_ == "NOUN" or (
        token.tag_ == "VBG" and token.dep_ in {"pobj", "nsubj", "nsubjpass", "dobj"}
    )


def _participle_by(noun: Token) -> list[Token]:
    """The "by" phrase of a participle after a noun ("bombs fired by M23", "an attack conducted by the PKK")."""
    participles = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    return [c for verb in participles for c in verb.children if c.dep_ == "agent" or _by_phrase(c)]


def _by_phrase(child: Token) -> bool:
    return child.dep_ == "prep" and child.lower_ == "by"


def _detached_by(trigger: Token) -> list[Token]:
    """A "by" phrase that the parser hung on a neighbouring noun: "years of detention by Iran" (on the noun
    before "of"), "the arrest of the editor by Belarus" (on the object of "of")."""
    nouns = [o for prep in trigger.children if prep.lower_ == "of" for o in prep.children if o.dep_ == "pobj"]
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "of":
        nouns.append(trigger.head.head)
    return [c for noun in nouns for c in noun.children if _by_phrase(c) and c.i > trigger.i]


def _group_head(token: Token) -> bool:
    """A noun that names a generic group acting or acted on: "police", "the junta", "armed men", "a rebel
    group", "the opposition movement"; not a word that only modifies another ("police station")."""
    if token.dep_ in {"compound", "amod"}:
        return False
    if token.pos_ == "PROPN":  # "The Ministers called for": a capitalised common noun
        return (token.tag_ == "NNPS" or _lead_word(token)) and token.lower_ in lexicon.GROUP_NOUNS
    if token.pos_ != "NOUN":
        return False
    named = (
        token.lemma_.lower() in lexicon.GROUP_NOUNS or token.lower_ in lexicon.GROUP_NOUNS
    )  # "authorities"
    return named or _armed(token) or _collective(token)


def _lead_word(token: Token) -> bool:
    """ "MEXICO CITY (Reuters) - Gunmen ambushed ...": the first word of a sentence or after a dateline, which
    the tagger, reading on from the capitals before it, can take for a name."""
    if token.is_sent_start:
        return True
    return token.i > 0 and ends_dateline(doc_text(token.doc), token.nbor(-1))


def _collective(token: Token) -> bool:
    """ "a rebel group", "human rights groups", "the opposition party": a group word that says which group."""
    if token.lemma_.lower() not in COLLECTIVE_HEADS:
        return False
    return any(c.dep_ in {"amod", "compound"} and c.lower_ in COLLECTIVE_MODIFIERS for c in token.children)


def _armed(token: Token) -> bool:
    return any(c.dep_ == "amod" and c.lower_ in {"armed", "masked"} for c in token.children)


def _weapon_fired(verb: Token) -> Token | None:
    """ "Russian missiles were fired at Kyiv", "Turkish artillery was fired": the weapon a passive verb's subject
    names, not the verb's target."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    return next(
        (c for c in verb.children if c.dep_ == "nsubjpass" and c.lemma_.lower() in lexicon.WEAPONS),
        None,
    )


def _voiced_in_passive(verb: Token) -> Token | None:
    """ "Pakistan's strong protest has been lodged", "concern was expressed", "the spokesman expressed Egypt's
    rejection": what a side voices, as the subject of a passive verb or the object of an active one; its
    possessor is who voices it."""
    if verb.pos_ != "VERB":
        return None
    return next(
        (
            c
            for c in verb.children
            if (c.dep_ == "nsubjpass" and c.lemma_.lower() in lexicon.CONCERN_NOUNS)
            or (c.dep_ == "dobj" and c.lemma_.lower() in VOICED_NOUNS)
        ),
        None,
    )


# What a side voices through a speaker: "expressed Egypt's rejection", "conveyed Japan's concern".
VOICED_NOUNS = frozenset(lexicon.WORDS["voiced_nouns"])


def _whose_weapon(prep: Token) -> list[Token]:
    """The possessor, the adjective or the "by" phrase of a weapon or fire one was hit "in" ("in Azerbaijan's
    fire", "in Russian shelling", "in firing by Indian troops"), not the places the phrase goes on to name."""
    return [
        t
        for pobj in prep.children
        if pobj.dep_ == "pobj" and pobj.lemma_.lower() in LETHAL_AGENTS
        for c in pobj.children
        if c.dep_ in {"poss", "amod", "compound"} or _by_phrase(c)
        for t in (_pobj_subtree(c) if _by_phrase(c) else c.subtree)
    ]


def _backs_another(doc: Doc, end: int) -> bool:
    """ "UN-backed", "Iran-aligned", "al-Qaida-linked": a name hyphened to a word of backing modifies a noun."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in BACKER_SUFFIXES


def _subject_hung_before(verb: Token) -> list[Token]:
    """ "In a statement on Twitter, Azerbaijan's President Ilham Aliyev demanded ...": a verb left without a
    subject by a parser that hung the name right before it on the phrase before the comma (as an apposition)."""
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children) or verb.i == 0:
        return []
    name = verb.doc[verb.i - 1]
    hung = name.dep_ == "appos" and name.pos_ == "PROPN" and name.head.i < name.i
    return [name] if hung and verb.doc[name.left_edge.i - 1].text == "," else []


def _joined(tokens: list[Token]) -> str:
    """The words as the text writes them: "Anti-China protesters", not "Anti - China protesters"."""
    gaps = [
        token.whitespace_ if following.i == token.i + 1 else " "
        for token, following in zip(tokens, tokens[1:], strict=False)
    ]
    return "".join(token.text + gap for token, gap in zip(tokens, [*gaps, ""], strict=True))


def _for_or_against(doc: Doc, start: int) -> bool:
    """ "Anti-China protesters", "pro-Russian separatists": what a group is for or against is not the group."""
    return start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in {"anti", "pro"}


def _envoys(trigger: Token) -> list[Token]:
    """The envoys a verb acts on, named or called by an appositive ("Jesus Silva, the Spanish Ambassador")."""
    objects = [c for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"}]
    objects += [a for c in objects for a in c.children if a.dep_ == "appos"]
    return [o for o in objects if o.lemma_.lower() in lexicon.DIPLOMAT_NOUNS]


# Verbs that bring one's own envoy home ("recalled", "withdrew", "called for consultations").
RECALL_VERBS = {"recall", "withdraw", "call"}


def _posted_to(doc: Doc, start: int) -> bool:
    """The state or city an envoy or mission is posted to ("Ambassador to Bosnia Ramiz Basic", "the Embassy to
    India"), whatever the parse made of the name after it."""
    return start > 1 and doc[start - 1].lower_ == "to" and doc[start - 2].lemma_.lower() in POSTED_NOUNS


POSTED_NOUNS = {*lexicon.DIPLOMAT_NOUNS, *lexicon.WORDS["mission_nouns"]}


# Verbs whose object is the one said to have done what their "of"/"for" phrase tells.
ACCUSING_VERBS = {"accuse", "blame", "suspect", "charge", "convict"}
