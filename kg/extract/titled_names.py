"""A title and one word of a name ("Minister Badr", "Foreign Minister Wang"): the one person who, on the
article's date, held a post of that title in a state or organisation the article names, and bears that word in
a name. News names many officials by title and given name, or by the first word of a family name written first.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from kg.gazetteer import GazEntry, Gazetteer
from kg.names import fold_name

# Words of a title that say nothing of the post ("Mr", "Dr"), and spellings the post names write otherwise.
COURTESY_WORDS = frozenset({"mr", "mrs", "ms", "dr"})
POST_SPELLINGS = {"defense": "defence"}


def title_words(words: Iterable[str]) -> list[str]:
    """The folded words of a title that a post's name must contain ("Foreign Minister" -> foreign, minister)."""
    folded = (fold_name(word.rstrip(".")) for word in words)
    return [POST_SPELLINGS.get(word, word) for word in folded if word and word not in COURTESY_WORDS]


def holder_by_title_and_name_word(
    gazetteer: Gazetteer, *, title: list[str], word: str, at: date, named: Collection[str]
) -> GazEntry | None:
    """The one person bearing `word` in a name who held, on `at`, a post whose name has every word of `title`
    in a state or organisation among `named`; None when none or several do."""
    if not title:
        return None
    key = fold_name(word)
    people = {
        post.person_qid
        for post in gazetteer.posts
        if post.organization_or_state_qid in named
        and post.covers(at, open_ended=True)
        and _has_words(post.position, title)
        and _bears(gazetteer.by_qid(post.person_qid), key)
    }
    return gazetteer.by_qid(people.pop()) if len(people) == 1 else None


def _has_words(position: str, words: list[str]) -> bool:
    folded = {POST_SPELLINGS.get(word, word) for word in fold_name(position).split()}
    return all(word in folded for word in words)


def _bears(person: GazEntry | None, key: str) -> bool:
    return person is not None and any(key in fold_name(name).split() for name in person.names)
