"""Questions to the dependency parse that every kind of relation asks: objects, negation, noun-phrase cores."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

from kg.extract import lexicon
from kg.extract.spans import phrase_core

APPLICATION_VERBS = lexicon.WORDS["application_verbs"]
ADMISSION_VERBS = lexicon.WORDS["admission_verbs"]
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def object_tokens(verb: Token) -> list[Token]:
    tokens: list[Token] = []
    for child in verb.children:
        if child.dep_ in {"dobj", "attr", "xcomp", "ccomp"}:
            tokens.extend(child.subtree)
        elif child.dep_ == "prep":
            tokens.extend(child.subtree)
    return tokens


def subject_tokens(noun: Token) -> list[Token]:
    """The subjects of the noun or of its nearest ancestors that have one."""
    for token in [noun, *list(noun.ancestors)[:3]]:
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects
    return []


def negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in {"refuse", "decline", "fail"}:
        return True  # "refuses to recognise"
    return any(c.dep_ == "neg" for c in token.head.children) if token.dep_ in {"xcomp", "pcomp"} else False


def applied_for(noun: Token) -> bool:
    """ "apply for membership", "bid for accession": the noun sought through a verb of seeking, not negated."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in {"for", "to"}:
        return False
    verb = noun.head.head
    return verb.pos_ == "VERB" and verb.lemma_.lower() in APPLICATION_VERBS and not negated(verb)


def genitive(token: Token) -> bool:
    """ "Finland’s membership" parsed as a modifier with its "’s" rather than as a possessor."""
    return token.dep_ == "nmod" and any(c.dep_ == "case" and c.text in {"'s", "’s"} for c in token.children)


def admitting(verb: Token) -> bool:
    return verb.pos_ == "VERB" and verb.lemma_.lower() in ADMISSION_VERBS and not negated(verb)


def mutual(verb: Token) -> bool:
    words = " ".join(t.lower_ for t in verb.subtree)
    return "each other" in words or "one another" in words


def no_longer(verb: Token) -> bool:
    return any(c.lower_ == "longer" for c in verb.subtree if c.head == verb or c.head.head == verb)


def sought_join(verb: Token) -> bool:
    """ "seeks to join", "plans to join"; "has no plans to join" seeks nothing."""
    chain = [verb, *list(verb.ancestors)[:2]]
    return any(
        t.lemma_.lower() in {"seek", "aspire", "want", "apply", "hope", "plan", "bid", "aim", "wish"}
        and not any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in t.children)
        for t in chain
    )


def completed(noun: Token) -> bool:
    """ "became a member", "joined": membership held, which memberOf covers."""
    return any(
        t.lemma_.lower() in {"become", "complete", "join"} and t.tag_ in {"VBD", "VBZ"}
        for t in list(noun.ancestors)[:2]
    )


def core(token: Token) -> list[Token]:
    """A noun phrase without its clauses; conjuncts, "of" and "like X" kept ("China, like Serbia")."""
    return phrase_core(token, keep_prep=lambda prep: prep.lower_ in {"like", "of"})


def land_of(tokens: Iterable[Token]) -> list[Token]:
    """The words that may name land, less a state named as the owner of a part of it ("Ukrainian territory",
    "parts of Georgia"): a part of a state is not the state."""
    return [t for t in tokens if not _owner_of_a_part(t)]


def _owner_of_a_part(token: Token) -> bool:
    head = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else token.head
    return token.dep_ in {"amod", "compound", "pobj", "poss"} and head.lemma_.lower() in PARTS_OF_LAND


PARTS_OF_LAND = frozenset(lexicon.WORDS["parts_of_land"])
