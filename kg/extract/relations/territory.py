"""Land held or claimed: territorial claims and annexations (`claimsTerritory`) and capitals (`capitalOf`)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.linking import Referent
from kg.extract.relations.grammar import core, land_of, negated
from kg.extract.relations.mention import RelationMention
from kg.extract.relations.referents import Referents

GENERIC_PLACE_NOUNS = lexicon.WORDS["generic_place_nouns"]
BOTH_WORDS = lexicon.WORDS["both_words"]


def territorial_claim(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
    """ "Beijing regards Taiwan as part of its territory", "considers it a province of its own", "claims
    sovereignty over the islands"."""
    words = {t.lower_ for t in verb.subtree}
    if verb.lemma_.lower() == "claim" and any(c.dep_ == "agent" for c in verb.children):
        return _claimed_by(ctx, verb, sent)
    if verb.lemma_.lower() == "claim" and "sovereignty" in words:
        claimants = ctx.subject_states(verb)
        claimed = [r for t in verb.subtree if t.lower_ == "over" for r in ctx.places_or_states(t.subtree)]
        claimed = [r for r in claimed if r not in claimants]
        return [
            RelationMention("claimsTerritory", c, claimed[0], sent, 0.75) for c in claimants[:1] if claimed
        ]
    if verb.lemma_.lower() == "claim" and not words & {"territory", "province", "part", "own"}:
        # "Morocco claims Western Sahara": a place, region or state as the direct object
        claimants = ctx.subject_states(verb)
        claimed = [r for c in verb.children if c.dep_ == "dobj" for r in ctx.places_or_states(core(c))]
        claimed = [r for r in claimed if r not in claimants]
        # "Armenia and Azerbaijan both claim Nagorno-Karabakh": each conjunct claims it
        return [RelationMention("claimsTerritory", c, claimed[0], sent, 0.7) for c in claimants if claimed]
    if not words & {"territory", "province", "part", "own"}:
        return []
    subjects = ctx.subject_states(verb)
    objects: list[Referent] = []
    for child in verb.children:
        if child.dep_ in {"dobj", "ccomp", "xcomp", "oprd"}:
            head = (
                child
                if child.dep_ == "dobj"
                else next((c for c in child.children if c.dep_ == "nsubj"), child)
            )
            if head.lower_ in {"it", "them"}:
                objects.extend(ctx.objects_before(head, exclude=subjects))
            else:
                objects.extend(ctx.places_or_states(head.subtree))
    objects = [o for o in objects if o not in subjects]
    return [
        RelationMention("claimsTerritory", subject, objects[0], sent, 0.75)
        for subject in subjects[:1]
        if objects
    ]


def _claimed_by(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
    """ "The islands are claimed by Japan", "The region is administered by Guyana but is claimed by
    Venezuela": the claimed is the passive subject, or the place last named when it is "the region"."""
    claimants = [r for c in verb.children if c.dep_ == "agent" for r in ctx.states_in(c.subtree)]
    subject = next(
        (c for t in [verb, *list(verb.ancestors)[:2]] for c in t.children if c.dep_ == "nsubjpass"), None
    )
    if subject is None or not claimants:
        return []
    claimed = [r for r in ctx.places_or_states(core(subject)) if r not in claimants]
    if not claimed and subject.lemma_.lower() in GENERIC_PLACE_NOUNS and subject.pos_ == "NOUN":
        claimed = [r for r in [ctx.place_before(subject)] if r and r not in claimants]
    if not claimed:
        return []
    return [RelationMention("claimsTerritory", claimants[0], claimed[0], sent, 0.75)]


def claim_noun(ctx: Referents, token: Token, sent: Span) -> list[RelationMention]:
    """ "China's claim to Taiwan", "China makes territorial claims to the South China Sea"."""
    claimant = ctx.possessor_state(token)
    targets = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"on", "to", "over"}:
            targets = ctx.states_in(t for c in child.children for t in c.subtree)
    if claimant is None:
        found = _claims_by(ctx, token, sent)
        if found:
            return found
    if claimant is None and token.dep_ == "dobj" and token.head.lemma_.lower() in {"make", "lay", "press"}:
        # "China makes territorial claims to the South China Sea": "to" hangs on the verb
        claimant = ctx.subject_state(token.head)
        territorial = any(c.lower_ in {"territorial", "maritime"} for c in token.children)
        for child in token.head.children:
            if territorial and child.dep_ == "prep" and child.lower_ in {"on", "to", "over"}:
                targets = targets or ctx.places_or_states(child.subtree)
    if claimant is None or not targets or targets[0] == claimant:
        return []
    return [RelationMention("claimsTerritory", claimant, targets[0], sent, 0.75)]


def _claims_by(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "the Kashmir region, which is subject to territorial claims by both countries": the claimants after
    "by" ("both countries": the two states the sentence names), the claimed the place the clause is about."""
    if not any(c.lower_ in {"territorial", "rival", "competing", "overlapping"} for c in noun.children):
        return []
    by = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"]
    if not by:
        return []
    claimants = ctx.states_in(by[0].subtree)
    if not claimants and any(t.lower_ in BOTH_WORDS for t in by[0].subtree):
        named = ctx.states_in(sent)
        claimants = named if len(named) == 2 else []
    clause = next((t for t in noun.ancestors if t.dep_ == "relcl"), None)
    claimed = ctx.places_or_states(core(clause.head)) if clause is not None else []
    claimed = [r for r in claimed if r not in claimants]
    if not claimants or not claimed:
        return []
    return [RelationMention("claimsTerritory", c, claimed[0], sent, 0.7) for c in claimants]


def annexation(ctx: Referents, token: Token, sent: Span) -> list[RelationMention]:
    """ "Russia annexed Crimea", "Russia's annexation of Crimea", "the annexation of Crimea by Russia": the
    annexing state holds the land its own, whatever others recognise."""
    if token.pos_ == "VERB":
        if negated(token) or token.tag_ not in {"VBD", "VBN", "VBZ", "VBP"}:
            return []
        agent = [c for c in token.children if c.dep_ == "agent"]
        annexers = ctx.states_in(agent[0].subtree) if agent else ctx.subject_states(token)
        if agent or any(c.dep_ == "nsubjpass" for c in token.children):
            annexed = ctx.places_or_states(
                t for c in token.children if c.dep_ == "nsubjpass" for t in core(c)
            )
        else:
            annexed = ctx.places_or_states(t for c in token.children if c.dep_ == "dobj" for t in core(c))
    else:
        annexers = [s for s in [ctx.possessor_state(token)] if s] + [
            r
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "by"
            for r in ctx.states_in(c.subtree)
        ]
        annexed = [
            r
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for r in ctx.places_or_states(land_of(c.subtree))
        ]
    annexed = [r for r in annexed if r not in annexers]
    if not annexers or not annexed:
        return []
    return [RelationMention("claimsTerritory", annexers[0], annexed[0], sent, 0.8)]


def capital(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "Serbia's capital, Belgrade": recorded when the gazetteer agrees."""
    state = ctx.possessor_state(noun)
    city_links = [ctx.by_token[c.i] for c in noun.children if c.dep_ == "appos" and c.i in ctx.by_token]
    if state is None or not city_links or not state.qid:
        return []
    city = city_links[0].referent
    if city.qid is None or ctx.gazetteer.capital(state.qid) != city.qid:
        return []
    return [RelationMention("capitalOf", city, state, sent, 0.95)]
