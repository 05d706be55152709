"""Consistency checks for our own test content: examples, the dev gold set and the linking sentences."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from gold_checks import QID, check_entities, check_events, check_id, check_relations, substring_quoted

from kg.facts import ENTITY_TYPES, EVENT_TYPES, STATUSES

REPO = Path(__file__).resolve().parents[1]
DEV_DIR = REPO / "tests" / "data" / "dev"
LINKING_FILE = REPO / "tests" / "data" / "linking" / "sentences.jsonl"
EXAMPLES_FILE = REPO / "examples" / "articles.jsonl"
GAZETTEER_FILE = REPO / "kg" / "data" / "gazetteer.json"
REFERENCE_DIR = REPO / "kg" / "data" / "reference"
REFERENCE_FILES = ("states.csv", "organizations.csv", "persons.csv", "places.csv", "memberships.csv")

EXAMPLE_SOURCE = re.compile(r"^https://example\.org/\S*$")

DEV_DOCS = sorted(path.stem for path in DEV_DIR.glob("*.json"))


def _reference_qids() -> set[str]:
    """Every QID in the verified reference CSVs (the capital column of states.csv included)."""
    qids: set[str] = set()
    for name in REFERENCE_FILES:
        with open(REFERENCE_DIR / name, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                qids.update(
                    value for key, value in row.items() if key.endswith("qid") and QID.match(value or "")
                )
    return qids


@cache
def known_qids() -> frozenset[str]:
    """QIDs we may use: the gazetteer's once it is built, the reference CSVs until then."""
    if GAZETTEER_FILE.exists():
        entities = json.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))["entities"]
        return frozenset(entity["qid"] for entity in entities if entity.get("qid"))
    if not REFERENCE_DIR.is_dir():
        raise FileNotFoundError(
            f"Neither {GAZETTEER_FILE} nor {REFERENCE_DIR} exists: no QIDs to check against"
        )
    return frozenset(_reference_qids())


def load_gold(name: str) -> dict[str, Any]:
    return json.loads((DEV_DIR / f"{name}.json").read_text(encoding="utf-8"))


def load_text(gold: dict[str, Any]) -> str:
    return (DEV_DIR / gold["text_file"]).read_text(encoding="utf-8")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- examples/articles.jsonl


def test_examples_are_ten_articles_with_the_jsonl_fields() -> None:
    articles = read_jsonl(EXAMPLES_FILE)
    assert len(articles) == 10
    for article in articles:
        assert set(article) == {"text", "title", "published", "source"}
        dt.date.fromisoformat(article["published"])
        assert 120 <= len(article["text"].split()) <= 350, article["title"]
        assert article["source"] is None or EXAMPLE_SOURCE.match(article["source"]), article["source"]


# --- tests/data/dev


def test_dev_set_pairs_every_text_with_a_gold_file() -> None:
    texts = {path.stem for path in DEV_DIR.glob("*.txt")}
    assert len(DEV_DOCS) >= 28
    assert texts == set(DEV_DOCS)


@pytest.mark.parametrize("name", DEV_DOCS)
def test_dev_gold_header(name: str) -> None:
    gold = load_gold(name)
    assert gold["doc_id"] == name
    assert gold["text_file"] == f"{name}.txt"
    dt.date.fromisoformat(gold["published"])
    assert gold["note"]
    assert 80 <= len(load_text(gold).split()) <= 250


@pytest.mark.parametrize("name", DEV_DOCS)
def test_dev_entities_are_mentioned_and_linked_to_known_qids(name: str) -> None:
    gold = load_gold(name)
    check_entities(gold, load_text(gold), known_qids())


@pytest.mark.parametrize("name", DEV_DOCS)
def test_dev_relations_are_typed_and_quoted(name: str) -> None:
    gold = load_gold(name)
    check_relations(gold, load_text(gold), known_qids(), substring_quoted)


@pytest.mark.parametrize("name", DEV_DOCS)
def test_dev_events_are_typed_quoted_and_dated(name: str) -> None:
    gold = load_gold(name)
    check_events(gold, load_text(gold), known_qids(), substring_quoted)


def test_dev_set_covers_every_event_class_at_least_twice() -> None:
    counts = Counter(
        event["type"] for name in DEV_DOCS for event in load_gold(name)["events"] if not event.get("optional")
    )
    assert {event_type: counts[event_type] for event_type in EVENT_TYPES if counts[event_type] < 2} == {}


def test_dev_set_covers_modality_casualties_and_unknown_entities() -> None:
    events = [event for name in DEV_DOCS for event in load_gold(name)["events"]]
    statuses = Counter(event.get("status", "asserted") for event in events)
    assert all(statuses[status] >= 2 for status in STATUSES), statuses
    assert sum(1 for event in events if event["killed"]) >= 3
    assert sum(1 for event in events if event["injured"]) >= 3
    assert sum(1 for event in events if "supporting_evidence" in event) >= 5
    assert any(value.startswith("mention:") for event in events for value in event["actors"])


# --- tests/data/linking/sentences.jsonl


def test_linking_sentences_are_many_and_dated() -> None:
    sentences = read_jsonl(LINKING_FILE)
    assert len(sentences) >= 70
    for sentence in sentences:
        dt.date.fromisoformat(sentence["published"])
        assert sentence["links"], sentence["text"]


def test_linking_offsets_match_their_mentions_and_do_not_overlap() -> None:
    for sentence in read_jsonl(LINKING_FILE):
        text = sentence["text"]
        spans = []
        for link in sentence["links"]:
            assert text[link["start"] : link["end"]] == link["mention"], (text, link)
            spans.append((link["start"], link["end"]))
        spans.sort()
        assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False)), text


def test_linking_qids_are_known_and_types_valid() -> None:
    links = [link for sentence in read_jsonl(LINKING_FILE) for link in sentence["links"]]
    for link in links:
        assert link["type"] in ENTITY_TYPES, link
        if link["wikidata"] is not None:
            check_id(link["wikidata"], known_qids())
    # The set must also test that the linker can abstain.
    assert sum(1 for link in links if link["wikidata"] is None) >= 10
