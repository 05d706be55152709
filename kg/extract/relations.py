"""Standing relations from the parse: posts held, (non-)recognition, membership, policies, alignment."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon
from kg.extract.linking import TITLE_HEADS, Link, Referent
from kg.extract.member_lists import listed_members
from kg.extract.post_titles import post_titled_before
from kg.extract.spans import index_by_token, phrase_core, unique
from kg.facts import ORGANISATION_TYPES, STATE_TYPES
from kg.gazetteer import Gazetteer, load_gazetteer

POLICY_NEUTRALITY = Referent(None, "Policy", "military neutrality")
FRIENDLY_ADJECTIVES = lexicon.WORDS["friendly_adjectives"]
TIE_NOUNS = lexicon.WORDS["tie_nouns"]
SUPPORT_VERBS = lexicon.WORDS["support_verbs"]
MEMBERSHIP_NOUNS = lexicon.WORDS["membership_nouns"]
BID_WORDS = lexicon.WORDS["bid_words"]
ADMISSION_VERBS = lexicon.WORDS["admission_verbs"]
SOLIDARITY_VERBS = lexicon.WORDS["solidarity_verbs"]
SOLIDARITY_PREPOSITIONS = lexicon.WORDS["solidarity_prepositions"]
SUPPLY_VERBS = lexicon.WORDS["supply_verbs"]
MILITARY_SUPPLIES = lexicon.WORDS["military_supplies"]
GENERIC_STATE_NOUNS = lexicon.WORDS["generic_state_nouns"]
ANNEXATION_WORDS = lexicon.WORDS["annexation_words"]
RECOGNITION_WITHDRAWN_VERBS = lexicon.WORDS["recognition_withdrawn_verbs"]
GENERIC_PLACE_NOUNS = lexicon.WORDS["generic_place_nouns"]
BOTH_WORDS = lexicon.WORDS["both_words"]
RATIFICATION_VERBS = lexicon.WORDS["ratification_verbs"]
APPLICATION_VERBS = lexicon.WORDS["application_verbs"]
# Referents that can receive arms: states, groups and people, not places or policies.
NOT_SUPPLIED = {"Place", "Region", "City", "Policy"}
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


if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@Language.factory(
    "geokg_relations",
    assigns=["doc._.relations"],
    requires=["doc._.links"],
    default_config={"gazetteer_path": None},
)
def make_relation_finder(nlp: Language, name: str, gazetteer_path: str | None) -> Callable[[Doc], Doc]:
    """Finds the doc's standing relations (`doc._.relations`), checked against the gazetteer's dated facts."""
    gazetteer = load_gazetteer(gazetteer_path)

    def find(doc: Doc) -> Doc:
        doc._.relations = find_relations(doc, doc._.links or [], gazetteer, published=doc._.published)
        return doc

    return find


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
        self.by_token = index_by_token(links)
        # "the Alliance" after NATO was named: the one alliance of the text, if it names only one
        alliances = unique(link.referent for link in links if link.referent.type == "Alliance")
        self.sole_alliance = alliances[0] if len(alliances) == 1 else None
        # the state last recognised or not, for "refuses to recognise it"
        self.last_recognised: Referent | None = None

    def run(self) -> list[RelationMention]:
        found: list[RelationMention] = []
        for sent in self.doc.sents:
            found.extend(self._positions(sent))
            for token in sent:
                found.extend(self._from_token(token, sent))
        found.extend(self._listed_members())
        return unique(found, key=lambda r: (r.type, r.subject, r.object, r.role))

    def _from_token(self, token: Token, sent: Span) -> list[RelationMention]:
        lemma = token.lemma_.lower()
        if lemma in {"recognize", "recognise"} and token.pos_ == "VERB":
            return self._recognition(token, sent)
        if lemma in {"reject", "dispute"} and any(t.lower_ == "independence" for t in token.subtree):
            return self._rejected_independence(token, sent)
        if lemma in {"regard", "consider", "claim", "view", "see"} and token.pos_ == "VERB":
            return self._territorial_claim(token, sent)
        if lemma in {"membership", "accession", "path", "candidate", "candidacy", "negotiation", "talk"}:
            return self._membership_sought(token, sent)
        if lemma == "declaration" and any(t.lower_ == "independence" for t in token.subtree):
            return self._independence(token, sent)
        if lemma == "declare" and any(t.lower_ == "independence" for t in token.subtree):
            return self._independence(token, sent)
        if lemma == "claim" and token.pos_ == "NOUN":
            return self._claim(token, sent)
        if lemma in SUPPORT_VERBS and token.pos_ == "VERB":
            return self._support(token, sent)
        if lemma in SOLIDARITY_VERBS and token.pos_ == "VERB":
            return self._solidarity(token, sent)
        if lemma in SUPPLY_VERBS and token.pos_ == "VERB":
            return self._arms_supply(token, sent)
        if lemma in ANNEXATION_WORDS:
            return self._annexation(token, sent)
        if lemma == "recognition" and token.pos_ == "NOUN":
            return self._recognition_noun(token, sent)
        if lemma in {"support", "backing"} and token.pos_ == "NOUN":
            return self._support_noun(token, sent)
        if lemma == "ally" and token.pos_ == "NOUN" and self._is_friendly(token):
            return self._close_ally(token, sent)
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
        if lemma in BID_WORDS or (
            lemma == "membership" and any(c.lemma_ in BID_WORDS for c in token.head.subtree)
        ):
            return self._bid(token, sent)
        if lemma == "capital" and token.pos_ == "NOUN":
            return self._capital(token, sent)
        return []

    # -- posts ------------------------------------------------------------------------------------------------
    def _positions(self, sent: Span) -> list[RelationMention]:
        """ "NATO Secretary General Jens Stoltenberg", "Serbian President Aleksandar Vucic", "President Vucic",
        "Vucic, Serbia's president,", and titles resolved to their holder ("NATO's Secretary General")."""
        found = []
        person_links = [
            link
            for link in self.links
            if sent.start <= link.start < sent.end and link.referent.type == "Person"
        ]
        for person in person_links:
            if person.title_of is not None:
                role = _role(self._post_title(person.referent, person.title_of) or person.title or "")
                found.append(
                    RelationMention("holdsPosition", person.referent, person.title_of, sent, 0.85, role=role)
                )
                continue
            title = self._title_before(person.start, sent) or self._title_after(person.end, sent)
            if title is None:
                found.extend(self._post_titled(person, sent))
            else:
                role, holder_of = title
                if holder_of is None:
                    found.extend(self._post_from_gazetteer(person.referent, role, sent))
                else:
                    found.append(self._position(person.referent, holder_of, role, sent))
        return found

    def _post_titled(self, person: Link, sent: Span) -> list[RelationMention]:
        """ "Secretary of Defense Lloyd Austin": a title the gazetteer's posts of the person know."""
        if person.referent.qid is None or self.published is None:
            return []
        posts = self.gazetteer.posts_of(person.referent.qid, at=self.published, open_ended=True)
        start = person.start
        # "Lloyd J. Austin III" linked from "J.": the given name before it belongs to the name, not the title
        while (
            start - 1 >= sent.start
            and self.doc[start - 1].text in person.referent.label.split()
            and start - 1 not in self.by_token
        ):
            start -= 1
        if start - 1 >= sent.start and self.doc[start - 1].text == ",":
            start -= 1
        words = self.doc[max(sent.start, start - 8) : start]

        def holder_at(i: int) -> str | None:
            link = self.by_token.get(i)
            if link is not None:
                return link.actor.qid
            # a state name the linker left to the person beside it ("for Burma Aung San Suu Kyi")
            states = [e.qid for e in self.gazetteer.lookup(self.doc[i].text) if e.type in STATE_TYPES]
            return states[0] if len(states) == 1 else None

        matched = post_titled_before(words, posts, holder_at)
        entry = self.gazetteer.by_qid(matched[0].organization_or_state_qid) if matched else None
        if matched is None or entry is None:
            return []
        post, role = matched
        holder = Referent(entry.qid, entry.type, entry.label)
        return [
            RelationMention(
                "holdsPosition",
                person.referent,
                holder,
                sent,
                0.9,
                since=post.start,
                until=post.end,
                role=role,
            )
        ]

    def _post_title(self, person: Referent, organisation: Referent) -> str | None:
        post = self._verified_post(person, organisation.qid)
        return post.position if post is not None else None

    def _post_from_gazetteer(self, person: Referent, role: str, sent: Span) -> list[RelationMention]:
        """ "President Aleksandar Vucic": the title names no state, the gazetteer's dated post does."""
        if person.qid is None or self.published is None:
            return []
        posts = [
            p
            for p in self.gazetteer.posts_of(person.qid, at=self.published)
            if _role(p.position).lower() == role.lower()
        ]
        holders = {p.organization_or_state_qid for p in posts}
        if len(holders) != 1:
            return []
        post = posts[0]
        entry = self.gazetteer.by_qid(post.organization_or_state_qid)
        if entry is None:
            return []
        holder = Referent(entry.qid, entry.type, entry.label)
        return [
            RelationMention(
                "holdsPosition", person, holder, sent, 0.9, since=post.start, until=post.end, role=role
            )
        ]

    def _title_before(self, start: int, sent: Span) -> tuple[str, Referent | None] | None:
        if start - 1 >= sent.start and self.doc[start - 1].text == ",":
            start -= 1  # "Serbia's foreign minister, Marko Djuric, said"
        window = self.doc[max(sent.start, start - 5) : start]
        text = " ".join(t.lower_ for t in window).replace(" - ", "-")
        for words, role in TITLE_HEADS.items():
            if words in {"head", "chief"} or not text.endswith(words):
                continue
            before = start - len(words.replace("-", " - ").split())
            if before - 1 >= sent.start and self.doc[before - 1].text in {"'s", "’s"}:
                before -= 1
            organisation = self.by_token.get(before - 1)
            if organisation is not None and organisation.actor.type in ORGANISATION_TYPES | STATE_TYPES:
                return role, organisation.actor
            return role, None
        return None

    def _title_after(self, end: int, sent: Span) -> tuple[str, Referent | None] | None:
        """ "Aleksandar Vucic, Serbia's president," or "Vucic, the Serbian president"."""
        if end >= sent.end or self.doc[end].text != ",":
            return None
        window = self.doc[end + 1 : min(sent.end, end + 6)]
        words = [t.lower_ for t in window]
        for title, role in TITLE_HEADS.items():
            parts = title.split()
            for i in range(len(words) - len(parts) + 1):
                if words[i : i + len(parts)] != parts:
                    continue
                after = window.start + i + len(parts)
                if (
                    after < len(self.doc)
                    and after in self.by_token
                    and self.by_token[after].referent.type == "Person"
                ):
                    return None  # ", Serbia's President Aleksandar Vucic": the title is the next person's
                organisations = [self.by_token[t.i].actor for t in window[:i] if t.i in self.by_token]
                organisations = [o for o in organisations if o.type in ORGANISATION_TYPES | STATE_TYPES]
                return role, (organisations[0] if organisations else None)
        return None

    def _position(self, person: Referent, holder_of: Referent, role: str, sent: Span) -> RelationMention:
        verified = self._verified_post(person, holder_of.qid)
        if verified is None:
            # "European Council President Charles Michel": the gazetteer files the post under the EU
            verified = self._post_naming(person, holder_of)
            if verified is not None:
                entry = self.gazetteer.by_qid(verified.organization_or_state_qid)
                holder_of = Referent(entry.qid, entry.type, entry.label) if entry else holder_of
        confidence = 0.95 if verified else 0.7
        since = until = None
        if verified is not None:
            since, until = verified.start, verified.end
        return RelationMention(
            "holdsPosition", person, holder_of, sent, confidence, since=since, until=until, role=role
        )

    def _post_naming(self, person: Referent, organisation: Referent):  # type: ignore[no-untyped-def]
        if person.qid is None:
            return None
        posts = self.gazetteer.posts_of(person.qid, at=self.published)
        return next((p for p in posts if organisation.label.casefold() in p.position.casefold()), None)

    def _verified_post(self, person: Referent, organisation_qid: str | None):  # type: ignore[no-untyped-def]
        if person.qid is None:
            return None
        posts = self.gazetteer.posts_of(person.qid, at=self.published)
        matching = [
            p for p in posts if organisation_qid is None or p.organization_or_state_qid == organisation_qid
        ]
        return matching[0] if matching else None

    # -- recognition and independence ------------------------------------------------------------------------
    def _recognition(self, verb: Token, sent: Span) -> list[RelationMention]:
        subjects = self._subject_states(verb)
        kind = "doesNotRecognize" if _negated(verb) or _no_longer(verb) else "recognizes"
        if _mutual(verb) and len(subjects) >= 2:  # "Israel and Kosovo agreed to recognise each other"
            a, b = subjects[:2]
            return [RelationMention(kind, a, b, sent, 0.85), RelationMention(kind, b, a, sent, 0.85)]
        objects = [r for r in self._states_in(_object_tokens(verb)) if r not in subjects]
        if objects:
            self.last_recognised = objects[0]
        elif any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children) and self.last_recognised:
            # "... have recognised Kosovo. Only Serbia refuses to recognise it."
            objects = [r for r in [self.last_recognised] if r not in subjects]
        return [RelationMention(kind, subject, objects[0], sent, 0.9) for subject in subjects if objects]

    def _recognition_noun(self, noun: Token, sent: Span) -> list[RelationMention]:
        """ "Germany became the first country to formalise its recognition of Kosovo"; "withdrew its recognition
        of Kosovo" ends it. Only a possessor names the recogniser ("calls for recognition of Palestine" names
        none)."""
        holder = self._possessor_state(noun)
        recognised = [
            r
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for r in self._states_in(c.subtree)
        ]
        recognised = [r for r in recognised if r != holder]
        if holder is None or not recognised or _negated(noun.head):
            return []
        withdrawn = noun.dep_ == "dobj" and noun.head.lemma_.lower() in RECOGNITION_WITHDRAWN_VERBS
        kind = "doesNotRecognize" if withdrawn else "recognizes"
        return [RelationMention(kind, holder, recognised[0], sent, 0.8)]

    def _rejected_independence(self, verb: Token, sent: Span) -> list[RelationMention]:
        """ "Serbia still rejects the declaration of independence that Pristina made in 2008"."""
        subjects = self._subject_states(verb)
        objects = [r for r in self._states_in(_object_tokens(verb)) if r not in subjects]
        return [
            RelationMention("doesNotRecognize", subject, objects[0], sent, 0.8)
            for subject in subjects
            if objects
        ]

    def _territorial_claim(self, verb: Token, sent: Span) -> list[RelationMention]:
        """ "Beijing regards Taiwan as part of its territory", "considers it a province of its own", "claims
        sovereignty over the islands"."""
        words = {t.lower_ for t in verb.subtree}
        if verb.lemma_.lower() == "claim" and any(c.dep_ == "agent" for c in verb.children):
            return self._claimed_by(verb, sent)
        if verb.lemma_.lower() == "claim" and "sovereignty" in words:
            claimants = self._subject_states(verb)
            claimed = [
                r for t in verb.subtree if t.lower_ == "over" for r in self._places_or_states(t.subtree)
            ]
            claimed = [r for r in claimed if r not in claimants]
            return [
                RelationMention("claimsTerritory", c, claimed[0], sent, 0.75)
                for c in claimants[:1]
                if claimed
            ]
        if not words & {"territory", "province", "part", "own"}:
            return []
        subjects = self._subject_states(verb)
        objects: list[Referent] = []
        for child in verb.children:
            if child.dep_ in {"dobj", "ccomp", "xcomp", "oprd"}:
                head = (
                    child
                    if child.dep_ == "dobj"
                    else next((c for c in child.children if c.dep_ == "nsubj"), child)
                )
                if head.lower_ in {"it", "them"}:
                    objects.extend(self._objects_before(head, exclude=subjects))
                else:
                    objects.extend(self._places_or_states(head.subtree))
        objects = [o for o in objects if o not in subjects]
        return [
            RelationMention("claimsTerritory", subject, objects[0], sent, 0.75)
            for subject in subjects[:1]
            if objects
        ]

    def _claimed_by(self, verb: Token, sent: Span) -> list[RelationMention]:
        """ "The islands are claimed by Japan", "The region is administered by Guyana but is claimed by
        Venezuela": the claimed is the passive subject, or the place last named when it is "the region"."""
        claimants = [r for c in verb.children if c.dep_ == "agent" for r in self._states_in(c.subtree)]
        subject = next(
            (c for t in [verb, *list(verb.ancestors)[:2]] for c in t.children if c.dep_ == "nsubjpass"), None
        )
        if subject is None or not claimants:
            return []
        claimed = [r for r in self._places_or_states(_core(subject)) if r not in claimants]
        if not claimed and subject.lemma_.lower() in GENERIC_PLACE_NOUNS and subject.pos_ == "NOUN":
            claimed = [r for r in [self._place_before(subject)] if r and r not in claimants]
        if not claimed:
            return []
        return [RelationMention("claimsTerritory", claimants[0], claimed[0], sent, 0.75)]

    def _place_before(self, token: Token) -> Referent | None:
        """The region or place last named in this sentence or the one before ("the region")."""
        previous = token.sent.start - 1
        start = self.doc[previous].sent.start if previous >= 0 else token.sent.start
        places = [
            link.actor
            for link in self.links
            if start <= link.start < token.i and link.actor.type in {"Region", "Place"}
        ]
        return places[-1] if places else None

    def _objects_before(self, pronoun: Token, *, exclude: list[Referent]) -> list[Referent]:
        earlier = [link.actor for link in self.links if pronoun.sent.start <= link.start < pronoun.i]
        return [r for r in reversed(earlier) if r.type in STATE_TYPES and r not in exclude][:1]

    def _places_or_states(self, tokens) -> list[Referent]:  # type: ignore[no-untyped-def]
        found = [self.by_token[t.i].actor for t in tokens if t.i in self.by_token]
        return unique(r for r in found if r.type in STATE_TYPES | {"Region", "Place"})

    def _independence(self, token: Token, sent: Span) -> list[RelationMention]:
        declarer = self._possessor_state(token) or self._clause_subject(token)
        if declarer is None and token.lemma_.lower() == "declare":
            declarer = self._subject_state(token)
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
        year = YEAR.search(
            " ".join(t.text for t in token.subtree) + " " + " ".join(t.text for t in token.children)
        )
        since = year.group(1) if year else None
        if since is None:
            year = YEAR.search(sent.text)
            since = year.group(1) if year else None
        return [RelationMention("declaredIndependenceFrom", declarer, origin, sent, 0.8, since=since)]

    def _clause_subject(self, noun: Token) -> Referent | None:
        """ "the declaration of independence that Pristina made": the subject of the noun's own clause."""
        for clause in (c for c in noun.children if c.dep_ in {"relcl", "acl"}):
            states = [s for c in clause.children if c.dep_ == "nsubj" for s in self._states_in(c.subtree)]
            if states:
                return states[0]
        return None

    def _claim(self, token: Token, sent: Span) -> list[RelationMention]:
        claimant = self._possessor_state(token)
        targets = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in {"on", "to", "over"}:
                targets = self._states_in(t for c in child.children for t in c.subtree)
        if claimant is None:
            found = self._claims_by(token, sent)
            if found:
                return found
        if (
            claimant is None
            and token.dep_ == "dobj"
            and token.head.lemma_.lower() in {"make", "lay", "press"}
        ):
            # "China makes territorial claims to the South China Sea": "to" hangs on the verb
            claimant = self._subject_state(token.head)
            territorial = any(c.lower_ in {"territorial", "maritime"} for c in token.children)
            for child in token.head.children:
                if territorial and child.dep_ == "prep" and child.lower_ in {"on", "to", "over"}:
                    targets = targets or self._places_or_states(child.subtree)
        if claimant is None or not targets or targets[0] == claimant:
            return []
        return [RelationMention("claimsTerritory", claimant, targets[0], sent, 0.75)]

    def _annexation(self, token: Token, sent: Span) -> list[RelationMention]:
        """ "Russia annexed Crimea", "Russia's annexation of Crimea", "the annexation of Crimea by Russia": the
        annexing state holds the land its own, whatever others recognise."""
        if token.pos_ == "VERB":
            if _negated(token) or token.tag_ not in {"VBD", "VBN", "VBZ", "VBP"}:
                return []
            agent = [c for c in token.children if c.dep_ == "agent"]
            annexers = self._states_in(agent[0].subtree) if agent else self._subject_states(token)
            if agent or any(c.dep_ == "nsubjpass" for c in token.children):
                annexed = self._places_or_states(
                    t for c in token.children if c.dep_ == "nsubjpass" for t in _core(c)
                )
            else:
                annexed = self._places_or_states(
                    t for c in token.children if c.dep_ == "dobj" for t in _core(c)
                )
        else:
            annexers = [s for s in [self._possessor_state(token)] if s] + [
                r
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "by"
                for r in self._states_in(c.subtree)
            ]
            annexed = [
                r
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for r in self._places_or_states(c.subtree)
            ]
        annexed = [r for r in annexed if r not in annexers]
        if not annexers or not annexed:
            return []
        return [RelationMention("claimsTerritory", annexers[0], annexed[0], sent, 0.8)]

    def _claims_by(self, noun: Token, sent: Span) -> list[RelationMention]:
        """ "the Kashmir region, which is subject to territorial claims by both countries": the claimants after
        "by" ("both countries": the two states the sentence names), the claimed the place the clause is about."""
        if not any(c.lower_ in {"territorial", "rival", "competing", "overlapping"} for c in noun.children):
            return []
        by = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"]
        if not by:
            return []
        claimants = self._states_in(by[0].subtree)
        if not claimants and any(t.lower_ in BOTH_WORDS for t in by[0].subtree):
            named = self._states_in(sent)
            claimants = named if len(named) == 2 else []
        clause = next((t for t in noun.ancestors if t.dep_ == "relcl"), None)
        claimed = self._places_or_states(_core(clause.head)) if clause is not None else []
        claimed = [r for r in claimed if r not in claimants]
        if not claimants or not claimed:
            return []
        return [RelationMention("claimsTerritory", c, claimed[0], sent, 0.7) for c in claimants]

    # -- alignment -----------------------------------------------------------------------------------------
    def _support(self, verb: Token, sent: Span) -> list[RelationMention]:
        subjects = self._subject_states(verb)
        objects = [r for r in self._states_in(_object_tokens(verb)) if r not in subjects]
        if not subjects:
            subjects = self._included_states(verb)
            # the backed is the direct object's ("supported Guyana's position"), never an adverbial's
            direct = [t for c in verb.children if c.dep_ == "dobj" for t in _core(c)]
            objects = [r for r in self._states_in(direct) if r not in subjects]
        if not objects or _negated(verb):
            return []
        return [RelationMention("supports", subject, objects[0], sent, 0.75) for subject in subjects]

    def _included_states(self, verb: Token) -> list[Referent]:
        """ "other countries supported Guyana's position, including Brazil and the UK": a generic subject whose
        members are named after "including" anywhere in the clause."""
        generic = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in GENERIC_STATE_NOUNS]
        if not generic:
            return []
        including = [t for t in verb.subtree if t.lower_ == "including" and t.dep_ == "prep"]
        return unique(r for t in including for r in self._states_in(t.subtree))

    def _solidarity(self, verb: Token, sent: Span) -> list[RelationMention]:
        """ "The United States will stand with Ukraine", "stands by its ally Armenia"."""
        subjects = self._subject_states(verb)
        backed = [
            r
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in SOLIDARITY_PREPOSITIONS
            for r in self._states_in(_core(next(iter(c.children), c)))
        ]
        backed = [r for r in backed if r not in subjects]
        if not backed or _negated(verb):
            return []
        return [RelationMention("supports", subject, backed[0], sent, 0.7) for subject in subjects]

    def _arms_supply(self, verb: Token, sent: Span) -> list[RelationMention]:
        """ "Iran provides weapons to the Houthis", "supplied Ukraine with missiles": arming is backing."""
        objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
        supplies = [
            t
            for t in verb.subtree
            if t.lemma_.lower() in MILITARY_SUPPLIES
            and t.pos_ == "NOUN"
            and t.head in {verb, *objects}
            or t.lemma_.lower() in MILITARY_SUPPLIES
            and t.head.lower_ == "with"
            and t.head.head == verb
        ]
        if not supplies or _negated(verb):
            return []
        subjects = self._subject_states(verb)
        receivers: list[Referent] = []
        for child in verb.children:
            if child.dep_ in {"dative", "prep"} and child.lower_ == "to":
                receivers.extend(self._armed_in(child.subtree))
            elif child.dep_ in {"dobj", "dative"} and child not in supplies:
                receivers.extend(self._armed_in(_core(child)))
        receivers = [r for r in receivers if r not in subjects]
        if not receivers:
            return []
        return [RelationMention("supports", subject, receivers[0], sent, 0.7) for subject in subjects]

    def _armed_in(self, tokens) -> list[Referent]:  # type: ignore[no-untyped-def]
        found = [self.by_token[t.i].actor for t in tokens if t.i in self.by_token]
        return unique(r for r in found if r.type not in NOT_SUPPLIED)

    def _support_noun(self, noun: Token, sent: Span) -> list[RelationMention]:
        """ "China's support for Serbia", "expressed support for Kyiv"."""
        backers = [s for s in [self._possessor_state(noun)] if s] or self._subject_states(noun.head)
        backed = [
            r
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ in {"for", "to"}
            for r in self._states_in(c.subtree)
        ]
        backed = [r for r in backed if r not in backers]
        if not backed or _negated(noun.head):
            return []
        return [RelationMention("supports", backer, backed[0], sent, 0.7) for backer in backers]

    def _close_ally(self, noun: Token, sent: Span) -> list[RelationMention]:
        """ "Belarus, a close ally of Russia", "Russia's close ally Belarus"."""
        partner = [s for s in [self._possessor_state(noun)] if s] + [
            r
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for r in self._states_in(c.subtree)
        ]
        named = self._state_at(noun.head) if noun.dep_ == "appos" else None
        named = named or next(iter(self._states_in(c for c in noun.children if c.dep_ == "appos")), None)
        if noun.dep_ in {"attr"}:
            named = named or self._subject_state(noun.head)
        if named is None or not partner or partner[0] == named:
            return []
        return [RelationMention("friendlyRelationsWith", named, partner[0], sent, 0.75)]

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
            parties = self._subject_states(noun.head) + parties
        parties = unique(parties)
        if len(parties) < 2:
            return []
        return [RelationMention("friendlyRelationsWith", parties[0], parties[1], sent, 0.8)]

    def _declined_sanctions(self, noun: Token, sent: Span) -> list[RelationMention]:
        """ "not participating in Western sanctions against Moscow", "refused to impose sanctions on Russia"."""
        chain = [noun, *list(noun.ancestors)[:4]]
        refusal = any(
            _negated(t) or t.lemma_.lower() in {"refuse", "decline", "abstain", "reject"} for t in chain
        )
        if not refusal:
            return []
        subject = next((s for t in chain if (s := self._subject_state(t) or self._possessor_state(t))), None)
        targets: list[Referent] = []
        for child in [
            *noun.children,
            *noun.head.children,
        ]:  # "impose sanctions on Russia" hangs "on" on the verb
            if child.dep_ == "prep" and child.lower_ in {"against", "on"}:
                targets = targets or self._states_in(t for c in child.children for t in c.subtree)
        if not targets:
            # "has not joined the sanctions": the sanctions the article spoke of before
            targets = [t for t in [self._sanctioned_before(noun)] if t]
        if subject is None or not targets or targets[0] == subject:
            return []
        return [RelationMention("declinesToSanction", subject, targets[0], sent, 0.8)]

    def _sanctioned_before(self, token: Token) -> Referent | None:
        for earlier in reversed(self.doc[: token.i]):
            if earlier.lemma_.lower() != "sanction":
                continue
            for child in earlier.children:
                if child.dep_ == "prep" and child.lower_ in {"against", "on"}:
                    states = self._states_in(t for c in child.children for t in c.subtree)
                    if states:
                        return states[0]
        return None

    def _membership_sought(self, noun: Token, sent: Span) -> list[RelationMention]:
        """ "Kosovo's path toward EU membership", "a candidate for EU membership", "membership negotiations with
        Ukraine", "Sweden's membership of NATO" still to be approved: membership sought, not held."""
        if noun.lemma_.lower() in {"negotiation", "talk"}:
            if not any(c.lower_ in {"membership", "accession"} for c in noun.children):
                return []
            candidates = [
                r
                for c in noun.children
                if c.dep_ == "prep" and c.lower_ == "with"
                for r in self._states_in(c.subtree)
            ]
            organisations = self._organisations_in(_core(next(iter(self._subject_tokens(noun)), noun)))
        else:
            candidates = [s for s in [self._possessor_state(noun)] if s]
            if noun.lemma_.lower() in {"candidate", "candidacy"} and not candidates:
                candidates = self._subject_states(noun.head) if noun.dep_ in {"attr", "appos"} else []
                if noun.dep_ == "appos":
                    candidates = [s for s in [self._state_at(noun.head)] if s]
            if not candidates and _applied_for(noun):
                # "Sweden and Finland applied for NATO membership", "made the decision to apply for ..."
                candidates = self._subject_states(noun.head.head)
            organisations = self._organisations_in(noun.subtree)
        if candidates and not organisations and noun.lemma_.lower() == "membership":
            return self._ratified_membership(noun, candidates, sent)
        if not candidates or not organisations or self._completed(noun):
            return []
        return [RelationMention("seeksMembership", c, organisations[0], sent, 0.75) for c in candidates]

    def _ratified_membership(
        self, noun: Token, candidates: list[Referent], sent: Span
    ) -> list[RelationMention]:
        """ "Alliance members ratified Finland's membership": the organisation is its members, the subject. One
        member's ratification does not complete an accession, so it counts only when the gazetteer has the
        candidate a member on the article's date."""
        verb = noun.head
        if noun.dep_ != "dobj" or verb.lemma_.lower() not in RATIFICATION_VERBS or verb.tag_ != "VBD":
            return []
        organisations = self._organisations_in(
            t for c in verb.children if c.dep_ == "nsubj" for t in _core(c)
        )
        if not organisations:
            return []
        found = [self._member_relation(c, organisations[0], sent, since=None) for c in candidates]
        return [r for r in found if r.confidence >= 0.95]

    def _subject_tokens(self, noun: Token) -> list[Token]:
        for token in [noun, *list(noun.ancestors)[:3]]:
            subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subjects:
                return subjects
        return []

    def _completed(self, noun: Token) -> bool:
        """ "became a member", "joined": membership held, which memberOf covers."""
        return any(
            t.lemma_.lower() in {"become", "complete", "join"} and t.tag_ in {"VBD", "VBZ"}
            for t in list(noun.ancestors)[:2]
        )

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
        if noun.dep_ in {"appos", "compound"}:  # "Poland, a NATO member", "NATO member Turkey"
            member = self._state_at(noun.head)
        elif noun.dep_ in {"attr", "oprd"}:
            member = next((s for s in [self._subject_state(noun.head)] if s), None)
        elif noun.dep_ == "pobj" and noun.head.lower_ == "as" and _admitting(noun.head.head):
            # "welcome Sweden as NATO's 32nd Ally", "admitted Finland as a member of the Alliance"
            admitted = [t for c in noun.head.head.children if c.dep_ == "dobj" for t in _core(c)]
            member = next(iter(self._states_in(admitted)), None)
            if not organisations and any(c.lower_ in {"its", "their"} for c in noun.children):
                admitter = [t for c in noun.head.head.children if c.dep_ == "nsubj" for t in _core(c)]
                organisations = self._organisations_in(admitter)
        if member is None:
            member = next(
                iter(self._states_in(t for c in noun.children if c.dep_ == "appos" for t in c.subtree)), None
            )
        if member is None or not organisations or _negated(noun.head):
            return []
        return [self._member_relation(member, organisations[0], sent, since=None)]

    def _joined(self, verb: Token, sent: Span) -> list[RelationMention]:
        subject = self._subject_state(verb)
        organisations = self._organisations_in(_object_tokens(verb))
        relative = next(
            (c for c in verb.children if c.dep_ == "dobj" and c.lower_ in {"which", "that"}), None
        )
        if relative is None and verb.head.dep_ == "relcl" and verb.dep_ == "xcomp":
            relative = next(
                (
                    c
                    for c in verb.head.children
                    if c.dep_ in {"dobj", "nsubj"} and c.lower_ in {"which", "that"}
                ),
                None,
            )
        if relative is not None:  # "the European Union, which Serbia aspires to join"
            clause = verb if verb.dep_ == "relcl" else verb.head
            organisations = self._organisations_in(_core(clause.head))
        if subject is not None and organisations and _sought_join(verb):
            return [RelationMention("seeksMembership", subject, organisations[0], sent, 0.8)]
        if subject is None or not organisations or _negated(verb) or verb.tag_ not in {"VBD", "VBN"}:
            return []
        year = YEAR.search(sent.text)
        since = year.group(1) if year else None
        # "when Albania and Croatia joined the Alliance": each conjunct joined
        joined = [subject, *[s for s in self._subject_states(verb) if s != subject]]
        return [self._member_relation(member, organisations[0], sent, since=since) for member in joined]

    def _member_relation(
        self, member: Referent, organisation: Referent, sent: Span, *, since: str | None
    ) -> RelationMention:
        confirmed = None
        if member.qid and organisation.qid:
            confirmed = self.gazetteer.is_member(member.qid, organisation.qid, at=self.published)
        confidence = {True: 0.95, None: 0.7, False: 0.35}[confirmed]
        if confirmed and since is None:
            since = next(
                (
                    m.start
                    for m in self.gazetteer.memberships_of(member.qid or "")
                    if m.organization_qid == organisation.qid
                ),
                None,
            )
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

    def _listed_members(self) -> list[RelationMention]:
        """ "the Arctic Council founding states -- Canada, Finland and Norway"; a member the gazetteer's member
        list contradicts is dropped, since a name after such a noun need not be one of its members."""
        found = []
        for member, organisation, at in listed_members(self.doc, self.links):
            relation = self._member_relation(member, organisation, self.doc[at].sent, since=None)
            if relation.confidence >= 0.5:
                found.append(relation)
        return found

    # -- helpers ----------------------------------------------------------------------------------------------
    def _state_at(self, token: Token) -> Referent | None:
        link = self.by_token.get(token.i)
        return link.actor if link and link.actor.type in STATE_TYPES else None

    def _states_in(self, tokens) -> list[Referent]:  # type: ignore[no-untyped-def]
        found = [self.by_token[t.i].actor for t in tokens if t.i in self.by_token]
        return unique(r for r in found if r.type in STATE_TYPES)

    def _organisations_in(self, tokens) -> list[Referent]:  # type: ignore[no-untyped-def]
        found: list[Referent] = []
        for t in tokens:
            if t.i in self.by_token:
                found.append(self.by_token[t.i].referent)
            elif t.text == "Alliance" and self.sole_alliance is not None:
                found.append(self.sole_alliance)
        return unique(r for r in found if r.type in ORGANISATION_TYPES)

    def _subject_state(self, verb: Token) -> Referent | None:
        subjects = self._subject_states(verb)
        return subjects[0] if subjects else None

    def _subject_states(self, verb: Token) -> list[Referent]:
        """The states that are the subject of the verb or of the verbs it depends on, through relative
        pronouns ("Serbia, which is a candidate") and conjuncts ("Russia and China ... backed"), with
        "like X" companions ("China, like Serbia, does not recognise")."""
        for token in [verb, *list(verb.ancestors)[:3]]:
            for child in token.children:
                if child.dep_ not in {"nsubj", "nsubjpass"}:
                    continue
                if child.lower_ in {"which", "who", "that"} and token.dep_ == "relcl":
                    states = self._states_in(_core(token.head))
                elif child.lower_ in {"it", "they"}:
                    states = [s for s in [self._antecedent_state(child)] if s]
                else:
                    states = self._states_in(_core(child))
                if states:
                    return states
            if token.dep_ == "relcl":
                return self._states_in(_core(token.head))
            if token.dep_ not in {"xcomp", "pcomp", "pobj", "prep", "advcl", "conj", "acl", "ccomp", "dobj"}:
                break
        return []

    def _antecedent_state(self, pronoun: Token) -> Referent | None:
        """ "it" refers back to the latest state that was a subject, in this sentence or the one before."""
        earlier = [link for link in self.links if link.start < pronoun.i and link.actor.type in STATE_TYPES]
        subjects = [link for link in earlier if self.doc[link.start].dep_ in {"nsubj", "nsubjpass"}]
        chosen = (subjects or earlier)[-1:]
        return chosen[0].actor if chosen else None

    def _possessor_state(self, noun: Token) -> Referent | None:
        for child in noun.children:
            if child.dep_ != "poss" and not _genitive(child):
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
    tokens: list[Token] = []
    for child in verb.children:
        if child.dep_ in {"dobj", "attr", "xcomp", "ccomp"}:
            tokens.extend(child.subtree)
        elif child.dep_ == "prep":
            tokens.extend(child.subtree)
    return tokens


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in {"refuse", "decline", "fail"}:
        return True  # "refuses to recognise"
    return any(c.dep_ == "neg" for c in token.head.children) if token.dep_ in {"xcomp", "pcomp"} else False


def _applied_for(noun: Token) -> bool:
    """ "apply for membership", "bid for accession": the noun sought through a verb of seeking, not negated."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in {"for", "to"}:
        return False
    verb = noun.head.head
    return verb.pos_ == "VERB" and verb.lemma_.lower() in APPLICATION_VERBS and not _negated(verb)


def _genitive(token: Token) -> bool:
    """ "Finland’s membership" parsed as a modifier with its "’s" rather than as a possessor."""
    return token.dep_ == "nmod" and any(c.dep_ == "case" and c.text in {"'s", "’s"} for c in token.children)


def _admitting(verb: Token) -> bool:
    return verb.pos_ == "VERB" and verb.lemma_.lower() in ADMISSION_VERBS and not _negated(verb)


def _mutual(verb: Token) -> bool:
    words = " ".join(t.lower_ for t in verb.subtree)
    return "each other" in words or "one another" in words


def _no_longer(verb: Token) -> bool:
    return any(c.lower_ == "longer" for c in verb.subtree if c.head == verb or c.head.head == verb)


def _sought_join(verb: Token) -> bool:
    chain = [verb, *list(verb.ancestors)[:2]]
    return any(
        t.lemma_.lower() in {"seek", "aspire", "want", "apply", "hope", "plan", "bid", "aim", "wish"}
        for t in chain
    )


def _role(position: str) -> str:
    """ "Secretary General of NATO" -> "Secretary General"."""
    return position.split(" of ")[0].strip()


def _core(token: Token) -> list[Token]:
    """A noun phrase without its clauses; conjuncts, "of" and "like X" kept ("China, like Serbia")."""
    return phrase_core(token, keep_prep=lambda prep: prep.lower_ in {"like", "of"})
