"""The trigger lexicon as data (kg/data/lexicon): well-formed rules, and each GeoKG rule's example sentence found
by that rule."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.extract import Extractor, lexicon
from kg.extract.events.triggers import CONDITIONS
from kg.facts import EVENT_TYPES
from kg.resources import data_file

EXAMPLES = [rule for rule in lexicon.RULES if rule.source == "geokg" and rule.event_class is not None]
EXAMPLE_TEXTS = {
    json.loads(line)["id"]: json.loads(line).get("example")
    for line in data_file("lexicon/rules.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
}


def test_event_classes_are_the_event_types() -> None:
    assert tuple(c.name for c in lexicon.EVENT_CLASSES) == EVENT_TYPES


def test_rules_have_unique_ids_known_classes_and_conditions() -> None:
    ids = [rule.id for rule in lexicon.RULES]
    assert len(ids) == len(set(ids))
    for rule in lexicon.RULES:
        assert rule.pos in {"verb", "noun", "adj"}, rule.id
        assert rule.lemmas, rule.id
        assert set(rule.when) | set(rule.unless) <= set(CONDITIONS), rule.id


def test_dictionary_rules_carry_their_source_and_plover_type() -> None:
    cameo = [rule for rule in lexicon.RULES if rule.source != "geokg"]
    assert cameo, "kg/data/lexicon/cameo.jsonl is empty"
    assert all(rule.source.startswith("petrarch2:") for rule in cameo)
    assert all(rule.plover for rule in cameo if rule.event_class is not None)
    assert any(rule.pattern for rule in cameo)


def test_group_nouns_come_from_the_agents_dictionaries() -> None:
    assert lexicon.AGENTS["police"] == "COP"
    assert {"protester", "gunman", "rebel", "official", "troop"} <= lexicon.GROUP_NOUNS


@pytest.mark.parametrize("rule", [r for r in EXAMPLES if EXAMPLE_TEXTS.get(r.id)], ids=lambda r: r.id)
def test_each_rule_finds_its_example(extractor: Extractor, rule: lexicon.Rule) -> None:
    text = EXAMPLE_TEXTS[rule.id]
    facts = extractor.extract(text, published=date(2024, 3, 14))
    found = {(e.type, (e.rule or "").split("/")[0]) for e in facts.events}
    assert (rule.event_class.name, rule.id) in found, (text, found)
