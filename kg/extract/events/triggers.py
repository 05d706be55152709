"""Trigger words: which verbs and nouns announce an event, and of which class, given their place in the parse.

The rules are data (kg/data/lexicon, read by kg.extract.lexicon): each names a word, the event class it
announces (or none, a veto) and the conditions under which it does. This module is the engine: a small set of
named conditions over the parse, and the index that runs the verb+object patterns (events/patterns.py). The
first rule that holds for a word decides."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from kg.extract import lexicon
from kg.extract.events.patterns import PatternIndex
from kg.extract.issuer import is_statement
from kg.extract.lexicon import EventClass, Rule
from kg.extract.linking import Link
from kg.extract.spans import is_month_may, mandative_clause
from kg.facts import ACTOR_TYPES, ORGANISATION_TYPES, PLACE_TYPES, STATE_TYPES

Links = Mapping[int, Link]
PRONOUN_OBJECTS = {"him", "her", "them"}
DEFINITE = {"the", "this", "that", "its", "their", "these", "those"}
MODALS = {"will", "would", "could", "should", "may", "might", "can", "must", "'ll", "wo"}
CONDITIONAL_MODALS = {"would", "could", "might", "may"}


@dataclass(frozen=True)
class Trigger:
    """A word that announces an event: its class, the rule that said so, and the PLOVER type and mode."""

    event_class: EventClass
    rule: Rule
    lemma: str

    @property
    def rule_id(self) -> str:
        """The rule, and for word-list rules the word ("geokg.verb.Attack/shell")."""
        return f"{self.rule.id}/{self.lemma}" if len(self.rule.lemmas) > 1 else self.rule.id


def classify(token: Token, by_token: Links, patterns: Mapping[int, Sequence[Rule]] = {}) -> Trigger | None:
    """The event the token announces, if any; `by_token` holds the article's links by token, `patterns` the
    verb+object rules that matched at each token (see `match_patterns`)."""
    lemma = token.lemma_.lower()
    if _descriptive(token) or _alleged(token) or _a_right(token):
        return None
    if token.pos_ == "VERB":
        candidates = [*lexicon.WORD_RULES.get(("verb", lemma), ())]
        rules = [*lexicon.ANY_VERB_RULES, *_geokg_first(candidates, patterns.get(token.i, ()))]
        return _decide(rules, token, lemma, by_token)
    if token.pos_ == "ADJ":
        # "Such actions are inconsistent with international law": an evaluation said of something
        return _decide(lexicon.WORD_RULES.get(("adj", lemma), ()), token, lemma, by_token)
    if token.pos_ in {"NOUN", "PROPN"}:
        word = next(
            (w for w in (lemma, token.lower_, *_singular(token)) if ("noun", w) in lexicon.WORD_RULES), lemma
        )
        rules = lexicon.WORD_RULES.get(("noun", word), [])
        filtered = _noun_filtered(token)
        return _decide(
            [r for r in rules if r.unfiltered or not filtered or _compound_ok(r, token)],
            token,
            word,
            by_token,
        )
    return None


def _singular(token: Token) -> tuple[str, ...]:
    """ "Protests were held ..." after a headline: the tagger, reading on from the headline's words, can take a
    sentence's first word for a name and leave it unlemmatised; its singular forms are then tried."""
    if token.pos_ != "PROPN" or not token.is_sent_start or not token.lower_.endswith("s"):
        return ()
    return (token.lower_[:-1], token.lower_[:-2]) if token.lower_.endswith("es") else (token.lower_[:-1],)


def _a_right(token: Token) -> bool:
    """ "the right to peaceful protest", "a right to protest", "the freedom to demonstrate": a right names what may
    be done, not an act."""
    head = token.head.head if token.head.lower_ in {"to", "of"} and token.dep_ == "pobj" else token.head
    return head is not token and head.lemma_.lower() in {"right", "freedom"} and head.pos_ == "NOUN"


def _descriptive(token: Token) -> bool:
    """ "deported a group of visiting Serbs": a participle describing who someone is tells no act of its own."""
    return token.pos_ == "VERB" and token.tag_ in {"VBG", "VBN"} and token.dep_ == "amod"


# Words of criminal charges whose "of", "with" or "for" names what someone is held to have done: "faces charges
# of assaulting journalists", "was charged with attacking police", "suspected of being involved in an attack".
# Not the accusations between states ("traded accusations of fresh clashes"), which tell of clashes.
ALLEGING_WORDS = lexicon.WORDS["alleging_words"]


def _alleged(token: Token) -> bool:
    """An act someone is charged with, convicted or suspected of is the content of that charge (told as its own
    event, an Arrest or an Accusation), not an act the text tells as done."""
    chain = governing_chain(token)
    for below, word in zip(chain[1:5], chain[2:6], strict=False):
        if (
            below.dep_ == "prep"
            and below.lower_ in {"of", "with", "for"}
            and word.lemma_.lower() in ALLEGING_WORDS
        ):
            return True
    return False


def _geokg_first(word_rules: list[Rule], pattern_rules: Sequence[Rule]) -> list[Rule]:
    """GeoKG's own rules, then the dictionary's patterns that matched, then the dictionary's verbs."""
    own = [r for r in word_rules if r.source == "geokg"]
    dictionary = [r for r in word_rules if r.source != "geokg"]
    return own + list(pattern_rules) + dictionary


def _decide(rules: Sequence[Rule], token: Token, lemma: str, by_token: Links) -> Trigger | None:
    for rule in rules:
        if _holds_all(rule.when, token, by_token) and not _holds_any(rule.unless, token, by_token):
            return Trigger(rule.event_class, rule, lemma) if rule.event_class else None
    return None


def _noun_filtered(token: Token) -> bool:
    """Nouns that name no event of their own: a modifier ("accession talks"), a characterisation ("condemned
    the violence as an attack"), what is asked for ("urged both sides to return to talks"), or what is
    rehearsed, stopped or suspected ("drills simulating strikes", "suspend accession talks")."""
    if token.dep_ == "pobj" and token.head.lower_ == "as" and not _what_is_called(token.head.head):
        return True
    if token.dep_ in {"oprd", "xcomp", "attr"} and token.head.lemma_.lower() in CALLING_VERBS:
        return True  # "called it a cowardly and excessive attack": the event told, called by a name
    governors = governing_chain(token)[1:4]
    chain = [t.lemma_.lower() for t in governors]
    if any(word in lexicon.DEMANDING_VERBS or word in lexicon.NOT_REAL_WORDS for word in chain):
        return True
    if any(c.lower_ in HABITUAL_WORDS for t in governors for c in t.children if c.dep_ == "advmod"):
        return True  # "often makes exaggerated claims for its attacks": attacks in general, not one
    if _tallied(token):
        return True
    return token.dep_ == "compound"


HABITUAL_WORDS = lexicon.WORDS["habitual_words"]
VAGUE_QUANTITIES = {"numerous", "several", "many", "countless", "repeated", "frequent", "multiple"}
VAGUE_COUNTS = {"number", "dozen", "score", "hundred", "thousand"}


def _tallied(noun: Token) -> bool:
    """ "has witnessed a number of attacks", "numerous raids against militants": acts counted vaguely over a time
    the sentence does not date are a tally, background, not one event of the story."""
    if noun.tag_ != "NNS" or any(ent.label_ in {"DATE", "TIME"} for ent in noun.sent.ents):
        return False
    if any(c.dep_ == "amod" and c.lemma_.lower() in VAGUE_QUANTITIES for c in noun.children):
        return True
    counted = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    return counted is not None and counted.lemma_.lower() in VAGUE_COUNTS


CALLING_VERBS = lexicon.WORDS["calling_verbs"]


def _what_is_called(verb: Token) -> bool:
    """ "were killed in what Guterres described as the worst attack": a free relative that names the event
    told, not a characterisation of another one."""
    return any(c.lower_ == "what" and c.dep_ in {"dobj", "nsubj", "nsubjpass"} for c in verb.children)


def _compound_ok(rule: Rule, token: Token) -> bool:
    """ "military drills": a compound exercise noun still names the exercise, unless asked for or stopped."""
    if not rule.allow_compound or token.dep_ != "compound":
        return False
    chain = [t.lemma_.lower() for t in governing_chain(token)[1:4]]
    return not any(word in lexicon.DEMANDING_VERBS or word in lexicon.NOT_REAL_WORDS for word in chain)


def _holds_all(conditions: Mapping[str, Any], token: Token, by_token: Links) -> bool:
    return all(CONDITIONS[name](token, arg, by_token) for name, arg in conditions.items())


def _holds_any(conditions: Mapping[str, Any], token: Token, by_token: Links) -> bool:
    return any(CONDITIONS[name](token, arg, by_token) for name, arg in conditions.items())


# -- verb+object patterns ---------------------------------------------------------------------------------------

_PATTERNS: PatternIndex | None = None


def match_patterns(doc: Doc) -> dict[int, list[Rule]]:
    """The dictionary's verb+object rules that match in the doc, by the index of their verb, most specific
    (most nodes) first, then in lexicon order."""
    global _PATTERNS
    if not lexicon.PATTERN_RULES:
        return {}
    if _PATTERNS is None:
        _PATTERNS = PatternIndex([rule.pattern for rule in lexicon.PATTERN_RULES])
    return {
        verb: sorted((lexicon.PATTERN_RULES[key] for key in keys), key=lambda rule: -len(rule.pattern))
        for verb, keys in _PATTERNS.match(doc).items()
    }


# -- conditions ----------------------------------------------------------------------------------------------


def _words(arg: Any) -> frozenset[str]:
    return lexicon.words(arg)


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _lemma_in(token: Token, words: frozenset[str]) -> bool:
    return token.lemma_.lower() in words or token.lower_ in words


def _objects(token: Token) -> list[Token]:
    return _children(token, "dobj")


def _counted(nouns: list[Token]) -> list[Token]:
    """The nouns, what a quantity among them counts ("dozens of diplomats" names diplomats) and what an
    appositive calls a name among them ("Jesus Silva Fernandez, the Spanish Ambassador")."""
    counted = [
        pobj
        for noun in nouns
        if noun.lemma_.lower() in lexicon.WORDS["quantity_heads"]
        for of in _children(noun, "prep")
        if of.lower_ == "of"
        for pobj in _children(of, "pobj")
    ]
    called = [appos for noun in nouns if noun.pos_ == "PROPN" for appos in _children(noun, "appos")]
    return nouns + counted + called


def _object(token: Token, arg: Any, by_token: Links) -> bool:
    words = _words(arg)
    return any(_lemma_in(c, words) for c in _counted(_objects(token)))


def _object_or_passive(token: Token, arg: Any, by_token: Links) -> bool:
    words = _words(arg)
    return any(_lemma_in(c, words) for c in _counted(_children(token, "dobj", "nsubjpass")))


def _object_or_with(token: Token, arg: Any, by_token: Links) -> bool:
    """ "delivered tents", "supplied Russia with drones"."""
    words = _words(arg)
    objects = _objects(token) + [
        p for w in _children(token, "prep") if w.lower_ == "with" for p in _children(w, "pobj")
    ]
    return any(
        _lemma_in(c, words) or any(_lemma_in(m, words) for m in _children(c, "compound", "amod"))
        for c in objects
    )


def _object_possessor(token: Token, arg: Any, by_token: Links) -> bool:
    """Whose the object is, by a possessive word ("summoned its ambassador": the state's own envoy)."""
    words = _words(arg)
    return any(p.lower_ in words for c in _children(token, "dobj", "nsubjpass") for p in _children(c, "poss"))


def _object_phrase(token: Token, arg: Any, by_token: Links) -> bool:
    """The object, its modifiers or what it is given as ("a military aid package", "emergency relief
    supplies", "5 million dollars in humanitarian assistance")."""
    words = _words(arg)
    heads = _children(token, "dobj", "nsubjpass")
    heads += [
        p
        for h in [token, *heads]
        for w in _children(h, "prep")
        if w.lower_ in {"in", "of", "as"}
        for p in _children(w, "pobj")
    ]
    return any(_lemma_in(t, words) for c in heads for t in [c, *_children(c, "compound", "amod", "nmod")])


def _prep(token: Token, arg: Any, by_token: Links) -> bool:
    return any(c.lower_ in _words(arg) and not _of_time(c) for c in _children(token, "prep"))


def _prep_object(token: Token, arg: Mapping[str, Any], by_token: Links) -> bool:
    """A preposition with one of the words as its object ({"from": ["race"]}): "withdrew from the race"; "by" also
    as a passive's agent ("were killed by gunmen"); also the preposition a verb joined to it ends with, which
    both share ("nine soldiers have been killed and 20 wounded in an operation")."""
    shared = [c for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    for prep in (p for verb in (token, *shared) for p in _children(verb, "prep", "agent")):
        wanted = arg.get(prep.lower_)
        if wanted is not None and any(_lemma_in(p, _words(wanted)) for p in _children(prep, "pobj", "pcomp")):
            return True
    return False


def _child(token: Token, arg: Any, by_token: Links) -> bool:
    words = _words(arg)
    return any(c.lower_ in words or c.lemma_.lower() in words for c in token.children)


def _child_dep(token: Token, arg: Any, by_token: Links) -> bool:
    return bool(_children(token, *_words(arg)))


def _clause_mark(token: Token, arg: Any, by_token: Links) -> bool:
    """A clause of the verb opens with one of the words: "called for all parties to respect the ceasefire" (the
    parser hangs "for" on "respect")."""
    words = _words(arg)
    clauses = _children(token, "advcl", "ccomp", "xcomp")
    return any(c.lower_ in words for clause in clauses for c in _children(clause, "mark"))


def _particle(token: Token, arg: Any, by_token: Links) -> bool:
    """ "pulled out", "ruled out", "pulled its guards back" (the parser may call the particle an adverb)."""
    return any(c.lower_ in _words(arg) for c in _children(token, "prt", "advmod"))


def _xcomp(token: Token, arg: Any, by_token: Links) -> bool:
    return any(_lemma_in(c, _words(arg)) for c in _children(token, "xcomp"))


def _attr(token: Token, arg: Any, by_token: Links) -> bool:
    return any(_lemma_in(c, _words(arg)) for c in _children(token, "attr"))


def _tag(token: Token, arg: Any, by_token: Links) -> bool:
    return token.tag_ in _words(arg)


def _dep(token: Token, arg: Any, by_token: Links) -> bool:
    return token.dep_ in _words(arg)


def _head_lemma(token: Token, arg: Any, by_token: Links) -> bool:
    return token.head is not token and _lemma_in(token.head, _words(arg))


def _subtree(token: Token, arg: Any, by_token: Links) -> bool:
    words = _words(arg)
    return any(_lemma_in(t, words) for t in token.subtree if t is not token and not _of_a_quantity(t))


def _of_a_quantity(token: Token) -> bool:
    """ "fired at least one missile": the "at" of a quantity aims at nothing."""
    doc = token.doc
    return token.lower_ == "at" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in {"least", "most"}


def _of_time(preposition: Token) -> bool:
    """ "launched missiles on Tuesday", "called on Monday for talks": a preposition of time, no target."""
    return any(c.ent_type_ in {"DATE", "TIME"} for c in _children(preposition, "pobj"))


def _complement(token: Token, arg: Any, by_token: Links) -> bool:
    """ "called the attack unacceptable", "described the strike as a violation": what the object is called."""
    if _children(token, "prep") and any(
        c.lower_ in {"for", "on", "upon"} and not _of_time(c) for c in token.children
    ):
        return False  # "called on Russia", "called for restraint": no name given
    words = _words(arg)
    skip = {t.i for c in _children(token, "nsubj", "nsubjpass") for t in c.subtree}
    return any(_lemma_in(t, words) for t in token.subtree if t is not token and t.i not in skip)


def _linked(token: Token, arg: Any, by_token: Links) -> bool:
    deps = _words(arg)
    return any(
        c.dep_ in deps
        and (any(t.i in by_token for t in c.subtree) or _speaker_pronoun(c, by_token) or _statement_voice(c))
        for c in token.children
    )


def _statement_voice(token: Token) -> bool:
    """ "I firmly support the Declaration" in a statement its head line calls one: "I" and "we" are its
    issuer (the roles say who, or drop the event when no one is named)."""
    if token.dep_ != "nsubj" or token.lower_ not in {"i", "we"}:
        return False
    doc = token.doc
    if "statement_text" not in doc.user_data:
        doc.user_data["statement_text"] = is_statement(doc)
    return bool(doc.user_data["statement_text"])


def _speaker_pronoun(token: Token, by_token: Links) -> bool:
    """ "The army said it killed 15 militants": a pronoun subject of what a named speaker says is the speaker."""
    if token.dep_ not in {"nsubj", "nsubjpass"} or token.lower_ not in {"it", "they", "he", "she", "we"}:
        return False
    clause = token.head
    while clause.dep_ == "conj":
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in lexicon.SAY_VERBS:
        return False
    subjects = _children(clause.head, "nsubj")
    return any(
        s.lemma_.lower() in lexicon.GROUP_NOUNS or any(t.i in by_token for t in s.subtree) for s in subjects
    )


def _object_person(verb: Token, by_token: Links) -> bool:
    """The object itself is a named person ("visited Hasina"), not a place or a state."""
    return any(
        (link := by_token.get(obj.i)) is not None and link.referent.type == "Person" for obj in _objects(verb)
    )


def _object_actor(token: Token, arg: Any, by_token: Links) -> bool:
    """The object is someone: a linked actor or a group ("warned Japan", "arming the militias")."""
    for obj in _objects(token):
        for t in obj.subtree:
            link = by_token.get(t.i)
            if link is not None and link.actor.type in ACTOR_TYPES:
                return True
        if obj.lemma_.lower() in lexicon.GROUP_NOUNS or obj.lower_ in COUNTERPART_NOUNS:
            return True  # "received her counterpart": someone, though the parse hangs the name elsewhere
    return False


COUNTERPART_NOUNS = frozenset(lexicon.WORDS["counterpart_nouns"])
# Whom one speaks with in a meeting: named people, states and bodies, not generic groups.
NAMED_ACTOR_TYPES = STATE_TYPES | ORGANISATION_TYPES | {"Person"}


def _with_actor(token: Token, by_token: Links) -> bool:
    """ "spoke with Wang Yi", "discussed the crisis with Colombia", "talked with his counterpart": the one
    spoken with is a named person, state or body (not "reporters")."""
    # the parser may hang the "with" on what is discussed ("discuss bilateral issues with President Obiang",
    # "spoken about the attack with Santos")
    topics = [
        *_children(token, "dobj"),
        *(p for prep in _children(token, "prep") for p in _children(prep, "pobj")),
    ]
    for prep in [*_children(token, "prep"), *(p for topic in topics for p in _children(topic, "prep"))]:
        if prep.lower_ != "with":
            continue
        for pobj in _children(prep, "pobj"):
            if pobj.lower_ in COUNTERPART_NOUNS:
                return True
            if any(
                (link := by_token.get(t.i)) is not None and link.referent.type in NAMED_ACTOR_TYPES
                for t in pobj.subtree
            ):
                return True
    return False


def _object_state(token: Token, arg: Any, by_token: Links) -> bool:
    return any(
        (link := by_token.get(t.i)) is not None and link.referent.type in STATE_TYPES | PLACE_TYPES
        for obj in _objects(token)
        for t in obj.subtree
    )


def _object_place(token: Token, arg: Any, by_token: Links) -> bool:
    """The object itself names a state or place ("captured Kunduz"; not "seized a tanker in the strait")."""
    return any(
        (link := by_token.get(obj.i)) is not None and link.referent.type in STATE_TYPES | PLACE_TYPES
        for obj in _objects(token)
    )


def _released(token: Token, arg: Any, by_token: Links) -> bool:
    """The object is a person or people: "released 14 prisoners", "freed Gershkovich", "released them", "released
    22 of the policemen"."""
    for obj in map(_partitive, _children(token, "dobj", "nsubjpass")):
        if _lemma_in(obj, lexicon.WORDS["released_objects"]) or obj.lower_ in PRONOUN_OBJECTS:
            return True
        if any(
            (link := by_token.get(t.i)) is not None and link.referent.type == "Person" for t in obj.subtree
        ):
            return True
        if obj.tag_ in {"NNS", "NNPS"} and _people_of_a_state(obj, by_token):
            return True  # "freed five Americans"
    return False


PARTITIVE_WORDS = {"some", "most", "all", "many", "several", "dozens", "hundreds", "half", "rest", "none"}


def _partitive(obj: Token) -> Token:
    """ "22 of the more than 80 policemen", "some of the hostages": the people counted, not the count."""
    if not (obj.like_num or obj.lower_ in PARTITIVE_WORDS):
        return obj
    of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), obj) if of is not None else obj


def _people_of_a_state(token: Token, by_token: Links) -> bool:
    """A plural demonym, linked to its people or its state: "Americans", "two Britons"."""
    link = by_token.get(token.i)
    return link is not None and (link.referent.type in STATE_TYPES or link.referent.type == "EthnicGroup")


def _modal(token: Token, arg: Any, by_token: Links) -> bool:
    """Under a modal ("would continue to support"): an intention, not an act."""
    chain = [token, token.head] if token.dep_ in {"xcomp", "conj"} else [token]
    return any(c.lower_ in MODALS and not is_month_may(c) for t in chain for c in _children(t, "aux"))


def _conditional(token: Token, by_token: Links) -> bool:
    """Under a conditional modal ("would continue to support"): what someone says may happen, unlike the
    source's own "will continue to support"."""
    chain = [token, token.head] if token.dep_ in {"xcomp", "conj"} else [token]
    return any(c.lower_ in CONDITIONAL_MODALS for t in chain for c in _children(t, "aux"))


def _definite(token: Token, arg: Any, by_token: Links) -> bool:
    return any(c.lower_ in DEFINITE for c in _children(token, "det", "poss"))


def _any(token: Token, arg: Sequence[Mapping[str, Any]], by_token: Links) -> bool:
    return any(_holds_all(conditions, token, by_token) for conditions in arg)


def _flag(check: Callable[[Token, Links], bool]) -> Callable[[Token, Any, Links], bool]:
    """A yes/no condition: `"armed_subject": true` holds when the check does, `false` when it does not."""
    return lambda token, arg, by_token: check(token, by_token) == bool(arg)


def _dialogue(token: Token, by_token: Links) -> bool:
    return any(
        t.lemma_.lower() in lexicon.DIALOGUE_WORDS or t.lower_ in lexicon.DIALOGUE_WORDS
        for t in token.subtree
    )


def _agreement_object(token: Token, by_token: Links) -> bool:
    """What is signed is a deal: the object, what a quantity counts ("sign a number of memoranda"), or the
    subject of a passive to come ("agreements will be signed", "are scheduled to be signed")."""
    signed = _objects(token) + (_children(token, "nsubjpass") if _to_come(token) else [])
    return any(_noun_lemma(c) in lexicon.AGREEMENT_NOUNS for c in _counted(signed))


def _to_come(verb: Token) -> bool:
    """ "will be signed", "to be signed": a verb of what is still to happen."""
    return any(c.dep_ == "aux" and c.lower_ in {"will", "to", "shall", "'ll"} for c in verb.children)


def _noun_lemma(token: Token) -> str:
    """The lower-cased lemma; a capitalised plural keeps its "s" as its lemma ("the Accession Protocols")."""
    return token.lower_.removesuffix("s") if token.tag_ == "NNPS" else token.lemma_.lower()


def _subject(token: Token, arg: Any, by_token: Links) -> bool:
    """The subject is one of the words, or is modified by one ("a car bomb", "a drone strike")."""
    words = _words(arg)
    return any(
        _lemma_in(c, words) or any(_lemma_in(m, words) for m in _children(c, "compound"))
        for c in _children(token, "nsubj")
    )


def _evaluated(token: Token, arg: Any, by_token: Links) -> bool:
    """An adjective said of one of the words ("These allegations are baseless"): the subject of its copula."""
    words = _words(arg)
    head = token.head if token.dep_ == "acomp" else None
    if head is None or _children(head, "neg"):
        return False  # "the claims are not false"
    # "accusing Rwanda of support is wrong": a gerund clause as the subject
    return any(_lemma_in(c, words) for c in _children(head, "nsubj", "nsubjpass", "csubj"))


def _own_future(verb: Token, by_token: Links) -> bool:
    """ "Iran warned that it would close the strait": what the subject says it will do itself."""
    subjects = {c.lower_ for c in _children(verb, "nsubj")}
    for clause in _children(verb, "ccomp"):
        future = any(c.lower_ in lexicon.WORDS["future_auxiliaries"] for c in _children(clause, "aux"))
        own = any(
            c.lower_ in {"it", "they", "we", "he", "she"} or c.lower_ in subjects
            for c in _children(clause, "nsubj")
        )
        if future and own:
            return True
    return False


def _if_clause(verb: Token, by_token: Links) -> bool:
    """ "If Russia continues, we stand ready to impose further sanctions": the act, or a verb it is the
    complement of, hangs on an "if" or "unless" clause."""
    for token in governing_chain(verb)[:3]:
        for clause in _children(token, "advcl"):
            if any(c.lower_ in {"if", "unless"} for c in _children(clause, "mark")):
                return True
    return False


def _mandative(verb: Token, by_token: Links) -> bool:
    """ "requests that China provide", "insists that all parties should respect": an act asked for;
    "insisted that only Serbs were under threat" is a claim."""
    return any(mandative_clause(clause) for clause in _children(verb, "ccomp"))


def _object_name(verb: Token, by_token: Links) -> bool:
    """ "asked the Joint Verification Mechanism to investigate": the one asked is named, linked or not."""
    return any(c.pos_ == "PROPN" or c.ent_type_ in NAMED_BODIES for c in _children(verb, "dobj"))


NAMED_BODIES = {"ORG", "GPE", "NORP"}


def _gerund_of(noun: Token, by_token: Links) -> bool:
    """ "the importance of halting the aggression": an act to be done, not "the importance of ties"."""
    return any(
        c.tag_ == "VBG" for prep in _children(noun, "prep") if prep.lower_ == "of" for c in prep.children
    )


def _group_object(verb: Token, by_token: Links) -> bool:
    """ "asked the military to return to barracks": a generic group (the agents dictionaries') is asked."""
    return any(c.lemma_.lower() in lexicon.GROUP_NOUNS for c in _children(verb, "dobj"))


def _armed_subject(verb: Token, by_token: Links) -> bool:
    """Troops, gunmen, or a named armed group ("the Taliban seized power")."""
    return any(
        c.lemma_.lower() in lexicon.ARMED_NOUNS
        or c.lower_ in {"troops", "forces", "tanks"}
        or any(
            (link := by_token.get(t.i)) is not None and link.referent.type == "ArmedGroup" for t in c.subtree
        )
        for c in _children(verb, "nsubj")
    )


def _person_subject(verb: Token, by_token: Links) -> bool:
    return any(
        (link := by_token.get(t.i)) is not None and link.referent.type == "Person"
        for c in _children(verb, "nsubj", "nsubjpass")
        for t in c.subtree
    )


def _protesting_subject(verb: Token, by_token: Links) -> bool:
    return any(
        t.lemma_.lower() in lexicon.PROTESTER_NOUNS for c in _children(verb, "nsubj") for t in c.subtree
    )


def _object_organisation(token: Token, by_token: Links) -> bool:
    return any(
        (link := by_token.get(t.i)) is not None and link.referent.type in ORGANISATION_TYPES
        for obj in _objects(token)
        for t in obj.subtree
    )


def _attr_organisation(verb: Token, by_token: Links) -> bool:
    """ "became the 30th member of NATO"."""
    return any(
        (link := by_token.get(t.i)) is not None and link.referent.type in ORGANISATION_TYPES
        for c in _children(verb, "attr")
        for t in c.subtree
    )


def _sought(token: Token, by_token: Links) -> bool:
    """Joining that is only sought or planned ("seeking to join", "its bid to join", "no plans to join")."""
    chain = [token, *list(token.ancestors)[:3]]
    return any(t.lemma_.lower() in lexicon.SEEKING_WORDS for t in chain[1:]) or any(
        c.dep_ == "neg" or c.lower_ == "no" for t in chain for c in t.children
    )


def _dated_by_possessor(noun: Token, by_token: Links) -> bool:
    """ "Tuesday's European Union sanctions", "last week's raid": a day owns the act, done on it."""
    return any(c.dep_ == "poss" and c.ent_type_ == "DATE" for c in noun.children)


def _dated_act(verb: Token, by_token: Links) -> bool:
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


OBLIGING_AUX = {"must", "should"}
OBLIGING_VERBS = {"need", "have"}


def _obligation(verb: Token, by_token: Links) -> bool:
    """ "Russia must withdraw", "Serbia and Kosovo need to de-escalate", "North Korea must be held
    accountable": an act the text lays on a named actor (not "Should the DPRK ignore ...", a condition)."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in OBLIGING_VERBS and verb.head.pos_ == "VERB":
        holder = verb.head
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return False
    else:
        holder = verb
        auxes = [c for c in verb.children if c.dep_ == "aux" and c.lower_ in OBLIGING_AUX]
        if not auxes:
            return False
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects or any(aux.i < subject.i for aux in auxes for subject in subjects):
            return False
    subjects = [c for c in holder.children if c.dep_ in {"nsubj", "nsubjpass"}]
    named = any(
        (link := by_token.get(t.i)) is not None and link.actor.type in ACTOR_TYPES
        for c in subjects
        for t in c.subtree
    )
    # "the regime must release", "the authorities should investigate": a generic group is laid the act too
    group = any(c.lemma_.lower() in lexicon.GROUP_NOUNS or c.lower_ in lexicon.GROUP_NOUNS for c in subjects)
    return named or group


def _between_parties(token: Token, by_token: Links) -> bool:
    """ "shooting between the army and armed men", "shooting erupted between the army and armed men"."""
    return bool(between_preps(token))


def between_preps(token: Token) -> list[Token]:
    """The "between" of an act, on its word or, for its subject, on the verb that says it broke out."""
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "nsubj":
        token = token.head.head  # "a series of clashes broke out between": the series is the subject
    holders = [token, token.head] if token.dep_ == "nsubj" else [token]
    return [c for h in holders for c in _children(h, "prep") if c.lower_ == "between"]


def _auxpass(token: Token, by_token: Links) -> bool:
    return bool(_children(token, "auxpass"))


HOSTILE_CLAUSE_VERBS = lexicon.WORDS["hostile_clause_verbs"]


def hostile_clause(token: Token) -> Token | None:
    """ "were killed when Pakistan violated the ceasefire", "as gunmen opened fire": the clause of the hostile
    act the deaths came with, whose subject did it."""
    for clause in _children(token, "advcl"):
        marked = any(c.lower_ in {"when", "as"} for c in _children(clause, "mark", "advmod"))
        subjects = _children(clause, "nsubj")
        if marked and clause.lemma_.lower() in HOSTILE_CLAUSE_VERBS and subjects:
            return clause
        # "were killed when a mortar shell fired from Myanmar fell on the border"
        if marked and clause.lemma_.lower() in IMPACT_VERBS and any(_lemma_in(t, WEAPONS) for t in subjects):
            return clause
    return None


# What a shell or rocket does when it hits ("a mortar shell fell on the village").
IMPACT_VERBS = lexicon.WORDS["impact_verbs"]
WEAPONS = lexicon.WEAPONS


def _hostile_clause(token: Token, by_token: Links) -> bool:
    return hostile_clause(token) is not None


def _military_context(token: Token, by_token: Links) -> bool:
    words = {t.lower_ for t in token.sent}
    modifiers = lexicon.MILITARY_MODIFIERS
    return (
        any(t.lower_ in modifiers for t in token.subtree if t.i < token.i)
        or any(t.lower_ in modifiers for t in token.head.subtree if t.i < token.i)
        or bool(words & lexicon.MILITARY_CONTEXT)
    )


def _governed_by(token: Token, arg: Any, by_token: Links) -> bool:
    words = _words(arg)
    chain = governing_chain(token)
    if any(t.lemma_.lower() in words for t in chain[1:]):
        return True
    # "announced agreements reached by the committees", "sanctions imposed on Moscow": the participle after
    # the noun governs it as its verb would
    kept_or_broken = any(t.lemma_.lower() in lexicon.WORDS["kept_or_broken"] for t in chain[1:])
    if not kept_or_broken and any(
        c.tag_ == "VBN" and c.lemma_.lower() in words for c in _children(token, "acl")
    ):
        return True  # but "violated the consensus reached in 2019" is an old agreement
    return token.dep_ == "nsubjpass" and token.head.lemma_.lower() in words


CONDITIONS: dict[str, Callable[[Token, Any, Links], bool]] = {
    "object": _object,
    "object_or_passive": _object_or_passive,
    "object_or_with": _object_or_with,
    "object_phrase": _object_phrase,
    "object_possessor": _object_possessor,
    "prep": _prep,
    "prep_object": _prep_object,
    "child": _child,
    "child_dep": _child_dep,
    "clause_mark": _clause_mark,
    "subject": _subject,
    "evaluated": _evaluated,
    "particle": _particle,
    "xcomp": _xcomp,
    "attr": _attr,
    "tag": _tag,
    "dep": _dep,
    "head_lemma": _head_lemma,
    "subtree": _subtree,
    "complement": _complement,
    "linked": _linked,
    "governed_by": _governed_by,
    "object_actor": _object_actor,
    "with_actor": _flag(_with_actor),
    "object_state": _object_state,
    "object_place": _object_place,
    "released": _released,
    "modal": _modal,
    "definite": _definite,
    "any": _any,
    "dialogue": _flag(_dialogue),
    "agreement_object": _flag(_agreement_object),
    "armed_subject": _flag(_armed_subject),
    "object_person": _flag(_object_person),
    "group_object": _flag(_group_object),
    "mandative": _flag(_mandative),
    "own_future": _flag(_own_future),
    "object_name": _flag(_object_name),
    "gerund_of": _flag(_gerund_of),
    "if_clause": _flag(_if_clause),
    "person_subject": _flag(_person_subject),
    "protesting_subject": _flag(_protesting_subject),
    "object_organisation": _flag(_object_organisation),
    "attr_organisation": _flag(_attr_organisation),
    "sought": _flag(_sought),
    "dated_act": _flag(_dated_act),
    "dated_by_possessor": _flag(_dated_by_possessor),
    "conditional": _flag(_conditional),
    "obligation": _flag(_obligation),
    "auxpass": _flag(_auxpass),
    "hostile_clause": _flag(_hostile_clause),
    "between_parties": _flag(_between_parties),
    "military_context": _flag(_military_context),
}


def is_reference(trigger: Token) -> bool:
    """A noun trigger that is what someone condemns, denies or criticises names an event told elsewhere
    ("condemned the arrest", "denounced the surge of violence"), or what a pronoun says an event told before was
    ("It was Turkey's deadliest attack")."""
    if trigger.pos_ in {"NOUN", "PROPN"} and _said_of_it(trigger):
        return True
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ not in {"dobj", "pobj"}:
        return False
    if _talked_about(trigger):
        return True
    token = trigger
    for _ in range(3):
        governor = token.head if token.dep_ == "dobj" else token.head.head
        # "responded to the attack", not "responded with a wave of repression": the response itself
        if governor.lemma_.lower() in lexicon.REACTION_VERBS and token.head.lower_ != "with":
            return True
        if token.dep_ == "dobj" and _suppressed_by(governor):
            return True  # "Police began to break up the rally": the rally is the protesters', told already
        if token.dep_ != "pobj" or token.head.lower_ != "of" or governor.dep_ not in {"dobj", "pobj"}:
            return False
        token = governor
    return False


def _said_of_it(trigger: Token) -> bool:
    """ "It was the deadliest attack in years", "This is the first visit": the noun says what "it" was."""
    verb = trigger.head
    return (
        trigger.dep_ == "attr"
        and verb.lemma_ == "be"
        and any(c.dep_ == "nsubj" and c.lower_ in {"it", "this", "that"} for c in verb.children)
    )


def _suppressed_by(verb: Token) -> bool:
    """ "dispersed", "broke up", "banned": a verb of those who stop a gathering, not of those who hold it."""
    lemma = verb.lemma_.lower()
    return lemma in lexicon.WORDS["suppressing_verbs"] or (
        lemma == "break" and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
    )


def _talked_about(trigger: Token) -> bool:
    """ "traded accusations over the border shooting", "warned against any attack", "called for an end to the
    fighting": what the words are about or ask to end, not an act of whoever speaks."""
    if trigger.dep_ != "pobj":
        return False
    preposition = trigger.head
    if preposition.lower_ in lexicon.REFERENCE_PREPOSITIONS:
        return True
    ending = preposition.head
    if ending.pos_ == "VERB":  # "put an end to arbitrary detentions": the parser hangs "to" on the verb
        ending = next((c for c in ending.children if c.dep_ == "dobj"), ending)
    # asked for ("called for an end to", "demanded a halt of"), not a time ("at the end of the summit")
    asked = ending.dep_ == "dobj" or (ending.dep_ == "pobj" and ending.head.lower_ == "for")
    return preposition.lower_ in {"to", "of"} and _lemma_in(ending, lexicon.ENDING_NOUNS) and asked


def governing_chain(trigger: Token) -> list[Token]:
    """The trigger, then the verbs it hangs on ("advocating for the resumption", "his visit to", "is prepared
    to station"); not past a participle ("troops remain deployed": the subject is who was deployed)."""
    chain = [trigger]
    token = trigger
    while not (token.dep_ == "acomp" and token.tag_ == "VBN") and token.dep_ in {
        "xcomp",
        "pcomp",
        "pobj",
        "prep",
        "dobj",
        "advcl",
        "conj",
        "acl",
        "relcl",
        "ccomp",
        "acomp",
    }:
        if token.head is token:
            break
        token = token.head
        chain.append(token)
        if len(chain) > 6:
            break
    return chain
