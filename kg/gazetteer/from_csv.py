"""The gazetteer's first input: the verified reference CSVs shipped in kg/data/reference (with their README).

Reads states, organizations, persons, places and memberships and gives the builder entities with their types,
aliases and a short citation of where each QID comes from, and memberships and posts with dates.
unverified.csv is read only to keep its names out of the aliases.

The wider files places_ne.csv (cities, first-level divisions, seas and other features with coordinates),
leaders.csv (dated posts of heads of state and government, ministers and officials), organizations_extra.csv
(intergovernmental bodies and political parties) and armed_groups.csv (armed groups and national armed forces)
give `extended` entities: the linker wants evidence beyond the
name before it links them (see kg.extract.linking).
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections import defaultdict
from importlib.resources.abc import Traversable
from typing import Any

from kg.gazetteer.amendments import ADDED, AMENDED, amended
from kg.gazetteer.loader import normalise_name, qid_sort_key
from kg.gazetteer.records import EntityRecord, Membership, Post, Records
from kg.resources import data_file

logger = logging.getLogger(__name__)

DEFAULT_REFERENCE = data_file("reference")
# The files the gazetteer is built from (and verified against).
REFERENCE_FILES = (
    "states",
    "organizations",
    "persons",
    "places",
    "memberships",
    "unverified",
    "places_ne",
    "leaders",
    "organizations_extra",
    "armed_groups",
    "state_adjectives",
    ADDED,
    AMENDED,
)
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
# Kinds of the wider files beyond those above; Natural Earth's physical features (sea, gulf, strait, island,
# mountain, …) are Place.
EXTRA_ORG_TYPES = {
    "political_party": "Organization",
    "eu_agency": "Organization",
    "un_body": "Organization",
}
NE_PLACE_TYPES = {"city": "City", "region": "Region", "territory": "Region"}
# armed_groups.csv: the ontology's ArmedGroup is "an armed force or group" (an army, police unit or militia), so
# national armed forces, police and intelligence services are ArmedGroup with their state; ministries and
# agencies are Organization.
ARMED_TYPES = {
    "armed_group": "ArmedGroup",
    "armed_forces": "ArmedGroup",
    "police": "ArmedGroup",
    "intelligence": "ArmedGroup",
    "ministry": "Organization",
    "agency": "Organization",
}
# Populated places Natural Earth keeps at 1:50m (or the file confirms with a second source) are more prominent
# than those only its 1:10m layer holds.
PROMINENCE_SOURCES = (("ne50m-pp", 2), ("dr5hn-cities", 1), ("geografia-cities", 1))
ABOUT = (
    "GeoKG offline gazetteer, built by scripts/build_gazetteer.py from the verified reference files (states, "
    "organizations, persons, places, memberships; places_ne, leaders, organizations_extra, armed_groups and "
    "state_adjectives). Do not edit by hand."
)
ATTRIBUTION = (
    "Wikidata QIDs are CC0. Built from GeoKG's reference files; state demonyms and some aliases come from "
    "mledoze/countries (ODbL-1.0), organisation names from supraverden (CC BY-SA 4.0): keep this attribution "
    "and share alike when redistributing."
)

# English names of capitals that the reference gives in another form (the QID is the reference's capital_qid).
ENGLISH_EXONYMS = {
    "København": ("Copenhagen",),
    "Washington, D.C.": ("Washington", "Washington DC"),
    # the English spelling of news before 2022
    "Kyiv": ("Kiev",),
    # the city's name before March 2019 and again since September 2022
    "Nur-Sultan": ("Astana",),
}
# Where each name beside its QID is published (kg.gazetteer.verify accepts these names).
CITED_NAMES = {
    ("Q1748", "Copenhagen"): 'code-index file 55960629919 (entity("Copenhagen", "Q1748"), capital of Q35)',
    ("Q61", "Washington"): 'reference states.csv capital "Washington, D.C." without its district suffix',
    ("Q61", "Washington DC"): 'reference states.csv capital "Washington, D.C." without punctuation',
    ("Q145", "Britain"): 'code-index file 39782549958 ("britain": "Q145"); reference alias "Great Britain"',
    ("Q1520", "Astana"): (
        'reference states.csv capital "Nur-Sultan" of Kazakhstan (capital_qid Q1520); "Astana" is the same city\'s'
        ' name until March 2019 and again since September 2022: pages eastcoastdaily.in 2019-03-25 ("The capital'
        " city 'Astana' will be renamed as 'Nursultan'\") and gettotext.com (\"Kazakhstan's capital Nur-Sultan is"
        ' now called Astana again")'
    ),
    ("Q1899", "Kiev"): (
        'reference states.csv capital "Kyiv" of Ukraine (capital_qid Q1899); "Kiev" is the same city\'s older English'
        ' spelling: page en.vikidia.org/wiki/Kiev ("Kiev (also spelled Kyiv ...) is the capital of Ukraine"),'
        " page encyc.org/wiki/Kiev (redirected to Kyiv)"
    ),
}
# Names of states that news uses and the reference lacks (each cited in CITED_NAMES).
EXTRA_STATE_NAMES = {"Q145": ("Britain",)}

Row = dict[str, str]
PARTY_COUNTRY = re.compile(r"\bcountry ([A-Z]{3})\b")
# The day (or month) a source snapshot was taken: "@6a87ce3 (2022-04-27; …", "snapshots 2022-12-05..2022-12-10".
SNAPSHOT_DATE = re.compile(r"\b(\d{4}-\d{2}(?:-\d{2})?)\b")


def read_reference(reference: Traversable = DEFAULT_REFERENCE) -> Records:
    """The builder's records for the reference files in the folder `reference`."""
    states = with_adjectives(read_table(reference, "states"), read_table(reference, "state_adjectives"))
    persons = amended(read_table, reference, "persons")
    entities = [
        *map(state_entity, states),
        *capital_entities(states),
        *map(organization_entity, read_table(reference, "organizations")),
        *map(place_entity, read_table(reference, "places")),
        *person_entities(persons),
    ]
    taken = {normalise_name(name): e.id for e in entities for name in [e.label, *e.aliases]}
    unverified = frozenset(
        normalise_name(row["name"]) for row in amended(read_table, reference, "unverified")
    )
    leaders = amended(read_table, reference, "leaders")
    extended = [
        *(place_ne_entity(row) for row in read_table(reference, "places_ne")),
        *person_entities(leaders, file="leaders.csv", extended=True),
        *(extra_organization_entity(row, states) for row in read_table(reference, "organizations_extra")),
        *map(armed_group_entity, read_table(reference, "armed_groups")),
    ]
    kept = [entity for entity in extended if not _names_unverified(entity, unverified)]
    kept_ids = {entity.id for entity in kept} | {entity.id for entity in entities}
    return Records(
        entities=[*entities, *ethnic_entities(states, taken), *kept],
        memberships=[membership(row) for row in read_table(reference, "memberships")],
        posts=[
            *map(post, persons),
            *(post(row, file="leaders.csv") for row in leaders if row["qid"] in kept_ids),
        ],
        about=ABOUT,
        attribution=ATTRIBUTION,
        unverified_names=unverified,
    )


def _names_unverified(entity: EntityRecord, unverified: frozenset[str]) -> bool:
    """An entity of the wider files named like one unverified.csv lists (Josep Borrell, Balkans): the curated
    files found no QID for that name, so it stays unlinked, as the evaluation gold has it."""
    names = {normalise_name(name) for name in (entity.label, *entity.aliases)}
    if names & unverified:
        logger.info("%s (%s) is named in unverified.csv: left out", entity.id, entity.label)
        return True
    return False


def read_table(reference: Traversable, name: str) -> list[Row]:
    """Rows of a reference CSV, values stripped; unquoted commas in a last (note) column are put back."""
    # Bytes decoded by hand: a Traversable's open() takes no newline="", and csv needs the line ends as they are.
    text = (reference / f"{name}.csv").read_bytes().decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
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


def split_state_sources(text: str) -> tuple[str, str]:
    """The `qid:` and `capital_qid:` parts of a states.csv sources cell."""
    qid_part, _, capital_part = text.partition(" ; capital_qid:")
    return qid_part.removeprefix("qid:"), capital_part


def demonyms_of(row: Row) -> list[str]:
    """A state's adjectives: states.csv's `demonym` cell, then those state_adjectives.csv adds ("Philippine")."""
    words = [word.strip() for word in re.split(r";| or ", row["demonym"]) if word.strip()]
    return words + split_list(row.get(ADJECTIVES, ""))


# The column `with_adjectives` adds to a states.csv row: the adjectives of state_adjectives.csv, `;`-joined.
ADJECTIVES = "added_adjectives"


def with_adjectives(states: list[Row], adjectives: list[Row]) -> list[Row]:
    """states.csv rows with the adjectives state_adjectives.csv gives them (joined by QID and ISO code)."""
    by_qid: dict[str, list[str]] = defaultdict(list)
    known = {(row["qid"], row["iso2"]) for row in states}
    for row in adjectives:
        if (row["qid"], row["iso2"]) not in known:
            raise ValueError(f"state_adjectives.csv: {row['qid']} {row['iso2']} is no state of states.csv")
        by_qid[row["qid"]].append(row["adjective"])
    return [{**row, ADJECTIVES: ";".join(by_qid.get(row["qid"], ()))} for row in states]


def _state_rank(row: Row) -> tuple[int, int, str]:
    return (STATUS_RANK[row["status"]], *qid_sort_key(row["qid"]))


def state_entity(row: Row) -> EntityRecord:
    status = row["status"]
    if status not in STATE_TYPES:
        raise ValueError(f"Unknown state status {status!r} for {row['qid']}")
    qid_sources, _ = split_state_sources(row["sources"])
    demonyms = demonyms_of(row)
    details: dict[str, Any] = {
        "status": status,
        "official_name": row["official_name"] or None,
        "iso2": row["iso2"] or None,
        "iso3": row["iso3"] or None,
        "capital_qid": row["capital_qid"] or None,
        "demonyms": sorted(set(demonyms)),
        "people_demonym": row["people_demonym"] or None,
    }
    entity = EntityRecord(
        row["qid"], row["name"], STATE_TYPES[status], cite("states.csv", qid_sources), details=details
    )
    label_words = set(row["name"].split())
    for alias in [row["official_name"], *split_list(row["aliases"])]:
        # "Russian" listed as a name of Russia is its adjective (demonym() has it); "Vatican" is a real name.
        if alias in demonyms and alias not in label_words:
            logger.info("alias %r of %s is its demonym: kept as demonym only", alias, row["qid"])
            continue
        entity.aliases.add(alias)
    entity.aliases.update(EXTRA_STATE_NAMES.get(row["qid"], ()))
    return entity


def capital_entities(states: list[Row]) -> list[EntityRecord]:
    """One City per capital QID, named by the best-recognised state that has it as capital."""
    state_qids = {row["qid"] for row in states}
    rows_by_capital: dict[str, list[Row]] = defaultdict(list)
    for row in states:
        # City-states (Monaco, Singapore, Vatican City) are their own capital: the State entry covers it.
        if row["capital_qid"] and row["capital_qid"] not in state_qids:
            rows_by_capital[row["capital_qid"]].append(row)
    entities = []
    for capital_qid, rows in rows_by_capital.items():
        rows.sort(key=_state_rank)
        label, _ = split_parenthetical(rows[0]["capital"])
        source = "; ".join(
            f"capital_qid of {row['name']}: {split_state_sources(row['sources'])[1]}" for row in rows
        )
        details = {
            "kind": "capital",
            "country_qid": rows[0]["qid"],
            "capital_of": [row["qid"] for row in rows],
        }
        entity = EntityRecord(capital_qid, label, "City", cite("states.csv", source), details=details)
        for row in rows:
            main, extra = split_parenthetical(row["capital"])
            entity.aliases.update([main, *extra, *ENGLISH_EXONYMS.get(main, ())])
        entities.append(entity)
    return entities


def organization_entity(row: Row) -> EntityRecord:
    if row["kind"] not in ORG_TYPES:
        raise ValueError(f"Unknown organisation kind {row['kind']!r} for {row['qid']}")
    details = {"kind": row["kind"], "abbreviation": row["abbreviation"] or None}
    entity = EntityRecord(
        row["qid"],
        row["name"],
        ORG_TYPES[row["kind"]],
        cite("organizations.csv", row["sources"]),
        details=details,
    )
    entity.aliases.update([row["abbreviation"], *split_list(row["aliases"])])
    return entity


def place_entity(row: Row) -> EntityRecord:
    if row["kind"] not in PLACE_TYPES:
        raise ValueError(f"Unknown place kind {row['kind']!r} for {row['qid']}")
    label, _ = split_parenthetical(row["name"])
    details = {"kind": row["kind"], "country_qid": row["country_qid"] or None}
    entity = EntityRecord(
        row["qid"], row["name"], PLACE_TYPES[row["kind"]], cite("places.csv", row["sources"]), details=details
    )
    # "Republic of Crimea (Russian-declared)": the parenthesis qualifies, it is not another name.
    entity.aliases.update([label, *split_list(row["aliases"])])
    return entity


def person_entities(
    persons: list[Row], *, file: str = "persons.csv", extended: bool = False
) -> list[EntityRecord]:
    """One Person per QID. persons.csv gives one name per person; leaders.csv may give a second spelling
    (the English Wikidata label beside geografia's), which becomes an alias."""
    rows_by_qid: dict[str, list[Row]] = defaultdict(list)
    for row in persons:
        rows_by_qid[row["qid"]].append(row)
    entities = []
    for qid, rows in rows_by_qid.items():
        names = list(dict.fromkeys(row["name"] for row in rows))
        if len(names) > 1 and not extended:
            raise ValueError(f"Person {qid} has several names: {sorted(names)}")
        sources = " | ".join(dict.fromkeys(row["sources"] for row in rows))
        details = {"extended": True} if extended else {}
        entity = EntityRecord(qid, names[0], "Person", cite(file, sources), details=details)
        entity.aliases.update(names[1:])
        for row in rows:
            entity.aliases.update(split_list(row["aliases"]))
        entities.append(entity)
    return entities


def place_ne_entity(row: Row) -> EntityRecord:
    """A place of places_ne.csv, with its coordinates and how prominent Natural Earth makes it."""
    kind = row["kind"]
    prominence = max((rank for key, rank in PROMINENCE_SOURCES if key in row["sources"]), default=0)
    details: dict[str, Any] = {
        "kind": kind,
        "country_qid": row["country_qid"] or None,
        "lat": float(row["lat"]) if row["lat"] else None,
        "lon": float(row["lon"]) if row["lon"] else None,
        "prominence": prominence if kind == "city" else None,
        "extended": True,
    }
    type_ = NE_PLACE_TYPES.get(kind, "Place")
    entity = EntityRecord(
        row["qid"], row["name"], type_, cite("places_ne.csv", row["sources"]), details=details
    )
    entity.aliases.update(split_list(row["aliases"]))
    return entity


def extra_organization_entity(row: Row, states: list[Row]) -> EntityRecord:
    """A body of organizations_extra.csv; a political party carries its country (the ISO code in `sources`)."""
    kind = row["kind"]
    type_ = EXTRA_ORG_TYPES.get(kind) or ORG_TYPES.get(kind)
    if type_ is None:
        raise ValueError(f"Unknown organisation kind {kind!r} for {row['qid']}")
    details: dict[str, Any] = {
        "kind": kind,
        "abbreviation": row["abbreviation"] or None,
        "country_qid": party_country(row, states) if kind == "political_party" else None,
        "extended": True,
    }
    entity = EntityRecord(
        row["qid"], row["name"], type_, cite("organizations_extra.csv", row["sources"]), details=details
    )
    entity.aliases.update([row["abbreviation"], *split_list(row["aliases"])])
    return entity


def armed_group_entity(row: Row) -> EntityRecord:
    """An armed group, armed force, ministry or agency of armed_groups.csv, with its state where the source
    gives one."""
    kind = row["kind"]
    if kind not in ARMED_TYPES:
        raise ValueError(f"Unknown armed group kind {kind!r} for {row['qid']}")
    details: dict[str, Any] = {"kind": kind, "country_qid": row["country_qid"] or None, "extended": True}
    entity = EntityRecord(
        row["qid"], row["name"], ARMED_TYPES[kind], cite("armed_groups.csv", row["sources"]), details=details
    )
    entity.aliases.update(split_list(row["aliases"]))
    return entity


def party_country(row: Row, states: list[Row]) -> str | None:
    """The state of a Party Facts row ("country SRB" in its sources), if it is one of states.csv."""
    match = PARTY_COUNTRY.search(row["sources"])
    by_iso3 = {state["iso3"]: state["qid"] for state in states if state["iso3"]}
    return by_iso3.get(match.group(1)) if match else None


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


def ethnic_entities(states: list[Row], taken: dict[str, str]) -> list[EntityRecord]:
    """QID-less EthnicGroup entries from the people demonyms ("Serbs"), with the state as a hint."""
    adjectives = {normalise_name(word) for row in states for word in demonyms_of(row)}
    by_key: dict[str, EntityRecord] = {}
    sources: dict[str, list[str]] = defaultdict(list)
    for row in sorted(states, key=_state_rank):
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
        entity = by_key.setdefault(
            key, EntityRecord(None, label, "EthnicGroup", "", details={"state_qids": []})
        )
        sources[key].append(f"people_demonym of {row['name']}")
        entity.details["state_qids"].append(row["qid"])
        # "Albanian", "Czech": a singular that is also an adjective is no safe name for the people.
        entity.aliases.update(form for form in others if normalise_name(form) not in adjectives)
    for key, entity in by_key.items():
        entity.source = cite("states.csv", "; ".join(sources[key]))
        state_qids = entity.details["state_qids"]
        entity.details["state_qid"] = state_qids[0] if len(state_qids) == 1 else None
    return list(by_key.values())


def membership(row: Row) -> Membership:
    return Membership(
        member_qid=row["member_qid"],
        organization_qid=row["organization_qid"],
        start=row["start"] or None,
        end=row["end"] or None,
        source=cite("memberships.csv", row["sources"]),
    )


def post(row: Row, *, file: str = "persons.csv") -> Post:
    """A term in office. leaders.csv leaves `end` empty for a holder still in office when its source was taken:
    such a term is known to last only until that snapshot (`as_of`)."""
    end = row["end"] or None
    snapshots = SNAPSHOT_DATE.findall(row["sources"]) if file != "persons.csv" and end is None else []
    return Post(
        person_qid=row["qid"],
        position=row["position"],
        position_qid=row["position_qid"] or None,
        organization_or_state_qid=row["organization_or_state_qid"],
        start=row["start"] or None,
        end=end,
        source=cite(file, row["sources"]),
        as_of=max(snapshots) if snapshots else None,
    )
