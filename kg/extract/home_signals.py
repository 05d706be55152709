"""More evidence of the state a text speaks for or from, for the bare post titles of `home_posts`: a government
named after its head ("the Albanese Government", "the Kishida Cabinet"), and a state's government acting as the
subject of a clause ("The New Zealand Government welcomes ...", "the Government of Japan will continue ...").
Releases speak so of their own government; a demand on another's ("the Russian Government must stop") is not
counted, and two states' governments give no answer. A first-person text's own people are the one state's whose
name is put to the words the text puts "our" to ("British nationals ... bringing our nationals home")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from spacy.tokens import Span, Token

from kg.gazetteer import Gazetteer
from kg.names import fold_name

# A surname before the word for a government ("the Albanese Government"); a head of government's government.
LEADERS_GOVERNMENT = re.compile(
    r"\b(?P<surname>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:'s|’s)?\s+(?:Government|government|Cabinet|cabinet)\b"
)
# The posts whose holder a government is named after.
HEADS = ("Prime Minister", "President", "Chancellor", "Federal Chancellor", "Premier", "Taoiseach")
GOVERNMENT_WORDS = frozenset({"government", "cabinet"})
# The people of a state, which a text calls "our" only when the state is its own (not "our friends", "our forces",
# which a text sets against another's).
OWN_PEOPLE_NOUNS = frozenset({"national", "citizen", "compatriot", "taxpayer", "diplomat", "embassy"})
# Words of a clause that make the government its addressee, not its speaker ("must stop", "should release").
OBLIGATION_WORDS = frozenset({"must", "should", "ought", "need", "needs"})


def states_of_leaders_governments(text: str, gazetteer: Gazetteer, *, at: date) -> set[str]:
    """The states whose head of government or state, on `at`, gives a government named in the text its name."""
    states = set()
    for match in LEADERS_GOVERNMENT.finditer(text):
        leaders = {
            post.organization_or_state_qid
            for person in gazetteer.surname_index().get(fold_name(match.group("surname")), ())
            if person.qid
            for post in gazetteer.posts_of(person.qid, at=at, open_ended=True)
            if post.position.startswith(HEADS)
        }
        if len(leaders) == 1:
            states |= leaders
    return states


def states_of_governing_subjects(states: Iterable[tuple[Span, str]]) -> set[str]:
    """Of the (mention, state QID) pairs, the states whose government is the subject of a clause that states
    something, not one that demands it ("The Australian Government welcomes", not "Russia's government must")."""
    found = set()
    for span, qid in states:
        government = _government_of(span)
        if (
            government is not None
            and government.dep_ in {"nsubj", "nsubjpass"}
            and not _obliged(government.head)
        ):
            found.add(qid)
    return found


def _government_of(span: Span) -> Token | None:
    """The word "Government" that the state's mention names: "the Australian Government", "Japan's
    Government", "the Government of Japan"."""
    head = span.root.head
    if span.root.dep_ in {"compound", "amod", "poss", "nmod"} and head.lower_ in GOVERNMENT_WORDS:
        return head
    if span.root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in GOVERNMENT_WORDS:
        return head.head
    return None


def _obliged(verb: Token) -> bool:
    return verb.lower_ in OBLIGATION_WORDS or any(child.lower_ in OBLIGATION_WORDS for child in verb.children)


def states_of_our_people(doc_tokens: Iterable[Token], states: Iterable[tuple[Span, str]]) -> set[str]:
    """The states named in the phrases of a people noun the text also calls "our" ("British nationals", "our
    nationals"); a phrase's conjuncts count ("a Canadian and a Swedish citizen": both states)."""
    tokens = list(doc_tokens)
    ours = {
        token.head.lemma_.lower()
        for token in tokens
        if token.lower_ == "our" and token.head.lemma_.lower() in OWN_PEOPLE_NOUNS
    }
    phrase_tokens: set[int] = set()
    for token in tokens:
        if token.lemma_.lower() in ours and token.tag_ in {"NN", "NNS"}:
            phrase_tokens.update(_phrase(token))
    return {qid for span, qid in states if span.root.i in phrase_tokens}


def _phrase(noun: Token) -> set[int]:
    """The token indexes of a noun's phrase, its conjuncts' ("a Canadian and a Swedish citizen")."""
    heads = [noun, *noun.conjuncts]
    if noun.dep_ == "conj":
        heads.append(noun.head)
    # the words before each head are its modifiers; what follows ("citizens detained in Iran") is another matter
    return {token.i for head in heads for token in head.subtree if token.i <= head.i}
