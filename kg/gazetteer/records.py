"""The records both gazetteer readers give the builder: entities, memberships and posts, before assembly.

`from_csv` reads them from the reference files, `from_sparql` from a Wikidata-compatible endpoint; `build` merges
and cleans them into the JSON document `loader` reads. Memberships and posts are already the loader's own
`Membership` and `Post`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.facts import slugify
from kg.gazetteer.loader import Membership, Post

__all__ = ["EntityRecord", "Membership", "Post", "Records"]


@dataclass
class EntityRecord:
    """One entity as a reader found it; the builder merges records of one QID and cleans their aliases.

    `details` holds the other `GazEntry` fields the input gives (kind, status, iso2, capital_qid, …).
    """

    qid: str | None
    label: str
    type: str
    source: str
    aliases: set[str] = field(default_factory=set)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The QID, or a slug of type and label for entities without one (ethnic groups)."""
        return self.qid or f"{slugify(self.type)}-{slugify(self.label)}"


@dataclass
class Records:
    """What one input holds, and what the document says about where it comes from."""

    entities: list[EntityRecord]
    memberships: list[Membership]
    posts: list[Post]
    about: str
    attribution: str
    # Folded names of entities the input could not verify: no alias may take them.
    unverified_names: frozenset[str] = frozenset()
