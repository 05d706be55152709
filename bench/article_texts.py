"""Synthetic news articles as text, for batch-ingest tests and benchmarks: no benchmark waits on the examples.

Each article is a headline and three to seven sentences drawn from templates that read like wire copy
(clashes, attacks, visits, meetings, condemnations, sanctions, deployments, exercises, recognition, membership,
aid, withdrawals), filled with names from the gazetteer (kg/data/gazetteer.json): states and partially
recognised states by label or demonym, their cities, current office holders with their post, international
organisations and alliances. No QID is written here; every name is one the gazetteer links itself.

Texts are deterministic for a seed and distinct (a repeat is drawn again). Each record is the JSONL shape
`geokg ingest` reads: `{"text", "title", "published", "source"}`, with a source URL on a reserved example
domain.

Run: `python -m bench.article_texts --articles N [--seed S] [--days D] --out FILE.jsonl` (or a folder with
--as-files); without --out it times the generation (what `make bench` runs).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kg.gazetteer import GazEntry, Gazetteer, load_gazetteer

FIRST_DAY = date(2022, 1, 1)
DAYS = 3 * 365
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TOPICS = (
    "border security",
    "energy supplies",
    "the release of prisoners",
    "trade and tariffs",
    "the status of the disputed region",
    "refugees",
    "grain exports",
    "a ceasefire",
)
GROUPS = ("police officers", "protesters", "soldiers", "gunmen", "rebels", "border guards", "demonstrators")
WEAPONS = ("a drone strike", "a car bomb", "an armed attack", "shelling", "a rocket attack")


@dataclass(frozen=True)
class Names:
    """The gazetteer entries the templates draw from, each list in the gazetteer's order."""

    states: list[GazEntry]
    cities: dict[str, list[GazEntry]]  # by the QID of their country
    leaders: list[tuple[GazEntry, str, GazEntry]]  # person, post, the state they hold it in
    organizations: list[GazEntry]
    alliances: list[GazEntry]
    partial: list[GazEntry]


def load_names(gazetteer: Gazetteer) -> Names:
    entries = gazetteer.entries()
    states = [e for e in entries if e.type == "State" and e.qid]
    cities: dict[str, list[GazEntry]] = {}
    for entry in entries:
        if entry.type == "City" and entry.country_qid and entry.prominence == 2:
            cities.setdefault(entry.country_qid, []).append(entry)
    leaders = []
    for post in gazetteer.posts:
        person, holder = gazetteer.by_qid(post.person_qid), gazetteer.by_qid(post.organization_or_state_qid)
        if post.end is None and person and holder and holder.type == "State" and post.position:
            leaders.append((person, post.position, holder))
    kinds = {"InternationalOrganization"}
    return Names(
        states=[s for s in states if s.qid in cities],
        cities=cities,
        leaders=leaders,
        organizations=[e for e in entries if e.type in kinds and e.abbreviation][:40],
        alliances=[e for e in entries if e.type == "Alliance"],
        partial=[e for e in entries if e.type == "PartiallyRecognizedState"],
    )


class ArticleWriter:
    """Draws one article at a time from a seeded random generator."""

    def __init__(self, names: Names, rng: random.Random, *, days: int = DAYS) -> None:
        self.names = names
        self.rng = rng
        self.days = days
        # News is about a few states most of the time: Zipf weights over the states in a shuffled order.
        self.states = rng.sample(names.states, len(names.states))
        self.weights = [1 / rank for rank in range(1, len(self.states) + 1)]

    def article(self, number: int) -> dict[str, Any]:
        rng = self.rng
        published = FIRST_DAY + timedelta(days=rng.randrange(self.days))
        state, other = self._two_states()
        sentences = [rng.choice(SENTENCES)(self, state, other) for _ in range(rng.randint(3, 7))]
        title = rng.choice(HEADLINES).format(state=state.label, other=other.label)
        slug = "-".join(title.lower().split()[:6]).strip(".,")
        return {
            "text": " ".join(sentences),
            "title": title,
            "published": published.isoformat(),
            "source": f"https://news.example.org/{published:%Y/%m}/{slug}-{number}",
        }

    def _two_states(self) -> tuple[GazEntry, GazEntry]:
        while True:
            state, other = self.rng.choices(self.states, self.weights, k=2)
            if state != other:
                return state, other

    def city(self, state: GazEntry) -> str:
        return self.rng.choice(self.names.cities[state.qid or ""]).label

    def demonym(self, state: GazEntry) -> str:
        return state.demonyms[0] if state.demonyms else state.label

    def day(self) -> str:
        return f"on {self.rng.choice(WEEKDAYS)}"

    def number(self) -> int:
        return self.rng.choice((2, 3, 4, 5, 7, 9, 12, 15, 21, 30))

    def leader(self) -> tuple[GazEntry, str, GazEntry]:
        return self.rng.choice(self.names.leaders)


def _clash(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    groups = w.rng.sample(GROUPS, 2)
    return (
        f"{groups[0].capitalize()} clashed with {groups[1]} in {w.city(state)} {w.day()}, "
        f"injuring {w.number()} people, {w.demonym(state)} officials said."
    )


def _attack(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    return (
        f"At least {w.number()} people were killed in {w.rng.choice(WEAPONS)} on {w.city(state)} {w.day()}, "
        f"the {w.demonym(state)} interior ministry said."
    )


def _condemn(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    return f"{other.label} condemned the attack and called for restraint."


def _visit(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    person, post, holder = w.leader()
    return f"{post} {person.label} visited {state.label} {w.day()} and held talks in {w.city(state)}."


def _meeting(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    return (
        f"The foreign ministers of {state.label} and {other.label} met in {w.city(other)} {w.day()} "
        f"to discuss {w.rng.choice(TOPICS)}."
    )


def _sanction(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    org = w.rng.choice(w.names.organizations)
    return f"The {org.label} imposed new sanctions on {state.label} over {w.rng.choice(TOPICS)}."


def _deploy(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    return f"{state.label} deployed {w.number() * 100} troops to its border with {other.label}."


def _exercise(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    return f"{state.label} and {other.label} held joint military exercises near {w.city(state)} {w.day()}."


def _recognition(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    partial = w.rng.choice(w.names.partial)
    return f"{state.label} does not recognize {partial.label} as an independent state."


def _membership(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    alliance = w.rng.choice(w.names.alliances)
    return f"{other.label} is a member of the {alliance.label}, {w.demonym(state)} diplomats noted."


def _aid(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    return f"{other.label} pledged {w.number()} million dollars in humanitarian aid to {state.label}."


def _statement(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    person, post, holder = w.leader()
    return (
        f'"We will not accept threats," {post} {person.label} said in a statement {w.day()}, '
        f"accusing {state.label} of provoking the crisis."
    )


def _withdraw(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    return f"{other.label} withdrew its ambassador from {state.label} in protest."


def _protest(w: ArticleWriter, state: GazEntry, other: GazEntry) -> str:
    return (
        f"Thousands of people protested in {w.city(state)} {w.day()} against the government's "
        f"policy on {w.rng.choice(TOPICS)}."
    )


SENTENCES: tuple[Callable[[ArticleWriter, GazEntry, GazEntry], str], ...] = (
    _clash,
    _attack,
    _condemn,
    _visit,
    _meeting,
    _sanction,
    _deploy,
    _exercise,
    _recognition,
    _membership,
    _aid,
    _statement,
    _withdraw,
    _protest,
)
HEADLINES = (
    "Tensions rise between {state} and {other}",
    "{other} responds to unrest in {state}",
    "{state} and {other} hold talks",
    "Violence flares in {state}",
    "{other} steps up pressure on {state}",
)


def generate_articles(
    count: int, *, seed: int = 0, days: int = DAYS, gazetteer: Gazetteer | None = None
) -> Iterator[dict]:  # type: ignore[type-arg]
    """`count` distinct articles, the same ones for the same seed, published over `days` days from 2022-01-01
    (fewer days: more reports of one event type in one month, which the store merges)."""
    writer = ArticleWriter(load_names(gazetteer or load_gazetteer()), random.Random(seed), days=days)
    seen: set[str] = set()
    number = 0
    while len(seen) < count:
        record = writer.article(number)
        if record["text"] in seen:
            continue  # a repeat: draw again, so every text is distinct
        seen.add(record["text"])
        number += 1
        yield record


def write_articles(records: Iterator[dict], out: Path, *, as_files: bool = False) -> int:  # type: ignore[type-arg]
    """Write records as one JSONL file, or as a folder of one JSONL file (of one record) each."""
    lines = [json.dumps(record) + "\n" for record in records]
    if as_files:
        out.mkdir(parents=True, exist_ok=True)
        for number, line in enumerate(lines, start=1):
            (out / f"article-{number:06d}.jsonl").write_text(line, encoding="utf-8")
    else:
        out.write_text("".join(lines), encoding="utf-8")
    return len(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--days", type=int, default=DAYS, help="Publication days spread over this many days.")
    parser.add_argument("--out", type=Path, help="JSONL file (or folder); without it, time the generation.")
    parser.add_argument("--as-files", action="store_true", help="One file per article in the folder --out.")
    args = parser.parse_args(argv)
    records = generate_articles(args.articles, seed=args.seed, days=args.days)
    if args.out is None:
        started = time.perf_counter()
        count = sum(1 for _ in records)
        print(f"generated {count} articles in {time.perf_counter() - started:.1f} s")
        return
    count = write_articles(records, args.out, as_files=args.as_files)
    print(f"wrote {count} articles to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
