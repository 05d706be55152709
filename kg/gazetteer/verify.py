"""Check a gazetteer document against the verified reference files, QID by QID.

Every entity QID must be in the reference with the same kind of entity and names the reference gives it (a
state's demonyms those of states.csv or state_adjectives.csv);
every membership and post must be a row of memberships.csv and persons.csv; no rejected candidate QID of
unverified.csv may appear anywhere in the document. Names are compared with a key of this module's own, not
with kg.gazetteer's, so a bug in the loader's normalisation cannot hide a wrong name.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any

from unidecode import unidecode

from kg.gazetteer.amendments import ADDED, AMENDED, amended

# Names cited outside the reference (each with where it is published).
from kg.gazetteer.from_csv import CITED_NAMES

MAIN_FILES = (
    "states",
    "organizations",
    "persons",
    "places",
    "memberships",
    "places_ne",
    "leaders",
    "organizations_extra",
    "armed_groups",
    "state_adjectives",
    ADDED,
    AMENDED,
)
PARTY_COUNTRY = re.compile(r"\bcountry ([A-Z]{3})\b")
QID_RE = re.compile(r"\bQ[1-9]\d*\b")

# Which reference roles may stand behind each gazetteer type.
ALLOWED_ROLES = {
    "State": {"state:un_member", "state:observer"},
    "PartiallyRecognizedState": {"state:limited_recognition"},
    "Alliance": {"org:military_alliance"},
    "InternationalOrganization": {"org:intergovernmental_organization", "org:forum"},
    "Organization": {
        "org:eu_institution",
        "org:un_organ",
        "org:un_agency",
        "org:court",
        "org:peacekeeping_mission",
        "org:political_party",
        "org:eu_agency",
        "org:un_body",
        "armed:ministry",
        "armed:agency",
    },
    "ArmedGroup": {"armed:armed_group", "armed:armed_forces", "armed:police", "armed:intelligence"},
    "Person": {"person"},
    "City": {"capital", "place:city"},
    "Region": {"place:region", "place:territory"},
}
# Place: any kind of place but a city, region or territory (seas, straits, islands, mountains, stations, …).
NOT_PLACE_KINDS = {"place:city", "place:region", "place:territory"}


def allowed_roles(type_: str, roles: set[str]) -> set[str]:
    """The reference roles that may stand behind a gazetteer type."""
    if type_ == "Place":
        return {role for role in roles if role.startswith("place:") and role not in NOT_PLACE_KINDS}
    return ALLOWED_ROLES.get(type_, set())


def key(name: str) -> str:
    """Names compared without case, diacritics, punctuation or a leading "the" (independent of kg/)."""
    text = re.sub(r"[.'`’]", "", unidecode(name).casefold())
    return re.sub(r"[^0-9a-z]+", " ", text).strip().removeprefix("the ").strip()


def initials_key(name_key: str) -> str | None:
    """A name key's "form of government" shortening, as states.csv has "dr congo" beside "democratic republic
    of the congo": "democratic peoples republic of korea" -> "dpr korea"."""
    match = re.fullmatch(r"(?P<form>(?:\w+ ){2,})of (?:the )?(?P<rest>.+)", name_key)
    if match is None:
        return None
    return "".join(word[0] for word in match.group("form").split()) + " " + match.group("rest")


def read_table(reference: Traversable, name: str) -> list[dict[str, str]]:
    text = (reference / f"{name}.csv").read_bytes().decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    return [dict(zip(header, (cell.strip() for cell in cells), strict=False)) for cells in reader if cells]


def name_forms(value: str) -> set[str]:
    """Name keys of a reference cell: list items, parenthesised parts, "a/b" and "a or b" (both, and as
    written) and "(singular x)" forms."""
    forms = set()
    items = re.split(r";| \| ", value)
    for part in [*items, *(piece for item in items for piece in re.split(r" or |/", item))]:
        part = part.strip()
        match = re.fullmatch(r"(.+?)\s*\((?:singular )?(.+)\)", part)
        for piece in (part, *(match.groups() if match else ())):
            forms.add(key(piece))
    return {form for form in forms if form}


@dataclass
class Reference:
    """What the reference says about each QID."""

    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # A state's adjectives: states.csv's demonym cell and state_adjectives.csv's rows of its QID and ISO code.
    demonyms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    states: dict[str, dict[str, str]] = field(default_factory=dict)
    places: dict[str, dict[str, str]] = field(default_factory=dict)
    organizations: dict[str, dict[str, str]] = field(default_factory=dict)
    armed_groups: dict[str, dict[str, str]] = field(default_factory=dict)
    capitals: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    memberships: set[tuple[str, str, str, str]] = field(default_factory=set)
    posts: set[tuple[str, str, str, str, str, str]] = field(default_factory=set)
    position_qids: set[str] = field(default_factory=set)
    # Every QID written anywhere in the main files, sources columns included.
    mentioned: set[str] = field(default_factory=set)
    rejected: set[str] = field(default_factory=set)

    @property
    def qids(self) -> set[str]:
        return set(self.roles) | self.position_qids


def load_reference(folder: Traversable) -> Reference:
    """What the reference files in `folder` say about each QID."""
    ref = Reference()
    for row in read_table(folder, "states"):
        qid = row["qid"]
        ref.roles[qid].add(f"state:{row['status']}")
        ref.names[qid] |= (
            name_forms(row["name"]) | name_forms(row["official_name"]) | name_forms(row["aliases"])
        )
        ref.states[qid] = row
        ref.demonyms[qid] |= name_forms(row["demonym"])
        if row["capital_qid"]:
            ref.roles[row["capital_qid"]].add("capital")
            ref.names[row["capital_qid"]] |= name_forms(row["capital"])
            ref.capitals[row["capital_qid"]].add(qid)
    for row in read_table(folder, "state_adjectives"):
        # An adjective counts only for the state whose QID and ISO code the row gives as states.csv does.
        if row["qid"] in ref.states and ref.states[row["qid"]]["iso2"] == row["iso2"]:
            ref.demonyms[row["qid"]] |= name_forms(row["adjective"])
    for row in read_table(folder, "organizations"):
        ref.roles[row["qid"]].add(f"org:{row['kind']}")
        ref.names[row["qid"]] |= (
            name_forms(row["name"]) | name_forms(row["abbreviation"]) | name_forms(row["aliases"])
        )
    for row in read_table(folder, "organizations_extra"):
        ref.roles[row["qid"]].add(f"org:{row['kind']}")
        ref.names[row["qid"]] |= (
            name_forms(row["name"]) | name_forms(row["abbreviation"]) | name_forms(row["aliases"])
        )
        ref.organizations[row["qid"]] = row
    for row in read_table(folder, "armed_groups"):
        ref.roles[row["qid"]].add(f"armed:{row['kind']}")
        ref.names[row["qid"]] |= name_forms(row["name"]) | name_forms(row["aliases"])
        ref.armed_groups[row["qid"]] = row
    for name in ("places", "places_ne"):
        for row in read_table(folder, name):
            ref.roles[row["qid"]].add(f"place:{row['kind']}")
            ref.names[row["qid"]] |= name_forms(row["name"]) | name_forms(row["aliases"])
            ref.places[row["qid"]] = row
    for row in amended(read_table, folder, "persons") + amended(read_table, folder, "leaders"):
        ref.roles[row["qid"]].add("person")
        ref.names[row["qid"]] |= name_forms(row["name"]) | name_forms(row["aliases"])
        ref.posts.add(
            (
                row["qid"],
                row["position"],
                row["position_qid"],
                row["organization_or_state_qid"],
                row["start"],
                row["end"],
            )
        )
        if row["position_qid"]:
            ref.position_qids.add(row["position_qid"])
    for row in read_table(folder, "memberships"):
        ref.memberships.add((row["member_qid"], row["organization_qid"], row["start"], row["end"]))
    for name in MAIN_FILES:
        ref.mentioned |= set(QID_RE.findall((folder / f"{name}.csv").read_text(encoding="utf-8")))
    candidates = {
        qid
        for row in amended(read_table, folder, "unverified")
        for qid in QID_RE.findall(row["candidate_qid"])
    }
    ref.rejected = candidates - ref.qids
    return ref


def check_entity(entity: dict[str, Any], ref: Reference) -> Iterator[str]:
    qid = entity.get("qid")
    if qid is None:
        yield from check_ethnic_group(entity, ref)
        return
    where = f"{qid} ({entity.get('label')})"
    if qid not in ref.roles:
        yield f"{where}: QID not in the reference files"
        return
    if not ref.roles[qid] & allowed_roles(entity.get("type", ""), ref.roles[qid]):
        yield f"{where}: type {entity.get('type')} but the reference has it as {sorted(ref.roles[qid])}"
    shortened = {short for name in ref.names[qid] if (short := initials_key(name))}
    for name in [entity.get("label", ""), *entity.get("aliases", [])]:
        if key(name) not in ref.names[qid] | shortened and (qid, name) not in CITED_NAMES:
            yield f"{where}: name {name!r} is not a reference name of {qid}"
    if qid in ref.states:
        row = ref.states[qid]
        for field_name in ("iso2", "iso3", "capital_qid"):
            if (entity.get(field_name) or "") != row[field_name]:
                found, expected = entity.get(field_name), row[field_name]
                yield f"{where}: {field_name} {found!r} but the reference has {expected!r}"
        for demonym in entity.get("demonyms", []):
            if key(demonym) not in ref.demonyms[qid]:
                yield f"{where}: demonym {demonym!r} is not in states.csv or state_adjectives.csv for {qid}"
    if qid in ref.places:
        yield from check_place(entity, ref.places[qid], where)
    if qid in ref.organizations and (entity.get("country_qid") or "") != party_country(
        ref.organizations[qid], ref
    ):
        yield f"{where}: country_qid {entity.get('country_qid')!r} is not the party's country in its sources"
    if qid in ref.armed_groups and (entity.get("country_qid") or "") != ref.armed_groups[qid]["country_qid"]:
        yield f"{where}: country_qid {entity.get('country_qid')!r} differs from armed_groups.csv"
    for state in entity.get("capital_of", []):
        if state not in ref.capitals.get(qid, set()):
            yield f"{where}: capital of {state} is not in states.csv"


def check_place(entity: dict[str, Any], row: dict[str, str], where: str) -> Iterator[str]:
    """Country and coordinates as the places file gives them."""
    if (entity.get("country_qid") or "") != row["country_qid"]:
        yield f"{where}: country_qid {entity.get('country_qid')!r} differs from the places file"
    for name, column in (("lat", "lat"), ("lon", "lon")):
        given = row.get(column) or ""
        shipped = entity.get(name)
        if (shipped is None) != (not given) or (shipped is not None and abs(shipped - float(given)) > 1e-9):
            yield f"{where}: {name} {shipped!r} but the places file has {given!r}"


def party_country(row: dict[str, str], ref: Reference) -> str:
    """The states.csv QID of the ISO code a party row's sources name ("country SRB"), or ""."""
    match = PARTY_COUNTRY.search(row["sources"]) if row["kind"] == "political_party" else None
    by_iso3 = {state["iso3"]: qid for qid, state in ref.states.items() if state["iso3"]}
    return by_iso3.get(match.group(1), "") if match else ""


def check_ethnic_group(entity: dict[str, Any], ref: Reference) -> Iterator[str]:
    where = f"{entity.get('id')} ({entity.get('label')})"
    if entity.get("type") != "EthnicGroup":
        yield f"{where}: only ethnic groups may lack a QID"
        return
    states = entity.get("state_qids", [])
    if not states:
        yield f"{where}: no state hint"
    for state in states:
        people = name_forms(ref.states[state]["people_demonym"]) if state in ref.states else set()
        if key(entity.get("label", "")) not in people:
            yield f"{where}: not the people demonym of {state}"


def has_reference(folder: Traversable) -> bool:
    """Whether `folder` holds every file the check reads."""
    return all((folder / f"{name}.csv").is_file() for name in (*MAIN_FILES, "unverified"))


def check_document(document: dict[str, Any], ref: Reference) -> tuple[set[str], list[str]]:
    """The QIDs checked and the problems found."""
    problems: list[str] = []
    seen: dict[str, int] = defaultdict(int)
    for entity in document.get("entities", []):
        seen[entity.get("id", "")] += 1
        problems.extend(check_entity(entity, ref))
    problems += [f"{ident}: listed {count} times" for ident, count in seen.items() if count > 1]
    for row in document.get("memberships", []):
        pair = (row["member_qid"], row["organization_qid"], row["start"] or "", row["end"] or "")
        if pair not in ref.memberships:
            problems.append(f"membership {pair} is not a row of memberships.csv")
    for row in document.get("posts", []):
        post = (
            row["person_qid"],
            row["position"],
            row["position_qid"] or "",
            row["organization_or_state_qid"],
            row["start"] or "",
            row["end"] or "",
        )
        if post not in ref.posts:
            problems.append(f"post {post} is not a row of persons.csv")
    shipped = set(structured_qids(document))
    problems += [
        f"{qid}: used as an identifier but no reference entity or post has it"
        for qid in sorted(shipped - ref.qids)
    ]
    written = set(QID_RE.findall(json.dumps(document, ensure_ascii=False)))
    problems += [
        f"{qid}: rejected candidate of unverified.csv is shipped" for qid in sorted(written & ref.rejected)
    ]
    problems += [
        f"{qid}: written in the gazetteer but in no reference file" for qid in sorted(written - ref.mentioned)
    ]
    return shipped, problems


def structured_qids(document: dict[str, Any]) -> Iterator[str]:
    """QIDs the gazetteer uses as identifiers (not those quoted in source citations)."""
    for entity in document.get("entities", []):
        for name in ("qid", "capital_qid", "country_qid", "state_qid"):
            if entity.get(name):
                yield entity[name]
        yield from entity.get("capital_of", [])
        yield from entity.get("state_qids", [])
    for row in document.get("memberships", []):
        yield from (row["member_qid"], row["organization_qid"])
    for row in document.get("posts", []):
        yield from (row["person_qid"], row["organization_or_state_qid"])
        if row.get("position_qid"):
            yield row["position_qid"]
