"""Armed groups of armed_groups.csv in news sentences: the names and forms the news uses link to the reference's
QID, and names without the evidence the linker needs stay unlinked. Sentences are the team's own; the expected QIDs
are read from the reference CSV, not written here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.extract import Extractor
from kg.gazetteer import load_gazetteer
from tests.extraction.test_disambiguation import _qids as _linked

ARMED_GROUPS = Path(__file__).resolve().parents[2] / "kg" / "data" / "reference" / "armed_groups.csv"


def _reference_qid(name: str) -> str:
    """The QID armed_groups.csv gives the group of that name (its `name` column)."""
    with ARMED_GROUPS.open(encoding="utf-8", newline="") as handle:
        (qid,) = [row["qid"] for row in csv.DictReader(handle) if row["name"] == name]
    return qid


def test_the_gazetteer_entry_has_the_reference_qid() -> None:
    qid = _reference_qid("Houthis")
    entries = [entry for entry in load_gazetteer().lookup("Ansar Allah") if entry.type == "ArmedGroup"]
    assert [entry.qid for entry in entries] == [qid]
    assert entries[0].extended and entries[0].label == "Houthis"


@pytest.mark.parametrize(
    "text, mention",
    [
        # One word the model leaves without a span, before a noun for the group's members.
        ("Houthi rebels fired a missile at a tanker in the Red Sea on Monday.", "Houthi"),
        ("Houthi fighters seized the cargo ship and took its crew to Hodeidah.", "Houthi"),
        # A name with a lower-case word, written as the reference writes it.
        ("The Houthi movement claimed the attack on the vessel.", "Houthi movement"),
        # The group's own name, two capitalised words.
        ("Ansar Allah said it had targeted a British ship in the Gulf of Aden.", "Ansar Allah"),
        # One word the model calls an organisation.
        ("US and British jets struck Houthi targets near Hodeidah.", "Houthi"),
        # The plural with "the", which the model takes for a person's name: no person's name takes "the".
        ("The Houthis attacked a commercial vessel on Monday.", "Houthis"),
        ("The Security Council called on the Houthis to end all attacks.", "Houthis"),
    ],
)
def test_the_houthis_link_by_the_names_the_news_uses(extractor: Extractor, text: str, mention: str) -> None:
    assert _linked(extractor, text).get(mention) == _reference_qid("Houthis")


@pytest.mark.parametrize(
    "text",
    [
        # A person's family name, not the group.
        "Abdul-Malik al-Houthi said the attacks would go on.",
        # One word with no word beside it that makes it a group's name.
        "Yemen's Houthi-run government accused Washington of aggression.",
        # Words of a sentence, not a name.
        "Analysts said the houthi movement label was too broad.",
    ],
)
def test_a_name_without_a_groups_evidence_is_not_linked(extractor: Extractor, text: str) -> None:
    assert _reference_qid("Houthis") not in _linked(extractor, text).values()


def test_an_abbreviation_before_a_members_noun_still_needs_the_full_name(extractor: Extractor) -> None:
    """The members' noun makes a one-word name a group's, never an abbreviation: JNIM only where it is spelt out."""
    jnim = _reference_qid("Jama'at Nasr al-Islam wal Muslimin")
    assert jnim not in _linked(extractor, "JNIM fighters attacked the army base at Djibo.").values()
    spelt_out = (
        "Jama'at Nasr al-Islam wal Muslimin (JNIM) said it held the town. JNIM fighters attacked the base."
    )
    assert _linked(extractor, spelt_out).get("JNIM") == jnim


@pytest.mark.parametrize(
    "text",
    [
        "The outlawed Kurdistan Workers' Party attacked an army post in Hakkari on Monday.",
        # the apostrophe as news pages print it
        "The outlawed Kurdistan Workers’ Party (PKK) attacked an army post in Hakkari on Monday.",
    ],
)
def test_the_pkk_links_by_its_english_name(extractor: Extractor, text: str) -> None:
    linked = _linked(extractor, text)
    assert _reference_qid("PKK") in linked.values()


ORGANIZATIONS_EXTRA = ARMED_GROUPS.with_name("organizations_extra.csv")


def _qids_of(path: Path) -> dict[str, str]:
    """QID -> name of a reference CSV."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["qid"]: row["name"] for row in csv.DictReader(handle)}


def test_no_armed_group_row_repeats_a_party_of_the_wider_files() -> None:
    """The builder merges two records of one QID only when their types agree, and stops on a QID that is both an
    Organization and an ArmedGroup: a group Party Facts gives as a party (Hezbollah, the TPLF) keeps that row and
    gets no armed_groups.csv row with the same QID (issue #14)."""
    parties = _qids_of(ORGANIZATIONS_EXTRA)
    assert {"Hezbollah", "Tigray People's Liberation Front"} <= set(parties.values())
    assert not set(_qids_of(ARMED_GROUPS)) & set(parties)


def test_hezbollah_links_by_its_party_row(extractor: Extractor) -> None:
    """Hezbollah links to the QID of its organizations_extra.csv row (a party of Lebanon), named as an organisation."""
    (qid,) = [qid for qid, name in _qids_of(ORGANIZATIONS_EXTRA).items() if name == "Hezbollah"]
    linked = _linked(extractor, "Israeli jets struck Hezbollah positions in southern Lebanon.")
    assert linked.get("Hezbollah") == qid
