"""A place written in another transliteration than the gazetteer's ("Lower Shabelle" for "Lower Shebelle",
"Bab al-Mandab" for "Bab el Mandeb"): the one place whose name has the same spelling key. The key forgives only
what transliterations of Arabic, Somali, Persian or Russian names vary in: the vowels a/e, o/u and i/y, "kh"
and "h", "ou" and "u", "q" and "k", doubled letters, hyphens and spaces, and the Arabic article."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from kg.facts import PLACE_TYPES
from kg.gazetteer import GazEntry, Gazetteer
from kg.gazetteer.loader import ascii_fold

ARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an"})
# Letter groups transliterations write either way, each folded to one spelling (applied in order).
VARIANTS = (("kh", "h"), ("ou", "u"), ("q", "k"), ("e", "a"), ("o", "u"), ("y", "i"))
DOUBLED = re.compile(r"(.)\1+")
# Waters NER often calls organisations ("the Bab al-Mandab" ORG): a variant of theirs counts under that label.
WATERS = frozenset({"sea", "gulf", "bay", "strait", "sound", "channel"})
# Keys this short collide by chance ("Sur", "Sar"); a variant must be at least this long to be trusted.
MIN_KEY = 6


def spelling_key(name: str) -> str:
    """The name with what transliterations vary in folded away ("Bab al-Mandab" -> "babmandab")."""
    words = [word for word in re.split(r"[^a-z]+", ascii_fold(name).casefold()) if word]
    key = "".join(word for word in words if word not in ARTICLES)
    for written, folded in VARIANTS:
        key = key.replace(written, folded)
    return DOUBLED.sub(r"\1", key)


def place_spelled_otherwise(
    gazetteer: Gazetteer, name: str, *, countries: frozenset[str], waters_only: bool = False
) -> GazEntry | None:
    """The one place whose name has the name's spelling key, in a state the article names (or in none, as a
    strait or sea); with `waters_only`, only a sea, gulf, bay or strait; None when none or several do."""
    key = spelling_key(name)
    if len(key) < MIN_KEY:
        return None
    places = _places_by_key(gazetteer).get(key, ())
    if len(places) != 1:
        return None
    place = places[0]
    if waters_only and place.kind not in WATERS:
        return None
    return place if place.country_qid is None or place.country_qid in countries else None


@functools.lru_cache(maxsize=4)
def _places_by_key(gazetteer: Gazetteer) -> dict[str, tuple[GazEntry, ...]]:
    index: dict[str, dict[str, GazEntry]] = defaultdict(dict)
    for entry in gazetteer.entries():
        if entry.type in PLACE_TYPES:
            for name in entry.names:
                index[spelling_key(name)][entry.id] = entry
    return {key: tuple(entries.values()) for key, entries in index.items()}
