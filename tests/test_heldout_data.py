"""Consistency checks for the held-out gold set (tests/data/heldout); they do not run the extractor."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from gold_checks import check_entities, check_events, check_relations

from kg.facts import EVENT_TYPES, STATUSES

REPO = Path(__file__).resolve().parents[1]
HELDOUT_DIR = REPO / "tests" / "data" / "heldout"
GAZETTEER_FILE = REPO / "kg" / "data" / "gazetteer.json"

# A dateline: "BEIRUT (Meridian) - " or "YEREVAN, Armenia -- ".
DATELINE = re.compile(r"^[A-Z][A-Za-z ,]*?(?: \([A-Za-z]+\))? --? ")
SENTENCE_END = (".", '."', "?", "!")

HELDOUT_DOCS = sorted(path.stem for path in HELDOUT_DIR.glob("*.json"))

# The standing relations the set is meant to exercise (capitalOf and locatedIn are left to the dev set).
COVERED_RELATIONS = (
    "memberOf",
    "holdsPosition",
    "doesNotRecognize",
    "recognizes",
    "declaredIndependenceFrom",
    "claimsTerritory",
    "hasPolicy",
    "declinesToSanction",
    "supports",
    "friendlyRelationsWith",
    "seeksMembership",
)


@cache
def known_qids() -> frozenset[str]:
    """QIDs in the shipped gazetteer: gold may only use what the project can link to."""
    entities = json.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))["entities"]
    return frozenset(entity["qid"] for entity in entities if entity.get("qid"))


@cache
def load_gold(name: str) -> dict[str, Any]:
    return json.loads((HELDOUT_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def load_text(name: str) -> str:
    return (HELDOUT_DIR / load_gold(name)["text_file"]).read_text(encoding="utf-8")


def all_gold() -> list[dict[str, Any]]:
    return [load_gold(name) for name in HELDOUT_DOCS]


def _assert_sentence(text: str, evidence: str) -> None:
    """Evidence is a whole sentence of the text: it starts a paragraph, follows the dateline or a sentence end."""
    assert evidence in text, f"evidence not in text: {evidence!r}"
    assert evidence.endswith(SENTENCE_END), f"evidence does not end a sentence: {evidence!r}"
    start = text.index(evidence)
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    assert before == "" or DATELINE.fullmatch(before) or before.rstrip().endswith(SENTENCE_END), (
        f"evidence does not start a sentence: {evidence!r}"
    )


def test_heldout_set_has_twelve_paired_articles() -> None:
    texts = {path.stem for path in HELDOUT_DIR.glob("*.txt")}
    assert len(HELDOUT_DOCS) == 12
    assert texts == set(HELDOUT_DOCS)
    assert (HELDOUT_DIR / "README.md").is_file()


@pytest.mark.parametrize("name", HELDOUT_DOCS)
def test_heldout_header_and_article_shape(name: str) -> None:
    gold = load_gold(name)
    assert gold["doc_id"] == name
    assert gold["text_file"] == f"{name}.txt"
    dt.date.fromisoformat(gold["published"])
    assert gold["note"]
    assert gold["memberships"] == []
    text = load_text(name)
    title, blank, body = text.split("\n", 2)
    assert title.strip() and blank == "", name
    assert DATELINE.match(body), body[:60]
    assert 250 <= len(text.split()) <= 450, len(text.split())


@pytest.mark.parametrize("name", HELDOUT_DOCS)
def test_heldout_entities_are_mentioned_and_linked_to_known_qids(name: str) -> None:
    check_entities(load_gold(name), load_text(name), known_qids())


@pytest.mark.parametrize("name", HELDOUT_DOCS)
def test_heldout_relations_are_typed_and_quoted(name: str) -> None:
    check_relations(load_gold(name), load_text(name), known_qids(), _assert_sentence)


@pytest.mark.parametrize("name", HELDOUT_DOCS)
def test_heldout_events_are_typed_quoted_and_dated(name: str) -> None:
    check_events(load_gold(name), load_text(name), known_qids(), _assert_sentence)


def test_heldout_set_covers_every_event_class_status_and_relation() -> None:
    events = [event for gold in all_gold() for event in gold["events"]]
    required = Counter(event["type"] for event in events if not event.get("optional"))
    assert [event_type for event_type in EVENT_TYPES if not required[event_type]] == []
    statuses = Counter(event.get("status", "asserted") for event in events if not event.get("optional"))
    assert all(statuses[status] >= 1 for status in STATUSES), statuses
    relations = Counter(
        relation["type"]
        for gold in all_gold()
        for relation in gold["relations"]
        if not relation.get("optional")
    )
    assert [relation_type for relation_type in COVERED_RELATIONS if not relations[relation_type]] == []


def test_heldout_set_covers_casualties_and_unknown_entities() -> None:
    events = [event for gold in all_gold() for event in gold["events"]]
    assert sum(1 for event in events if event["killed"]) >= 5
    assert sum(1 for event in events if event["injured"]) >= 3
    assert sum(1 for event in events if event["killed"] == 0 or event["injured"] == 0) >= 1
    assert sum(1 for event in events if "supporting_evidence" in event) >= 4
    assert any(value.startswith("mention:") for event in events for value in event["actors"])
