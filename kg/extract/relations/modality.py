"""Whether a relation's word is stated as fact: not when a condition governs it ("if Sweden joins", "unless
Serbia recognises"), nor when it is another party's allegation ("accused Poland of arming the rebels")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import lexicon
from kg.extract.spans import ancestors

# "would never recognise": a refusal stated with a modal is still a refusal, so negation keeps the relation.
GOVERNING_DEPS = {"neg", "aux", "mark", "advmod"}
# A condition ("if", "unless", "whether") or another party's allegation; not modals, which news uses for
# futures in reported speech ("said Russia would continue to support Serbia").
UNASSERTING_WORDS = {"if", "unless", "whether"} | (lexicon.REPORTED_WORDS - {"claim"})


def unasserted(word: Token) -> bool:
    """A conditional or reported word governs the relation's word (its own clause and up to three heads, as
    far as the first conjunct: each predicate of "would not send weapons and recognised Kosovo" stands alone)."""
    chain = []
    for token in ancestors(word, inclusive=True):
        chain.append(token)
        if token.dep_ == "conj" or len(chain) == 4:
            break
    words = {t.lemma_.lower() for t in chain[1:]} | {
        c.lemma_.lower() for t in chain for c in t.children if c.dep_ in GOVERNING_DEPS
    }
    if words & lexicon.NEGATION_WORDS:
        return False
    return bool(words & UNASSERTING_WORDS)
