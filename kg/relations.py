"""Standing relations from the parse: posts held, (non-)recognition, membership, policies, alignment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.gazetteer import Gazetteer
from kg.linking import ORGANISATION_TYPES, STATE_TYPES, TITLE_HEADS, Link, Referent

POLICY_NEUTRALITY = Referent(None, "Policy", "military neutrality")
FRIENDLY_ADJECTIVES = {"friendly", "close", "warm", "good", "strong", "cordial", "strategic", "brotherly", "deep"}
TIE_NOUNS = {"tie", "relation", "relationship", "friendship", "partnership", "alliance", "bond"}
SUPPORT_VERBS = {"support", "back", "endorse", "champion"}
MEMBERSHIP_NOUNS = {"member", "ally"}
BID_WORDS = {"bid", "application", "aspiration", "candidacy", "ambition"}
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class RelationMention:
    type: str
    subject: Referent
    object: Referent
    sent: Span
    confidence: float
    since: str | None = None
    until: str | None = None
    role: str | None = None


def find_relations(
    doc: Doc, links: list[Link], gazetteer: Gazetteer, *, published: date | None
) -> list[RelationMention]:
    finder = _RelationFinder(doc, links, gazetteer, published)
    return finder.run()


class _RelationFinder:
    def __init__(self, doc: Doc, links: list[Link], gazetteer: Gazetteer, published: date | None) -> None:
        self.doc = doc
        self.links = links
        self.gazetteer = gazetteer
        self.published = published
        self.by_token = {i: link for link in links for i in range(link.start, link.end)}

    def run(self) -> list[RelationMention]:
        found: list[RelationMention] = []
        for sent in self.doc.sents:
            found.extend(self._positions(sent))
            for token in sent:
                found.extend(self._from_token(token, sent))
        return _unique(found)

    def _from_token(self, token: Token, sent: Span) -> list[RelationMention]:
        lemma = token.lemma_.lower()
        if lemma in {"recognize", "recognise"} and token.pos_ == "VERB":
            return self._recognition(token, sent)
        if lemma == "declaration" and any(t.lower_ == "independence" for t in token.subtree):
            return self._independence(token, sent)
        if lemma == "declare" and any(t.lower_ == "independence" for t in token.subtree):
            return self._independence(token, sent)
        if lemma == "claim" and token.pos_ == "NOUN":
            return self._claim(token, sent)
        if lemma in SUPPORT_VERBS and token.pos_ == "VERB":
            return self._support(token, sent)
        if lemma in TIE_NOUNS and self._is_friendly(token):
            return self._friendship(token, sent)
        if lemma == "sanction" and token.pos_ == "NOUN":
            return self._declined_sanctions(token, sent)
        if lemma == "neutrality":
            return self._neutrality(token, sent)
        if lemma in MEMBERSHIP_NOUNS and token.pos_ == "NOUN":
            return self._membership(token, sent)
        if lemma == "join" and token.pos_ == "VERB":
            return self._joined(token, sent)
        if lemma in BID_WORDS or (lemma == "membership" and any(c.lemma_ in BID_WORDS for c in token.head.subtree)):
            return self._bid(token, sent)
        if lemma == "capital" and token.pos_ == "NOUN":
            return self._capital(token, sent)
        return []

    # -- posts ------------------------------------------------------------------------------------------------
    def _positions(self, sent: Span) -> list[RelationMention]:
        """ "NATO Secretary General Jens Stoltenberg", "Serbia's President Aleksandar Vucic"."""
        found = []
        person_links = [link for link in self.links if sent.start <= link.start < sent.end and link.referent.type == "Person"]
        for person in person_links:
            title = self._title_before(person.start, sent)
            if title is None:
                continue
            role, holder_of = title
            found.append(self._position(person.referent, holder_of, role, sent))
        for link in person_links:
            if "title-at-date" in link.rule:
                post = self._verified_post(link.referent, None)
                if post is not None:
                    organisation = self.gazetteer.by_qid(post.organization_or_state_qid)
                    if organisation is not None:
                        holder = Referent(organisation.qid, organisation.type, organisation.label)
                        found.append(RelationMention("holdsPosition", link.referent, holder, sent, 0.85, role=_role(post.position)))
        return found

    def _title_before(self, start: int, sent: Span) -> tuple[str, Referent] | None:
        window = self.doc[max(sent.start, start - 5) : start]
        text = " ".join(t.lower_ for t in window)
        for words, role in TITLE_HEADS.items():
            if words in {"head", "chief"} or not text.endswith(words):
                continue
            before = start - len(words.split())
            if before - 1 >= sent.start and self.doc[before - 1].text in {"'s", "’s"}:
                before -= 1
            organisation = self.by_token.get(before - 1)
            if organisation is not None and organisation.referent.type in ORGANISATION_TYPES | STATE_TYPES:
                return role, organisation.referent
        return None

    def _position(self, person: Referent, holder_of: Referent, role: str, sent: Span) -> RelationMention:
        verified = self._verified_post(person, holder_of.qid)
        confidence = 0.95 if verified else 0.7
        since = until = None
        if verified is not None:
            since, until = verified.start, verified.end
        return RelationMention("holdsPosition", person, holder_of, sent, confidence, since=since, until=until, role=role)

    def _verified_post(self, person: Referent, organisation_qid: str | None):  # type: ignore[no-untyped-def]
        if person.qid is None:
            return None
        posts = self.gazetteer.posts_of(person.qid, at=self.published)
        matching = [p for p in posts if organisation_qid is None or p.organization_or_state_qid == organisation_qid]
        return matching[0] if matching else None

    # -- recognition and independence ------------------------------------------------------------------------
    def _recognition(self, verb: Token, sent: Span) -> list[RelationMention]:
        subject = self._subject_state(verb)
        objects = [r for r in self._states_in(_object_tokens(verb)) if r != subject]
        if subject is None or not objects:
            return []
        negated = _negated(verb)
        kind = "doesNotRecognize" if negated else "recognizes"
        return [RelationMention(kind, subject, obj, sent, 0.9) for obj in objects[:1]]

    def _independence(self, token: Token, sent: Span) -> list[RelationMention]:
        declarer = self._possessor_state(token) or self._subject_state(token)
        if declarer is None:
            return []
        origin = None
        for child in token.subtree:
            if child.lower_ == "from" and child.dep_ == "prep":
                origin = next(iter(self._states_in(c for c in child.subtree)), None)
        if origin is None:
            origin = next((r for r in self._states_in(sent) if r != declarer), None)
        if origin is None:
            return []
        year = YEAR.search(" ".join(t.text for t in token.subtree) + " " + " ".join(t.text for t in token.children))
        since = year.group(1) if year else None
        if since is None:
            year = YEAR.search(sent.text)
            since = year.group(1) if year else None
        return [RelationMention("declaredIndependenceFrom", declarer, origin, sent, 0.8, since=since)]

    def _claim(self, token: Token, sent: Span) -> list[RelationMention]:
        claimant = self._possessor_state(token)
        targets = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in {"on", "to", "over"}:
                targets = self._states_in(t for c in child.children for t in c.subtree)
        if claimant is None or not targets or targets[0] == claimant:
            return []
        return [RelationMention("claimsTerritory", claimant, targets[0], sent, 0.75)]

    # -- alignment -----------------------------------------------------------------------------------------
    def _support(self, verb: Token, sent: Span) -> list[RelationMention]:
        subject = self._subject_state(verb)
        objects = [r for r in self._states_in(_object_tokens(verb)) if r != subject]
        if subject is None or not objects or _negated(verb):
            return []
        return [RelationMention("supports", subject, objects[0], sent, 0.75)]

    def _is_friendly(self, noun: Token) -> bool:
        return any(c.lower_ in FRIENDLY_ADJECTIVES for c in noun.children if c.dep_ in {"amod", "compound"})

    def _friendship(self, noun: Token, sent: Span) -> list[RelationMention]:
        parties = []
        possessor = self._possessor_state(noun)
        if possessor is not None:
            parties.append(possessor)
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in {"with", "between"}:
                parties.extend(self._states_in(t for c in child.children for t in c.subtree))
        if len(parties) < 2 and noun.dep_ in {"dobj"}:
            parties = self._states_in(t for c in noun.head.children if c.dep_ == "nsubj" for t in c.subtree) + parties
        parties = list(dict.fromkeys(parties))
        if len(parties) < 2:
            return []
        return [RelationMention("friendlyRelationsWith", parties[0], parties[1], sent, 0.8)]

    def _declined_sanctions(self, noun: Token, sent: Span) -> list[RelationMention]:
        """ "not participating in Western sanctions against Moscow", "refused to impose sanctions on Russia"."""
        chain = [noun, *list(noun.ancestors)[:4]]
        refusal = any(_negated(t) or t.lemma_.lower() in {"refuse", "decline", "abstain", "reject"} for t in chain)
        if not refusal:
            return []
        subject = next((s for t in chain if (s := self._subject_state(t) or self._possessor_state(t))), None)
        targets = []
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in {"against", "on"}:
                targets = self._states_in(t for c in child.children for t in c.subtree)
        if subject is None or not targets or targets[0] == subject:
            return []
        return [RelationMention("declinesToSanction", subject, targets[0], sent, 0.8)]

    def _neutrality(self, token: Token, sent: Span) -> list[RelationMention]:
        holder = None
        for candidate in [token, *token.ancestors]:
            holder = self._possessor_state(candidate) or self._subject_state(candidate)
            if holder is not None:
                break
        if holder is None:
            return []
        military = any(c.lower_ == "military" for c in token.children)
        policy = POLICY_NEUTRALITY if military else Referent(None, "Policy", "neutrality")
        return [RelationMention("hasPolicy", holder, policy, sent, 0.8)]

    # -- membership -----------------------------------------------------------------------------------------
    def _membership(self, noun: Token, sent: Span) -> list[RelationMention]:
        """ "Poland, a NATO member", "NATO member Poland", "Finland became a member of NATO"."""
        organisations = self._organisations_in(
            [t for c in noun.children if c.dep_ in {"compound", "poss", "prep"} for t in c.subtree]
        )
        member = None
        if noun.dep_ == "appos":
            member = self._state_at(noun.head)
        elif noun.dep_ in {"attr", "oprd"}:
            member = next((s for s in [self._subject_state(noun.head)] if s), None)
        if member is None:
            member = next(iter(self._states_in(t for c in noun.children if c.dep_ == "appos" for t in c.subtree)), None)
        if member is None or not organisations or _negated(noun.head):
            return []
        return [self._member_relation(member, organisations[0], sent, since=None)]

    def _joined(self, verb: Token, sent: Span) -> list[RelationMention]:
        subject = self._subject_state(verb)
        organisations = self._organisations_in(_object_tokens(verb))
        if subject is None or not organisations or _negated(verb) or verb.tag_ not in {"VBD", "VBN"}:
            return []
        year = YEAR.search(sent.text)
        return [self._member_relation(subject, organisations[0], sent, since=year.group(1) if year else None)]

    def _member_relation(self, member: Referent, organisation: Referent, sent: Span, *, since: str | None) -> RelationMention:
        confirmed = None
        if member.qid and organisation.qid:
            confirmed = self.gazetteer.is_member(member.qid, organisation.qid, at=self.published)
        confidence = {True: 0.95, None: 0.7, False: 0.35}[confirmed]
        if confirmed and since is None:
            since = next((m.start for m in self.gazetteer.memberships_of(member.qid or "") if m.organization_qid == organisation.qid), None)
        return RelationMention("memberOf", member, organisation, sent, confidence, since=since)

    def _bid(self, token: Token, sent: Span) -> list[RelationMention]:
        candidate = self._possessor_state(token) or self._subject_state(token.head)
        organisations = self._organisations_in(list(token.subtree) + [t for t in token.head.subtree])
        if candidate is None or not organisations:
            return []
        return [RelationMention("seeksMembership", candidate, organisations[0], sent, 0.75)]

    def _capital(self, noun: Token, sent: Span) -> list[RelationMention]:
        """ "Serbia's capital, Belgrade": recorded when the gazetteer agrees."""
        state = self._possessor_state(noun)
        city_links = [self.by_token[c.i] for c in noun.children if c.dep_ == "appos" and c.i in self.by_token]
        if state is None or not city_links or not state.qid:
            return []
        city = city_links[0].referent
        if city.qid is None or self.gazetteer.capital(state.qid) != city.qid:
            return []
        return [RelationMention("capitalOf", city, state, sent, 0.95)]

    # -- helpers ----------------------------------------------------------------------------------------------
    def _state_at(self, token: Token) -> Referent | None:
        link = self.by_token.get(token.i)
        return link.actor if link and link.actor.type in STATE_TYPES else None

    def _states_in(self, tokens) -> list[Referent]:  # type: ignore[no-untyped-def]
        found = [self.by_token[t.i].actor for t in tokens if t.i in self.by_token]
        return list(dict.fromkeys(r for r in found if r.type in STATE_TYPES))

    def _organisations_in(self, tokens) -> list[Referent]:  # type: ignore[no-untyped-def]
        found = [self.by_token[t.i].referent for t in tokens if t.i in self.by_token]
        return list(dict.fromkeys(r for r in found if r.type in ORGANISATION_TYPES))

    def _subject_state(self, verb: Token) -> Referent | None:
        """The state that is the subject of the verb, or of the verb it depends on ("remains ... in not recognizing")."""
        for token in [verb, *list(verb.ancestors)[:3]]:
            for child in token.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    states = self._states_in(child.subtree)
                    if states:
                        return states[0]
            if token.dep_ not in {"xcomp", "pcomp", "pobj", "prep", "advcl", "conj", "acl", "ccomp", "dobj"}:
                break
        return None

    def _possessor_state(self, noun: Token) -> Referent | None:
        for child in noun.children:
            if child.dep_ != "poss":
                continue
            if child.lower_ in {"its", "their"}:
                return self._last_state_before(child)
            states = self._states_in(child.subtree)
            if states:
                return states[0]
        return None

    def _last_state_before(self, token: Token) -> Referent | None:
        """ "its" refers back to the latest state named in the sentence."""
        earlier = [link for link in self.links if token.sent.start <= link.start < token.i]
        states = [link for link in earlier if link.actor.type in STATE_TYPES]
        # A possessor or subject is a likelier antecedent than the object of a preposition.
        prominent = [link for link in states if self.doc[link.start].dep_ in {"poss", "nsubj", "nsubjpass"}]
        chosen = (prominent or states)[-1:] 
        return chosen[0].actor if chosen else None


def _object_tokens(verb: Token) -> list[Token]:
    tokens = []
    for child in verb.children:
        if child.dep_ in {"dobj", "attr", "xcomp", "ccomp"}:
            tokens.extend(child.subtree)
        elif child.dep_ == "prep":
            tokens.extend(child.subtree)
    return tokens


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    return any(c.dep_ == "neg" for c in token.head.children) if token.dep_ in {"xcomp", "pcomp"} else False


def _role(position: str) -> str:
    """ "Secretary General of NATO" -> "Secretary General"."""
    return position.split(" of ")[0].strip()


def _unique(found: list[RelationMention]) -> list[RelationMention]:
    seen: set[tuple[str, Referent, Referent, str | None]] = set()
    unique = []
    for relation in found:
        key = (relation.type, relation.subject, relation.object, relation.role)
        if key not in seen:
            seen.add(key)
            unique.append(relation)
    return unique
