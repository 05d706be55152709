"""Names compared the same way everywhere: one folding of names and one fuzzy score (linking, entity search,
reconciliation)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from kg.gazetteer.loader import ascii_fold, normalise_name

# Word-set similarity counts for less than spelling: "Vucic" finds "Aleksandar Vucic" below "Vucic" itself.
WORD_SET_WEIGHT = 0.9
_WORD = re.compile(r"[^\W_]+")


def fold_name(text: str, *, keep_punctuation: bool = False) -> str:
    """A name as compared: ASCII, case-folded, single spaces ("Vučić" -> "vucic").

    By default the gazetteer's lookup key (`normalise_name`: no punctuation, no leading "the"), so that
    spellings with and without dots or apostrophes meet ("D.C." -> "dc"). With `keep_punctuation`, the name as
    written ("Sana'a" -> "sana'a", "al-Balah" -> "al-balah"), for matching the prefixes and words a user
    types: split at its punctuation, a name would leave short stray words ("al") that near-match too much.
    """
    if not keep_punctuation:
        return normalise_name(text)
    printable = "".join(ch for ch in ascii_fold(text) if ch.isprintable() or ch.isspace())
    return " ".join(printable.casefold().split())


def name_score(query: str, name: str, *, by_word: bool = False) -> float:
    """How alike a query and a name are, 0..100; both folded alike with `fold_name`.

    For a whole name (reconciliation): the spelling similarity, or 90% of the word-set similarity. With
    `by_word` (search as you type): the weighted similarity of the whole name, or the spelling similarity of
    its closest word, so a surname or a misspelt word finds the name ("stoltenburg" ~ "jens stoltenberg").
    """
    if by_word:
        closest = max((fuzz.ratio(query, word) for word in name_words(name)), default=0.0)
        return max(fuzz.WRatio(query, name), closest)
    return max(fuzz.ratio(query, name), WORD_SET_WEIGHT * fuzz.token_set_ratio(query, name))


def name_words(name: str) -> list[str]:
    """The words of a folded name, punctuation aside ("al-balah" -> al, balah)."""
    return _WORD.findall(name)
