"""Parse helpers shared by the event and relation finders: links by token, noun-phrase cores, tree paths, and the
doc's text read once."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from spacy.tokens import Doc, Token

if TYPE_CHECKING:
    from kg.extract.linking import Link

T = TypeVar("T")

# Dependents that start a clause of their own, never part of the noun phrase they hang on.
CLAUSE_DEPS = {"relcl", "acl", "advcl", "punct", "cc"}


def doc_text(doc: Doc) -> str:
    """The doc's text, built once per doc: `Doc.text` joins every token again at each call."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = "geokg.text"


def index_by_token(links: Iterable[Link]) -> dict[int, Link]:
    """Each token index inside a linked mention -> its link."""
    return {i: link for link in links for i in range(link.start, link.end)}


def phrase_core(token: Token, *, keep_prep: Callable[[Token], bool] = lambda prep: False) -> list[Token]:
    """A noun phrase without its clauses and prepositional phrases ("the visit [to Serbia]"), conjuncts kept;
    `keep_prep` names the prepositions whose phrase stays ("China, like Serbia"). The head comes first, then
    each dependent's subtree."""
    core = [token]
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS or (child.dep_ == "prep" and not keep_prep(child)):
            continue
        core.extend(phrase_core(child, keep_prep=keep_prep) if child.dep_ == "conj" else child.subtree)
    return core


def unique(items: Iterable[T], *, key: Callable[[T], Hashable] | None = None) -> list[T]:
    """The items in order without repeats, the first kept; `key` says which items are the same."""
    seen: set[Hashable] = set()
    found = []
    for item in items:
        marker = item if key is None else key(item)
        if marker not in seen:
            seen.add(marker)
            found.append(item)
    return found


def ancestors(token: Token, *, inclusive: bool = False) -> Iterator[Token]:
    if inclusive:
        yield token
    yield from token.ancestors


def same_clause(a: Token, b: Token) -> bool:
    """No subordinate clause (an adverbial or relative clause's verb) stands between the two words in the
    tree: "deaths ... when a canopy collapsed in November" keeps November away from the protest."""
    a_path = [a, *a.ancestors]
    b_path = [b, *b.ancestors]
    common = next((t for t in a_path if t in b_path), None)
    if common is None:
        return False
    between = a_path[1 : a_path.index(common)] + b_path[1 : b_path.index(common)]
    return not any(t.pos_ in {"VERB", "AUX"} and t.dep_ in {"advcl", "relcl"} for t in between)


def tree_distance(a: Token, b: Token) -> tuple[int, int]:
    """Tree distance first, then linear distance: how close two tokens are in the parse."""
    a_path = [a, *a.ancestors]
    b_path = [b, *b.ancestors]
    common = next((t for t in a_path if t in b_path), None)
    tree = a_path.index(common) + b_path.index(common) if common is not None else 99
    return tree, abs(a.i - b.i)


def to_clause(token: Token) -> bool:
    """ "called on Russia to release the journalists": an infinitive the parser may call a purpose clause
    (advcl) where it means the act asked for (xcomp)."""
    return token.dep_ in {"xcomp", "advcl"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    )


def mandative_clause(clause: Token) -> bool:
    """ "that China provide an explanation", "that all parties should respect": a that-clause in the subjunctive
    or under should/must asks for an act; "that only Serbs were under threat" claims one."""
    if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in clause.children):
        return False  # "asking whether the region should become a state": a question, not a demand
    auxiliaries = [c for c in clause.children if c.dep_ == "aux"]
    modal = any(c.lower_ in {"should", "must", "shall"} for c in auxiliaries)
    subjunctive = clause.tag_ in {"VB", "VBP"} and clause.lemma_.lower() != "be" and not auxiliaries
    return modal or subjunctive


def is_month_may(token: Token) -> bool:
    """ "Six members 3 May surrendered": the month after a day's number, which the tagger may take for the
    modal verb."""
    return token.text == "May" and token.i > 0 and token.doc[token.i - 1].like_num
