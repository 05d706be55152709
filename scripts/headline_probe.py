"""How many of NGEC's PLOVER-labelled headline templates GeoKG codes with their PLOVER event type.

The templates (scripts/lexicon/eventdata/NGEC-2025/synthetic_headlines.csv, 375 rows) were written by another
project to cover every PLOVER type and mode, so they probe the trigger lexicon with wording nobody here chose.
Each template becomes a sentence: its placeholders filled with real names, title case lowered except for names
and acronyms, a full stop added. A headline counts as coded when one of its events has the row's PLOVER type.
It is a probe of vocabulary, not a gold standard (the rows are templates, one clause each).

    python scripts/headline_probe.py [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

from kg.extract import Extractor

HEADLINES = Path(__file__).parent / "lexicon" / "eventdata" / "NGEC-2025" / "synthetic_headlines.csv"
# One name per placeholder, each a state or city the gazetteer knows, none of them a common word.
NAMES = {"country_1": "Kenya", "country_2": "Peru", "country_3": "Vietnam", "city": "Mombasa"}
PUBLISHED = date(2024, 3, 14)
# Words English capitalises anywhere in a sentence.
CALENDAR = {
    *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
}


def sentence(title: str) -> str:
    """ "{country_1} Leader Criticizes {country_2}'s Response" -> "Kenya leader criticizes Peru's response." """
    words = []
    for index, word in enumerate(title.split()):
        placeholder = re.fullmatch(r"\{(\w+)\}(.*)", word)
        if placeholder:
            words.append(NAMES[placeholder.group(1)] + placeholder.group(2))
        elif index == 0 or _acronym(word) or word.strip(".,:;'\"") in CALENDAR:
            words.append(word)
        else:
            words.append(word.lower())
    text = " ".join(words).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _acronym(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return len(letters) >= 2 and letters.isupper()


def probe(extractor: Extractor, path: Path = HEADLINES) -> tuple[Counter[str], Counter[str], list[str]]:
    """(coded per PLOVER type, rows per type, the sentences missed with what was found instead)."""
    coded: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    with path.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            text = sentence(row["title"])
            found = {event.plover for event in extractor.extract(text, published=PUBLISHED).events}
            total[row["event"]] += 1
            if row["event"] in found:
                coded[row["event"]] += 1
            else:
                misses.append(f"{row['event']}: {text}  [found: {', '.join(sorted(found)) or '-'}]")
    return coded, total, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="List the headlines not coded.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    coded, total, misses = probe(Extractor())
    share = sum(coded.values()) / sum(total.values())
    if args.json:
        print(
            json.dumps({"coded": sum(coded.values()), "rows": sum(total.values()), "share": round(share, 3)})
        )
        return
    print(
        f"headlines coded with their PLOVER type: {sum(coded.values())}/{sum(total.values())} = {share:.3f}"
    )
    for type_ in sorted(total):
        print(f"  {type_:<10} {coded[type_]}/{total[type_]} = {coded[type_] / total[type_]:.2f}")
    if args.verbose:
        print("not coded:", *(f"  {miss}" for miss in misses), sep="\n")


if __name__ == "__main__":
    main()
