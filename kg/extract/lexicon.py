"""The trigger lexicon, read once from the data files in kg/data/lexicon: event classes with their PLOVER type and
mode, GeoKG's word sets, and the trigger rules (GeoKG's own, then those converted from PETRARCH2's CAMEO
dictionary by scripts/build_lexicon.py). The rules are interpreted by kg.extract.events.triggers."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.resources import data_file

LEXICON_DIR = "lexicon"
RULE_FILES = ("rules.jsonl", "cameo.jsonl")


@dataclass(frozen=True)
class EventClass:
    name: str
    plover: str | None
    mode: str | None
    incident: bool = False  # physical incidents carry casualties and never inherit the news date
    # PLOVER mode -> words of a trigger's object that select it ("military aid", "humanitarian aid").
    modes: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """One trigger rule: a word (verb or noun) and the conditions under which it announces `event_class`,
    or, without a class, under which it announces nothing (a veto)."""

    id: str
    event_class: EventClass | None
    pos: str  # "verb" or "noun"
    lemmas: frozenset[str]
    when: Mapping[str, Any] = field(default_factory=dict)
    unless: Mapping[str, Any] = field(default_factory=dict)
    plover: str | None = None
    mode: str | None = None
    source: str = "geokg"
    # Noun rules that skip the generic noun filters (compounds, "as" phrases, what is demanded).
    unfiltered: bool = False
    allow_compound: bool = False
    # A vague noun ("the incident", "the violence") that names an event of its own only with a date or a
    # casualty count; otherwise it only points back to an event already reported.
    anchored: bool = False
    # An obligation the text lays on its subject ("Russia must withdraw"): the speaker acts, the subject is the
    # target, whatever the verb.
    speaker_acts: bool = False
    # Dependency patterns of a verb+object rule (CAMEO), compiled into a spaCy DependencyMatcher.
    pattern: tuple[Mapping[str, Any], ...] = ()


def _read_json(name: str) -> Any:
    return json.loads(data_file(f"{LEXICON_DIR}/{name}").read_text(encoding="utf-8"))


def _read_jsonl(name: str) -> Iterator[dict[str, Any]]:
    resource = data_file(f"{LEXICON_DIR}/{name}")
    if not resource.is_file():
        return
    for line in resource.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield json.loads(line)


WORDS: dict[str, frozenset[str]] = {
    name: frozenset(values) for name, values in _read_json("words.json").items() if not name.startswith("_")
}


def words(value: str | list[str]) -> frozenset[str]:
    """A word list of a rule: literal words, or "@name" for a set of words.json."""
    if isinstance(value, str):
        if value.startswith("@"):
            return WORDS[value[1:]]
        return frozenset(value.split())
    return frozenset(word for item in value for word in (words(item) if item.startswith("@") else {item}))


def _event_class(data: dict[str, Any]) -> EventClass:
    modes = {mode: frozenset(values) for mode, values in data.get("modes", {}).items()}
    return EventClass(data["name"], data["plover"], data["mode"], data.get("incident", False), modes)


EVENT_CLASSES: tuple[EventClass, ...] = tuple(_event_class(c) for c in _read_json("classes.json")["classes"])
BY_NAME = {event_class.name: event_class for event_class in EVENT_CLASSES}


def _rule(data: dict[str, Any]) -> Rule:
    name = data.get("class")
    return Rule(
        id=data["id"],
        event_class=BY_NAME[name] if name else None,
        pos=data["pos"],
        lemmas=words(data["lemmas"]),
        when=data.get("when", {}),
        unless=data.get("unless", {}),
        plover=data.get("plover"),
        mode=data.get("mode"),
        source=data.get("source", "geokg"),
        unfiltered=data.get("unfiltered", False),
        allow_compound=data.get("allow_compound", False),
        anchored=data.get("anchored", False),
        speaker_acts=data.get("speaker_acts", False),
        pattern=tuple(data.get("pattern", ())),
    )


RULES: tuple[Rule, ...] = tuple(_rule(data) for name in RULE_FILES for data in _read_jsonl(name))
# Rules without a dependency pattern, by part of speech and word, in file order (the first that holds decides).
WORD_RULES: dict[tuple[str, str], list[Rule]] = {}
for _rule_ in RULES:
    if not _rule_.pattern:
        for _lemma in _rule_.lemmas:
            WORD_RULES.setdefault((_rule_.pos, _lemma), []).append(_rule_)
# Rules for any verb ("lemmas": ["*"]), tried before the word's own: an obligation makes any act a demand.
ANY_VERB_RULES: tuple[Rule, ...] = tuple(WORD_RULES.pop(("verb", "*"), ()))
PATTERN_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.pattern)
RULES_BY_ID = {rule.id: rule for rule in RULES}

# Word sets the event and relation finders share (kg/data/lexicon/words.json).
DIALOGUE_WORDS = WORDS["dialogue_words"]
CALL_VERBS = WORDS["call_verbs"]
AGREEMENT_VERBS = WORDS["agreement_verbs"]
AGREEMENT_NOUNS = WORDS["agreement_nouns"]
# what a side expresses, voices or lodges ("lodged a strong protest", "expressed deep concern")
CONCERN_NOUNS = WORDS["concern_nouns"]
SANCTION_VERBS = WORDS["sanction_verbs"]
MILITARY_MODIFIERS = WORDS["military_modifiers"]
MILITARY_CONTEXT = WORDS["military_context"]
ARMED_NOUNS = WORDS["armed_nouns"]
PROTESTER_NOUNS = WORDS["protester_nouns"]
HYPOTHETICAL_WORDS = WORDS["hypothetical_words"]
PLANNED_WORDS = WORDS["planned_words"]
# "remained open to talks": adjectives of readiness (only as adjectives: "opened fire" is done)
PLANNED_ADJECTIVES = WORDS["planned_adjectives"]
NEGATION_WORDS = WORDS["negation_words"]
REPORTED_WORDS = WORDS["reported_words"]
DENIED_NOUNS = WORDS["denied_nouns"]
DEPLOYED_NOUNS = WORDS["deployed_nouns"]
PARTY_NOUNS = WORDS["party_nouns"]
# Offices of which a text names two holders ("the two prime ministers"): the people named before.
OFFICE_NOUNS = WORDS["office_nouns"]
PROMISE_WORDS = WORDS["promise_words"]
SEEKING_WORDS = WORDS["seeking_words"]
SAY_VERBS = WORDS["say_verbs"]
# Weapons, not the acts done with them ("a mortar shell fell", "Russian missiles were fired", not "the attack").
WEAPONS = frozenset(WORDS["weapon_nouns"]) - {"attack", "raid", "strike"}
# Occasions a later sentence places its acts at ("told the council", "at the ceremony"): they take its day.
OCCASION_NOUNS = WORDS["occasion_nouns"]
# Verbs that say when an event noun took place ("the protests, which began on 2 January"): its date.
OCCURRENCE_VERBS = WORDS["occurrence_verbs"]
DIPLOMAT_NOUNS = WORDS["diplomat_nouns"]
NOT_REAL_WORDS = WORDS["not_real_words"]
DEMANDING_VERBS = WORDS["demanding_verbs"]
REACTION_VERBS = WORDS["reaction_verbs"]
# "called on Russia to withdraw": verbs whose infinitive is an act asked for
ASKING_VERBS = WORDS["asking_verbs"]
# "accusations over the shooting", "a call for an end to the fighting": an event the words are about
REFERENCE_PREPOSITIONS = WORDS["reference_prepositions"]
ENDING_NOUNS = WORDS["ending_nouns"]

# Generic actor nouns and their sectors (kg/data/lexicon/agents.jsonl, from the agents dictionaries).
AGENTS: dict[str, str] = {row["noun"]: row["sector"] for row in _read_jsonl("agents.jsonl")}
GROUP_NOUNS = frozenset(AGENTS) | ARMED_NOUNS | PROTESTER_NOUNS
