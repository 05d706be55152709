"""The article's linked referents, and how a token, a phrase or a pronoun resolves to one of them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cached_property

from spacy.tokens import Doc, Token

from kg.extract import lexicon
from kg.extract.issuer import named_issuer
from kg.extract.linking import Link, Referent
from kg.extract.relations.grammar import core, genitive
from kg.extract.spans import index_by_token, unique
from kg.facts import ORGANISATION_TYPES, STATE_TYPES
from kg.gazetteer import Gazetteer

# Referents that can receive arms: states, groups and people, not places or policies.
NOT_SUPPLIED = {"Place", "Region", "City", "Policy"}
FIRST_PERSON_PLURAL = {"we", "our", "us", "ours"}
GENERIC_STATE_NOUNS = lexicon.WORDS["generic_state_nouns"]


class Referents:
    """What every relation rule reads: the doc, its links indexed by token, the gazetteer and the article date."""

    def __init__(self, doc: Doc, links: list[Link], gazetteer: Gazetteer, published: date | None) -> None:
        self.doc = doc
        self.links = links
        self.gazetteer = gazetteer
        self.published = published
        self.by_token = index_by_token(links)
        # "the Alliance" after NATO was named: the one alliance of the text, if it names only one
        alliances = unique(link.referent for link in links if link.referent.type == "Alliance")
        self.sole_alliance = alliances[0] if len(alliances) == 1 else None
        # "applied to join", "applied for membership": the one alliance or international organisation the
        # text names
        bodies = unique(
            link.referent for link in links if link.referent.type in {"Alliance", "InternationalOrganization"}
        )
        self.implied_organisation = bodies[0] if len(bodies) == 1 else None
        # the state last recognised or not, for "refuses to recognise it"
        self.last_recognised: Referent | None = None

    def state_at(self, token: Token) -> Referent | None:
        link = self.by_token.get(token.i)
        return link.actor if link and link.actor.type in STATE_TYPES else None

    def states_in(self, tokens: Iterable[Token]) -> list[Referent]:
        found = [self.by_token[t.i].actor for t in tokens if t.i in self.by_token]
        return unique(r for r in found if r.type in STATE_TYPES)

    def places_or_states(self, tokens: Iterable[Token]) -> list[Referent]:
        found = [self.by_token[t.i].actor for t in tokens if t.i in self.by_token]
        return unique(r for r in found if r.type in STATE_TYPES | {"Region", "Place"})

    def armed_in(self, tokens: Iterable[Token]) -> list[Referent]:
        found = [self.by_token[t.i].actor for t in tokens if t.i in self.by_token]
        return unique(r for r in found if r.type not in NOT_SUPPLIED)

    def organisations_in(self, tokens: Iterable[Token]) -> list[Referent]:
        found: list[Referent] = []
        for t in tokens:
            if t.i in self.by_token:
                found.append(self.by_token[t.i].referent)
            elif t.text == "Alliance" and self.sole_alliance is not None:
                found.append(self.sole_alliance)
        return unique(r for r in found if r.type in ORGANISATION_TYPES)

    def subject_state(self, verb: Token) -> Referent | None:
        subjects = self.subject_states(verb)
        return subjects[0] if subjects else None

    def subject_states(self, verb: Token) -> list[Referent]:
        """The states that are the subject of the verb or of the verbs it depends on, through relative
        pronouns ("Serbia, which is a candidate") and conjuncts ("Russia and China ... backed"), with
        "like X" companions ("China, like Serbia, does not recognise")."""
        for token in [verb, *list(verb.ancestors)[:3]]:
            for child in token.children:
                if child.dep_ not in {"nsubj", "nsubjpass"}:
                    continue
                if child.lower_ in {"which", "who", "that"} and token.dep_ == "relcl":
                    states = self.states_in(core(token.head))
                elif child.lower_ in {"it", "they"}:
                    states = [s for s in [self.antecedent_state(child)] if s]
                elif child.lemma_.lower() in GENERIC_STATE_NOUNS and any(
                    c.dep_ == "poss" and c.lower_ in {"his", "her"} for c in child.children
                ):
                    states = [s for s in [self.person_state(child)] if s]  # "Vucic says his country will"
                else:
                    states = self.states_in(core(child))
                if states:
                    return states
            if token.dep_ == "relcl":
                return self.states_in(core(token.head))
            if token.dep_ not in {"xcomp", "pcomp", "pobj", "prep", "advcl", "conj", "acl", "ccomp", "dobj"}:
                break
        return []

    def person_state(self, token: Token) -> Referent | None:
        """ "his country": the state whose post the person last named before holds on the article's date."""
        people = [
            link.referent for link in self.links if link.start < token.i and link.referent.type == "Person"
        ]
        if not people or people[-1].qid is None or self.published is None:
            return None
        bodies = {
            p.organization_or_state_qid for p in self.gazetteer.posts_of(people[-1].qid, at=self.published)
        }
        entries = [
            e for e in (self.gazetteer.by_qid(q) for q in bodies) if e is not None and e.type in STATE_TYPES
        ]
        return Referent(entries[0].qid, entries[0].type, entries[0].label) if len(entries) == 1 else None

    def included_states(self, verb: Token) -> list[Referent]:
        """ "other countries supported Guyana's position, including Brazil and the UK": a generic subject whose
        members are named after "including" anywhere in the clause."""
        generic = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in GENERIC_STATE_NOUNS]
        if not generic:
            return []
        including = [t for t in verb.subtree if t.lower_ == "including" and t.dep_ == "prep"]
        return unique(r for t in including for r in self.states_in(t.subtree))

    def antecedent_state(self, pronoun: Token) -> Referent | None:
        """ "it" refers back to the latest state that was a subject, in this sentence or the one before; in
        a reported clause, to the state that reports it ("Nauru's government said it would")."""
        if pronoun.head.dep_ == "ccomp":
            speaker = [
                s for c in pronoun.head.head.children if c.dep_ == "nsubj" for s in self.states_in(core(c))
            ]
            if speaker:
                return speaker[0]
        earlier = [link for link in self.links if link.start < pronoun.i and link.actor.type in STATE_TYPES]
        subjects = [link for link in earlier if self.doc[link.start].dep_ in {"nsubj", "nsubjpass"}]
        chosen = (subjects or earlier)[-1:]
        return chosen[0].actor if chosen else None

    def possessor_state(self, noun: Token) -> Referent | None:
        for child in noun.children:
            if child.dep_ != "poss" and not genitive(child):
                continue
            if child.lower_ in {"its", "their"}:
                return self.last_state_before(child)
            if child.lower_ in FIRST_PERSON_PLURAL:
                we = self.first_person(child)
                return we if we is not None and we.type in STATE_TYPES else None
            states = self.states_in(child.subtree)
            if states:
                return states[0]
        return None

    def possessor_organisation(self, noun: Token) -> Referent | None:
        """ "its 32nd member": the organisation last named, a subject first; "our newest Ally": the speaker."""
        for child in noun.children:
            if child.dep_ != "poss":
                continue
            if child.lower_ in {"its", "their"}:
                earlier = [link for link in self.links if link.start < child.i]
                organisations = [link for link in earlier if link.actor.type in ORGANISATION_TYPES]
                subjects = [
                    link for link in organisations if self.doc[link.start].dep_ in {"nsubj", "nsubjpass"}
                ]
                chosen = (subjects or organisations)[-1:]
                return chosen[0].actor if chosen else None
            if child.lower_ in FIRST_PERSON_PLURAL:
                we = self.first_person(child)
                return we if we is not None and we.type in ORGANISATION_TYPES else None
        return None

    def first_person(self, token: Token) -> Referent | None:
        """ "we", "our": the state or organisation that is the subject of the clause ("The United States stands
        with our allies"), else the body that issued the text, or the state or organisation whose post its
        issuing official holds ("Statement from President Joe Biden": the United States)."""
        for clause in [token, *token.ancestors]:
            subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"} and c != token]
            if not subjects:
                continue
            named = [self.by_token[t.i].actor for c in subjects for t in core(c) if t.i in self.by_token]
            actors = [a for a in named if a.type in STATE_TYPES | ORGANISATION_TYPES]
            return actors[0] if actors else self.issuer
        return self.issuer

    @cached_property
    def issuer(self) -> Referent | None:
        issuer = named_issuer(self.doc, self.links, title=self.doc._.title)
        if issuer is None or issuer.type != "Person":
            return issuer
        if issuer.qid is None or self.published is None:
            return None
        bodies = {p.organization_or_state_qid for p in self.gazetteer.posts_of(issuer.qid, at=self.published)}
        entry = self.gazetteer.by_qid(bodies.pop()) if len(bodies) == 1 else None
        return Referent(entry.qid, entry.type, entry.label) if entry is not None else None

    def last_state_before(self, token: Token) -> Referent | None:
        """ "its" refers back to the latest state named in the sentence."""
        earlier = [link for link in self.links if token.sent.start <= link.start < token.i]
        states = [link for link in earlier if link.actor.type in STATE_TYPES]
        # A possessor or subject is a likelier antecedent than the object of a preposition.
        prominent = [link for link in states if self.doc[link.start].dep_ in {"poss", "nsubj", "nsubjpass"}]
        chosen = (prominent or states)[-1:]
        return chosen[0].actor if chosen else None

    def objects_before(self, pronoun: Token, *, exclude: list[Referent]) -> list[Referent]:
        """ "considers it a province": the state last named before the pronoun in its sentence."""
        earlier = [link.actor for link in self.links if pronoun.sent.start <= link.start < pronoun.i]
        return [r for r in reversed(earlier) if r.type in STATE_TYPES and r not in exclude][:1]

    def place_before(self, token: Token) -> Referent | None:
        """The region or place last named in this sentence or the one before ("the region")."""
        previous = token.sent.start - 1
        start = self.doc[previous].sent.start if previous >= 0 else token.sent.start
        places = [
            link.actor
            for link in self.links
            if start <= link.start < token.i and link.actor.type in {"Region", "Place"}
        ]
        return places[-1] if places else None
