"""Consistency checks shared by the gold sets (tests/data/dev, tests/data/heldout): types from kg.facts,
known QIDs, quoted evidence, valid dates and casualty counts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from typing import Any

from kg.facts import ENTITY_TYPES, EVENT_TYPES, RELATION_TYPES, STATUSES

QID = re.compile(r"^Q[1-9][0-9]*$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Quoted = Callable[[str, str], None]  # (text, evidence) -> raises AssertionError when not quoted


def substring_quoted(text: str, evidence: str) -> None:
    assert evidence in text, f"evidence not in text: {evidence!r}"


def ids(value: str | list[str] | None) -> list[str]:
    """Event roles hold one id, a list of ids, or null."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def check_id(value: str, known: Collection[str]) -> None:
    """An id is a QID we know or a `mention:<name>` placeholder."""
    if value.startswith("mention:"):
        assert value[len("mention:") :].strip(), f"empty mention id {value!r}"
    else:
        assert QID.match(value), f"not a QID: {value!r}"
        assert value in known, f"QID {value!r} is not in the gazetteer/reference data"


def check_date(value: str) -> None:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a day the calendar has."""
    assert DATE.match(value), f"bad date {value!r}"
    year, month, day = [*map(int, value.split("-")), 1, 1][:3]
    dt.date(year, month, day)


def check_entities(gold: dict[str, Any], text: str, known: Collection[str]) -> None:
    for entity in gold["entities"]:
        assert entity["mention"] in text, entity["mention"]
        assert entity["type"] in ENTITY_TYPES, entity["type"]
        if entity["wikidata"] is not None:
            check_id(entity["wikidata"], known)


def check_relations(gold: dict[str, Any], text: str, known: Collection[str], quoted: Quoted) -> None:
    for relation in gold["relations"]:
        assert relation["type"] in RELATION_TYPES, relation["type"]
        quoted(text, relation["evidence"])
        check_id(relation["subject"], known)
        if relation["type"] != "hasPolicy":
            check_id(relation["object"], known)
        if relation["type"] == "holdsPosition":
            assert relation["role"], relation
        for key in ("since", "until"):
            if key in relation:
                check_date(relation[key])


def check_events(gold: dict[str, Any], text: str, known: Collection[str], quoted: Quoted) -> None:
    for event in gold["events"]:
        assert event["type"] in EVENT_TYPES, event["type"]
        assert set(event.get("alt_types", [])) <= set(EVENT_TYPES), event.get("alt_types")
        assert event.get("status", "asserted") in STATUSES, event.get("status")
        quoted(text, event["evidence"])
        if "supporting_evidence" in event:
            quoted(text, event["supporting_evidence"])
        for value in [
            *event["actors"],
            *event["targets"],
            *ids(event.get("place")),
            *ids(event.get("mediator")),
        ]:
            check_id(value, known)
        for key in ("killed", "injured"):
            count = event[key]
            assert count is None or (isinstance(count, int) and count >= 0), event
            breakdown = event.get(f"{key}_breakdown")
            if breakdown:
                assert count is not None and sum(breakdown.values()) <= count, event
        if event["date"] is not None:
            check_date(event["date"])
            # Only planned events may lie after the publication date.
            assert event["date"] <= gold["published"] or event.get("status") == "planned", event
