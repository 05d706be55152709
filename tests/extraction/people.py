"""Helpers of the people-linking tests: the holder of a post by the reference files (never a QID from memory), and
the QIDs an extraction gives the people it finds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kg.extract import Extractor
from kg.gazetteer.amendments import amended
from kg.gazetteer.from_csv import read_table

REFERENCE = Path(__file__).parents[2] / "kg" / "data" / "reference"


def reference_people() -> list[dict[str, str]]:
    """The rows of persons.csv and leaders.csv as the gazetteer builder reads them (with the copy's own
    additions and amendments)."""
    return amended(read_table, REFERENCE, "persons") + amended(read_table, REFERENCE, "leaders")


def holder_in_reference(position: str, at: date) -> str:
    """The QID the reference files give for the one holder of `position` on `at`."""
    holders = set()
    for row in reference_people():
        start, end = row["start"], row["end"] or "9999"
        if row["position"] == position and start <= at.isoformat() and at.isoformat()[: len(end)] <= end:
            holders.add(row["qid"])
    assert len(holders) == 1, holders
    return holders.pop()


def person_qid_in_reference(name: str) -> str:
    """The QID the reference files give to the person called `name`."""
    qids = {row["qid"] for row in reference_people() if row["name"] == name}
    assert len(qids) == 1, qids
    return qids.pop()


def persons(extractor: Extractor, text: str, published: date) -> dict[str, str | None]:
    """Each person mention's text -> the QID of its entity (None when unlinked)."""
    facts = extractor.extract(text, published=published)
    return {
        mention.text: entity.wikidata
        for entity in facts.entities
        if entity.type == "Person"
        for mention in entity.mentions
    }
