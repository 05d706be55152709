"""Killed and injured counts in a sentence, per group ("a Kosovo policeman and three Serb gunmen killed")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.spans import unique

KILL_LEMMAS = {"kill", "die", "dead", "death", "slay", "fatality", "fatal", "massacre", "execute", "perish"}
INJURE_LEMMAS = {"wound", "injure", "hurt", "injury", "injured", "wounded", "maim"}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": None,
    "a": 1,
    "an": 1,
    "single": 1,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
TENS = {word: value for word, value in NUMBER_WORDS.items() if value and value >= 20 and value % 10 == 0}
# Words that make a count vague ("at least 12" stays 12; "dozens" gives no number).
VAGUE_WORDS = {"dozens", "hundreds", "thousands", "scores", "several", "many", "some", "numerous"}
# Nouns that name people, so "three Serb gunmen" counts while "two incidents" does not.
PERSON_NOUNS = {
    "people",
    "person",
    "civilian",
    "soldier",
    "troop",
    "officer",
    "policeman",
    "policemen",
    "police",
    "policewoman",
    "gunman",
    "gunmen",
    "militant",
    "fighter",
    "rebel",
    "protester",
    "protestor",
    "demonstrator",
    "child",
    "children",
    "woman",
    "women",
    "man",
    "men",
    "worker",
    "guard",
    "peacekeeper",
    "member",
    "resident",
    "villager",
    "student",
    "journalist",
    "passenger",
    "pilgrim",
    "attacker",
    "assailant",
    "insurgent",
    "serviceman",
    "servicemen",
    "personnel",
    "staff",
    "sailor",
    "marine",
    "other",
    "others",
    "citizen",
    "victim",
    "casualty",
}


@dataclass(frozen=True)
class Casualties:
    kind: str  # "killed" | "injured"
    count: int
    group: str  # the noun ("police", "gunmen", "people")
    trigger: Token  # the kill/injure word the count hangs on


def find_casualties(sent: Span) -> list[Casualties]:
    """Every (kind, count, group) stated in the sentence, anchored on its kill/injure word."""
    found: list[Casualties] = []
    for token in sent:
        kind = _casualty_kind(token)
        if kind is None:
            continue
        for noun in _victim_nouns(token):
            count = _count_of(noun)
            if count is not None:
                found.append(Casualties(kind, count, _group_name(noun), token))
    return unique(found, key=lambda c: (c.kind, c.count, c.group, c.trigger.i))


def _casualty_kind(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in KILL_LEMMAS or token.lower_ in KILL_LEMMAS:
        return "killed"
    if lemma in INJURE_LEMMAS or token.lower_ in INJURE_LEMMAS:
        return "injured"
    return None


def _victim_nouns(trigger: Token) -> list[Token]:
    """The nouns naming who was killed or hurt, with their conjuncts ("a policeman and three gunmen")."""
    heads: list[Token] = []
    if trigger.dep_ in {"acl", "amod"} and trigger.head.pos_ in {"NOUN", "PROPN", "NUM"}:
        heads.append(trigger.head)  # "93 troops wounded", "two wounded soldiers"
    for child in trigger.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"}:
            heads.append(child)  # "three soldiers were killed", "killing five people"
        elif child.dep_ == "prep" and child.lower_ in {"of"} and trigger.lemma_ in {"death", "injury"}:
            heads.extend(c for c in child.children if c.dep_ == "pobj")  # "the deaths of four officers"
    if trigger.dep_ in {"acomp", "oprd", "xcomp", "advcl"} and trigger.lower_ in {
        "dead",
        "wounded",
        "injured",
        "hurt",
    }:
        # "left 12 people dead", "five were injured": the counted noun is a sibling subject or object.
        heads.extend(c for c in trigger.head.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"})
    if trigger.dep_ == "ccomp":
        heads.extend(c for c in trigger.children if c.dep_ == "nsubj")
    nouns: list[Token] = []
    for head in heads:
        nouns.extend(_with_conjuncts(head))
    return nouns


def _with_conjuncts(token: Token) -> list[Token]:
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found.extend(_with_conjuncts(child))
    return found


def _count_of(noun: Token) -> int | None:
    """The number of people the noun phrase names, or None when it names none or gives no number."""
    if noun.pos_ == "NUM" or noun.like_num:
        return _number_value(noun)  # "five were injured"
    people_name = noun.ent_type_ in {"NORP", "EthnicGroup", "Demonym"} and noun.tag_ in {"NNPS", "NNS", "NNP"}
    if noun.lemma_.lower() not in PERSON_NOUNS and noun.lower_ not in PERSON_NOUNS and not people_name:
        return None  # "27 Palestinians" counts as people; "two incidents" does not
    if noun.lower_ == "some" or any(child.lower_ in VAGUE_WORDS for child in noun.children):
        return None
    numbers = [child for child in noun.children if child.dep_ in {"nummod", "quantmod"} or child.like_num]
    if numbers:
        return _number_value(numbers[0])
    singular = noun.tag_ in {"NN", "NNP"} and noun.lower_ not in {"police", "personnel", "staff", "people"}
    determiner = next((child for child in noun.children if child.dep_ == "det"), None)
    if singular and determiner is not None and determiner.lower_ in {"a", "an", "one"}:
        return 1
    if singular and any(child.lower_ == "one" for child in noun.children):
        return 1
    return None


def _number_value(token: Token) -> int | None:
    """12, "1,200", "three", "twenty-five", "three hundred" (with a following scale word)."""
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    if "-" in text:
        parts = [NUMBER_WORDS.get(part) for part in text.split("-")]
        return sum(parts) if all(isinstance(part, int) for part in parts) else None  # type: ignore[arg-type]
    value = NUMBER_WORDS.get(text)
    if value is None:
        return None
    doc = token.doc
    if value < 10 and token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ in TENS:
        value += TENS[doc[token.i - 2].lower_]  # "Twenty-five", which the tokenizer splits at its hyphen
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ in SCALES and text not in SCALES:
        value *= SCALES[nxt.lower_]
    return value


def _group_name(noun: Token) -> str:
    if noun.pos_ == "NUM" or noun.like_num:
        return "people"
    return noun.lower_
