"""Consistency checks for the real-text gold sets (tests/data/realtext, realtext2 to realtext51); they do not run
the extractor: every id is a QID the gazetteer knows or a `mention:` name, evidence is quoted from the text,
types, statuses and dates are valid, and every text names its source in the set's sources file."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from gold_checks import check_entities, check_events, check_relations, substring_quoted  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data"
GAZETTEER_FILE = Path(__file__).resolve().parents[2] / "kg" / "data" / "gazetteer.json"
SETS = (
    "realtext",
    "realtext2",
    "realtext3",
    "realtext4",
    "realtext5",
    "realtext6",
    "realtext7",
    "realtext8",
    "realtext9",
    "realtext10",
    "realtext11",
    "realtext12",
    "realtext13",
    "realtext14",
    "realtext15",
    "realtext16",
    "realtext17",
    "realtext18",
    "realtext19",
    "realtext20",
    "realtext21",
    "realtext22",
    "realtext23",
    "realtext24",
    "realtext25",
    "realtext26",
    "realtext27",
    "realtext28",
    "realtext29",
    "realtext30",
    "realtext31",
    "realtext32",
    "realtext33",
    "realtext34",
    "realtext35",
    "realtext36",
    "realtext37",
    "realtext38",
    "realtext39",
    "realtext40",
    "realtext41",
    "realtext42",
    "realtext43",
    "realtext44",
    "realtext45",
    "realtext46",
    "realtext47",
    "realtext48",
    "realtext49",
    "realtext50",
    "realtext51",
)
DOCS = [(name, path.stem) for name in SETS for path in sorted((DATA / name).glob("*.json"))]


@cache
def known_qids() -> frozenset[str]:
    entities = json.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))["entities"]
    return frozenset(entity["qid"] for entity in entities if entity.get("qid"))


@cache
def gold_and_text(name: str, doc: str) -> tuple[dict[str, Any], str]:
    gold = json.loads((DATA / name / f"{doc}.json").read_text(encoding="utf-8"))
    return gold, (DATA / name / gold["text_file"]).read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "doc"), DOCS)
def test_real_text_gold_is_consistent(name: str, doc: str) -> None:
    gold, text = gold_and_text(name, doc)
    assert gold["doc_id"] == doc
    check_entities(gold, text, known_qids())
    check_relations(gold, text, known_qids(), substring_quoted)
    # A hypothetical act ("will not renew the licence when it expires on April 18") may lie ahead, like a planned one.
    ahead = [e | {"status": "planned"} if e.get("status") == "hypothetical" else e for e in gold["events"]]
    check_events(gold | {"events": ahead}, text, known_qids(), substring_quoted)
    assert any(not event.get("optional") for event in gold["events"]), "a text with no required event"


@pytest.mark.parametrize("name", SETS)
def test_every_real_text_names_its_source(name: str) -> None:
    sources = "".join(path.read_text(encoding="utf-8") for path in (DATA / name).glob("sources*.md"))
    missing = [doc for set_name, doc in DOCS if set_name == name and f"{doc} |" not in sources]
    assert missing == []
