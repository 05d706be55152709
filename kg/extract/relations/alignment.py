"""Who backs whom: `supports` (backing, solidarity, arms) and `friendlyRelationsWith` (allies, friendly ties)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.linking import Referent
from kg.extract.relations.grammar import core, negated, object_tokens
from kg.extract.relations.mention import RelationMention
from kg.extract.relations.referents import Referents
from kg.extract.spans import unique

FRIENDLY_ADJECTIVES = lexicon.WORDS["friendly_adjectives"]
SOLIDARITY_PREPOSITIONS = lexicon.WORDS["solidarity_prepositions"]
MILITARY_SUPPLIES = lexicon.WORDS["military_supplies"]


def support(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
    """ "Russia and China backed Serbia", "other countries supported Guyana's position, including Brazil"."""
    subjects = ctx.subject_states(verb)
    # the backed is the direct object ("backed Serbia's position"), not a place in its phrases ("defending the
    # country's territory near the border with Belarus"); without one, the verb's other complements
    direct = [t for c in verb.children if c.dep_ == "dobj" for t in core(c)]
    objects = [r for r in ctx.states_in(direct or object_tokens(verb)) if r not in subjects]
    if not subjects:
        subjects = ctx.included_states(verb)
        # the backed is the direct object's ("supported Guyana's position"), never an adverbial's
        direct = [t for c in verb.children if c.dep_ == "dobj" for t in core(c)]
        objects = [r for r in ctx.states_in(direct) if r not in subjects]
    if not objects or negated(verb):
        return []
    return [RelationMention("supports", subject, objects[0], sent, 0.75) for subject in subjects]


def solidarity(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
    """ "The United States will stand with Ukraine", "stands by its ally Armenia"."""
    subjects = ctx.subject_states(verb)
    # "stands shoulder to shoulder with Ukraine": the preposition may hang on the adverbial noun
    heads = [
        verb,
        *(c for c in verb.children if c.dep_ in {"advcl", "npadvmod", "advmod"} and c.pos_ == "NOUN"),
    ]
    backed = [
        r
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ in SOLIDARITY_PREPOSITIONS
        for r in ctx.states_in(core(next(iter(c.children), c)))
    ]
    backed = [r for r in backed if r not in subjects]
    if not backed or negated(verb):
        return []
    return [RelationMention("supports", subject, backed[0], sent, 0.7) for subject in subjects]


def arms_supply(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
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
    if not supplies or negated(verb):
        return []
    subjects = ctx.subject_states(verb)
    receivers: list[Referent] = []
    for child in verb.children:
        if child.dep_ in {"dative", "prep"} and child.lower_ == "to":
            receivers.extend(ctx.armed_in(child.subtree))
        elif child.dep_ in {"dobj", "dative"} and child not in supplies:
            receivers.extend(ctx.armed_in(core(child)))
    receivers = [r for r in receivers if r not in subjects]
    if not receivers:
        return []
    return [RelationMention("supports", subject, receivers[0], sent, 0.7) for subject in subjects]


def support_noun(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "China's support for Serbia", "expressed support for Kyiv"."""
    backers = [s for s in [ctx.possessor_state(noun)] if s] or ctx.subject_states(noun.head)
    backed = [
        r
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ in {"for", "to"}
        for r in ctx.states_in(c.subtree)
    ]
    backed = [r for r in backed if r not in backers]
    if not backed or negated(noun.head):
        return []
    return [RelationMention("supports", backer, backed[0], sent, 0.7) for backer in backers]


def is_friendly(noun: Token) -> bool:
    """ "a close ally", "closest partners", "friendly ties": the noun carries a word of friendship ("closer ties"
    to build are an aim, not ties had)."""
    return any(
        c.lower_ in FRIENDLY_ADJECTIVES or c.lemma_.lower() in FRIENDLY_ADJECTIVES
        for c in noun.children
        if c.dep_ in {"amod", "compound"} and c.tag_ != "JJR"
    )


def close_ally(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "Belarus, a close ally of Russia", "Russia's close ally Belarus", "Serbia, Moscow's closest ally";
    with the ally named by its people's adjective, the possessor first: "our Omani friends"."""
    if ctx.organisations_in(c for c in noun.children if c.dep_ in {"compound", "poss"}):
        return []  # "NATO allies", "the EU's partners": fellow members or the organisation's partners
    partner = [s for s in [ctx.possessor_state(noun)] if s] + [
        r for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for r in ctx.states_in(c.subtree)
    ]
    if not partner and noun.dep_ == "attr" and noun.tag_ in {"NNS", "NNPS"}:
        # "Japan and Australia are close partners": each other's
        pair = ctx.subject_states(noun.head)
        return (
            [RelationMention("friendlyRelationsWith", pair[0], pair[1], sent, 0.7)] if len(pair) >= 2 else []
        )
    named = ctx.state_at(noun.head) if noun.dep_ == "appos" else None
    named = named or next(iter(ctx.states_in(c for c in noun.children if c.dep_ == "appos")), None)
    if noun.dep_ in {"attr"}:
        named = named or ctx.subject_state(noun.head)
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "attr":
        named = named or ctx.subject_state(noun.head.head.head)  # "Poland is one of Ukraine's closest allies"
    if named is None and partner:
        modifiers = [r for r in ctx.states_in(c for c in noun.children if c.dep_ in {"amod", "compound"})]
        modifiers = [r for r in modifiers if r != partner[0]]
        if modifiers:
            return [RelationMention("friendlyRelationsWith", partner[0], modifiers[0], sent, 0.7)]
    if named is None or not partner or partner[0] == named:
        return []
    return [RelationMention("friendlyRelationsWith", named, partner[0], sent, 0.75)]


def friendship(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "Serbia has friendly ties with Russia", "the close relations between Serbia and China"."""
    parties = []
    possessor = ctx.possessor_state(noun)
    if possessor is not None:
        parties.append(possessor)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"with", "between"}:
            parties.extend(ctx.states_in(t for c in child.children for t in c.subtree))
    if len(parties) < 2 and noun.dep_ in {"dobj"}:
        parties = ctx.subject_states(noun.head) + parties
    parties = unique(parties)
    if len(parties) < 2:
        return []
    return [RelationMention("friendlyRelationsWith", parties[0], parties[1], sent, 0.8)]
