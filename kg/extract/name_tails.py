"""People whose name the text spells otherwise only in its first word, and gives only in part: "Mohamed bin
Zayed" for Mohammed bin Zayed Al Nahyan. The words after the first must start the rest of the gazetteer's name;
the first word is compared by the caller (a spelling or a shortening of it)."""

from __future__ import annotations

import functools
from collections import defaultdict

from kg.gazetteer import GazEntry, Gazetteer, normalise_name


@functools.lru_cache(maxsize=4)
def _by_name_tail(gazetteer: Gazetteer) -> dict[str, tuple[GazEntry, ...]]:
    """People by the leading words of their name after the first ("bin zayed", "bin zayed al"), three-word
    names and longer, so that the tail is more than a surname."""
    index: dict[str, list[GazEntry]] = defaultdict(list)
    for entry in gazetteer.entries():
        if entry.type != "Person":
            continue
        for name in entry.names:
            words = name.split()
            for end in range(3, len(words) + 1):
                bucket = index[normalise_name(" ".join(words[1:end]))]
                if entry not in bucket:
                    bucket.append(entry)
    return {key: tuple(people) for key, people in index.items()}


def people_by_name_tail(gazetteer: Gazetteer, words: list[str]) -> tuple[GazEntry, ...]:
    """People whose name, after its first word, starts with `words[1:]` (two words at least)."""
    if len(words) < 3:
        return ()
    return _by_name_tail(gazetteer).get(normalise_name(" ".join(words[1:])), ())
