"""An article's standing relations: posts sentence by sentence, then each token's first matching rule, then the
members listed after their organisation; repeats within the article kept once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import WORDS
from kg.extract.linking import Link
from kg.extract.relations import alignment, candidacy, membership, policies, recognition, territory
from kg.extract.relations.mention import RelationMention
from kg.extract.relations.modality import unasserted
from kg.extract.relations.posts import positions
from kg.extract.relations.referents import Referents
from kg.extract.spans import unique
from kg.gazetteer import Gazetteer

Applies = Callable[[Token], bool]
Find = Callable[[Referents, Token, Span], list[RelationMention]]


def _lemma(words: set[str] | frozenset[str], *, pos: str | None = None) -> Applies:
    return lambda token: token.lemma_.lower() in words and (pos is None or token.pos_ == pos)


def _about_independence(words: set[str]) -> Applies:
    return lambda token: (
        token.lemma_.lower() in words and any(t.lower_ == "independence" for t in token.subtree)
    )


def _friendly(words: set[str] | frozenset[str], *, pos: str | None = None) -> Applies:
    return lambda token: _lemma(words, pos=pos)(token) and alignment.is_friendly(token)


def _first(*finds: Find) -> Find:
    """The relations of the first rule that finds any."""
    return lambda ctx, token, sent: next((found for find in finds if (found := find(ctx, token, sent))), [])


# Each token goes to the first rule that applies to it, so the order matters: "claim" as a verb of regarding
# before the noun, "membership" sought before held.
RULES: list[tuple[Applies, Find]] = [
    (_lemma({"recognize", "recognise"}, pos="VERB"), recognition.recognition),
    (_about_independence({"reject", "dispute"}), recognition.rejected_independence),
    (_lemma({"regard", "consider", "claim", "view", "see"}, pos="VERB"), territory.territorial_claim),
    (
        _lemma({"membership", "accession", "path", "candidate", "candidacy", "negotiation", "talk"}),
        candidacy.membership_sought,
    ),
    (_about_independence({"declaration", "declare"}), recognition.independence),
    (_lemma({"claim"}, pos="NOUN"), territory.claim_noun),
    (_lemma(WORDS["support_verbs"], pos="VERB"), alignment.support),
    (_lemma(WORDS["solidarity_verbs"], pos="VERB"), alignment.solidarity),
    (_lemma(WORDS["supply_verbs"], pos="VERB"), alignment.arms_supply),
    (_lemma(WORDS["annexation_words"]), territory.annexation),
    (
        lambda token: (
            _lemma({"recognition", "tie", "relation"}, pos="NOUN")(token) and recognition.is_switch(token)
        ),
        recognition.switched_recognition,
    ),
    (_lemma({"recognition"}, pos="NOUN"), recognition.recognition_noun),
    (_lemma({"support", "backing"}, pos="NOUN"), alignment.support_noun),
    (_friendly({"ally", "partner"}, pos="NOUN"), alignment.close_ally),
    # "our Omani friends", "Russia's ally Belarus"; "NATO's 32nd Ally" is membership
    (_lemma(WORDS["friend_nouns"], pos="NOUN"), _first(alignment.close_ally, membership.membership)),
    (_friendly(WORDS["tie_nouns"]), alignment.friendship),
    (_lemma({"sanction"}, pos="NOUN"), policies.declined_sanctions),
    (_lemma({"neutrality"}), policies.neutrality),
    (_lemma({"neutral"}, pos="ADJ"), policies.neutral),
    (_lemma({"independent"}, pos="ADJ"), recognition.became_independent),
    (_lemma({"independence"}, pos="NOUN"), recognition.became_independent),
    (_lemma(WORDS["membership_nouns"], pos="NOUN"), membership.membership),
    (_lemma({"join"}, pos="VERB"), membership.joined),
    (_lemma(WORDS["admission_verbs"], pos="VERB"), membership.admitted),
    (candidacy.is_bid, candidacy.bid),
    (_lemma({"capital"}, pos="NOUN"), territory.capital),
]


def find_relations(
    doc: Doc, links: list[Link], gazetteer: Gazetteer, *, published: date | None
) -> list[RelationMention]:
    """Every standing relation of the doc, once per (type, subject, object, role)."""
    ctx = Referents(doc, links, gazetteer, published)
    found: list[RelationMention] = []
    for sent in doc.sents:
        found.extend(positions(ctx, sent))
        for token in sent:
            found.extend(_from_token(ctx, token, sent))
    found.extend(membership.listed(ctx))
    return unique(found, key=lambda r: (r.type, r.subject, r.object, r.role))


def _from_token(ctx: Referents, token: Token, sent: Span) -> list[RelationMention]:
    rule = next((find for applies, find in RULES if applies(token)), None)
    if rule is None or unasserted(token):
        return []
    return rule(ctx, token, sent)
