"""The gazetteer builder: records from either reader -> the JSON document of kg/data/gazetteer.json.

Both inputs go through the same assembly: records of one QID are merged, aliases get their ASCII and accented
spellings and lose common words and names of unverified entities, aliases that name two entities are dropped,
and everything is sorted, so that the same input always gives the same bytes (`dumps_gazetteer`).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.gazetteer.loader import (
    GazEntry,
    ascii_fold,
    dumps_gazetteer,
    is_abbreviation,
    normalise_name,
    qid_sort_key,
)
from kg.gazetteer.records import EntityRecord, Membership, Post, Records

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
_DETAIL_FIELDS = frozenset(field.name for field in dataclasses.fields(GazEntry)) - {
    "id",
    "qid",
    "label",
    "type",
    "source",
    "aliases",
}

# Aliases that are everyday English words, words for a person or an adjective ("Island" for Iceland, "Male",
# "Serb"), or names of something larger ("America"): as patterns they would link ordinary words, so they are
# not names here.
NOT_NAMES = frozenset(
    {
        "abkhazian",
        "america",
        "briton",
        "burkinabe",
        "congo",
        "dane",
        "djiboutian",
        "ecuadorian",
        "emirates",
        "finn",
        "gabonais",
        "hue",
        "iraki",
        "island",
        "israelite",
        "korean",
        "kyrgyzstani",
        "lao",
        "magyar",
        "male",
        "maldivian",
        "monegasques",
        "nepali",
        "pole",
        "serb",
        "seychelloises",
        "spaniard",
        "swede",
        "tajikistani",
        "timor",
        "turk",
        "vaticanian",
        "yisraeli",
    }
)
STATE_TYPES = frozenset({"State", "PartiallyRecognizedState"})
# "Democratic People's Republic of Korea": two or more capitalised words of a form of government, "of", a name.
GOVERNMENT_FORM = re.compile(r"(?P<form>(?:[A-Z][\w'’]*\s+){2,})of\s+(?:the\s+)?(?P<rest>[A-Z][\w'’ -]*)")
# Names the reference gives to one item although they also name an item it lacks (North Mitrovica).
AMBIGUOUS_NAMES = frozenset({"mitrovica", "mitrovice", "mitrovicë"})
# Names many states give a body of their own: as one body's alias they would link every other state's ("the
# Chairman of the Council of Ministers" of Bosnia and Herzegovina as the Council of the European Union).
GENERIC_BODY_NAMES = frozenset({"council of ministers"})


def build_document(records: Records) -> dict[str, Any]:
    """The gazetteer document (the JSON structure `gazetteer_from_json` reads) for one reader's records."""
    entities = merge_entities(records.entities)
    for entity in entities.values():
        entity.aliases = clean_aliases(entity, unverified=records.unverified_names)
    dropped = drop_ambiguous(entities.values())
    memberships = _checked_memberships(records.memberships, entities)
    posts = _checked_posts(records.posts, entities)
    ordered = sorted(entities.values(), key=lambda entity: qid_sort_key(entity.id))
    return {
        "format": FORMAT_VERSION,
        "about": records.about,
        "attribution": records.attribution,
        "counts": {
            "entities": dict(sorted(Counter(entity.type for entity in ordered).items())),
            "memberships": len(memberships),
            "posts": len(posts),
            "dropped_aliases": len(dropped),
        },
        "entities": [entity_json(entity) for entity in ordered],
        "memberships": [dataclasses.asdict(row) for row in memberships],
        "posts": [dataclasses.asdict(row) for row in posts],
        "dropped_aliases": dropped,
    }


def merge_entities(records: Iterable[EntityRecord]) -> dict[str, EntityRecord]:
    """Records by id; the same QID twice must have the same type (its names and sources are then merged)."""
    entities: dict[str, EntityRecord] = {}
    for record in records:
        old = entities.get(record.id)
        if old is None:
            entities[record.id] = record
            continue
        if old.type != record.type:
            raise ValueError(f"QID {record.id} is both {old.type} and {record.type}")
        old.aliases |= record.aliases | {record.label}
        old.source = f"{old.source} | {record.source}"
    return entities


def clean_aliases(entity: EntityRecord, *, unverified: Iterable[str] = ()) -> set[str]:
    """The aliases plus their ASCII and accented spellings, without one-letter names, the label, common words
    and names of unverified entities."""
    unverified = frozenset(unverified)
    listed = {" ".join(alias.split()) for alias in entity.aliases if alias}
    everything = listed | {entity.label}
    # spaCy patterns match letters as written: the listed "Vucic" also needs "Vučić" (from the label).
    names = listed | {ascii_fold(name) for name in everything}
    names |= {spelling for name in listed for spelling in accented_spellings(name, everything)}
    if entity.type in STATE_TYPES:
        names |= {form for name in everything if (form := initials_form(name))}
    return {name for name in names if _keeps(entity, name, unverified)}


def initials_form(name: str) -> str | None:
    """A state's formal name shortened as the reference shortens "Democratic Republic of the Congo" to "DR
    Congo": "Democratic People's Republic of Korea" -> "DPR Korea". None for names of another shape."""
    match = GOVERNMENT_FORM.fullmatch(name.removeprefix("The ").removeprefix("the "))
    if match is None:
        return None
    return "".join(word[0] for word in match.group("form").split()) + " " + match.group("rest")


def _keeps(entity: EntityRecord, name: str, unverified: frozenset[str]) -> bool:
    if len(name) < 2 or name == entity.label or not any(char.isalpha() for char in name):
        return False
    key = normalise_name(name)
    if key in AMBIGUOUS_NAMES:
        logger.info("alias %r of %s also names an unverified place: dropped", name, entity.id)
        return False
    if key in GENERIC_BODY_NAMES:
        logger.info("alias %r of %s names many states' bodies: dropped", name, entity.id)
        return False
    if key in NOT_NAMES and entity.type != "EthnicGroup":
        logger.info("alias %r of %s is a common word or an adjective: dropped", name, entity.id)
        return False
    if key in unverified:
        logger.info("alias %r of %s names an unverified entity: dropped", name, entity.id)
        return False
    return True


def accented_spellings(alias: str, names: Iterable[str]) -> set[str]:
    """Words of the entity's other names that an ASCII alias spells without accents ("Vucic" -> "Vučić")."""
    if not alias.isascii():
        return set()
    found = set()
    for name in names:
        words = name.split()
        for start in range(len(words)):
            for end in range(start + 1, len(words) + 1):
                span = " ".join(words[start:end])
                if span != alias and not span.isascii() and ascii_fold(span) == alias:
                    found.add(span)
    return found


def alias_key(name: str) -> str:
    """Abbreviations are compared case-exactly, other names folded (as kg.gazetteer looks them up)."""
    return f"={name}" if is_abbreviation(name) else f"~{normalise_name(name)}"


def drop_ambiguous(entities: Iterable[EntityRecord]) -> list[dict[str, Any]]:
    """Drop aliases that name two entities, except where the alias is that entity's main name, or where it is
    the only curated (not `extended`) entity of that name: the wider files never take a name from the curated
    ones."""
    entities = list(entities)
    owners: dict[str, set[str]] = defaultdict(set)
    curated: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for name in [entity.label, *entity.aliases]:
            owners[alias_key(name)].add(entity.id)
            if not entity.details.get("extended"):
                curated[alias_key(name)].add(entity.id)
    dropped = []
    for entity in entities:
        label_key = alias_key(entity.label)
        for alias in sorted(entity.aliases):
            key = alias_key(alias)
            if curated[key] == {entity.id}:
                continue
            if len(owners[key]) > 1 and key != label_key:
                others = sorted(owners[key] - {entity.id}, key=qid_sort_key)
                logger.info(
                    "ambiguous alias %r dropped from %s (also %s)", alias, entity.id, ", ".join(others)
                )
                entity.aliases.discard(alias)
                item: dict[str, Any] = {"alias": alias, "from": entity.id, "also": others}
                if len(curated[key]) == 1:
                    item["kept_by"] = next(iter(curated[key]))  # the name still links, to the curated entity
                dropped.append(item)
    return sorted(
        dropped, key=lambda item: (item["alias"].casefold(), item["alias"], qid_sort_key(item["from"]))
    )


def _checked_memberships(
    rows: Iterable[Membership], entities: Mapping[str, EntityRecord]
) -> list[Membership]:
    rows = list(rows)
    for row in rows:
        for qid in (row.member_qid, row.organization_qid):
            if qid not in entities:
                raise ValueError(
                    f"Membership of {row.member_qid} in {row.organization_qid} names unknown {qid}"
                )
    return sorted(
        rows,
        key=lambda r: (qid_sort_key(r.organization_qid), qid_sort_key(r.member_qid), r.start or ""),
    )


def _checked_posts(rows: Iterable[Post], entities: Mapping[str, EntityRecord]) -> list[Post]:
    rows = list(rows)
    for row in rows:
        for qid in (row.person_qid, row.organization_or_state_qid):
            if qid not in entities:
                raise ValueError(f"Post of {row.person_qid} ({row.position}) names unknown {qid}")
    return sorted(rows, key=lambda r: (qid_sort_key(r.person_qid), r.start or "", r.position))


def entity_json(entity: EntityRecord) -> dict[str, Any]:
    """The JSON form of an entity: empty fields left out, aliases sorted; `qid` always present."""
    unknown = set(entity.details) - _DETAIL_FIELDS
    if unknown:
        raise ValueError(f"{entity.id} has fields the gazetteer does not know: {sorted(unknown)}")
    fields = {
        "id": entity.id,
        "label": entity.label,
        "type": entity.type,
        "source": entity.source,
        "aliases": sorted(entity.aliases, key=lambda alias: (alias.casefold(), alias)),
        **entity.details,
    }
    return {"qid": entity.qid} | {key: value for key, value in fields.items() if value not in (None, "", [])}


def summary(document: Mapping[str, Any]) -> str:
    """One line of counts: "1234 entities (City 240, …), 506 memberships, 170 posts, 12 ambiguous aliases dropped"."""
    counts = document["counts"]
    by_type = ", ".join(f"{name} {count}" for name, count in counts["entities"].items())
    return (
        f"{sum(counts['entities'].values())} entities ({by_type}), {counts['memberships']} memberships, "
        f"{counts['posts']} posts, {counts['dropped_aliases']} ambiguous aliases dropped"
    )


def write_gazetteer(document: Mapping[str, Any], path: Path) -> None:
    """Write the document in its canonical text (rebuilds from the same input are byte-identical)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps_gazetteer(document), encoding="utf-8")
