"""Measure what a news article's facts look like, for the generator (bench/generate.py) to draw from.

The example articles (examples/articles.jsonl) go through the real extractor; their facts give the counts per
article (entities by type, events, relations, mentions), the event and relation types, statuses, dates against
the publication day, roles and confidences. The extracted examples carry no casualty figures, so the share of
events with casualties and the figures themselves come from the gold files of tests/data (written by the
team, each event's killed/injured as the text states them). The result is kept in bench/article_profile.json so
the generator needs neither spaCy nor the extractor; re-measure after the extractor changes.

Run: `python -m bench._profile` (writes bench/article_profile.json).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
GOLD = ROOT / "tests" / "data"
PROFILE = Path(__file__).resolve().parent / "article_profile.json"


def _months(day: date) -> int:
    return day.year * 12 + day.month - 1


def date_offset(value: str | None, published: date) -> list[Any] | None:
    """How an event's date stands to the publication day: ["day", days], ["month", months] or ["year", years]."""
    if value is None:
        return None
    if len(value) == 4:
        return ["year", int(value) - published.year]
    if len(value) == 7:
        return ["month", _months(date.fromisoformat(value + "-01")) - _months(published)]
    return ["day", (date.fromisoformat(value) - published).days]


def measure_facts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The distributions of a list of facts JSON documents (each value a list to draw from, or counts)."""
    profile: dict[str, Any] = {
        "articles": len(rows),
        "events_per_article": [len(r["events"]) for r in rows],
        "relations_per_article": [len(r["relations"]) for r in rows],
        "linked_per_article_by_type": {},
        "groups_per_article": [],
        "group_sectors": Counter(),
        "mentions_per_entity": [],
        "event_types": Counter(),
        "statuses": Counter(),
        "relation_types": Counter(),
        "actors_per_event": [],
        "targets_per_event": [],
        "places_per_event": [],
        "mediators_per_event": [],
        "supporting_per_event": [],
        "event_confidences": [],
        "relation_confidences": [],
        "event_dates": [],
        "qid_counts": Counter(),
        "published": [],
    }
    types = sorted({e["type"] for r in rows for e in r["entities"] if e["wikidata"]})
    profile["linked_per_article_by_type"] = {t: [] for t in types}
    for row in rows:
        published = date.fromisoformat(row["article"]["published"])
        profile["published"].append(published.isoformat())
        linked = Counter(e["type"] for e in row["entities"] if e["wikidata"])
        for type_ in types:
            profile["linked_per_article_by_type"][type_].append(linked[type_])
        groups = [e for e in row["entities"] if not e["wikidata"] and e.get("sector")]
        profile["groups_per_article"].append(len(groups))
        profile["group_sectors"].update(e["sector"] for e in groups)
        for entity in row["entities"]:
            profile["mentions_per_entity"].append(len(entity["mentions"]))
            if entity["wikidata"]:
                profile["qid_counts"][entity["wikidata"]] += 1
        for event in row["events"]:
            profile["event_types"][event["type"]] += 1
            profile["statuses"][event["status"]] += 1
            for role in ("actors", "targets", "places", "mediators"):
                profile[f"{role}_per_event"].append(len(event[role]))
            profile["supporting_per_event"].append(len(event["supporting_evidence"]))
            profile["event_confidences"].append(event["confidence"])
            profile["event_dates"].append(date_offset(event["date"], published))
        for relation in row["relations"]:
            profile["relation_types"][relation["type"]] += 1
            profile["relation_confidences"].append(relation["confidence"])
    return profile


def measure_casualties(folder: Path = GOLD) -> dict[str, Any]:
    """Per event type, how many gold events there are and how many state a casualty figure; the figures."""
    events: Counter[str] = Counter()
    with_figures: Counter[str] = Counter()
    killed: list[int | None] = []
    injured: list[int | None] = []
    for path in sorted(folder.glob("*/*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(gold, dict):
            continue
        for event in gold.get("events", []):
            events[event["type"]] += 1
            if event.get("killed") is not None or event.get("injured") is not None:
                with_figures[event["type"]] += 1
                killed.append(event.get("killed"))
                injured.append(event.get("injured"))
    share = {type_: with_figures[type_] / events[type_] for type_ in sorted(with_figures)}
    return {"gold_events": sum(events.values()), "share_by_type": share, "killed": killed, "injured": injured}


def measure() -> dict[str, Any]:
    from kg.extract import ArticleText, Extractor

    articles = [
        json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    items = [
        ArticleText(a["text"], title=a.get("title"), published=date.fromisoformat(a["published"]))
        for a in articles
    ]
    rows = [facts.to_json() for facts in Extractor().extract_many(items)]
    profile = measure_facts(rows)
    profile["casualties"] = measure_casualties()
    profile["source"] = (
        "examples/articles.jsonl through the extractor (python -m bench._profile); casualties from the gold "
        "files of tests/data"
    )
    return profile


def load_profile(path: Path = PROFILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def main() -> None:
    profile = measure()
    # One key a line: readable in a diff, and short.
    lines = (f" {json.dumps(key)}: {json.dumps(profile[key], sort_keys=True)}" for key in sorted(profile))
    PROFILE.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    events = profile["events_per_article"]
    relations = profile["relations_per_article"]
    print(
        f"{profile['articles']} articles: {sum(events) / len(events):.1f} events, "
        f"{sum(relations) / len(relations):.1f} relations per article; wrote {PROFILE.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
