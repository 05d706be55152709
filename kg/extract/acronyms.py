"""Abbreviations a text defines in brackets after a name: "the Allied Democratic Forces (ADF)", "Bangsamoro
Islamic Freedom Fighters (BIFF)", "the Economic Community of West African States (ECOWAS)".

The bracketed letters stand for the words before them only when they can be read off those words in order: the
first word gives the first letter, each word that gives letters gives its own initial first, small words ("of",
"the") may give letters or none, and at most one capitalised word gives none ("African Union Mission in Somalia
(AMISOM)"). "Revolutionary Armed Forces of Colombia (FARC)" (the Spanish name's letters) defines nothing, so
FARC is never read as Colombia.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Span, Token

ABBREVIATION = re.compile(r"[A-Z][A-Za-z]{0,6}[A-Z]")
# Small words inside names, which may give a letter ("Economic Community of West African States") or none.
NAME_JOINERS = frozenset("of for and the in on at to de du des la le del al el & 's ’s".split())
# The longest name looked at, in words: a name runs to about twice its letters at most.
MAX_NAME_WORDS = 12


def defined_abbreviations(doc: Doc) -> list[tuple[Span, Token]]:
    """Each name a bracketed abbreviation is given for in `doc`, with the abbreviation's token."""
    found = []
    for token in doc[1:-2]:
        if token.text != "(" or doc[token.i + 2].text != ")":
            continue
        abbreviation = doc[token.i + 1]
        if not ABBREVIATION.fullmatch(abbreviation.text):
            continue
        name = _name_before(doc, token.i, abbreviation.text)
        if name is not None:
            found.append((name, abbreviation))
    return found


def _name_before(doc: Doc, bracket: int, abbreviation: str) -> Span | None:
    """The shortest run of words just before `bracket` whose letters make `abbreviation`, if any."""
    sentence_start = doc[bracket].sent.start
    start = bracket
    while start > sentence_start and bracket - start < MAX_NAME_WORDS and _name_part(doc[start - 1]):
        start -= 1
        if doc[start].text[:1].isupper() and _spells(abbreviation, _words(doc[start:bracket])):
            return doc[start:bracket]
    return None


def _name_part(token: Token) -> bool:
    return token.text[:1].isupper() or token.lower_ in NAME_JOINERS or token.text == "-"


def _words(span: Span) -> tuple[str, ...]:
    """The name's words, a hyphened word's parts as words of their own ("Co-operation", "al-Sham")."""
    return tuple(part for token in span if token.text != "-" for part in token.text.split("-") if part)


def spells(abbreviation: str, name: Span) -> bool:
    """Whether the abbreviation's letters can be read off the name's words."""
    return _spells(abbreviation, _words(name))


def _spells(abbreviation: str, words: tuple[str, ...]) -> bool:
    return _spelled(abbreviation.casefold(), tuple(word.casefold() for word in words), 1, first=True)


@functools.lru_cache(maxsize=4096)  # bounded: a batch of texts brings ever new names
def _spelled(letters: str, words: tuple[str, ...], skips_left: int, *, first: bool = False) -> bool:
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    small = word in NAME_JOINERS
    # this word gives no letter: a small word, or the one capitalised word allowed to (never the first)
    if not first and (small or skips_left) and _spelled(letters, rest, skips_left - (not small)):
        return True
    if not letters or letters[0] != word[0]:
        return False
    # this word gives its initial and perhaps more of its letters, in order
    return any(_spelled(letters[taken:], rest, skips_left) for taken in _prefixes_in(letters, word))


def _prefixes_in(letters: str, word: str) -> list[int]:
    """How many of `letters` (from the first, which is the word's initial) the word can give in order."""
    counts, position = [1], 1
    for taken in range(1, len(letters)):
        position = word.find(letters[taken], position) + 1
        if position == 0:
            break
        counts.append(taken + 1)
    return counts
