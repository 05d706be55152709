"""Names written family name first, in capitals ("Foreign Minister HAYASHI Yoshimasa", "KISHIDA Fumio"), as
Japan's and some other governments' releases write them: the person the gazetteer knows by the given name first
("Yoshimasa Hayashi"). Only an exact full name links, so a shouted word before a name ("UPDATE Kenya") does not.
Written family name first without capitals ("Kishida Fumio"), a name links only to someone in office, on the
article's date, in a state or organisation the text names: "Ali Hassan" may be no "Hassan Ali" at all."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from datetime import date

from kg.gazetteer import GazEntry, Gazetteer

# A family name in capitals (two letters at least, perhaps hyphenated) and one or two capitalised given names.
FAMILY_NAME_FIRST = re.compile(
    r"\b(?P<family>[A-Z]{2,}(?:-[A-Z]{2,})?)\s+(?P<given>[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)\b"
)


def family_name_first(text: str, gazetteer: Gazetteer) -> Iterator[tuple[int, int, GazEntry]]:
    """(start, end, person) of each name written family name first whose given-name-first form is exactly
    one person's name in the gazetteer."""
    for match in FAMILY_NAME_FIRST.finditer(text):
        family = "-".join(part.capitalize() for part in match.group("family").split("-"))
        people = [
            entry for entry in gazetteer.lookup(f"{match.group('given')} {family}") if entry.type == "Person"
        ]
        if len(people) == 1:
            yield match.start(), match.end(), people[0]


def person_named_family_first(
    gazetteer: Gazetteer, name: str, *, at: date, named: Collection[str]
) -> GazEntry | None:
    """The one person whose two-word name, words swapped, is `name`, and who held a post on `at` in a state or
    organisation among `named`."""
    words = name.split()
    if len(words) != 2:
        return None
    people = [
        entry
        for entry in gazetteer.lookup(f"{words[1]} {words[0]}")
        if entry.type == "Person"
        and entry.qid
        and any(post.organization_or_state_qid in named for post in gazetteer.posts_of(entry.qid, at=at))
    ]
    return people[0] if len(people) == 1 else None
