"""Membership sought (`seeksMembership`): candidacies, applications, bids, accession talks; and a candidate's
membership ratified by the organisation's members."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.linking import Referent
from kg.extract.relations.grammar import applied_for, completed, core, subject_tokens
from kg.extract.relations.membership import member_relation
from kg.extract.relations.mention import RelationMention
from kg.extract.relations.referents import Referents

BID_WORDS = lexicon.WORDS["bid_words"]
RATIFICATION_VERBS = lexicon.WORDS["ratification_verbs"]


def membership_sought(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "Kosovo's path toward EU membership", "a candidate for EU membership", "membership negotiations with
    Ukraine", "Sweden's membership of NATO" still to be approved: membership sought, not held."""
    if noun.lemma_.lower() in {"negotiation", "talk"}:
        if not any(c.lower_ in {"membership", "accession"} for c in noun.children):
            return []
        candidates = [
            r
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "with"
            for r in ctx.states_in(c.subtree)
        ]
        organisations = ctx.organisations_in(core(next(iter(subject_tokens(noun)), noun)))
    else:
        candidates = [s for s in [ctx.possessor_state(noun)] if s]
        if noun.lemma_.lower() in {"candidate", "candidacy"} and not candidates:
            candidates = ctx.subject_states(noun.head) if noun.dep_ in {"attr", "appos"} else []
            if noun.dep_ == "appos":
                candidates = [s for s in [ctx.state_at(noun.head)] if s]
            if noun.dep_ == "compound" and noun.head.lemma_.lower() == "status":
                # "Ukraine was granted EU candidate status", "Moldova's candidate status"
                status = noun.head
                candidates = [s for s in [ctx.possessor_state(status)] if s] or ctx.subject_states(
                    status.head
                )
                return _sought(ctx, noun, candidates, ctx.organisations_in(status.subtree), sent)
        if not candidates and applied_for(noun):
            # "Sweden and Finland applied for NATO membership", "made the decision to apply for ..."
            candidates = ctx.subject_states(noun.head.head)
        organisations = ctx.organisations_in(noun.subtree)
    if candidates and not organisations and noun.lemma_.lower() == "membership":
        if not applied_for(noun):
            return _ratified_membership(ctx, noun, candidates, sent)
        # "Finland applied for membership in May": the organisation the text is about
        organisations = [o for o in [ctx.implied_organisation] if o]
    return _sought(ctx, noun, candidates, organisations, sent)


def _sought(
    ctx: Referents, noun: Token, candidates: list[Referent], organisations: list[Referent], sent: Span
) -> list[RelationMention]:
    if not candidates or not organisations or completed(noun):
        return []
    return [RelationMention("seeksMembership", c, organisations[0], sent, 0.75) for c in candidates]


def _ratified_membership(
    ctx: Referents, noun: Token, candidates: list[Referent], sent: Span
) -> list[RelationMention]:
    """ "Alliance members ratified Finland's membership": the organisation is its members, the subject. One
    member's ratification does not complete an accession, so it counts only when the gazetteer has the
    candidate a member on the article's date."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in RATIFICATION_VERBS or verb.tag_ != "VBD":
        return []
    organisations = ctx.organisations_in(t for c in verb.children if c.dep_ == "nsubj" for t in core(c))
    if not organisations:
        return []
    found = [member_relation(ctx, c, organisations[0], sent, since=None) for c in candidates]
    return [r for r in found if r.confidence >= 0.95]


def is_bid(token: Token) -> bool:
    """ "Ukraine's bid to join the EU", "membership" with a word of bidding in its head's phrase."""
    lemma = token.lemma_.lower()
    return lemma in BID_WORDS or (
        lemma == "membership" and any(c.lemma_ in BID_WORDS for c in token.head.subtree)
    )


def bid(ctx: Referents, token: Token, sent: Span) -> list[RelationMention]:
    candidate = ctx.possessor_state(token) or ctx.subject_state(token.head)
    organisations = ctx.organisations_in(list(token.subtree) + [t for t in token.head.subtree])
    if candidate is None or not organisations:
        return []
    return [RelationMention("seeksMembership", candidate, organisations[0], sent, 0.75)]
