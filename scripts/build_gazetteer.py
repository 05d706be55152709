"""Build kg/data/gazetteer.json, GeoKG's offline gazetteer, from the verified reference CSVs.

Usage: python scripts/build_gazetteer.py [--reference DIR] [--output FILE]

Reads states, organizations, persons, places and memberships from DIR (default ../shared/reference next to the
repository) and writes our own compact JSON: entities with their types, aliases and a short citation of where
each QID comes from, memberships and posts with dates. unverified.csv is read only to keep its names and
rejected QIDs out. The output is sorted so that rebuilding from the same files gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.facts import slugify
from kg.gazetteer import ascii_fold, dumps_gazetteer, is_abbreviation, normalise_name, qid_sort_key

logger = logging.getLogger("build_gazetteer")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
DEFAULT_OUTPUT = ROOT / "kg" / "data" / "gazetteer.json"
FORMAT_VERSION = 1
SOURCE_LIMIT = 200
# Parentheses longer than this hold commits, licences and file ids; the citation keeps the source names.
DETAIL_LIMIT = 30

STATE_TYPES = {"un_member": "State", "observer": "State", "limited_recognition": "PartiallyRecognizedState"}
STATUS_RANK = {"un_member": 0, "observer": 1, "limited_recognition": 2}
ORG_TYPES = {
    "military_alliance": "Alliance",
    "intergovernmental_organization": "InternationalOrganization",
    "forum": "InternationalOrganization",
    # Organs, agencies, courts and missions of another organisation: Organization, never the narrower class.
    "eu_institution": "Organization",
    "un_organ": "Organization",
    "un_agency": "Organization",
    "court": "Organization",
    "peacekeeping_mission": "Organization",
}
PLACE_TYPES = {"city": "City", "region": "Region", "territory": "Region", "sea": "Place"}
ATTRIBUTION = (
    "Wikidata QIDs are CC0. Built from GeoKG's reference files; state demonyms and some aliases come from "
    "mledoze/countries (ODbL-1.0), organisation names from supraverden (CC BY-SA 4.0): keep this attribution "
    "and share alike when redistributing."
)

Entity = dict[str, Any]


def read_table(reference: Path, name: str) -> list[dict[str, str]]:
    """Rows of a reference CSV, values stripped; unquoted commas in a last (note) column are put back."""
    with open(reference / f"{name}.csv", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [cells[: len(header) - 1] + [",".join(cells[len(header) - 1 :])] for cells in reader if cells]
    return [{key: value.strip() for key, value in zip(header, cells, strict=False)} for cells in rows]


def split_list(value: str) -> list[str]:
    """Values of an aliases-style column ("a;b | c")."""
    return [part.strip() for part in re.split(r";| \| ", value) if part.strip()]


def split_parenthetical(name: str) -> tuple[str, list[str]]:
    """ "El Aaiún (Laayoune)" -> ("El Aaiún", ["Laayoune"])."""
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    return (match.group(1), [match.group(2)]) if match else (name, [])


def cite(file: str, text: str) -> str:
    """A short citation: the reference file and its sources column, details in long parentheses left out."""
    short = " ".join(text.split())
    while True:
        shorter = re.sub(rf"\s*\([^()]{{{DETAIL_LIMIT},}}\)", "", short)
        if shorter == short:
            break
        short = shorter
    short = _dedupe_segments(short)
    if len(short) > SOURCE_LIMIT:
        cut = short[:SOURCE_LIMIT]
        stops = [cut.rfind(sep) for sep in (" | ", "|", " ; ", "; ", " + ")]
        end = max(stops) if max(stops) > SOURCE_LIMIT // 3 else cut.rfind(" ")
        short = cut[:end].rstrip(" ;|+,") + " …"
    return f"reference/{file}: {short}"


def _dedupe_segments(text: str) -> str:
    """Join of several rows' sources without repeating a source ("geografia … | geografia …")."""
    return " | ".join(dict.fromkeys(part.strip() for part in text.split(" | ") if part.strip()))


def new_entity(qid: str | None, label: str, type_: str, source: str, **fields: Any) -> Entity:
    ident = qid or f"{slugify(type_)}-{slugify(label)}"
    return {
        "id": ident,
        "qid": qid,
        "label": label,
        "type": type_,
        "source": source,
        "aliases": set(),
        **fields,
    }


def add_entity(entities: dict[str, Entity], entity: Entity) -> None:
    """Add an entity; the same QID twice must have the same type (its names are then merged)."""
    old = entities.get(entity["id"])
    if old is None:
        entities[entity["id"]] = entity
        return
    if old["type"] != entity["type"]:
        raise ValueError(f"QID {entity['id']} is both {old['type']} and {entity['type']}")
    old["aliases"] |= entity["aliases"] | {entity["label"]}
    old["source"] = f"{old['source']} | {entity['source']}"


def split_state_sources(text: str) -> tuple[str, str]:
    """The `qid:` and `capital_qid:` parts of a states.csv sources cell."""
    qid_part, _, capital_part = text.partition(" ; capital_qid:")
    return qid_part.removeprefix("qid:"), capital_part


def demonyms_of(row: dict[str, str]) -> list[str]:
    return [word.strip() for word in re.split(r";| or ", row["demonym"]) if word.strip()]


def state_entity(row: dict[str, str]) -> Entity:
    status = row["status"]
    if status not in STATE_TYPES:
        raise ValueError(f"Unknown state status {status!r} for {row['qid']}")
    qid_sources, _ = split_state_sources(row["sources"])
    demonyms = demonyms_of(row)
    entity = new_entity(
        row["qid"],
        row["name"],
        STATE_TYPES[status],
        cite("states.csv", qid_sources),
        status=status,
        official_name=row["official_name"] or None,
        iso2=row["iso2"] or None,
        iso3=row["iso3"] or None,
        capital_qid=row["capital_qid"] or None,
        demonyms=sorted(set(demonyms)),
        people_demonym=row["people_demonym"] or None,
    )
    label_words = set(row["name"].split())
    for alias in [row["official_name"], *split_list(row["aliases"])]:
        # "Russian" listed as a name of Russia is its adjective (demonym() has it); "Vatican" is a real name.
        if alias in demonyms and alias not in label_words:
            logger.info("alias %r of %s is its demonym: kept as demonym only", alias, row["qid"])
            continue
        entity["aliases"].add(alias)
    entity["aliases"].update(EXTRA_STATE_NAMES.get(row["qid"], ()))
    return entity


def capital_entities(states: list[dict[str, str]]) -> list[Entity]:
    """One City per capital QID, named by the best-recognised state that has it as capital."""
    state_qids = {row["qid"] for row in states}
    rows_by_capital: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in states:
        # City-states (Monaco, Singapore, Vatican City) are their own capital: the State entry covers it.
        if row["capital_qid"] and row["capital_qid"] not in state_qids:
            rows_by_capital[row["capital_qid"]].append(row)
    entities = []
    for capital_qid, rows in rows_by_capital.items():
        rows.sort(key=lambda row: (STATUS_RANK[row["status"]], qid_sort_key(row["qid"])))
        label, _ = split_parenthetical(rows[0]["capital"])
        source = "; ".join(
            f"capital_qid of {row['name']}: {split_state_sources(row['sources'])[1]}" for row in rows
        )
        entity = new_entity(
            capital_qid,
            label,
            "City",
            cite("states.csv", source),
            kind="capital",
            country_qid=rows[0]["qid"],
            capital_of=[row["qid"] for row in rows],
        )
        for row in rows:
            main, extra = split_parenthetical(row["capital"])
            entity["aliases"].update([main, *extra, *ENGLISH_EXONYMS.get(main, ())])
        entities.append(entity)
    return entities


def organization_entity(row: dict[str, str]) -> Entity:
    if row["kind"] not in ORG_TYPES:
        raise ValueError(f"Unknown organisation kind {row['kind']!r} for {row['qid']}")
    entity = new_entity(
        row["qid"],
        row["name"],
        ORG_TYPES[row["kind"]],
        cite("organizations.csv", row["sources"]),
        kind=row["kind"],
        abbreviation=row["abbreviation"] or None,
    )
    entity["aliases"].update([row["abbreviation"], *split_list(row["aliases"])])
    return entity


def place_entity(row: dict[str, str]) -> Entity:
    if row["kind"] not in PLACE_TYPES:
        raise ValueError(f"Unknown place kind {row['kind']!r} for {row['qid']}")
    label, extra = split_parenthetical(row["name"])
    entity = new_entity(
        row["qid"],
        row["name"],
        PLACE_TYPES[row["kind"]],
        cite("places.csv", row["sources"]),
        kind=row["kind"],
        country_qid=row["country_qid"] or None,
    )
    # "Republic of Crimea (Russian-declared)": the parenthesis qualifies, it is not another name.
    entity["aliases"].update([label, *split_list(row["aliases"])])
    return entity


def person_entities(persons: list[dict[str, str]]) -> list[Entity]:
    rows_by_qid: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in persons:
        rows_by_qid[row["qid"]].append(row)
    entities = []
    for qid, rows in rows_by_qid.items():
        names = {row["name"] for row in rows}
        if len(names) > 1:
            raise ValueError(f"Person {qid} has several names: {sorted(names)}")
        sources = list(dict.fromkeys(row["sources"] for row in rows))
        entity = new_entity(qid, rows[0]["name"], "Person", cite("persons.csv", " | ".join(sources)))
        for row in rows:
            entity["aliases"].update(split_list(row["aliases"]))
        entities.append(entity)
    return entities


def people_forms(people_demonym: str) -> tuple[str, list[str]]:
    """The plural label and other forms of a people noun ("Serbs" -> "Serbs", ["Serb"])."""
    singular = re.fullmatch(r"(.+?)\s*\(singular (.+)\)", people_demonym)
    if singular:
        return singular.group(1), [singular.group(2)]
    label, *others = [part.strip() for part in people_demonym.split("/")]
    last = label.split()[-1]
    # English plurals in -s; "Swiss", "Seychellois", "Chinese" and "Laos"-like forms stay as they are.
    if last.endswith("s") and not last.endswith(("ss", "ois", "ese")) and len(last) > 3:
        others.append(label[:-1])
    return label, others


def ethnic_entities(states: list[dict[str, str]], taken: dict[str, str]) -> list[Entity]:
    """QID-less EthnicGroup entries from the people demonyms ("Serbs"), with the state as a hint."""
    adjectives = {normalise_name(word) for row in states for word in demonyms_of(row)}
    by_key: dict[str, Entity] = {}
    for row in sorted(states, key=lambda row: (STATUS_RANK[row["status"]], qid_sort_key(row["qid"]))):
        if not row["people_demonym"]:
            continue
        label, others = people_forms(row["people_demonym"])
        key = normalise_name(label)
        if key in taken:
            # "Laos", "Myanmar": the reference gives the country's name as its people's name.
            logger.info(
                "people demonym %r of %s is the name of %s: no ethnic group", label, row["qid"], taken[key]
            )
            continue
        if key not in by_key:
            source = f"people_demonym of {row['name']}"
            by_key[key] = new_entity(None, label, "EthnicGroup", "", state_qids=[], sources=[source])
        else:
            by_key[key]["sources"].append(f"people_demonym of {row['name']}")
        entity = by_key[key]
        entity["state_qids"].append(row["qid"])
        # "Albanian", "Czech": a singular that is also an adjective is no safe name for the people.
        entity["aliases"].update(form for form in others if normalise_name(form) not in adjectives)
    for entity in by_key.values():
        entity["source"] = cite("states.csv", "; ".join(entity.pop("sources")))
        entity["state_qid"] = entity["state_qids"][0] if len(entity["state_qids"]) == 1 else None
    return list(by_key.values())


def alias_key(name: str) -> str:
    """Abbreviations are compared case-exactly, other names folded (as kg.gazetteer looks them up)."""
    return f"={name}" if is_abbreviation(name) else f"~{normalise_name(name)}"


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


# Aliases in the reference files that are everyday English words, words for a person or an adjective
# ("Island" for Iceland, "Male", "Serb"), or names of something larger ("America"): as patterns they would
# link ordinary words, so they are not names here.
NOT_NAMES = {
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


# English names of capitals that the reference gives in another form (the QID is the reference's capital_qid).
ENGLISH_EXONYMS = {"København": ("Copenhagen",), "Washington, D.C.": ("Washington", "Washington DC")}
# Where each name beside its QID is published (scripts/verify_gazetteer.py accepts these names).
CITED_NAMES = {
    ("Q1748", "Copenhagen"): 'code-index file 55960629919 (entity("Copenhagen", "Q1748"), capital of Q35)',
    ("Q61", "Washington"): 'reference states.csv capital "Washington, D.C." without its district suffix',
    ("Q61", "Washington DC"): 'reference states.csv capital "Washington, D.C." without punctuation',
    ("Q145", "Britain"): 'code-index file 39782549958 ("britain": "Q145"); reference alias "Great Britain"',
}
# Names of states that news uses and the reference lacks (each cited in CITED_NAMES).
EXTRA_STATE_NAMES = {"Q145": ("Britain",)}
# Names the reference gives to one item although they also name an item it lacks (North Mitrovica).
AMBIGUOUS_NAMES = {"mitrovica", "mitrovice", "mitrovicë"}


def expand_aliases(entity: Entity, unverified: set[str]) -> None:
    """Add ASCII and accented spellings; drop one-letter names, the label and names the reference lacks."""
    listed = {" ".join(alias.split()) for alias in entity["aliases"] if alias}
    everything = listed | {entity["label"]}
    # spaCy patterns match letters as written: the listed "Vucic" also needs "Vučić" (from the label).
    names = listed | {ascii_fold(name) for name in everything}
    names |= {spelling for name in listed for spelling in accented_spellings(name, everything)}
    kept = set()
    for name in names:
        if len(name) < 2 or name == entity["label"]:
            continue
        if normalise_name(name) in AMBIGUOUS_NAMES:
            logger.info("alias %r of %s also names an unverified place: dropped", name, entity["id"])
            continue
        if normalise_name(name) in NOT_NAMES and entity["type"] != "EthnicGroup":
            logger.info("alias %r of %s is a common word or an adjective: dropped", name, entity["id"])
            continue
        if normalise_name(name) in unverified:
            logger.info("alias %r of %s names an unverified entity: dropped", name, entity["id"])
            continue
        kept.add(name)
    entity["aliases"] = kept


def drop_ambiguous(entities: Iterable[Entity]) -> list[dict[str, Any]]:
    """Drop aliases that name two entities, except where the alias is that entity's main name."""
    entities = list(entities)
    owners: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for name in [entity["label"], *entity["aliases"]]:
            owners[alias_key(name)].add(entity["id"])
    dropped = []
    for entity in entities:
        label_key = alias_key(entity["label"])
        for alias in sorted(entity["aliases"]):
            key = alias_key(alias)
            if len(owners[key]) > 1 and key != label_key:
                others = sorted(owners[key] - {entity["id"]}, key=qid_sort_key)
                logger.info(
                    "ambiguous alias %r dropped from %s (also %s)", alias, entity["id"], ", ".join(others)
                )
                entity["aliases"].discard(alias)
                dropped.append({"alias": alias, "from": entity["id"], "also": others})
    return sorted(
        dropped, key=lambda item: (item["alias"].casefold(), item["alias"], qid_sort_key(item["from"]))
    )


def membership_records(rows: list[dict[str, str]], entities: dict[str, Entity]) -> list[dict[str, Any]]:
    records = []
    for row in rows:
        for qid in (row["member_qid"], row["organization_qid"]):
            if qid not in entities:
                raise ValueError(f"Membership row names {qid}, which no reference entity has")
        records.append(
            {
                "member_qid": row["member_qid"],
                "organization_qid": row["organization_qid"],
                "start": row["start"] or None,
                "end": row["end"] or None,
                "source": cite("memberships.csv", row["sources"]),
            }
        )
    return sorted(
        records,
        key=lambda r: (qid_sort_key(r["organization_qid"]), qid_sort_key(r["member_qid"]), r["start"] or ""),
    )


def post_records(rows: list[dict[str, str]], entities: dict[str, Entity]) -> list[dict[str, Any]]:
    records = []
    for row in rows:
        if row["organization_or_state_qid"] not in entities:
            raise ValueError(
                f"Post of {row['qid']} names {row['organization_or_state_qid']}, which is unknown"
            )
        records.append(
            {
                "person_qid": row["qid"],
                "position": row["position"],
                "position_qid": row["position_qid"] or None,
                "organization_or_state_qid": row["organization_or_state_qid"],
                "start": row["start"] or None,
                "end": row["end"] or None,
                "source": cite("persons.csv", row["sources"]),
            }
        )
    return sorted(records, key=lambda r: (qid_sort_key(r["person_qid"]), r["start"] or "", r["position"]))


def rejected_qids(unverified: list[dict[str, str]], known: set[str]) -> set[str]:
    """Candidate QIDs of unverified.csv that no main reference file confirms (e.g. BRICS=Q47722, broccoli)."""
    candidates = {qid for row in unverified for qid in re.findall(r"Q\d+", row["candidate_qid"])}
    return candidates - known


def entity_json(entity: Entity) -> dict[str, Any]:
    """The JSON form of an entity: empty fields left out, lists sorted."""
    data = {key: value for key, value in entity.items() if value not in (None, "", [], set())}
    data["qid"] = entity["qid"]
    if "aliases" in data:
        data["aliases"] = sorted(data["aliases"], key=lambda alias: (alias.casefold(), alias))
    return data


def build(reference: Path) -> dict[str, Any]:
    """The gazetteer document for the reference files in `reference`."""
    states = read_table(reference, "states")
    organizations = read_table(reference, "organizations")
    places = read_table(reference, "places")
    persons = read_table(reference, "persons")
    memberships = read_table(reference, "memberships")
    unverified = read_table(reference, "unverified")

    entities: dict[str, Entity] = {}
    for entity in [
        *map(state_entity, states),
        *capital_entities(states),
        *map(organization_entity, organizations),
        *map(place_entity, places),
        *person_entities(persons),
    ]:
        add_entity(entities, entity)
    taken = {
        normalise_name(name): ident for ident, e in entities.items() for name in [e["label"], *e["aliases"]]
    }
    for entity in ethnic_entities(states, taken):
        add_entity(entities, entity)

    unverified_names = {normalise_name(row["name"]) for row in unverified}
    for entity in entities.values():
        expand_aliases(entity, unverified_names)
    dropped = drop_ambiguous(entities.values())

    rejected = rejected_qids(unverified, {qid for qid in entities if qid.startswith("Q")})
    if rejected & set(entities):
        raise ValueError(f"Rejected candidate QIDs would be shipped: {sorted(rejected & set(entities))}")

    ordered = sorted(entities.values(), key=lambda entity: qid_sort_key(entity["id"]))
    membership_list = membership_records(memberships, entities)
    post_list = post_records(persons, entities)
    return {
        "format": FORMAT_VERSION,
        "about": "GeoKG offline gazetteer, built by scripts/build_gazetteer.py from the verified reference "
        "files (states, organizations, persons, places, memberships). Do not edit by hand.",
        "attribution": ATTRIBUTION,
        "counts": {
            "entities": dict(sorted(Counter(entity["type"] for entity in ordered).items())),
            "memberships": len(membership_list),
            "posts": len(post_list),
            "dropped_aliases": len(dropped),
        },
        "entities": [entity_json(entity) for entity in ordered],
        "memberships": membership_list,
        "posts": post_list,
        "dropped_aliases": dropped,
    }


def dumps(document: dict[str, Any]) -> str:
    return dumps_gazetteer(document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference", type=Path, default=DEFAULT_REFERENCE, help="folder of the reference CSVs"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="gazetteer JSON to write")
    parser.add_argument("--quiet", action="store_true", help="do not log each dropped alias")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    if not (args.reference / "states.csv").is_file():
        print(f"error: no reference data at {args.reference}", file=sys.stderr)
        return 2
    document = build(args.reference)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dumps(document), encoding="utf-8")
    counts = document["counts"]
    by_type = ", ".join(f"{name} {count}" for name, count in counts["entities"].items())
    print(
        f"wrote {args.output}: {sum(counts['entities'].values())} entities ({by_type}), "
        f"{counts['memberships']} memberships, {counts['posts']} posts, "
        f"{counts['dropped_aliases']} ambiguous aliases dropped"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
