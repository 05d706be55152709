"""The offline gazetteer: its shipped data and reference files, its look-ups, and the builder and checker."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import spacy

from kg.extract.gazetteer_matcher import GazetteerMatcher
from kg.facts import ENTITY_TYPES
from kg.gazetteer import (
    GazEntry,
    Gazetteer,
    Membership,
    date_bounds,
    dumps_gazetteer,
    is_abbreviation,
    load_gazetteer,
    normalise_name,
)
from kg.gazetteer.amendments import amended
from kg.gazetteer.build import build_document, initials_form
from kg.gazetteer.from_csv import REFERENCE_FILES, read_reference, read_table
from kg.gazetteer.records import EntityRecord, Records
from kg.resources import data_file

ROOT = Path(__file__).resolve().parents[1]
# The reference files shipped with the package (a copy of ../shared/reference; tests/yardstick checks the copy).
REFERENCE = ROOT / "kg" / "data" / "reference"
SHIPPED = ROOT / "kg" / "data" / "gazetteer.json"
BUILD = ROOT / "scripts" / "build_gazetteer.py"
VERIFY = ROOT / "scripts" / "verify_gazetteer.py"

# The QIDs the issue names; each is in the reference files.
NAMED_QIDS = [
    ("Serbia", "Q403"),
    ("Kosovo", "Q1246"),
    ("North Atlantic Treaty Organization", "Q7184"),
    ("Belgrade", "Q3711"),
    ("Russia", "Q159"),
    ("European Union", "Q458"),
    ("Jens Stoltenberg", "Q57665"),
    ("Aleksandar Vučić", "Q222031"),
    ("Moscow", "Q649"),
    ("Ukraine", "Q212"),
    ("Bosnia and Herzegovina", "Q225"),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference() -> Path:
    if not (REFERENCE / "states.csv").is_file():
        pytest.fail(f"No reference data at {REFERENCE}: the package ships it as package data", pytrace=False)
    return REFERENCE


def reference_rows(reference: Path, name: str) -> list[dict[str, str]]:
    with open(reference / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_label(gaz: Gazetteer, label: str) -> GazEntry:
    """The one entry with this label (its type breaks ties between a state and its namesake capital)."""
    matches = [entry for entry in gaz.entries() if entry.label == label]
    assert matches, f"no gazetteer entry labelled {label!r}"
    return matches[0]


def run_script(script: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- the shipped data ---------------------------------------------------------------------------------------


def test_every_entry_cites_its_source(gaz: Gazetteer) -> None:
    missing = [entry.id for entry in gaz.entries() if not entry.source.startswith("reference/")]
    assert not missing
    assert all(
        post.source.startswith(("reference/persons.csv", "reference/leaders.csv")) for post in gaz.posts
    )
    assert all(row.source.startswith("reference/memberships.csv") for row in gaz.memberships)


def test_no_qid_has_two_types(document: dict[str, Any]) -> None:
    types: dict[str, set[str]] = defaultdict(set)
    for entity in document["entities"]:
        types[entity["id"]].add(entity["type"])
    assert len(types) == len(document["entities"]), "an id is listed twice"
    assert not {qid: kinds for qid, kinds in types.items() if len(kinds) > 1}


def test_types_are_geokg_entity_types(gaz: Gazetteer) -> None:
    assert {entry.type for entry in gaz.entries()} <= set(ENTITY_TYPES)


def test_only_ethnic_groups_lack_a_qid(gaz: Gazetteer) -> None:
    without = {entry.type for entry in gaz.entries() if entry.qid is None}
    assert without == {"EthnicGroup"}
    assert all(entry.id == entry.qid for entry in gaz.entries() if entry.qid)


@pytest.mark.parametrize("label, qid", NAMED_QIDS)
def test_named_qids(gaz: Gazetteer, label: str, qid: str) -> None:
    entry = gaz.by_qid(qid)
    assert entry is not None and entry.label == label
    assert gaz.lookup(label)[0].qid == qid


def test_aliases_are_at_least_two_characters(gaz: Gazetteer) -> None:
    assert not [(entry.id, alias) for entry in gaz.entries() for alias in entry.aliases if len(alias) < 2]


def test_dropped_aliases_do_not_resolve_to_the_entity(gaz: Gazetteer, document: dict[str, Any]) -> None:
    assert document["dropped_aliases"], "the reference has names shared by two items (e.g. Gaza)"
    for dropped in document["dropped_aliases"]:
        assert dropped["from"] not in {entry.id for entry in gaz.lookup(dropped["alias"])}, dropped


def test_ambiguous_alias_stays_with_the_entity_it_names(gaz: Gazetteer) -> None:
    gaza_strip = by_label(gaz, "Gaza Strip")
    gaza_city = [entry for entry in gaz.lookup("Gaza") if entry.type == "City"]
    assert gaza_city and gaza_strip not in gaz.lookup("Gaza")


# -- look-ups -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, label",
    [
        ("Serbia", "Serbia"),
        ("serbia", "Serbia"),
        ("SERBIA", "Serbia"),
        ("Vucic", "Aleksandar Vučić"),
        ("Vučić", "Aleksandar Vučić"),
        ("Aleksandar Vucic", "Aleksandar Vučić"),
        ("NATO", "North Atlantic Treaty Organization"),
        ("North Atlantic Treaty Organization", "North Atlantic Treaty Organization"),
        ("north atlantic treaty organisation", "North Atlantic Treaty Organization"),
        ("EU", "European Union"),
        ("Belgrade", "Belgrade"),
        ("Moscow", "Moscow"),
        ("US", "United States"),
        ("UK", "United Kingdom"),
        ("the Netherlands", "Netherlands"),
        ("Cote d'Ivoire", "Ivory Coast"),
        ("Jens  Stoltenberg", "Jens Stoltenberg"),
    ],
)
def test_lookup(gaz: Gazetteer, name: str, label: str) -> None:
    assert gaz.lookup(name) == [by_label(gaz, label)]


def test_kosovo_is_partially_recognised(gaz: Gazetteer) -> None:
    (kosovo,) = gaz.lookup("Kosovo")
    assert kosovo.type == "PartiallyRecognizedState"
    assert kosovo.qid == "Q1246"


def test_bosnia_follows_the_reference(gaz: Gazetteer, reference: Path) -> None:
    row = next(r for r in reference_rows(reference, "states") if r["qid"] == "Q225")
    listed = "Bosnia" in [alias.strip() for alias in row["aliases"].split(";")]
    assert [entry.qid for entry in gaz.lookup("Bosnia")] == (["Q225"] if listed else [])


@pytest.mark.parametrize("name", ["us", "eu", "nato", "Us", "who"])
def test_abbreviations_match_case_exactly(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) == []


def test_title_case_acronym_of_the_press(gaz: Gazetteer) -> None:
    assert gaz.lookup("Nato") == gaz.lookup("NATO")


def test_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.lookup("Atlantis") == []
    assert gaz.by_qid("Q0") is None


def test_unverified_names_are_not_found(gaz: Gazetteer, reference: Path) -> None:
    # unverified.csv as the builder reads it: without the rows leaders_amended.csv drops as since confirmed
    rows = amended(read_table, reference, "unverified")
    names = [row["name"] for row in rows if "(" not in row["name"]]
    assert "North Nicosia" in names and "Zvečan" in names
    assert {name: gaz.lookup(name) for name in names if gaz.lookup(name)} == {}


@pytest.mark.parametrize(
    "text, key",
    [
        ("Vučić", "vucic"),
        ("Côte d’Ivoire", "cote divoire"),
        ("Washington, D.C.", "washington dc"),
        ("The  Gambia", "gambia"),
        ("Bosnia-Herzegovina", "bosnia herzegovina"),
    ],
)
def test_normalise_name(text: str, key: str) -> None:
    assert normalise_name(text) == key


@pytest.mark.parametrize(
    "text, expected",
    [("US", True), ("NATO", True), ("G7", True), ("CoE", True), ("Xi", False), ("Serbia", False)],
)
def test_is_abbreviation(text: str, expected: bool) -> None:
    assert is_abbreviation(text) is expected


# -- demonyms, peoples, capitals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, qid",
    [
        ("Serbian", "Q403"),
        ("serbian", "Q403"),
        ("Kosovar", "Q1246"),
        # adjectives of state_adjectives.csv beside states.csv's demonyms ("Filipino", "Azerbaijani")
        ("Philippine", "Q928"),
        ("Filipino", "Q928"),
        ("Azeri", "Q227"),
    ],
)
def test_demonym(gaz: Gazetteer, word: str, qid: str) -> None:
    state = gaz.demonym(word)
    assert state is not None and state.qid == qid


def test_demonym_shared_by_two_states_names_neither(gaz: Gazetteer) -> None:
    congos = [entry for entry in gaz.entries() if "Congolese" in entry.demonyms]
    assert len(congos) == 2
    assert gaz.demonym("Congolese") is None
    assert gaz.demonym("Klingon") is None


@pytest.mark.parametrize("word", ["Serb", "Serbs", "serbs"])
def test_ethnic_group(gaz: Gazetteer, word: str) -> None:
    group = gaz.ethnic_group(word)
    assert group is not None
    assert (group.type, group.label, group.qid, group.state_qid) == ("EthnicGroup", "Serbs", None, "Q403")
    assert group.id == "ethnicgroup-serbs"


def test_adjective_is_not_an_ethnic_group(gaz: Gazetteer) -> None:
    assert gaz.ethnic_group("Serbian") is None
    assert gaz.ethnic_group("Chinese") is None  # both the people and the adjective: demonym() decides
    assert gaz.demonym("Chinese") == by_label(gaz, "China")


def test_capitals(gaz: Gazetteer) -> None:
    assert gaz.capital("Q403") == "Q3711"
    assert gaz.capital_of("Q3711") == "Q403"
    assert gaz.capital_of("Q649") == "Q159"
    assert gaz.capital_of("Q403") is None
    assert gaz.capital("Q3711") is None


def test_capital_of_two_states_prefers_the_recognised_one(gaz: Gazetteer) -> None:
    shared = [entry for entry in gaz.entries() if len(entry.capital_of) > 1]
    assert shared, "the reference gives Nicosia as the capital of Cyprus and Northern Cyprus"
    for city in shared:
        state = gaz.by_qid(gaz.capital_of(city.id) or "")
        assert state is not None and state.type == "State"


def test_capital_entries_are_cities_in_their_country(gaz: Gazetteer) -> None:
    belgrade = gaz.by_qid("Q3711")
    assert belgrade is not None
    assert (belgrade.type, belgrade.country_qid, belgrade.capital_of) == ("City", "Q403", ("Q403",))


# -- posts and memberships ----------------------------------------------------------------------------------


def test_nato_secretary_general_by_date(gaz: Gazetteer, reference: Path) -> None:
    (then,) = gaz.holders(org_qid="Q7184", title="Secretary General", at=date(2023, 11, 21))
    assert then.person_qid == "Q57665"
    (later,) = gaz.holders(org_qid="Q7184", title="secretary general", at=date(2025, 6, 1))
    assert later.person_qid != "Q57665"
    rows = reference_rows(reference, "persons")
    assert any(r["qid"] == later.person_qid and r["organization_or_state_qid"] == "Q7184" for r in rows)


def test_year_precision_dates(gaz: Gazetteer) -> None:
    assert date_bounds("2014") == (date(2014, 1, 1), date(2014, 12, 31))
    assert date_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    # Anders Fogh Rasmussen's term at NATO is known to the year only (2009-2014)
    rasmussen = by_label(gaz, "Anders Fogh Rasmussen").id
    (term,) = [post for post in gaz.posts_of(rasmussen) if post.organization_or_state_qid == "Q7184"]
    assert term.end == "2014"
    assert term in gaz.posts_of(rasmussen, at=date(2014, 12, 31))
    assert term not in gaz.posts_of(rasmussen, at=date(2015, 1, 1))


def test_terms_the_copy_dates_to_the_day(gaz: Gazetteer) -> None:
    """leaders_amended.csv gives the EU and NATO posts of 2024 their days: one holder on each date."""
    stoltenberg, rutte = by_label(gaz, "Jens Stoltenberg").id, by_label(gaz, "Mark Rutte").id
    borrell, kallas = by_label(gaz, "Josep Borrell").id, by_label(gaz, "Kaja Kallas").id
    at_nato = {
        day: [p.person_qid for p in gaz.holders(org_qid="Q7184", title="Secretary General", at=day)]
        for day in (date(2024, 9, 30), date(2024, 10, 1))
    }
    assert at_nato == {date(2024, 9, 30): [stoltenberg], date(2024, 10, 1): [rutte]}
    high_representative = "High Representative"
    assert [
        p.person_qid for p in gaz.holders(org_qid="Q458", title=high_representative, at=date(2024, 6, 1))
    ] == [borrell]
    assert [
        p.person_qid for p in gaz.holders(org_qid="Q458", title=high_representative, at=date(2025, 1, 1))
    ] == [kallas]


def test_bad_date_is_named() -> None:
    with pytest.raises(ValueError, match="'21/11/2023'"):
        date_bounds("21/11/2023")


def test_posts_of_a_person_over_time(gaz: Gazetteer) -> None:
    posts = gaz.posts_of("Q222031")
    assert len(posts) >= 2
    in_2016 = gaz.posts_of("Q222031", at=date(2016, 1, 1))
    in_2020 = gaz.posts_of("Q222031", at=date(2020, 1, 1))
    assert len(in_2016) == len(in_2020) == 1 and in_2016 != in_2020
    assert {post.organization_or_state_qid for post in posts} == {"Q403"}


def test_finland_joins_nato(gaz: Gazetteer) -> None:
    finland = by_label(gaz, "Finland").id
    assert gaz.is_member(finland, "Q7184", at=date(2022, 1, 1)) is False
    assert gaz.is_member(finland, "Q7184", at=date(2024, 1, 1)) is True
    assert "Q7184" not in {m.organization_qid for m in gaz.memberships_of(finland, at=date(2022, 1, 1))}
    assert "Q7184" in {m.organization_qid for m in gaz.memberships_of(finland, at=date(2024, 1, 1))}


def test_membership_that_ended(gaz: Gazetteer) -> None:
    uk = by_label(gaz, "United Kingdom").id
    assert gaz.is_member(uk, "Q458", at=date(2019, 1, 1)) is True
    assert gaz.is_member(uk, "Q458", at=date(2021, 1, 1)) is False
    assert gaz.is_member(uk, "Q458") is False  # now, per the reference


def test_organisation_without_member_list(gaz: Gazetteer) -> None:
    osce = gaz.lookup("OSCE")[0]
    assert not [m for m in gaz.memberships if m.organization_qid == osce.id]
    assert gaz.is_member("Q403", osce.id, at=date(2024, 1, 1)) is None


# -- surnames and patterns ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "surname, label",
    [
        ("vucic", "Aleksandar Vučić"),
        ("stoltenberg", "Jens Stoltenberg"),
        ("von der leyen", "Ursula von der Leyen"),
    ],
)
def test_surname_index(gaz: Gazetteer, surname: str, label: str) -> None:
    assert by_label(gaz, label) in gaz.surname_index()[surname]


def test_surname_index_holds_only_people(gaz: Gazetteer) -> None:
    assert {entry.type for people in gaz.surname_index().values() for entry in people} == {"Person"}


def test_phrases_carry_type_and_id(gaz: Gazetteer) -> None:
    phrases = gaz.phrases()
    ids = {entry.id for entry in gaz.entries()}
    assert phrases and all(p.label in ENTITY_TYPES and p.id in ids for p in phrases)
    nato = {(p.text, p.exact) for p in phrases if p.id == "Q7184"}
    assert {("NATO", True), ("Nato", True), ("North Atlantic Treaty Organization", False)} <= nato


def test_phrases_in_the_gazetteer_matcher(gaz: Gazetteer) -> None:
    nlp = spacy.blank("en")
    matcher = GazetteerMatcher(nlp, gaz)
    doc = matcher(
        nlp("Vučić met NATO chief Jens Stoltenberg in Belgrade as Serbs in Kosovo protested. Wild turkey.")
    )
    found = {(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents}
    assert found == {
        ("Vučić", "Person", "Q222031"),
        ("NATO", "Alliance", "Q7184"),
        ("Jens Stoltenberg", "Person", "Q57665"),
        ("Belgrade", "City", "Q3711"),
        ("Serbs", "EthnicGroup", "ethnicgroup-serbs"),
        ("Kosovo", "PartiallyRecognizedState", "Q1246"),
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("TURKEY AND SYRIA TALK", {("TURKEY", "State"), ("SYRIA", "State")}),
        ("They ate turkey and chad.", set()),
        (
            "Nato and the U.S. met in the United Kingdom.",
            {("Nato", "Alliance"), ("U.S.", "State"), ("United Kingdom", "State")},
        ),
        ("nato met", set()),
        ("Serbian and Kosovar officials", {("Serbian", "Demonym"), ("Kosovar", "Demonym")}),
    ],
)
def test_gazetteer_matcher_case_rules(gaz: Gazetteer, text: str, expected: set[tuple[str, str]]) -> None:
    """Names ignore case but never start with an all-lower-case word; abbreviations and adjectives match as
    written; dotted short forms ("U.S.") are the gazetteer's abbreviations."""
    nlp = spacy.blank("en")
    doc = GazetteerMatcher(nlp, gaz)(nlp(text))
    assert {(ent.text, ent.label_) for ent in doc.ents} == expected


def test_load_is_cached(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz
    assert load_gazetteer(SHIPPED) is gaz


# -- build and verify ---------------------------------------------------------------------------------------


def test_build_is_deterministic_and_matches_the_shipped_file(reference: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for target in (first, second):
        result = run_script(BUILD, "--reference", reference, "--output", target, "--quiet")
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == SHIPPED.read_bytes(), "kg/data/gazetteer.json is stale: run make gazetteer"
    assert load_gazetteer(first).lookup("Serbia")[0].qid == "Q403"


def test_verify_passes_on_the_shipped_file(reference: Path) -> None:
    result = run_script(VERIFY, "--reference", reference)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1].endswith(" QIDs, 0 problems")


def test_verify_rejects_a_rejected_candidate(
    reference: Path, document: dict[str, Any], tmp_path: Path
) -> None:
    rejected = next(r for r in reference_rows(reference, "unverified") if r["position_or_kind"] == "rejected")
    bad_qid = rejected["candidate_qid"].split(";")[0]
    tampered = json.loads(json.dumps(document))
    brics = next(entity for entity in tampered["entities"] if entity["label"] == "BRICS")
    brics["qid"] = brics["id"] = bad_qid
    target = tmp_path / "tampered.json"
    target.write_text(json.dumps(tampered), encoding="utf-8")
    result = run_script(VERIFY, "--reference", reference, "--gazetteer", target)
    assert result.returncode == 1
    assert f"{bad_qid}: rejected candidate" in result.stdout


def test_verify_rejects_a_wrong_name(reference: Path, document: dict[str, Any], tmp_path: Path) -> None:
    tampered = json.loads(json.dumps(document))
    serbia = next(entity for entity in tampered["entities"] if entity["id"] == "Q403")
    serbia["aliases"].append("Croatia")
    tampered["posts"][0]["end"] = "1999"
    target = tmp_path / "tampered.json"
    target.write_text(json.dumps(tampered), encoding="utf-8")
    result = run_script(VERIFY, "--reference", reference, "--gazetteer", target)
    assert result.returncode == 1
    assert "name 'Croatia' is not a reference name of Q403" in result.stdout
    assert "is not a row of persons.csv" in result.stdout


def test_verify_rejects_a_demonym_of_no_reference_file(
    reference: Path, document: dict[str, Any], tmp_path: Path
) -> None:
    tampered = json.loads(json.dumps(document))
    iran = next(entity for entity in tampered["entities"] if entity["id"] == "Q794")
    iran["demonyms"].append("Arab")
    target = tmp_path / "tampered.json"
    target.write_text(json.dumps(tampered), encoding="utf-8")
    result = run_script(VERIFY, "--reference", reference, "--gazetteer", target)
    assert result.returncode == 1
    assert "demonym 'Arab' is not in states.csv or state_adjectives.csv for Q794" in result.stdout


def test_every_state_adjective_is_of_a_states_csv_row(reference: Path) -> None:
    states = {(row["qid"], row["iso2"]) for row in reference_rows(reference, "states")}
    rows = reference_rows(reference, "state_adjectives")
    assert rows and all((row["qid"], row["iso2"]) in states for row in rows)
    assert ("Q928", "PH") in {(row["qid"], row["iso2"]) for row in rows if row["adjective"] == "Philippine"}


def test_verify_rejects_an_armed_force_moved_to_another_state(
    reference: Path, document: dict[str, Any], tmp_path: Path
) -> None:
    row = next(r for r in reference_rows(reference, "armed_groups") if r["country_qid"])
    other_state = next(
        r["qid"] for r in reference_rows(reference, "states") if r["qid"] != row["country_qid"]
    )
    tampered = json.loads(json.dumps(document))
    force = next(entity for entity in tampered["entities"] if entity["id"] == row["qid"])
    force["country_qid"] = other_state
    target = tmp_path / "tampered.json"
    target.write_text(json.dumps(tampered), encoding="utf-8")
    result = run_script(VERIFY, "--reference", reference, "--gazetteer", target)
    assert result.returncode == 1
    assert (
        f"{row['qid']} ({row['name']}): country_qid {other_state!r} differs from armed_groups.csv"
        in result.stdout
    )


def test_verify_without_reference_exits_2(tmp_path: Path) -> None:
    result = run_script(VERIFY, "--reference", tmp_path / "nowhere")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "nowhere" in result.stderr


# -- the reference files and the builder --------------------------------------------------------------------


def test_the_package_ships_the_reference_files_with_their_provenance() -> None:
    folder = data_file("reference")
    shipped = {entry.name for entry in folder.iterdir()}
    needed = {f"{name}.csv" for name in REFERENCE_FILES} | {"README.md", "NOTICE.md"}
    assert needed <= shipped
    notice = folder.joinpath("NOTICE.md").read_text(encoding="utf-8")
    assert "ODbL-1.0" in notice and "CC BY-SA 4.0" in notice and "CC0" in notice


# -- the wider reference files (places_ne, leaders, organizations_extra) ---------------------------------------


def test_places_carry_coordinates_and_prominence(gaz: Gazetteer) -> None:
    florence = gaz.by_qid("Q2044")
    assert florence is not None and florence.extended and florence.type == "City"
    assert florence.country_qid == "Q38" and florence.prominence == 2
    assert (
        florence.lat is not None
        and 43 < florence.lat < 44
        and florence.lon is not None
        and 11 < florence.lon < 12
    )


def test_leaders_bring_people_and_dated_posts(gaz: Gazetteer) -> None:
    blinken = gaz.lookup("Antony Blinken")
    assert [entry.id for entry in blinken] == ["Q7821917"] and blinken[0].extended
    (post,) = gaz.posts_of("Q7821917")
    assert post.end is None and post.as_of  # current when its source was taken, and known only until then
    assert not gaz.posts_of("Q7821917", at=date(2024, 6, 1))
    assert gaz.posts_of("Q7821917", at=date(2024, 6, 1), open_ended=True)


def test_parties_carry_their_state(gaz: Gazetteer) -> None:
    parties = {entry.id: entry.country_qid for entry in gaz.lookup("Democratic Party")}
    assert parties["Q29552"] == "Q30" and len(parties) > 5


def test_armed_groups_are_extended_armed_groups_with_their_state(gaz: Gazetteer, reference: Path) -> None:
    rows = reference_rows(reference, "armed_groups")
    for row in rows:
        entry = gaz.by_qid(row["qid"])
        assert entry is not None and entry.extended, row["name"]
        assert entry.type == ("Organization" if row["kind"] in {"ministry", "agency"} else "ArmedGroup")
        assert (entry.country_qid or "") == row["country_qid"] and entry.kind == row["kind"]
    assert {row["kind"] for row in rows} >= {"armed_group", "armed_forces"}


def test_names_unverified_csv_lists_stay_out(gaz: Gazetteer, reference: Path) -> None:
    """leaders.csv has a QID for Federica Mogherini, unverified.csv none: the gazetteer follows unverified.csv;
    Josep Borrell, whose row leaders_amended.csv drops (three files give his QID), is in."""
    leaders = reference_rows(reference, "leaders")
    (mogherini,) = {row["qid"] for row in leaders if row["name"] == "Federica Mogherini"}
    assert gaz.by_qid(mogherini) is None and not gaz.lookup("Federica Mogherini")
    (borrell,) = {row["qid"] for row in leaders if row["name"] == "Josep Borrell"}
    assert [entry.id for entry in gaz.lookup("Josep Borrell")] == [borrell]


def test_curated_entries_come_first_and_keep_their_names(gaz: Gazetteer) -> None:
    assert gaz.lookup("Georgia")[0].id == "Q230"
    assert not any(entry.extended for entry in gaz.lookup("Belgrade"))


@pytest.mark.parametrize(
    "name, short",
    [
        ("Democratic People's Republic of Korea", "DPR Korea"),
        ("Democratic Republic of the Congo", "DR Congo"),
        ("The Republic of the Congo", None),
        ("Republic of Korea", None),
        ("North Korea", None),
    ],
)
def test_initials_form(name: str, short: str | None) -> None:
    assert initials_form(name) == short


def test_the_packaged_reference_builds_the_shipped_file() -> None:
    assert dumps_gazetteer(build_document(read_reference())) == SHIPPED.read_text(encoding="utf-8")


def _records(*entities: EntityRecord, memberships: list[Membership] | None = None) -> Records:
    return Records(list(entities), memberships or [], [], about="test", attribution="test")


def test_the_builder_merges_records_of_one_qid() -> None:
    # Q3711 Belgrade and Q403 Serbia: tests/test_wikidata.py's reference QIDs.
    document = build_document(
        _records(
            EntityRecord("Q3711", "Belgrade", "City", "a", {"Beograd"}),
            EntityRecord("Q3711", "Београд", "City", "b"),
        )
    )
    (belgrade,) = document["entities"]
    assert belgrade["label"] == "Belgrade" and belgrade["source"] == "a | b"
    assert {"Beograd", "Београд"} <= set(belgrade["aliases"])


def test_the_builder_refuses_one_qid_with_two_types() -> None:
    with pytest.raises(ValueError, match="Q403 is both State and City"):
        build_document(
            _records(EntityRecord("Q403", "Serbia", "State", "a"), EntityRecord("Q403", "S", "City", "b"))
        )


def test_the_builder_drops_common_words_from_either_input() -> None:
    serbia = EntityRecord(
        "Q403", "Serbia", "State", "endpoint", {"Serb", "Srbija", "S", " Republic  of Serbia "}
    )
    (entity,) = build_document(_records(serbia))["entities"]
    assert entity["aliases"] == ["Republic of Serbia", "Srbija"]


def test_the_builder_refuses_a_membership_of_an_unknown_entity() -> None:
    serbia = EntityRecord("Q403", "Serbia", "State", "a")
    with pytest.raises(ValueError, match="unknown Q7184"):
        build_document(_records(serbia, memberships=[Membership("Q403", "Q7184", "a")]))


def test_the_builder_refuses_a_field_the_gazetteer_lacks() -> None:
    with pytest.raises(ValueError, match="colour"):
        build_document(_records(EntityRecord("Q403", "Serbia", "State", "a", details={"colour": "red"})))
