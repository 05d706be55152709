"""A continent named inside an organisation's name: the area it covers or where it is ("U.S. Africa Command",
"Organization for Security and Co-operation in Europe", "Council of Europe"). The gold conventions give the
continent its own entity there; an organisation's own organ ("UN Security Council") is another matter, never
a continent."""

from __future__ import annotations

import functools
import re

from kg.gazetteer import GazEntry, Gazetteer

AREA_KINDS = frozenset({"continent"})


def areas_in_name(gazetteer: Gazetteer, name: str) -> list[tuple[int, int, GazEntry]]:
    """(start, end, area) of each continent named as whole words inside `name`, but not the whole name."""
    found: list[tuple[int, int, GazEntry]] = []
    for pattern, area in _area_patterns(gazetteer):
        found.extend(
            (match.start(), match.end(), area)
            for match in pattern.finditer(name)
            if match.group() != name.strip()
            and not _a_region(name, match.start())
            and not _named_after(name, match.start())
        )
    return found


@functools.lru_cache(maxsize=4)
def _area_patterns(gazetteer: Gazetteer) -> tuple[tuple[re.Pattern[str], GazEntry], ...]:
    areas = [entry for entry in gazetteer.entries() if entry.kind in AREA_KINDS and entry.qid]
    return tuple(
        (re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"), area) for area in areas for name in area.names
    )


def _named_after(name: str, start: int) -> bool:
    """ "Council of Europe", "Organization of African Unity": the continent after "of" is part of the name,
    where "in Europe" places the body ("Organization for Security and Co-operation in Europe")."""
    words = name[:start].split()
    return bool(words) and words[-1].casefold() == "of"


def _a_region(name: str, start: int) -> bool:
    """ "Southern Africa Development Community", "West Africa Command": a compass word makes a region of it."""
    words = name[:start].split()
    return bool(words) and words[-1] in COMPASS_WORDS


COMPASS_WORDS = frozenset(
    {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central"}
)
