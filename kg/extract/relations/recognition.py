"""Recognition and its refusal (`recognizes`, `doesNotRecognize`) and declared independence
(`declaredIndependenceFrom`)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.linking import Referent
from kg.extract.relations.grammar import YEAR, core, land_of, mutual, negated, no_longer, object_tokens
from kg.extract.relations.mention import RelationMention
from kg.extract.relations.referents import Referents

RECOGNITION_WITHDRAWN_VERBS = lexicon.WORDS["recognition_withdrawn_verbs"]
INDEPENDENCE_VERBS = lexicon.WORDS["independence_verbs"]
SWITCH_VERBS = lexicon.WORDS["switch_verbs"]
# What a side may recognise or refuse that is no state: "the annexation", "the referendum", "the results".
RECOGNISED_ACTS = lexicon.WORDS["recognised_acts"]


def is_switch(noun: Token) -> bool:
    """ "switched its recognition", "shifted diplomatic ties": recognition moved from one state to another."""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in SWITCH_VERBS


def recognition(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
    """ "Spain refuses to recognise Kosovo", "five EU states, including Spain, do not recognise Kosovo"."""
    if any(c.dep_ == "agent" for c in verb.children):
        return _recognised_by(ctx, verb, sent)
    subjects = ctx.subject_states(verb) or ctx.included_states(verb)
    kind = "doesNotRecognize" if negated(verb) or no_longer(verb) else "recognizes"
    if mutual(verb) and len(subjects) >= 2:  # "Israel and Kosovo agreed to recognise each other"
        a, b = subjects[:2]
        return [RelationMention(kind, a, b, sent, 0.85), RelationMention(kind, b, a, sent, 0.85)]
    objects = [r for r in ctx.states_in(_recognised_tokens(verb)) if r not in subjects]
    if objects:
        ctx.last_recognised = objects[0]
    elif any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children) and ctx.last_recognised:
        # "... have recognised Kosovo. Only Serbia refuses to recognise it."
        objects = [r for r in [ctx.last_recognised] if r not in subjects]
    return [RelationMention(kind, subject, objects[0], sent, 0.9) for subject in subjects if objects]


def _recognised_tokens(verb: Token) -> list[Token]:
    """The object's words that may name the state recognised. Of an act ("Russia's annexations of Ukrainian
    territory", "the elections in South Ossetia"), not the side that did it, nor a state it took land from."""
    acts = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in RECOGNISED_ACTS]
    if not acts:
        return object_tokens(verb)
    doers = {t.i for act in acts for c in act.children if c.dep_ == "poss" for t in c.subtree}
    return [t for t in land_of(object_tokens(verb)) if t.i not in doers]


def _recognised_by(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
    """ "Kosovo is recognised by the United States", "Taiwan is recognised by 12 states, including Paraguay",
    "Kosovo's independence has been recognised by ...": the recognisers after "by", the recognised the subject."""
    agent = next(c for c in verb.children if c.dep_ == "agent")
    recognisers = ctx.states_in(agent.subtree)
    recognised = [
        r
        for c in verb.children
        if c.dep_ == "nsubjpass"
        for r in ctx.states_in(core(c))
        if r not in recognisers
    ]
    if not recognisers or not recognised:
        return []
    kind = "doesNotRecognize" if negated(verb) or no_longer(verb) else "recognizes"
    return [RelationMention(kind, r, recognised[0], sent, 0.85) for r in recognisers]


def recognition_noun(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "Germany became the first country to formalise its recognition of Kosovo"; "withdrew its recognition
    of Kosovo" ends it. Only a possessor names the recogniser ("calls for recognition of Palestine" names
    none)."""
    holder = ctx.possessor_state(noun)
    recognised = [
        r for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for r in ctx.states_in(c.subtree)
    ]
    recognised = [r for r in recognised if r != holder]
    if holder is None or not recognised or negated(noun.head):
        return []
    withdrawn = noun.dep_ == "dobj" and noun.head.lemma_.lower() in RECOGNITION_WITHDRAWN_VERBS
    kind = "doesNotRecognize" if withdrawn else "recognizes"
    return [RelationMention(kind, holder, recognised[0], sent, 0.8)]


def switched_recognition(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "Nauru switched its diplomatic recognition from Taiwan to China", "switched ties from Taipei to
    Beijing": the state now recognised follows "to", the one no longer recognised "from"."""
    verb = noun.head
    holder = ctx.possessor_state(noun) or ctx.subject_state(verb)
    preps = [c for t in (noun, verb) for c in t.children if c.dep_ == "prep"]
    left = [r for c in preps if c.lower_ == "from" for r in ctx.states_in(c.subtree) if r != holder]
    joined = [r for c in preps if c.lower_ == "to" for r in ctx.states_in(c.subtree) if r != holder]
    if holder is None or not left or not joined or negated(verb):
        return []
    return [
        RelationMention("doesNotRecognize", holder, left[0], sent, 0.8),
        RelationMention("recognizes", holder, joined[0], sent, 0.8),
    ]


def rejected_independence(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
    """ "Serbia still rejects the declaration of independence that Pristina made in 2008"."""
    subjects = ctx.subject_states(verb)
    objects = [r for r in ctx.states_in(_recognised_tokens(verb)) if r not in subjects]
    return [
        RelationMention("doesNotRecognize", subject, objects[0], sent, 0.8) for subject in subjects if objects
    ]


def independence(ctx: Referents, token: Token, sent: Span) -> list[RelationMention]:
    """ "Kosovo declared independence from Serbia in 2008", "Kosovo's declaration of independence"."""
    declarer = ctx.possessor_state(token) or _clause_subject(ctx, token)
    if declarer is None and token.lemma_.lower() == "declare":
        declarer = ctx.subject_state(token)
    if declarer is None:
        return []
    origin = None
    for child in token.subtree:
        if child.lower_ == "from" and child.dep_ == "prep":
            origin = next(iter(ctx.states_in(c for c in child.subtree)), None)
    if origin is None:
        origin = next((r for r in ctx.states_in(sent) if r != declarer), None)
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


def became_independent(ctx: Referents, word: Token, sent: Span) -> list[RelationMention]:
    """ "Kosovo became independent from Serbia in 2008", "Eritrea gained independence from Ethiopia": the state
    the subject broke from follows "from", else it is the one other state of the sentence."""
    verb = word.head
    if verb.lemma_.lower() not in INDEPENDENCE_VERBS or negated(verb) or no_longer(verb):
        return []
    if word.pos_ == "NOUN" and (word.dep_ != "dobj" or verb.lemma_.lower() == "declare"):
        return []  # "declared independence" is the declaration rule's
    declarer = ctx.subject_state(verb)
    if declarer is None:
        return []
    froms = [c for t in (word, verb) for c in t.children if c.dep_ == "prep" and c.lower_ == "from"]
    origins = [r for c in froms for r in ctx.states_in(c.subtree) if r != declarer]
    if not origins:
        others = [r for r in ctx.states_in(sent) if r != declarer]
        origins = others if len(others) == 1 else []
    if not origins:
        return []
    year = YEAR.search(sent.text)
    since = year.group(1) if year else None
    return [RelationMention("declaredIndependenceFrom", declarer, origins[0], sent, 0.75, since=since)]


def _clause_subject(ctx: Referents, noun: Token) -> Referent | None:
    """ "the declaration of independence that Pristina made": the subject of the noun's own clause."""
    for clause in (c for c in noun.children if c.dep_ in {"relcl", "acl"}):
        states = [s for c in clause.children if c.dep_ == "nsubj" for s in ctx.states_in(c.subtree)]
        if states:
            return states[0]
    return None
