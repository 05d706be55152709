"""A state's standing policies: neutrality (`hasPolicy`) and staying out of sanctions (`declinesToSanction`)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.linking import Referent
from kg.extract.relations.grammar import negated, no_longer
from kg.extract.relations.mention import RelationMention
from kg.extract.relations.referents import Referents

POLICY_NEUTRALITY = Referent(None, "Policy", "military neutrality")
NEUTRALITY_VERBS = lexicon.WORDS["neutrality_verbs"]
GENERIC_STATE_NOUNS = lexicon.WORDS["generic_state_nouns"]
REFUSAL_VERBS = {"refuse", "decline", "abstain", "reject", "block", "veto"}


def neutrality(ctx: Referents, token: Token, sent: Span) -> list[RelationMention]:
    """ "Serbia remains committed to military neutrality", "Switzerland's neutrality"."""
    holder = None
    for candidate in [token, *token.ancestors]:
        holder = ctx.possessor_state(candidate) or ctx.subject_state(candidate)
        if holder is not None:
            break
    if holder is None:
        return []
    military = any(c.lower_ == "military" for c in token.children)
    policy = POLICY_NEUTRALITY if military else Referent(None, "Policy", "neutrality")
    return [RelationMention("hasPolicy", holder, policy, sent, 0.8)]


def neutral(ctx: Referents, word: Token, sent: Span) -> list[RelationMention]:
    """ "Serbia will stay militarily neutral", "Switzerland remains neutral", "Austria, a neutral country"."""
    head = word.head
    holder = None
    if word.dep_ in {"acomp", "oprd", "ccomp"} and head.lemma_.lower() in NEUTRALITY_VERBS:
        holder = ctx.subject_state(head)
    elif word.dep_ == "amod" and head.lemma_.lower() in GENERIC_STATE_NOUNS:
        holder = ctx.state_at(head.head) if head.dep_ == "appos" else None
        holder = holder or (ctx.subject_state(head.head) if head.dep_ == "attr" else None)
    if holder is None or negated(head) or no_longer(head):
        return []
    military = any(c.lower_ in {"militarily", "military"} for c in word.children)
    policy = POLICY_NEUTRALITY if military else Referent(None, "Policy", "neutrality")
    return [RelationMention("hasPolicy", holder, policy, sent, 0.75)]


def declined_sanctions(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "not participating in Western sanctions against Moscow", "refused to impose sanctions on Russia",
    "blocked new EU sanctions against Russia"."""
    chain = [noun, *list(noun.ancestors)[:4]]
    refusal = any(negated(t) or t.lemma_.lower() in REFUSAL_VERBS for t in chain)
    if not refusal:
        return []
    subject = next((s for t in chain if (s := ctx.subject_state(t) or ctx.possessor_state(t))), None)
    targets: list[Referent] = []
    # "impose sanctions on Russia" hangs "on" on the verb
    for child in [*noun.children, *noun.head.children]:
        if child.dep_ == "prep" and child.lower_ in {"against", "on"}:
            targets = targets or ctx.states_in(t for c in child.children for t in c.subtree)
    if not targets:
        # "has not joined the sanctions": the sanctions the article spoke of before
        targets = [t for t in [_sanctioned_before(ctx, noun)] if t]
    if subject is None or not targets or targets[0] == subject:
        return []
    return [RelationMention("declinesToSanction", subject, targets[0], sent, 0.8)]


def _sanctioned_before(ctx: Referents, token: Token) -> Referent | None:
    for earlier in reversed(ctx.doc[: token.i]):
        if earlier.lemma_.lower() != "sanction":
            continue
        for child in earlier.children:
            if child.dep_ == "prep" and child.lower_ in {"against", "on"}:
                states = ctx.states_in(t for c in child.children for t in c.subtree)
                if states:
                    return states[0]
    return None
