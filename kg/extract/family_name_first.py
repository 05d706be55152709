"""Names written family name first, in capitals ("Foreign Minister HAYASHI Yoshimasa", "KISHIDA Fumio"), as
Japan's and some other governments' releases write them: the person the gazetteer knows by the given name first
("Yoshimasa Hayashi"). Only an exact full name links, so a shouted word before a name ("UPDATE Kenya") does not."""

from __future__ import annotations

import re
from collections.abc import Iterator

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
