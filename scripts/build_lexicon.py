"""Convert the event-data field's dictionaries into GeoKG's lexicon data files.

Reads, from scripts/lexicon/eventdata (the project's copy of the reference event-data files, or --source):
- petrarch2/CAMEO.2.0.txt (PETRARCH2's CAMEO verb dictionary, MIT): verbs and verb+object patterns;
- PLOVER/CAMEO2PLOVER-2021.txt (the CAMEO-to-PLOVER crosswalk, CC BY-SA 4.0): each CAMEO code's PLOVER type/mode;
- NGEC-2025/PLOVER_agents.txt and petrarch2/Phoenix.agents.txt (agents dictionaries, MIT): generic actor nouns.

Writes kg/data/lexicon/cameo.jsonl (trigger rules, each with its CAMEO code, PLOVER type and source) and
kg/data/lexicon/agents.jsonl (group nouns with their sector). GeoKG's own choices live in data beside this
script, in scripts/lexicon/: which CAMEO codes become which GeoKG class (cameo_classes.tsv) and the reviewed
verbs and agent nouns kept or dropped (review.json).

Which verbs are kept: PETRARCH's verb blocks were grouped partly from WordNet synsets, so a block lists loose
synonyms next to the verbs its coders met in news ("ACCLAIM" holds PRAISE and HAIL but also TOAST and CLAP).
A verb is a candidate when it is specific: the block is named after it, it carries a code of its own, or a pattern
of the block names it as the verb the pattern was found with; the review (scripts/lexicon/review.json) keeps those
whose one sense is the event, and the verb+object patterns of the classes whose coding matches GeoKG's. `--loose`
keeps every verb and pattern instead (for measuring what they cost on the dev set).

    python scripts/build_lexicon.py [--source DIR] [--loose] [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHOICES = Path(__file__).resolve().parent / "lexicon"
DEFAULT_SOURCE = CHOICES / "eventdata"
OUTPUT = ROOT / "kg" / "data" / "lexicon"
CAMEO_FILE = "petrarch2/CAMEO.2.0.txt"
CROSSWALK_FILE = "PLOVER/CAMEO2PLOVER-2021.txt"
AGENT_FILES = ("NGEC-2025/PLOVER_agents.txt", "petrarch2/Phoenix.agents.txt")
PARTICLES = {"out", "back", "down", "up", "off", "away", "in", "over", "on"}

BLOCK = re.compile(r"^---\s+(?P<name>\S+)\s+\[(?P<code>[^\]]*)\]")
CODE = re.compile(r"\[(?P<code>[^\]]*)\]")
PATTERN = re.compile(r"^-\s*(?P<left>.*?)\*(?P<right>.*?)\[(?P<code>[^\]]*)\]\s*(?:#\s*(?P<comment>.*))?$")
CROSSWALK = re.compile(r"^(?P<code>\d{2,4}):\s*(?P<type>[A-Z]+)\s*,\s*(?P<mode>[^,#]*?)\s*,")
CLASS_PLOVER = {
    c["name"]: c["plover"]
    for c in json.loads((OUTPUT / "classes.json").read_text(encoding="utf-8"))["classes"]
}
AGENT = re.compile(r"^(?P<noun>[A-Z][A-Z'!-]*?)\s*\[~(?P<sector>[A-Z]+)\]")


@dataclass
class Verb:
    lemma: str
    particle: str | None
    code: str | None  # its own code, when it overrides the block's


@dataclass
class Block:
    name: str
    code: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[tuple[str, str, str, str]] = field(default_factory=list)  # left, right, code, comment


def read_cameo(path: Path) -> tuple[dict[str, list[str]], list[Block]]:
    """Synonym sets (&NAME -> words) and verb blocks of the CAMEO verb dictionary."""
    sets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: str | None = None
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.startswith("-") else raw.rstrip()
        if not line.strip():
            current_set = None
            continue
        if line.startswith("&"):
            current_set = line.split()[0][1:]
            sets[current_set] = []
            continue
        if current_set is not None and line.startswith("+"):
            sets[current_set].append(line[1:].split()[0])
            continue
        match = BLOCK.match(line)
        if match:
            blocks.append(Block(match["name"], match["code"]))
            current_set = None
            continue
        if not blocks or line.startswith("~"):
            continue
        block = blocks[-1]
        if line.startswith("-"):
            pattern = PATTERN.match(line)
            if pattern:
                comment = (pattern["comment"] or "").strip()
                block.patterns.append(
                    (pattern["left"].strip(), pattern["right"].strip(), pattern["code"], comment)
                )
            continue
        verb = _verb(line)
        if verb is not None:
            block.verbs.append(verb)
    return sets, blocks


def _verb(line: str) -> Verb | None:
    text = re.sub(r"\{[^}]*\}", "", line)
    code_match = CODE.search(text)
    code = code_match["code"] if code_match else None
    word = CODE.sub("", text).strip().split()
    if not word:
        return None
    parts = word[0].lstrip("+").lower().strip("_").split("_")
    if len(parts) == 1:
        return Verb(parts[0], None, code)
    if len(parts) == 2 and parts[1] in PARTICLES:
        return Verb(parts[0], parts[1], code)
    return None  # longer phrases ("set free", "come after") are not single verbs with a particle


def read_crosswalk(path: Path) -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER type, mode or None)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = CROSSWALK.match(line.strip())
        if match:
            mode = match["mode"].strip() or None
            found[match["code"]] = (match["type"], mode)
    return found


def read_classes(path: Path) -> list[tuple[str, str]]:
    """(CAMEO code prefix, GeoKG class or "-") rows, longest prefix first."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            prefix, name = line.split("\t")[:2]
            rows.append((prefix.strip(), name.strip()))
    return sorted(rows, key=lambda row: -len(row[0]))


def geokg_class(code: str, classes: list[tuple[str, str]]) -> str | None:
    code = code.split(":")[0].strip()
    if not code.isdigit():
        return None
    for prefix, name in classes:
        if code.startswith(prefix):
            return None if name == "-" else name
    return None


def plover_of(
    code: str, crosswalk: dict[str, tuple[str, str | None]], default: str | None = None
) -> tuple[str | None, str | None]:
    """The crosswalk's PLOVER type and mode of a CAMEO code (or of its parent code); for codes PLOVER dropped
    (01 statements, 02 appeals), the GeoKG class's own type."""
    code = code.split(":")[0].strip()
    while code:
        if code in crosswalk:
            return crosswalk[code]
        code = code[:-1]
    return default, None


def forms(word: str) -> list[str]:
    """A dictionary word (upper case, maybe plural) as the lemmas and forms spaCy may give it."""
    word = word.lower().strip("_").replace("_", " ")
    found = {word}
    if word.endswith("ies"):
        found.add(word[:-3] + "y")
    elif word.endswith(("ses", "xes", "ches", "shes")):
        found.add(word[:-2])
    elif word.endswith("s") and not word.endswith("ss"):
        found.add(word[:-1])
    return sorted(found)


def object_nodes(right: str, sets: dict[str, list[str]]) -> list[dict[str, Any]] | None:
    """The object side of a pattern ("PRISONERS", "&HOSTAGE", "(FROM BORDER)", "{AID PACKAGE}") as
    DependencyMatcher nodes below the verb, or None when the side has another shape."""
    right = right.replace("+", " ").replace("$", " ").strip()

    def words_of(token: str) -> list[str] | None:
        if token.startswith("&"):
            members = sets.get(token[1:])
            if not members:
                return None
            return sorted({f for member in members if "_" not in member.strip("_") for f in forms(member)})
        if not re.fullmatch(r"[A-Z][A-Z'-]*_?", token):
            return None
        return forms(token)

    prep = re.fullmatch(r"\((?P<prep>[A-Z]+)\s+(?P<obj>[^()]+)\)", right)
    if prep:
        heads = _phrase_head(prep["obj"].strip(), words_of)
        if heads is None:
            return None
        head, modifiers = heads
        nodes: list[dict[str, Any]] = [
            {
                "LEFT_ID": "verb",
                "REL_OP": ">",
                "RIGHT_ID": "prep",
                "RIGHT_ATTRS": {"DEP": "prep", "LOWER": prep["prep"].lower()},
            },
            {
                "LEFT_ID": "prep",
                "REL_OP": ">",
                "RIGHT_ID": "object",
                "RIGHT_ATTRS": {"DEP": {"IN": ["pobj", "pcomp"]}, "LEMMA": {"IN": head}},
            },
        ]
        return nodes + _modifier_nodes(modifiers)
    heads = _phrase_head(right, words_of)
    if heads is None:
        return None
    head, modifiers = heads
    nodes = [
        {
            "LEFT_ID": "verb",
            "REL_OP": ">",
            "RIGHT_ID": "object",
            "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "nsubjpass"]}, "LEMMA": {"IN": head}},
        }
    ]
    return nodes + _modifier_nodes(modifiers)


def _phrase_head(text: str, words_of: Any) -> tuple[list[str], list[list[str]]] | None:
    """ "WORD", "&SET" or "{A B}" -> (the head's forms, the modifiers' forms)."""
    phrase = re.fullmatch(r"\{(?P<words>[^{}]+)\}", text)
    parts = phrase["words"].split() if phrase else text.split()
    if not parts or len(parts) > (3 if phrase else 1):
        return None
    resolved = [words_of(part) for part in parts]
    if any(r is None for r in resolved):
        return None
    return resolved[-1], resolved[:-1]  # type: ignore[return-value]


def _modifier_nodes(modifiers: list[list[str]]) -> list[dict[str, Any]]:
    return [
        {
            "LEFT_ID": "object",
            "REL_OP": ">",
            "RIGHT_ID": f"modifier{i}",
            "RIGHT_ATTRS": {"LOWER": {"IN": words}},
        }
        for i, words in enumerate(modifiers)
    ]


def specific_verbs(block: Block) -> set[str]:
    """Verbs of the block that are not loose synonyms: the block's namesake, verbs with a code of their own,
    and verbs that patterns of the block were found with."""
    named = {block.name.lower().split("_")[0]}
    sources = {
        word.lower().split("_")[0]
        for _, _, _, comment in block.patterns
        for word in re.findall(r"[A-Z][A-Z_]+", comment)
    }
    return {v.lemma for v in block.verbs if v.lemma in named | sources or v.code is not None}


def build_rules(
    sets: dict[str, list[str]],
    blocks: list[Block],
    crosswalk: dict[str, tuple[str, str | None]],
    classes: list[tuple[str, str]],
    review: dict[str, Any],
    *,
    loose: bool = False,
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """Verb rules (a verb and its block's code) and verb+object pattern rules, with their provenance."""
    stats: Counter[str] = Counter()
    dropped = set(review.get("drop_verbs", []))
    dropped_patterns = set(review.get("drop_patterns", []))
    keep_verbs = set(review.get("keep_verbs", []))
    pattern_classes = set(review.get("pattern_classes", []))
    rules: list[dict[str, Any]] = []
    seen_verbs: set[tuple[str, str | None]] = set()
    for block in blocks:
        specific = specific_verbs(block)
        kept = [v for v in block.verbs if (loose or v.lemma in specific) and v.lemma not in dropped]
        stats["verbs"] += len(block.verbs)
        stats["verbs kept"] += len(kept)
        for index, (left, right, code, comment) in enumerate(block.patterns):
            stats["patterns"] += 1
            if left.replace("$", "").replace("+", "").strip():
                stats["patterns with a subject side (skipped)"] += 1
                continue
            nodes = object_nodes(right, sets)
            if nodes is None:
                stats["patterns of another shape (skipped)"] += 1
                continue
            named = {w.lower().split("_")[0] for w in re.findall(r"[A-Z][A-Z_]+", comment)}
            verbs = [v for v in kept if v.lemma in named] or kept
            if not verbs:
                continue
            name = geokg_class(code, classes)
            plover, mode = plover_of(code, crosswalk, CLASS_PLOVER.get(name or "")) if name else (None, None)
            if f"cameo.pattern.{block.name.lower()}.{index}" in dropped_patterns or (
                name and name not in pattern_classes and not loose
            ):
                stats["patterns dropped on review"] += 1
                continue
            for particle in sorted({v.particle or "" for v in verbs}):
                lemmas = sorted({v.lemma for v in verbs if (v.particle or "") == particle})
                verb_node: dict[str, Any] = {
                    "RIGHT_ID": "verb",
                    "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"IN": lemmas}},
                }
                pattern = [verb_node, *nodes]
                if particle:
                    pattern.append(
                        {
                            "LEFT_ID": "verb",
                            "REL_OP": ">",
                            "RIGHT_ID": "particle",
                            "RIGHT_ATTRS": {"DEP": "prt", "LOWER": particle},
                        }
                    )
                rules.append(
                    {
                        "id": f"cameo.pattern.{block.name.lower()}.{index}{'.' + particle if particle else ''}",
                        "class": name,
                        "pos": "verb",
                        "lemmas": lemmas,
                        "pattern": pattern,
                        "cameo": code,
                        "plover": plover,
                        "mode": mode,
                        "found": f"- * {right} [{code}] # {comment}".strip(),
                        "source": f"petrarch2:{CAMEO_FILE}",
                    }
                )
                stats["patterns kept" if name else "patterns kept as vetoes"] += 1
        for verb in kept:
            code = verb.code or block.code
            name = geokg_class(code, classes)
            key = (verb.lemma, verb.particle)
            if name is None or key in seen_verbs or (verb.lemma not in keep_verbs and not loose):
                continue
            seen_verbs.add(key)
            plover, mode = plover_of(code, crosswalk, CLASS_PLOVER.get(name))
            rule: dict[str, Any] = {
                "id": f"cameo.verb.{verb.lemma}{'-' + verb.particle if verb.particle else ''}",
                "class": name,
                "pos": "verb",
                "lemmas": [verb.lemma],
                "cameo": code,
                "plover": plover,
                "mode": mode,
                "block": block.name,
                "source": f"petrarch2:{CAMEO_FILE}",
            }
            if verb.particle:
                rule["when"] = {"particle": [verb.particle]}
            rules.append(rule)
            stats["verb rules"] += 1
    # Patterns first: PETRARCH tries a verb's patterns before its default code.
    rules.sort(key=lambda r: 0 if "pattern" in r else 1)
    return rules, stats


def read_agents(source: Path, review: dict[str, Any]) -> list[dict[str, Any]]:
    """Single-word generic actor nouns of the agents dictionaries, in the sectors GeoKG keeps."""
    sectors = set(review["agent_sectors"])
    excluded = set(review["agent_exclude"])
    found: dict[str, dict[str, Any]] = {}
    for name in AGENT_FILES:
        for line in (source / name).read_text(encoding="latin-1").splitlines():
            match = AGENT.match(line.strip())
            if not match:
                continue
            sector = match["sector"]
            if not any(sector.startswith(s) for s in sectors):
                continue
            noun = match["noun"].lower()
            nouns = (
                [noun.replace("!person!", suffix) for suffix in ("man", "men", "woman", "women")]
                if noun.endswith("!person!")
                else [noun]
            )
            for word in nouns:
                if "!" in word or "_" in word or word in excluded or word in found:
                    continue
                found[word] = {"noun": word, "sector": sector, "source": name}
    for word, sector in review.get("agent_extra", {}).items():
        found.setdefault(word, {"noun": word, "sector": sector, "source": "geokg"})
    return sorted(found.values(), key=lambda a: a["noun"])


def _jsonl(rows: list[dict[str, Any]], header: str) -> str:
    return "".join(
        [f"# {line}\n" for line in header.splitlines()]
        + [json.dumps(r, ensure_ascii=False) + "\n" for r in rows]
    )


CAMEO_HEADER = """Trigger rules converted by scripts/build_lexicon.py from PETRARCH2's CAMEO verb dictionary
(openeventdata/petrarch2 data/dictionaries/CAMEO.2.0.txt, MIT, Copyright (c) 2015 Open Event Data Alliance)
with PLOVER types and modes from the CAMEO-to-PLOVER crosswalk (openeventdata/PLOVER CAMEO2PLOVER-2021.txt,
CC BY-SA 4.0). This file is a derivative of the crosswalk and is distributed under CC BY-SA 4.0; see NOTICE.md."""
AGENTS_HEADER = """Generic actor nouns and their sectors, converted by scripts/build_lexicon.py from the agents
dictionaries NGEC-2025 assets/PLOVER_agents.txt and petrarch2 Phoenix.agents.txt (MIT, Copyright (c) 2014
Open Event Data Alliance); lines with source "geokg" are GeoKG's additions. See NOTICE.md."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--loose", action="store_true", help="keep the loose synonyms as well")
    parser.add_argument("--check", action="store_true", help="fail if the shipped files differ")
    args = parser.parse_args(argv)
    review = json.loads((CHOICES / "review.json").read_text(encoding="utf-8"))
    sets, blocks = read_cameo(args.source / CAMEO_FILE)
    crosswalk = read_crosswalk(args.source / CROSSWALK_FILE)
    classes = read_classes(CHOICES / "cameo_classes.tsv")
    rules, stats = build_rules(sets, blocks, crosswalk, classes, review, loose=args.loose)
    agents = read_agents(args.source, review)
    outputs = {
        args.output / "cameo.jsonl": _jsonl(rules, CAMEO_HEADER),
        args.output / "agents.jsonl": _jsonl(agents, AGENTS_HEADER),
    }
    for path, text in outputs.items():
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                print(
                    f"{path} is not what the dictionaries give: run scripts/build_lexicon.py", file=sys.stderr
                )
                return 1
            continue
        path.write_text(text, encoding="utf-8")
    for key, count in sorted(stats.items()):
        print(f"{key}: {count}")
    print(f"agent nouns: {len(agents)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
