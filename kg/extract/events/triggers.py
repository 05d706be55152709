"""Trigger words: which verbs and nouns announce an event, and of which class, given their place in the parse."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Token

from kg.extract import lexicon
from kg.extract.lexicon import EventClass
from kg.extract.linking import Link
from kg.facts import ORGANISATION_TYPES

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
DEMANDING_VERBS = {"urge", "call", "demand", "ask", "appeal", "press", "push", "want", "invite"}
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


def classify(token: Token, by_token: Mapping[int, Link]) -> EventClass | None:
    """The event class the token announces, if any; `by_token` holds the article's links by token."""
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB"}:
        return _classify_verb(token, lemma, by_token)
    if token.pos_ in {"NOUN", "PROPN"}:
        return _classify_noun(token, lemma)
    return None


def _classify_verb(token: Token, lemma: str, by_token: Mapping[int, Link]) -> EventClass | None:
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
    if lemma == "disperse" and _has_object(token, {"crowd", "protester", "demonstrator", "protest", "rally"}):
        return lexicon.BY_NAME["Clash"]
    if lemma == "cross" and any(c.lower_ == "into" for c in token.children) and _armed_subject(token):
        return lexicon.BY_NAME["Attack"]
    if lemma == "join" and (_sought(token) or token.dep_ == "relcl"):
        return None  # "seeking to join", "which joined in 2004": a relation, not an accession today
    if lemma == "welcome" and not _has_link(token, {"nsubj"}, by_token):
        return None
    if lemma in {"gather", "march", "take"} and _protesting_subject(token):
        return lexicon.BY_NAME["Protest"]  # "thousands of protesters gathered outside parliament"
    if lemma == "become" and any(c.dep_ == "attr" and c.lemma_ == "member" for c in token.children):
        return lexicon.BY_NAME["Accession"] if _object_is_organisation_of(token, by_token) else None
    if lemma in {"approve", "ratify"} and _has_object(
        token, {"membership", "accession", "bid", "application"}
    ):
        return lexicon.BY_NAME["Agreement"]  # "voted to approve Sweden's membership"
    if _reduces_relations(token, lemma):
        return lexicon.BY_NAME["Sanction"]  # PLOVER SANCTION: expel, withdraw, discontinue
    if lemma in {"travel", "fly", "head"} and _person_subject(token, by_token) and _goes_to_a_place(token):
        return lexicon.BY_NAME["Visit"]  # "Blinken travelled to Seoul"
    if lemma == "suspend" and _has_object(token, {"membership", "aid", "cooperation", "talks"}):
        return lexicon.BY_NAME["Sanction"]  # "suspended Sudan's membership"
    if (
        lemma == "arrive"
        and _person_subject(token, by_token)
        and any(c.lower_ in {"in", "at"} for c in token.children)
    ):
        return lexicon.BY_NAME["Visit"]  # "Blinken arrived in Cairo"
    if (
        lemma in {"ask", "request"}
        and _has_link(token, {"dobj"}, by_token)
        and any(c.dep_ in {"xcomp", "prep"} for c in token.children)
    ):
        return lexicon.BY_NAME["Demand"]  # "asked Russia for military help", "ask KFOR to allow"
    if lemma == "attribute" and not any(c.lower_ == "to" for c in token.children):
        return None
    if lemma == "join" and not _object_is_organisation(token, by_token):
        return None
    if lemma in {"recognize", "recognise"} and not _is_dated_act(token):
        return None  # "does not recognise", "would no longer recognise": a standing relation
    if lemma == "meet" and any(c.dep_ == "auxpass" for c in token.children):
        return None  # "must be met with justice"
    if lemma == "demonstrate" and any(c.dep_ in {"dobj", "ccomp"} for c in token.children):
        return None  # "demonstrating its commitment" shows, it does not protest
    if lemma == "strike" and not _has_link(token, {"dobj"}, by_token):
        return None
    if lemma == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
        return None  # "shot down 38 drones": air defence, not an attack
    if lemma in {"agree", "sign"} and not _agreement_object(token) and lemma == "sign":
        return None
    return lexicon.VERB_TRIGGERS.get(lemma)


def _classify_noun(token: Token, lemma: str) -> EventClass | None:
    if lemma == "call" and _mentions_dialogue(token):
        return lexicon.BY_NAME["CallForDialogue"]
    if token.dep_ == "pobj" and token.head.lower_ == "as":
        return None  # "condemned the violence as an attack": a characterisation, not another event
    if token.dep_ == "compound" and lemma not in {"drill", "exercise"}:
        return None  # "accession talks", "protest leaders"
    if any(t.lemma_.lower() in DEMANDING_VERBS for t in governing_chain(token)[1:4]):
        return None  # "urged both sides to return to talks": the talks are what is asked for
    if any(t.lemma_.lower() in NOT_REAL_WORDS for t in governing_chain(token)[1:4]):
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


def is_reference(trigger: Token) -> bool:
    """A noun trigger that is what someone condemns, denies or criticises names an event told elsewhere."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ not in {"dobj", "pobj"}:
        return False
    governor = trigger.head if trigger.dep_ == "dobj" else trigger.head.head
    return governor.lemma_.lower() in REACTION_VERBS


def governing_chain(trigger: Token) -> list[Token]:
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


def _military_context(token: Token) -> bool:
    words = {t.lower_ for t in token.sent}
    return _has_military_modifier(token) or bool(words & MILITARY_CONTEXT)


def _has_military_modifier(token: Token) -> bool:
    return any(t.lower_ in lexicon.MILITARY_MODIFIERS for t in token.subtree if t.i < token.i) or any(
        t.lower_ in lexicon.MILITARY_MODIFIERS for t in token.head.subtree if t.i < token.i
    )


def _has_object(token: Token, lemmas: set[str]) -> bool:
    return any(c.dep_ == "dobj" and c.lemma_.lower() in lemmas for c in token.children)


def _agreement_object(token: Token) -> bool:
    return any(
        c.dep_ == "dobj" and c.lemma_.lower() in lexicon.BY_NAME["Agreement"].nouns for c in token.children
    )


def _governed_by(token: Token, lemmas: set[str]) -> bool:
    chain = governing_chain(token)
    if any(t.lemma_.lower() in lemmas for t in chain[1:]):
        return True
    return token.dep_ == "nsubjpass" and token.head.lemma_.lower() in lemmas


def _armed_subject(verb: Token) -> bool:
    return any(
        c.dep_ == "nsubj"
        and (c.lemma_.lower() in lexicon.ARMED_NOUNS or c.lower_ in {"troops", "forces", "tanks"})
        for c in verb.children
    )


def _person_subject(verb: Token, by_token: Mapping[int, Link]) -> bool:
    return any(
        c.dep_ == "nsubj"
        and any(by_token.get(t.i) and by_token[t.i].referent.type == "Person" for t in c.subtree)
        for c in verb.children
    )


def _has_link(token: Token, deps: set[str], by_token: Mapping[int, Link]) -> bool:
    return any(c.dep_ in deps and any(t.i in by_token for t in c.subtree) for c in token.children)


def _object_is_organisation(token: Token, by_token: Mapping[int, Link]) -> bool:
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return any(
        t.i in by_token and by_token[t.i].referent.type in ORGANISATION_TYPES
        for obj in objects
        for t in obj.subtree
    )


def _object_is_organisation_of(verb: Token, by_token: Mapping[int, Link]) -> bool:
    """ "became the 30th member of NATO"."""
    return any(
        t.i in by_token and by_token[t.i].referent.type in ORGANISATION_TYPES
        for c in verb.children
        if c.dep_ == "attr"
        for t in c.subtree
    )
