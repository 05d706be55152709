"""Incidents and diplomatic acts from the dependency parse: type, roles, date, casualties, modality."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon
from kg.extract.casualties import find_casualties
from kg.extract.lexicon import EventClass
from kg.extract.linking import ACTOR_TYPES, Link, Referent
from kg.extract.temporal import NormalisedDate, find_dates
from kg.gazetteer import Gazetteer

ORGANISATIONS = {"Alliance", "InternationalOrganization", "Organization"}
PLACE_TYPES = {"City", "Place", "Region", "State", "PartiallyRecognizedState"}
PLACE_PREPOSITIONS = {"in", "at", "near", "outside", "across", "inside", "along", "on"}
TARGET_PREPOSITIONS = {"against", "with", "to", "on", "toward", "towards", "for", "at"}
DIRECTIONS = {"northern", "southern", "eastern", "western", "north", "south", "east", "west", "central"}
SYMMETRIC_EVENTS = {"Meeting", "Clash", "Agreement", "Cooperation"}
PHYSICAL_EVENTS = {"Deployment", "MilitaryExercise", "Arrest", "Protest"}
MILITARY_CONTEXT = {
    "military",
    "troops",
    "army",
    "navy",
    "naval",
    "forces",
    "soldiers",
    "warships",
    "nato",
    "drills",
}
QUANTITY_HEADS = {"thousand", "hundred", "dozen", "million", "group", "crowd", "number", "some", "many"}
GENERIC_HEADS = {
    "nation",
    "country",
    "state",
    "government",
    "republic",
    "island",
    "kingdom",
    "capital",
    "city",
}
# Words under which a noun names no event of its own: rehearsed, stopped, or suspected ones.
NOT_REAL_WORDS = {
    "simulate",
    "rehearse",
    "practise",
    "practice",
    "suspend",
    "halt",
    "cancel",
    "postpone",
    "freeze",
    "suspicion",
    "involvement",
}
SPEAKER_ROLES = {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "president",
    "ambassador",
    "envoy",
    "leader",
}
RAISING_VERBS = {"expect", "schedule", "set", "slate", "due", "plan", "likely", "say", "report"}
DEMANDING_VERBS = {"urge", "call", "demand", "ask", "appeal", "press", "push", "want", "invite"}
GENERIC_FIGHTING = {"fighting", "hostilities"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
REACTION_VERBS = {
    "condemn",
    "denounce",
    "criticise",
    "criticize",
    "deny",
    "decry",
    "deplore",
    "welcome",
    "protest",
    "blame",
    "investigate",
    "report",
    "confirm",
    "describe",
    "call",
    "reject",
    "praise",
    "mourn",
}
PERSON_PRONOUNS = {"he", "his", "she", "her", "him"}


@dataclass
class EventMention:
    """One event as said in one sentence, before it becomes a `facts.Event`."""

    event_class: EventClass
    trigger: Token
    sent: Span
    actors: list[Referent] = field(default_factory=list)
    targets: list[Referent] = field(default_factory=list)
    places: list[Referent] = field(default_factory=list)
    mediators: list[Referent] = field(default_factory=list)
    date: NormalisedDate | None = None
    status: str = "asserted"
    killed: int | None = None
    injured: int | None = None
    killed_breakdown: dict[str, int] = field(default_factory=dict)
    injured_breakdown: dict[str, int] = field(default_factory=dict)
    confidence: float = 0.5
    supporting: list[Span] = field(default_factory=list)
    # A noun that names an event reported elsewhere ("condemned the arrest"): it merges into that event.
    reference: bool = False

    @property
    def type(self) -> str:
        return self.event_class.name


if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


@Language.factory(
    "geokg_events",
    assigns=["doc._.events"],
    requires=["doc._.links", "doc._.dateline"],
    default_config={"gazetteer_path": None},
)
def make_event_finder(nlp: Language, name: str, gazetteer_path: str | None) -> Callable[[Doc], Doc]:
    """Finds the doc's events (`doc._.events`) from its links, dateline and publication date."""
    from kg.gazetteer import load_gazetteer

    gazetteer = load_gazetteer(gazetteer_path)

    def find(doc: Doc) -> Doc:
        dateline = doc._.dateline
        doc._.events = find_events(
            doc,
            doc._.links or [],
            published=doc._.published,
            dateline=dateline.referent if dateline else None,
            country_of=lambda referent: country_of(gazetteer, referent),
        )
        return doc

    return find


def country_of(gazetteer: Gazetteer, referent: Referent) -> Referent | None:
    """The state a city of the gazetteer lies in (its capital-of state first)."""
    if referent.qid is None:
        return None
    entry = gazetteer.by_qid(referent.qid)
    state_qid = gazetteer.capital_of(referent.qid) or (entry.country_qid if entry else None)
    state = gazetteer.by_qid(state_qid) if state_qid else None
    return Referent(state.qid, state.type, state.label) if state else None


def find_events(
    doc: Doc,
    links: list[Link],
    *,
    published: date | None,
    dateline: Referent | None = None,
    country_of: Callable[[Referent], Referent | None] | None = None,
) -> list[EventMention]:
    """Every event of the doc, repeated mentions of one event within the article merged.

    `country_of` gives the state a city lies in (a visit to a capital is paid to its state)."""
    finder = _EventFinder(doc, links, published, dateline)
    finder.country_of = country_of or (lambda referent: None)
    return finder.run()


class _EventFinder:
    def __init__(
        self, doc: Doc, links: list[Link], published: date | None, dateline: Referent | None
    ) -> None:
        self.doc = doc
        self.links = links
        self.published = published
        self.dateline = dateline
        self.by_token: dict[int, Link] = {i: link for link in links for i in range(link.start, link.end)}
        self.news_date: NormalisedDate | None = None

    def run(self) -> list[EventMention]:
        mentions: list[EventMention] = []
        headline_end = _headline_end(self.doc.text)
        for index, sent in enumerate(self.doc.sents):
            if sent.start_char < headline_end:
                continue  # a headline restates the story's events in telegraphic form
            dates = find_dates(sent.text, published=self.published, offset=sent.start_char)
            if index < 3 and self.news_date is None:
                self.news_date = self._news_date(dates)
            found = self._sentence_events(sent, dates)
            if not any(m.event_class.incident for m in found):
                self._attach_orphan_casualties(sent, mentions)
            mentions.extend(found)
        return _merge_repeats(mentions)

    # -- one sentence -------------------------------------------------------------------------------------
    def _sentence_events(self, sent: Span, dates: list[NormalisedDate]) -> list[EventMention]:
        found = []
        for token in sent:
            event_class = self._classify(token)
            if event_class is None or self._inside_name(token):
                continue
            mention = EventMention(event_class, token, sent)
            mention.reference = _is_reference(token)
            self._fill_roles(mention)
            if not self._plausible(mention):
                continue
            mention.status = _status(token)
            found.append(mention)
        found.extend(self._pledges(sent, found))
        found = [m for m in found if m.type != "Statement"] or found
        found.extend(self._denials(found))
        self._assign_dates(found, dates)
        self._assign_casualties(sent, found)
        for mention in found:
            mention.confidence = _confidence(mention)
        return found

    def _denials(self, found: list[EventMention]) -> list[EventMention]:
        """ "X said its troops did not attack": a negated act told by a named speaker is a denial by X."""
        denials = []
        for mention in found:
            if mention.status != "negated" or mention.type in {"Denial", "Statement"}:
                continue
            speech = next(
                (t for t in mention.trigger.ancestors if t.lemma_.lower() in lexicon.SAY_VERBS), None
            )
            if speech is None or any(m.type == "Denial" for m in found):
                continue
            if not any(c.dep_ == "neg" for t in [mention.trigger, mention.trigger.head] for c in t.children):
                continue  # "failed to agree" is a failure, not something denied
            denial = EventMention(lexicon.BY_NAME["Denial"], speech, mention.sent)
            subjects = [c for c in speech.children if c.dep_ == "nsubj"]
            denial.actors = self._actors_in(_phrase_core(subjects[0])) if subjects else []
            denial.places = self._places(denial)
            if denial.actors:
                denials.append(denial)
        return denials

    def _pledges(self, sent: Span, found: list[EventMention]) -> list[EventMention]:
        """ "Merz said Germany would reach the goal": a speaker's word about what their side will do."""
        if any(m.type == "Pledge" for m in found):
            return []
        pledges = []
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
            speakers = [c for c in verb.children if c.dep_ == "nsubj"]
            subjects = [c for c in clause.children if c.dep_ == "nsubj"]
            if not speakers or not subjects:
                continue
            speaker = set(self._actors_in(_phrase_core(speakers[0])))
            doer = set(self._actors_in(_phrase_core(subjects[0])))
            if speaker and doer and (speaker & doer or doer <= self._sides_of(speaker)):
                pledge = EventMention(lexicon.BY_NAME["Pledge"], verb, sent)
                pledge.actors = list(speaker)
                pledge.places = self._places(pledge)
                pledges.append(pledge)
        return pledges

    def _sides_of(self, speakers: set[Referent]) -> set[Referent]:
        """The states the speakers stand for, by the titles linked in the article (a president's state)."""
        return {r for r in speakers if r.type in {"State", "PartiallyRecognizedState"}} | {
            link.actor
            for link in self.links
            if link.actor.type in {"State", "PartiallyRecognizedState"}
            and any(
                self.doc[i].dep_ == "amod" or self.doc[i].dep_ == "poss" for i in range(link.start, link.end)
            )
            and any(abs(link.start - other.start) <= 3 for other in self.links if other.referent in speakers)
        }

    def _classify(self, token: Token) -> EventClass | None:
        lemma = token.lemma_.lower()
        if token.pos_ in {"VERB"}:
            return self._classify_verb(token, lemma)
        if token.pos_ in {"NOUN", "PROPN"}:
            return self._classify_noun(token, lemma)
        return None

    def _classify_verb(self, token: Token, lemma: str) -> EventClass | None:
        if lemma in lexicon.CALL_VERBS:
            if lemma == "call" and not any(c.lower_ in {"for", "on", "upon"} for c in token.children):
                return None
            if _mentions_dialogue(token):
                return lexicon.BY_NAME["CallForDialogue"]
            return lexicon.BY_NAME["Demand"] if lemma in {"urge", "call"} else None
        if lemma == "send" and _has_object(token, lexicon.DEPLOYED_NOUNS):
            return lexicon.BY_NAME["Deployment"]
        if lemma in {"reject", "dismiss"} and not _has_object(token, lexicon.DENIED_NOUNS):
            return None
        if lemma == "secure" and not _agreement_object(token):
            return None
        if lemma == "disperse" and _has_object(
            token, {"crowd", "protester", "demonstrator", "protest", "rally"}
        ):
            return lexicon.BY_NAME["Clash"]
        if (
            lemma == "cross"
            and any(c.lower_ == "into" for c in token.children)
            and self._armed_subject(token)
        ):
            return lexicon.BY_NAME["Attack"]
        if lemma == "join" and (_sought(token) or token.dep_ == "relcl"):
            return None  # "seeking to join", "which joined in 2004": a relation, not an accession today
        if lemma == "welcome" and not self._has_link(token, {"nsubj"}):
            return None
        if lemma in {"gather", "march", "take"} and _protesting_subject(token):
            return lexicon.BY_NAME["Protest"]  # "thousands of protesters gathered outside parliament"
        if lemma == "become" and any(c.dep_ == "attr" and c.lemma_ == "member" for c in token.children):
            return lexicon.BY_NAME["Accession"] if self._object_is_organisation_of(token) else None
        if lemma in {"approve", "ratify"} and _has_object(
            token, {"membership", "accession", "bid", "application"}
        ):
            return lexicon.BY_NAME["Agreement"]  # "voted to approve Sweden's membership"
        if _reduces_relations(token, lemma):
            return lexicon.BY_NAME["Sanction"]  # PLOVER SANCTION: expel, withdraw, discontinue
        if lemma in {"travel", "fly", "head"} and self._person_subject(token) and _goes_to_a_place(token):
            return lexicon.BY_NAME["Visit"]  # "Blinken travelled to Seoul"
        if lemma == "suspend" and _has_object(token, {"membership", "aid", "cooperation", "talks"}):
            return lexicon.BY_NAME["Sanction"]  # "suspended Sudan's membership"
        if (
            lemma == "arrive"
            and self._person_subject(token)
            and any(c.lower_ in {"in", "at"} for c in token.children)
        ):
            return lexicon.BY_NAME["Visit"]  # "Blinken arrived in Cairo"
        if (
            lemma in {"ask", "request"}
            and self._has_link(token, {"dobj"})
            and any(c.dep_ in {"xcomp", "prep"} for c in token.children)
        ):
            return lexicon.BY_NAME["Demand"]  # "asked Russia for military help", "ask KFOR to allow"
        if lemma == "attribute" and not any(c.lower_ == "to" for c in token.children):
            return None
        if lemma == "join" and not self._object_is_organisation(token):
            return None
        if lemma in {"recognize", "recognise"} and not _is_dated_act(token):
            return None  # "does not recognise", "would no longer recognise": a standing relation
        if lemma == "meet" and any(c.dep_ == "auxpass" for c in token.children):
            return None  # "must be met with justice"
        if lemma == "demonstrate" and any(c.dep_ in {"dobj", "ccomp"} for c in token.children):
            return None  # "demonstrating its commitment" shows, it does not protest
        if lemma == "strike" and not self._has_link(token, {"dobj"}):
            return None
        if lemma == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
            return None  # "shot down 38 drones": air defence, not an attack
        if lemma in {"agree", "sign"} and not _agreement_object(token) and lemma == "sign":
            return None
        return lexicon.VERB_TRIGGERS.get(lemma)

    def _classify_noun(self, token: Token, lemma: str) -> EventClass | None:
        if lemma == "call" and _mentions_dialogue(token):
            return lexicon.BY_NAME["CallForDialogue"]
        if token.dep_ == "pobj" and token.head.lower_ == "as":
            return None  # "condemned the violence as an attack": a characterisation, not another event
        if token.dep_ == "compound" and lemma not in {"drill", "exercise"}:
            return None  # "accession talks", "protest leaders"
        if any(t.lemma_.lower() in DEMANDING_VERBS for t in _governing_chain(token)[1:4]):
            return None  # "urged both sides to return to talks": the talks are what is asked for
        if any(t.lemma_.lower() in NOT_REAL_WORDS for t in _governing_chain(token)[1:4]):
            return None  # "drills simulating strikes", "suspend accession talks", "suspicion of an attack"
        event_class = lexicon.NOUN_TRIGGERS.get(lemma) or lexicon.NOUN_TRIGGERS.get(token.lower_)
        if event_class is None:
            return None
        if event_class.name == "Agreement" and not _governed_by(token, lexicon.AGREEMENT_VERBS):
            return None
        if event_class.name == "Sanction" and not _governed_by(token, lexicon.SANCTION_VERBS):
            return None
        if (
            event_class.name == "MilitaryExercise"
            and lemma not in {"drill", "wargame"}
            and not _military_context(token)
        ):
            return None
        if event_class.name == "Accession" and _sought(token):
            return None
        if lemma == "conference" and not any(c.lower_ in {"press", "news", "joint"} for c in token.children):
            return None
        if lemma == "strike" and token.head.lemma_ == "hunger":
            return None
        return event_class

    # -- roles --------------------------------------------------------------------------------------------
    def _fill_roles(self, mention: EventMention) -> None:
        trigger = mention.trigger
        if mention.type == "Clash" and self._between(trigger):
            mention.actors = self._between(trigger)
        else:
            mention.actors = self._agents(trigger)
        mention.targets = [t for t in self._patients(trigger, mention.type) if t not in mention.actors]
        mention.mediators = self._mediators(mention.sent)
        mention.places = self._places(mention)
        if mention.type == "Visit":
            self._visit_roles(mention)
        if mention.type in SYMMETRIC_EVENTS:
            mention.actors, mention.targets = _unique(mention.actors + mention.targets), []

    def _agents(self, trigger: Token) -> list[Referent]:
        """Who acts: the subject, the possessor of a noun trigger, a "by" agent, or the subject up the tree."""
        accused = self._accused(trigger)
        if accused:
            return accused  # "Moscow accused Kyiv of attacking": Kyiv is the one said to attack
        # "condemned the arrest": the one who condemns did not arrest
        chain = [trigger] if _is_reference(trigger) else _governing_chain(trigger)
        for token in chain:
            for child in token.children:
                raised = child.dep_ == "nsubjpass" and token.lemma_.lower() in RAISING_VERBS
                if child.dep_ in {"nsubj", "poss"} or raised:  # "the EU is expected to discuss"
                    found = self._actors_in(_phrase_core(child))
                    if found:
                        return found
                if child.dep_ == "agent":
                    found = self._actors_in(_pobj_subtree(child))
                    if found:
                        return found
            if token.pos_ == "NOUN":
                compounds = [c for c in token.children if c.dep_ in {"compound", "amod"}]
                found = self._actors_in(t for c in compounds for t in c.subtree)
                if found:
                    return found
        # the small model sometimes misparses a sentence-initial subject ("Nauru/npadvmod severed ties")
        loose = [
            c for c in trigger.children if c.dep_ == "npadvmod" and c.i < trigger.i and c.pos_ == "PROPN"
        ]
        return self._actors_in(t for c in loose for t in c.subtree) if trigger.pos_ == "VERB" else []

    def _accused(self, trigger: Token) -> list[Referent]:
        if trigger.dep_ not in {"pcomp", "pobj"} or trigger.head.lower_ not in {"of", "for"}:
            return []
        verb = trigger.head.head
        if verb.lemma_.lower() not in {"accuse", "blame", "suspect", "charge", "convict"}:
            return []
        return self._actors_in(t for c in verb.children if c.dep_ == "dobj" for t in _phrase_core(c))

    def _patients(self, trigger: Token, event_type: str) -> list[Referent]:
        found: list[Referent] = []
        for child in trigger.children:
            if child.dep_ in {"dobj", "dative", "nsubjpass"}:
                found.extend(self._actors_in(_without_clauses(child)))
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                found.extend(self._actors_in(_pobj_subtree(child), allow_places=event_type == "Visit"))
            elif child.dep_ == "prep" and child.lower_ == "between":
                found.extend(self._actors_in(_pobj_subtree(child)))
        if not found and trigger.dep_ in {"xcomp", "pcomp"}:
            found.extend(self._patients(trigger.head, event_type))
        return _unique(found)

    def _between(self, trigger: Token) -> list[Referent]:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in {"between", "with"}:
                found = self._actors_in(_pobj_subtree(child), groups=True)
                if found:
                    return found
        return []

    def _mediators(self, sent: Span) -> list[Referent]:
        """ "EU-mediated", "brokered by Qatar", "under the auspices of the UN"."""
        found = []
        for token in sent:
            if token.lower_ in {"mediated", "brokered", "facilitated"} or token.lower_.endswith("-mediated"):
                window = self.doc[max(token.i - 4, sent.start) : token.i]
                found.extend(self._actors_in(window))
                if token.lower_ in {"mediated", "brokered"}:
                    for child in token.children:
                        if child.dep_ == "agent":
                            found.extend(self._actors_in(_pobj_subtree(child)))
        return _unique([r for r in found if r.type in ACTOR_TYPES])

    def _places(self, mention: EventMention) -> list[Referent]:
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
        if not physical and not any(p.type in {"City", "Place", "Region"} for p in found) and self.dateline:
            # Statements and meetings happen where the story was filed unless a city is named.
            found = [self.dateline]
        return _unique(found)

    def _visit_roles(self, mention: EventMention) -> None:
        """A visit to a city happens there and is paid to its state."""
        places, targets = list(mention.places), list(mention.targets)
        for referent in list(targets):
            if referent.type in {"City", "Place", "Region"}:
                targets.remove(referent)
                places.append(referent)
                country = self.country_of(referent)
                if country is not None:
                    targets.append(country)
        for token in mention.trigger.subtree:
            link = self.by_token.get(token.i)
            if link and link.referent.type in {"State", "PartiallyRecognizedState"} and token.dep_ == "poss":
                targets.append(link.referent)
        mention.places, mention.targets = _unique(places), _unique(targets)

    def _actors_in(self, tokens, *, groups: bool = True, allow_places: bool = False) -> list[Referent]:  # type: ignore[no-untyped-def]
        """Referents of the linked mentions among the tokens; capitals count as their governments."""
        found: list[Referent] = []
        group_heads: list[Token] = []
        for token in tokens:
            link = self.by_token.get(token.i)
            if link is not None:
                referent = link.actor
                if referent.type in ACTOR_TYPES or (allow_places and referent.type in PLACE_TYPES):
                    found.append(referent)
                continue
            if token.lower_ in PERSON_PRONOUNS:
                person = self._last_person_before(token)
                if person is not None:
                    found.append(person)
            elif token.lemma_.lower() in lexicon.PARTY_NOUNS and _counted_pair(token):
                found.extend(self._parties_before(token))
            elif groups and token.lemma_.lower() in lexicon.GROUP_NOUNS and token.pos_ == "NOUN":
                group_heads.append(token)
        for head in group_heads:
            group = self._group(head)
            if group is not None and not any(r.type in {"State", "Alliance"} for r in self._linked_in(head)):
                found.append(group)
        return _unique(found)

    def _linked_in(self, head: Token) -> list[Referent]:
        return [self.by_token[t.i].actor for t in head.subtree if t.i in self.by_token]

    def _group(self, head: Token) -> Referent | None:
        """ "Serb gunmen" -> an armed group named by its modifiers; "Serb demonstrators" -> the Serbs."""
        modifiers = [c for c in head.children if c.dep_ in {"amod", "compound"} and c.i < head.i]
        name = " ".join(t.text for t in [*modifiers, head])
        if head.lemma_.lower() in lexicon.ARMED_NOUNS:
            return Referent(None, "ArmedGroup", name)
        ethnic = [self.by_token[m.i].referent for m in modifiers if m.i in self.by_token]
        return next((r for r in ethnic if r.type == "EthnicGroup"), None)

    def _places_in(self, tokens) -> list[Referent]:  # type: ignore[no-untyped-def]
        found: list[Referent] = []
        for token in tokens:
            link = self.by_token.get(token.i)
            if link is None or link.referent.type not in PLACE_TYPES or token.i != link.start:
                continue
            before = self.doc[token.i - 1] if token.i > 0 else None
            if before is not None and before.lower_ in DIRECTIONS:
                found.append(Referent(None, "Region", f"{before.text} {link.text}"))
            found.append(link.referent)
        return _unique(found)

    def _parties_before(self, token: Token) -> list[Referent]:
        """ "The two sides": the last two states (or else people) named before."""
        earlier = [link.actor for link in self.links if link.end <= token.i]
        for types in ({"State", "PartiallyRecognizedState"}, {"Person"}):
            named = list(dict.fromkeys(r for r in reversed(earlier) if r.type in types))
            if len(named) >= 2:
                return named[:2]
        return []

    def _person_speaks(self, mention: EventMention) -> bool:
        """A named person, or a single official in a role ("a Kremlin spokesman"), is the speaker."""
        if any(a.type == "Person" for a in mention.actors):
            return True
        subjects = [c for c in mention.trigger.children if c.dep_ == "nsubj"]
        return any(c.lemma_.lower() in SPEAKER_ROLES and c.tag_ == "NN" for c in subjects)

    def _person_subject(self, verb: Token) -> bool:
        return any(
            c.dep_ == "nsubj"
            and any(
                self.by_token.get(t.i) and self.by_token[t.i].referent.type == "Person" for t in c.subtree
            )
            for c in verb.children
        )

    def _armed_subject(self, verb: Token) -> bool:
        return any(
            c.dep_ == "nsubj"
            and (c.lemma_.lower() in lexicon.ARMED_NOUNS or c.lower_ in {"troops", "forces", "tanks"})
            for c in verb.children
        )

    def _last_person_before(self, token: Token) -> Referent | None:
        people = [link for link in self.links if link.end <= token.i and link.referent.type == "Person"]
        return people[-1].referent if people else None

    def _has_link(self, token: Token, deps: set[str]) -> bool:
        return any(c.dep_ in deps and any(t.i in self.by_token for t in c.subtree) for c in token.children)

    def _object_is_organisation(self, token: Token) -> bool:
        objects = [c for c in token.children if c.dep_ == "dobj"]
        return any(
            t.i in self.by_token
            and self.by_token[t.i].referent.type in {"Alliance", "InternationalOrganization", "Organization"}
            for obj in objects
            for t in obj.subtree
        )

    def _object_is_organisation_of(self, verb: Token) -> bool:
        """ "became the 30th member of NATO"."""
        return any(
            t.i in self.by_token and self.by_token[t.i].referent.type in ORGANISATIONS
            for c in verb.children
            if c.dep_ == "attr"
            for t in c.subtree
        )

    def _inside_name(self, token: Token) -> bool:
        """ "European Union" is no event even if a word in it is a trigger."""
        link = self.by_token.get(token.i)
        return link is not None

    def _plausible(self, mention: EventMention) -> bool:
        """Diplomatic acts need someone who acts; incidents may be reported without one. A statement is only
        a statement when a named actor makes it and it reports no casualties (then the incident is the news)."""
        if mention.event_class.incident:
            return True
        if mention.type == "Statement":
            if mention.trigger.lemma_.lower() in {"say", "tell"} and not self._person_speaks(mention):
                return False  # "the ministry said ...": an attribution, not a statement event
            return bool(mention.actors) and not find_casualties(mention.sent)
        return bool(mention.actors or mention.targets)

    # -- dates and casualties ---------------------------------------------------------------------------
    def _news_date(self, dates: list[NormalisedDate]) -> NormalisedDate | None:
        """The day the article reports on: a day-precise date in the lead, within a week of publication."""
        if self.published is None:
            return None
        for found in dates:
            if found.precision == "day" and 0 <= (self.published - date.fromisoformat(found.value)).days <= 7:
                return found
        return None

    def _assign_dates(self, mentions: list[EventMention], dates: list[NormalisedDate]) -> None:
        anchors = [(found, token) for found in dates if (token := self._date_token(found)) is not None]
        # A date after publication is a target ("trade to double by 2030"), not when a reported event happened.
        past = [(found, token) for found, token in anchors if not self._after_publication(found)]
        happened = [m for m in mentions if m.status in {"asserted", "negated", "reported"}]
        self._date_by_proximity(happened, past)
        self._date_by_proximity([m for m in mentions if m not in happened], anchors)
        for mention in mentions:
            if mention.date is None and mention.status != "hypothetical" and _inherits_news_date(mention):
                mention.date = self.news_date
            if mention.status == "planned" and mention.date is not None:
                mention.date = self._ahead(mention.date)

    def _ahead(self, found: NormalisedDate) -> NormalisedDate:
        """ "is expected to meet on Monday": a weekday of something planned is the coming one."""
        if self.published is None or found.precision != "day" or found.text.lower() not in WEEKDAYS:
            return found
        day = date.fromisoformat(found.value)
        if day >= self.published:
            return found
        return replace(found, value=(day + timedelta(days=7)).isoformat())

    def _after_publication(self, found: NormalisedDate) -> bool:
        return self.published is not None and found.value > self.published.isoformat()[: len(found.value)]

    def _date_by_proximity(
        self, mentions: list[EventMention], anchors: list[tuple[NormalisedDate, Token]]
    ) -> None:
        """Closest pairs first, each date and each event used once ("In May, clashes ..., while an incident
        in September saw ... a shootout"), then dates of the clause an event hangs in."""
        datable = [m for m in mentions if m.status != "hypothetical"]  # only considered: no date of its own
        pairs = sorted(
            (
                (_distance(token, m.trigger), index, found, m)
                for index, (found, token) in enumerate(anchors)
                for m in datable
                if _same_clause(token, m.trigger)
            ),
            key=lambda pair: (pair[0], pair[1]),
        )
        used: set[int] = set()
        for distance, index, found, mention in pairs:
            # A date far up or down the tree belongs to another clause ("the aftermath of incidents in May").
            if index in used or mention.date is not None or distance[0] > 6:
                continue
            mention.date = found
            used.add(index)
        for mention in datable:
            if mention.date is None:
                mention.date = next(
                    (
                        found
                        for found, token in anchors
                        if _attachment(token) in _ancestors(mention.trigger, inclusive=True)
                    ),
                    None,
                )

    def _date_token(self, found: NormalisedDate) -> Token | None:
        span = self.doc.char_span(found.start, found.end, alignment_mode="expand")
        return span.root if span is not None else None

    def _assign_casualties(self, sent: Span, mentions: list[EventMention]) -> None:
        incidents = [m for m in mentions if m.event_class.incident]
        for casualty in find_casualties(sent):
            # "demanding accountability for the deaths of 16 people when a canopy collapsed": those deaths
            # belong to another clause, not to the protest
            candidates = [m for m in incidents if _same_clause(casualty.trigger, m.trigger)]
            if candidates:
                target = min(candidates, key=lambda m: _distance(casualty.trigger, m.trigger))
                _add_casualty(target, casualty.kind, casualty.group, casualty.count)

    def _attach_orphan_casualties(self, sent: Span, earlier: list[EventMention]) -> None:
        """Counts stated in a later sentence ("Two of the wounded died") go to the latest incident."""
        incidents = [m for m in earlier if m.event_class.incident and m.status in {"asserted", "reported"}]
        casualties = find_casualties(sent)
        if not incidents or not casualties:
            return
        target = incidents[-1]
        for casualty in casualties:
            _add_casualty(target, casualty.kind, casualty.group, casualty.count)
        target.supporting.append(sent)


def _headline_end(text: str) -> int:
    """End of a headline: a first line without closing punctuation, followed by a blank line."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    first, _, rest = stripped.partition("\n")
    if not rest.strip() or not rest.startswith(("\n", "\r\n")) and not rest.lstrip(" \t").startswith("\n"):
        return 0
    if first.rstrip().endswith((".", "!", "?", '"', "”")) or len(first) > 200:
        return 0
    return offset + len(first)


def _add_casualty(mention: EventMention, kind: str, group: str, count: int) -> None:
    breakdown = mention.killed_breakdown if kind == "killed" else mention.injured_breakdown
    if breakdown.get(group, 0) >= count:
        return
    breakdown[group] = count
    total = sum(breakdown.values())
    if kind == "killed":
        mention.killed = total
    else:
        mention.injured = total


def _merge_repeats(mentions: list[EventMention]) -> list[EventMention]:
    """An article that mentions one event several times yields one event with several evidence sentences."""
    merged: list[EventMention] = []
    for mention in mentions:
        same = next((m for m in merged if _same_event(m, mention)), None)
        if same is None and mention.reference:
            same = next((m for m in reversed(merged) if m.type == mention.type), None)
        if same is None and mention.trigger.lower_ in GENERIC_FIGHTING and not mention.actors:
            # "the fighting stopped", "137 were killed in the fighting": the incident already reported
            same = next(
                (m for m in reversed(merged) if m.event_class.incident and m.status == "asserted"), None
            )
        earlier = [m for m in merged if m.type == mention.type and m.sent != mention.sent]
        if same is None and mention.event_class.incident and mention.date is None and len(earlier) == 1:
            if _definite_noun(mention.trigger) and mention.status == earlier[0].status:
                same = earlier[0]  # an undated "the shootout" after one reported shootout is that shootout
        if same is None:
            merged.append(mention)
            continue
        same.supporting.append(mention.sent)
        same.actors = _unique(same.actors + mention.actors)
        same.targets = _unique(same.targets + mention.targets)
        same.places = same.places or mention.places
        same.date = same.date or mention.date
        for group, count in mention.killed_breakdown.items():
            _add_casualty(same, "killed", group, count)
        for group, count in mention.injured_breakdown.items():
            _add_casualty(same, "injured", group, count)
        same.confidence = max(same.confidence, mention.confidence)
    return merged


def _same_event(a: EventMention, b: EventMention) -> bool:
    """Two mentions of one event: same type, compatible dates and overlapping actors. Within a sentence,
    words of one phrase ("signed ... the signing of agreements") are one event; across sentences, every
    statement is an event of its own."""
    if a.type != b.type:
        return False
    if a.sent == b.sent:
        linked = a.trigger in b.trigger.subtree or b.trigger in a.trigger.subtree
        return linked or bool(set(a.actors) & set(b.actors)) or not a.actors or not b.actors
    if a.type == "Statement":
        return False
    if a.date and b.date and a.date.value != b.date.value:
        return False
    if a.event_class.incident and a.date and b.date:
        return True  # "the September shootout" refers back to the shootout reported in September
    shared = set(a.actors) & set(b.actors)
    if a.event_class.incident:
        # incidents need a common actor and one polarity: "accused Kyiv of attacking" is another attack
        return bool(shared) and a.status == b.status
    return bool(shared) or not a.actors or not b.actors


def _status(trigger: Token) -> str:
    """asserted | negated | hypothetical | planned | reported, from the words that govern the trigger."""
    chain = []
    for token in _ancestors(trigger, inclusive=True):
        chain.append(token)
        if token.dep_ == "conj" or len(chain) == 4:
            break  # "would not send weapons and called for a ceasefire": each predicate has its own polarity
    words = {t.lemma_.lower() for t in chain[1:]} | {
        c.lemma_.lower()
        for t in chain
        for c in t.children
        if c.dep_ in {"neg", "aux", "mark", "amod", "advmod"}
    }
    if words & lexicon.NEGATION_WORDS:
        return "negated"
    if words & lexicon.HYPOTHETICAL_WORDS:
        return "hypothetical"
    if words & lexicon.PLANNED_WORDS:
        return "planned"
    if words & lexicon.REPORTED_WORDS:
        return "reported"
    return "asserted"


def _confidence(mention: EventMention) -> float:
    """How often an event like this one is right, from structural signs measured on the development set
    (`geokg eval tests/data/dev` prints the calibration): a target found in the parse is the strongest sign,
    a verb trigger helps, and negated, hypothetical or reported events are wrong more often."""
    score = 0.6
    if mention.trigger.pos_ == "VERB":
        score += 0.08
    if mention.targets:
        score += 0.17
    if mention.places:
        score += 0.04
    if mention.status in {"negated", "hypothetical", "reported"}:
        score -= 0.15
    if mention.type == "Statement":
        score -= 0.05
    return round(min(max(score, 0.3), 0.95), 2)


def _governing_chain(trigger: Token) -> list[Token]:
    """The trigger, then the verbs it hangs on ("advocating for the resumption", "his visit to")."""
    chain = [trigger]
    token = trigger
    while token.dep_ in {"xcomp", "pcomp", "pobj", "prep", "dobj", "advcl", "conj", "acl", "relcl", "ccomp"}:
        if token.head is token:
            break
        token = token.head
        chain.append(token)
        if len(chain) > 6:
            break
    return chain


def _definite_noun(trigger: Token) -> bool:
    """ "the shootout", "the September shootout", "that attack": a noun pointing back to a known event."""
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(
        c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "its", "their"}
        for c in trigger.children
    )


def _reduces_relations(verb: Token, lemma: str) -> bool:
    """Reductions of relations that PLOVER codes as SANCTION: expelling or recalling diplomats, severing ties,
    freezing assets or aid, blacklisting."""
    objects = {c.lemma_.lower() for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}}
    return bool(
        (lemma in {"expel", "recall", "withdraw"} and objects & lexicon.DIPLOMAT_NOUNS)
        or (
            lemma in {"sever", "cut", "break", "downgrade", "suspend"}
            and objects & {"tie", "relation", "relations"}
        )
        or (
            lemma in {"freeze", "seize", "cut", "halt"}
            and objects & {"asset", "fund", "aid", "assistance", "export"}
        )
        or lemma in {"blacklist", "embargo"}
    )


def _goes_to_a_place(verb: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)


def _protesting_subject(verb: Token) -> bool:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return any(
        t.lemma_.lower() in {"protester", "demonstrator", "protestor"} for c in subjects for t in c.subtree
    )


def _is_reference(trigger: Token) -> bool:
    """A noun trigger that is what someone condemns, denies or criticises names an event told elsewhere."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ not in {"dobj", "pobj"}:
        return False
    governor = trigger.head if trigger.dep_ == "dobj" else trigger.head.head
    return governor.lemma_.lower() in REACTION_VERBS


def _inherits_news_date(mention: EventMention) -> bool:
    """Statements, meetings and other acts reported in the past tense happened on the story's day; incidents
    and deployments keep only a date the text gives them."""
    if mention.event_class.incident or mention.type == "Deployment":
        return False
    return mention.trigger.tag_ in {"VBD", "NN", "NNS", "VBG", "VBN"}


def _attachment(token: Token) -> Token:
    """The word a date phrase hangs on ("arrived [on Sunday]" -> arrived)."""
    if token.dep_ in {"pobj", "compound"}:
        token = token.head
    if token.dep_ == "prep":
        token = token.head
    return token


def _ancestors(token: Token, *, inclusive: bool = False):  # type: ignore[no-untyped-def]
    if inclusive:
        yield token
    yield from token.ancestors


def _same_clause(a: Token, b: Token) -> bool:
    """No subordinate clause (an adverbial or relative clause's verb) stands between the two words in the
    tree: "deaths ... when a canopy collapsed in November" keeps November away from the protest."""
    a_path = [a, *a.ancestors]
    b_path = [b, *b.ancestors]
    common = next((t for t in a_path if t in b_path), None)
    if common is None:
        return False
    between = a_path[1 : a_path.index(common)] + b_path[1 : b_path.index(common)]
    return not any(t.pos_ in {"VERB", "AUX"} and t.dep_ in {"advcl", "relcl"} for t in between)


def _distance(a: Token, b: Token) -> tuple[int, int]:
    """Tree distance first, then linear distance: how close two tokens are in the parse."""
    a_path = [a, *a.ancestors]
    b_path = [b, *b.ancestors]
    common = next((t for t in a_path if t in b_path), None)
    tree = a_path.index(common) + b_path.index(common) if common is not None else 99
    return tree, abs(a.i - b.i)


def _pobj_subtree(prep: Token) -> list[Token]:
    """The object of a preposition, without its own place phrases ("demonstrators in northern Kosovo")."""
    tokens = [t for child in prep.children if child.dep_ in {"pobj", "pcomp"} for t in child.subtree]
    skip: set[int] = set()
    for token in tokens:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
                skip.update(_place_phrase(child))
    return [t for t in tokens if t.i not in skip]


def _place_phrase(prep: Token) -> set[int]:
    """A place phrase's tokens, without conjuncts the parser hung on it ("in Kosovo and NATO troops")."""
    phrase = {prep.i}
    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
        phrase.add(pobj.i)
        for child in pobj.children:
            if child.dep_ not in {"conj", "cc"}:
                phrase.update(t.i for t in child.subtree)
    return phrase


def _phrase_core(token: Token) -> list[Token]:
    """A noun phrase without its prepositional phrases and clauses ("the visit [to Serbia]"), conjuncts kept."""
    core = [token]
    for child in token.children:
        if (
            child.dep_ == "prep"
            and child.lower_ == "of"
            and token.lemma_.lower() in GENERIC_HEADS | QUANTITY_HEADS
        ):
            core.extend(child.subtree)  # "the island nation of Nauru"
            continue
        if child.dep_ in {"prep", "relcl", "acl", "advcl", "punct", "cc"}:
            continue
        core.extend(_phrase_core(child) if child.dep_ == "conj" else child.subtree)
    return sorted(core, key=lambda t: t.i)


def _without_clauses(token: Token) -> list[Token]:
    """A phrase's tokens without its relative clauses (which name other actors)."""
    skip = {t.i for child in token.children if child.dep_ in {"relcl", "acl"} for t in child.subtree}
    return [t for t in token.subtree if t.i not in skip]


def _mentions_dialogue(token: Token) -> bool:
    return any(
        t.lemma_.lower() in lexicon.DIALOGUE_WORDS or t.lower_ in lexicon.DIALOGUE_WORDS
        for t in token.subtree
    )


def _is_dated_act(verb: Token) -> bool:
    """ "recognised", "has recognised", "agreed to recognise": an act at a time, not a standing position."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return True
    return (
        verb.dep_ == "xcomp"
        and verb.head.tag_ == "VBD"
        and verb.head.lemma_.lower() in {"agree", "decide", "vote"}
    )


def _sought(token: Token) -> bool:
    """Joining that is only sought or planned ("seeking to join", "its bid to join", "no plans to join")."""
    chain = [token, *list(token.ancestors)[:3]]
    return any(t.lemma_.lower() in lexicon.SEEKING_WORDS for t in chain[1:]) or any(
        c.dep_ == "neg" or c.lower_ == "no" for t in chain for c in t.children
    )


def _counted_pair(token: Token) -> bool:
    return any(c.lower_ in {"two", "both"} for c in token.children) or token.lower_ in {
        "sides",
        "neighbours",
        "neighbors",
    }


def _military_context(token: Token) -> bool:
    words = {t.lower_ for t in token.sent}
    return _has_military_modifier(token) or bool(words & MILITARY_CONTEXT)


def _has_object(token: Token, lemmas: set[str]) -> bool:
    return any(c.dep_ == "dobj" and c.lemma_.lower() in lemmas for c in token.children)


def _agreement_object(token: Token) -> bool:
    return any(
        c.dep_ == "dobj" and c.lemma_.lower() in lexicon.BY_NAME["Agreement"].nouns for c in token.children
    )


def _governed_by(token: Token, lemmas: set[str]) -> bool:
    chain = _governing_chain(token)
    if any(t.lemma_.lower() in lemmas for t in chain[1:]):
        return True
    return token.dep_ == "nsubjpass" and token.head.lemma_.lower() in lemmas


def _has_military_modifier(token: Token) -> bool:
    return any(t.lower_ in lexicon.MILITARY_MODIFIERS for t in token.subtree if t.i < token.i) or any(
        t.lower_ in lexicon.MILITARY_MODIFIERS for t in token.head.subtree if t.i < token.i
    )


def _unique(referents: list[Referent]) -> list[Referent]:
    return list(dict.fromkeys(referents))
