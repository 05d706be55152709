"""Synthetic facts at volume: N articles' facts, drawn like real news, as N-Quads from the project's converter.

Entities come from the gazetteer (kg/data/gazetteer.json) with a long-tailed popularity: within each entity
type the entries are ranked (those the example articles mention most first, then the gazetteer's own order)
and drawn with Zipf weights 1/rank^s, so a few states are in a large share of the articles and most entries
in few or none, as in a day of news. How many entities of each type, events, relations, mentions, actors,
targets and places an article has, the event and relation types, statuses, confidences, dates against the
publication day and casualty figures are drawn from bench/article_profile.json (measured on the example
articles' extracted facts by `python -m bench._profile`). Publication days spread evenly over the examples'
years. Each article's facts are a `kg.facts.Facts`, turned into RDF by `kg.graph.rdf.to_graphs` (the
article's graph, and its entities' descriptions in the entities graph, as ingest stores them), and streamed out
a batch at a time: memory stays flat for any N.

The text of an article is made of its evidence sentences (and a sentence per entity that needs more
mentions), so every mention and evidence offset points at the words it names.

Run: `python -m bench.generate --articles N [--seed S] --out FILE.nq [--facts FILE.jsonl]`; without `--out`
it writes to a temporary file and prints the generation speed (what `make bench` runs).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import multiprocessing
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import URIRef

from bench._profile import load_profile
from kg.extract.lexicon import BY_NAME
from kg.facts import (
    ACTOR_TYPES,
    DEFAULT_BASE_IRI,
    PLACE_TYPES,
    Article,
    Entity,
    Event,
    Evidence,
    Facts,
    Mention,
    Relation,
    article_iri,
    entity_iri,
    stable_hash,
)
from kg.gazetteer import GazEntry, Gazetteer, load_gazetteer
from kg.graph._converter import to_ox
from kg.graph.rdf import to_graphs

ZIPF_EXPONENT = 1.0
BATCH = 200  # articles serialised at a time
# A noun for a generic group of each sector the examples show (agents dictionary codes).
SECTOR_NOUNS = {
    "COP": "police",
    "GOV": "officials",
    "JRN": "journalists",
    "PPL": "protesters",
    "UAF": "gunmen",
}
T = TypeVar("T")


class Popularity:
    """Zipf-weighted draws over ranked items: the item at rank r has weight 1/r^s."""

    def __init__(self, items: Sequence[T], exponent: float = ZIPF_EXPONENT) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(1 / rank**exponent for rank in range(1, len(items) + 1)))

    def draw(self, rng: random.Random) -> Any:
        point = rng.random() * self.cumulative[-1]
        return self.items[min(bisect.bisect_right(self.cumulative, point), len(self.items) - 1)]


def _weighted(rng: random.Random, counts: dict[str, int | float]) -> str:
    names = sorted(counts)
    return rng.choices(names, weights=[counts[name] for name in names])[0]


@dataclass
class _Draft:
    """An article being written: its sentences (text and offsets) and its entities' mentions."""

    base_iri: str
    sentences: list[str] = field(default_factory=list)
    length: int = 0
    entities: dict[str, Entity] = field(default_factory=dict)
    # How many mentions each entity gets (drawn from the profile): names beyond that are not marked.
    wanted: dict[str, int] = field(default_factory=dict)

    def sentence(self, *parts: str | Entity) -> Evidence:
        """Append a sentence made of words and entity names; each name becomes a mention of its entity."""
        start = self.length + (1 if self.sentences else 0)
        cursor, words = start, []
        for part in parts:
            if isinstance(part, Entity):
                if len(part.mentions) < self.wanted.get(part.iri, 1):
                    part.mentions.append(Mention(part.label, cursor, cursor + len(part.label)))
                part = part.label
            words.append(part)
            cursor += len(part)
        text = "".join(words)
        self.sentences.append(text)
        self.length = start + len(text)
        return Evidence(text, start, start + len(text))

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


class FactsGenerator:
    """Facts of synthetic articles, deterministic for a seed."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        profile: dict[str, Any],
        *,
        seed: int = 0,
        base_iri: str = DEFAULT_BASE_IRI,
        exponent: float = ZIPF_EXPONENT,
    ) -> None:
        self.gazetteer = gazetteer
        self.profile = profile
        self.seed = seed
        self.base_iri = base_iri
        self.rng = random.Random(seed)  # replaced by each article's own
        known = profile["qid_counts"]
        by_type: dict[str, list[GazEntry]] = {}
        for entry in gazetteer.entries():
            if entry.qid:
                by_type.setdefault(entry.type, []).append(entry)
        # The examples' most mentioned entries first (Zipf's head), then the gazetteer's own order.
        self.ranked = {
            type_: sorted(entries, key=lambda e: -known.get(e.qid, 0)) for type_, entries in by_type.items()
        }
        self.popularity = {type_: Popularity(entries, exponent) for type_, entries in self.ranked.items()}
        with_posts = [e for e in self.ranked.get("Person", []) if self._post(e) is not None]
        self.office_holders = Popularity(with_posts, exponent)
        published = sorted(date.fromisoformat(day) for day in profile["published"])
        self.first_day, self.days = published[0], (published[-1] - published[0]).days

    def _post(self, person: GazEntry) -> Any:
        return next(
            (
                p
                for p in self.gazetteer.posts_of(person.qid or "")
                if self.gazetteer.by_qid(p.organization_or_state_qid)
            ),
            None,
        )

    def article(self, index: int) -> Facts:
        # Each article its own random stream: the same article whatever the batches or workers.
        self.rng = rng = random.Random(f"{self.seed}/{index}")
        profile = self.profile
        published = self.first_day + timedelta(days=rng.randrange(self.days + 1))
        draft = _Draft(self.base_iri)
        draft.sentence(f"Synthetic report {self.seed}-{index}.")
        for type_, counts in sorted(profile["linked_per_article_by_type"].items()):
            for _ in range(rng.choice(counts)):
                if type_ in self.popularity:
                    self._add(draft, self.popularity[type_].draw(rng))
        self._add_groups(draft)
        relations = [
            self._relation(draft, published) for _ in range(rng.choice(profile["relations_per_article"]))
        ]
        events = [self._event(draft, published, i) for i in range(rng.choice(profile["events_per_article"]))]
        self._top_up_mentions(draft)
        text = draft.text
        iri = article_iri(text, base_iri=self.base_iri)
        article = Article(
            iri=iri,
            text=text,
            title=f"Synthetic report {self.seed}-{index}",
            published=published.isoformat(),
            source=f"https://example.org/synthetic/{self.seed}/{index}",
        )
        for event in events:
            event.iri = f"{self.base_iri}event/{stable_hash(article.id, event.iri)}"
        return Facts(article, list(draft.entities.values()), events, [r for r in relations if r is not None])

    def _add(self, draft: _Draft, entry: GazEntry) -> Entity:
        iri = entity_iri(type_=entry.type, label=entry.label, qid=entry.qid, base_iri=self.base_iri)
        if iri not in draft.entities:
            entity = Entity(
                iri, entry.label, entry.type, entry.qid, link_rule="gazetteer:name", link_confidence=0.97
            )
            self._keep(draft, entity)
        return draft.entities[iri]

    def _keep(self, draft: _Draft, entity: Entity) -> None:
        draft.entities[entity.iri] = entity
        draft.wanted[entity.iri] = self.rng.choice(self.profile["mentions_per_entity"])

    def _states(self, draft: _Draft) -> list[Entity]:
        return [e for e in draft.entities.values() if e.type in ("State", "PartiallyRecognizedState")]

    def _add_groups(self, draft: _Draft) -> None:
        rng = self.rng
        states = self._states(draft)
        for _ in range(rng.choice(self.profile["groups_per_article"])):
            sector = _weighted(rng, self.profile["group_sectors"])
            state = rng.choice(states) if states else None
            entry = self.gazetteer.by_qid(state.wikidata or "") if state else None
            qualifier = (entry.demonyms[0] if entry and entry.demonyms else state.label) if state else ""
            label = f"{qualifier} {SECTOR_NOUNS.get(sector, 'officials')}".strip()
            iri = entity_iri(type_="Group", label=label, qid=None, base_iri=self.base_iri)
            if iri not in draft.entities:
                self._keep(
                    draft, Entity(iri, label, "Group", sector=sector, country=state.iri if state else None)
                )

    def _relation(self, draft: _Draft, published: date) -> Relation | None:
        rng = self.rng
        type_ = _weighted(rng, self.profile["relation_types"])
        confidence = rng.choice(self.profile["relation_confidences"])
        if type_ == "holdsPosition":
            person_entry = self.office_holders.draw(rng)
            post = self._post(person_entry)
            person = self._add(draft, person_entry)
            holder = self._add(draft, self.gazetteer.by_qid(post.organization_or_state_qid))
            role = post.position.split(" of ")[0]
            evidence = draft.sentence(person, f" is the {role} of ", holder, ".")
            return Relation(type_, person.iri, holder.iri, evidence, confidence, since=post.start, role=role)
        states = self._states(draft)
        while len(states) < 2:  # a relation between states needs two: draw more (a repeat draws again)
            self._add(draft, self.popularity["State"].draw(rng))
            states = self._states(draft)
        subject, object_ = rng.sample(states, 2)
        words = {"doesNotRecognize": " does not recognise "}.get(type_, f" {type_} ")
        evidence = draft.sentence(subject, words, object_, ".")
        return Relation(type_, subject.iri, object_.iri, evidence, confidence)

    def _event(self, draft: _Draft, published: date, number: int) -> Event:
        rng, profile = self.rng, self.profile
        type_ = _weighted(rng, profile["event_types"])
        actors_pool = [e for e in draft.entities.values() if e.type in ACTOR_TYPES]
        places_pool = [e for e in draft.entities.values() if e.type in PLACE_TYPES]
        actors = _sample(rng, actors_pool, rng.choice(profile["actors_per_event"]))
        targets = _sample(
            rng, [e for e in actors_pool if e not in actors], rng.choice(profile["targets_per_event"])
        )
        places = _sample(rng, places_pool, rng.choice(profile["places_per_event"]))
        killed, injured = self._casualties(type_)
        parts: list[str | Entity] = [*_listed(actors), f" {type_.lower()}"]
        if targets:
            parts += [" with ", *_listed(targets)]
        if places:
            parts += [" in ", *_listed(places)]
        if killed is not None:
            parts.append(f"; {killed} killed")
        if injured is not None:
            parts.append(f"; {injured} injured")
        evidence = draft.sentence(*parts, ".")
        supporting = [
            draft.sentence(f"More on the {type_.lower()} ", *_listed(actors or places), ".")
            for _ in range(rng.choice(profile["supporting_per_event"]))
        ]
        event_class = BY_NAME[type_]
        return Event(
            iri=f"{number}",  # made an IRI once the article's id (its text's hash) is known
            type=type_,
            plover=event_class.plover,
            mode=event_class.mode,
            actors=[e.iri for e in actors],
            targets=[e.iri for e in targets],
            places=[e.iri for e in places],
            date=_event_date(rng.choice(profile["event_dates"]), published),
            killed=killed,
            injured=injured,
            status=_weighted(rng, profile["statuses"]),
            evidence=evidence,
            confidence=rng.choice(profile["event_confidences"]),
            supporting_evidence=supporting,
        )

    def _casualties(self, type_: str) -> tuple[int | None, int | None]:
        casualties = self.profile["casualties"]
        if self.rng.random() >= casualties["share_by_type"].get(type_, 0.0):
            return None, None
        pick = self.rng.randrange(len(casualties["killed"]))
        return casualties["killed"][pick], casualties["injured"][pick]

    def _top_up_mentions(self, draft: _Draft) -> None:
        """Give each entity as many mentions as drawn for it."""
        for entity in list(draft.entities.values()):
            for _ in range(draft.wanted[entity.iri] - len(entity.mentions)):
                draft.sentence("Officials also spoke of ", entity, ".")


def _sample(rng: random.Random, pool: list[Entity], count: int) -> list[Entity]:
    return rng.sample(pool, min(count, len(pool)))


def _listed(entities: list[Entity]) -> list[str | Entity]:
    parts: list[str | Entity] = []
    for i, entity in enumerate(entities):
        parts += [" and "] if i else []
        parts.append(entity)
    return parts


def _event_date(offset: list[Any] | None, published: date) -> str | None:
    if offset is None:
        return None
    unit, amount = offset
    if unit == "day":
        return (published + timedelta(days=amount)).isoformat()
    if unit == "month":
        months = published.year * 12 + published.month - 1 + amount
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    return f"{published.year + amount:04d}"


def quads(facts: Facts) -> list[ox.Quad]:
    """Every quad the store keeps for an article's facts: its named graph, and its entities' descriptions in
    the entities graph (`kg.graph.rdf.to_graphs`, as ingest writes them; loading many articles keeps each
    description once, where one graph per article repeated every popular entity's description in each).

    Sorted: rdflib's order follows Python's string hashes, which change from one process to the next.
    """
    found = [
        to_ox((s, p, o, URIRef(str(graph.identifier)))) for graph in to_graphs(facts) for s, p, o in graph
    ]
    return sorted(found, key=str)


@dataclass
class Written:
    """What a generation wrote: counts, and in how many articles each QID is."""

    articles: int = 0
    quads: int = 0
    events: int = 0
    relations: int = 0
    articles_by_qid: Counter[str] = field(default_factory=Counter)

    def add(self, other: Written) -> None:
        self.articles += other.articles
        self.quads += other.quads
        self.events += other.events
        self.relations += other.relations
        self.articles_by_qid.update(other.articles_by_qid)


@dataclass
class Batch:
    """A run of consecutive articles, written: their N-Quads, facts JSON lines and counts."""

    nquads: bytes
    facts: list[str]
    written: Written


def write_batch(generator: FactsGenerator, first: int, count: int, *, with_facts: bool = False) -> Batch:
    written, chunk, lines = Written(), [], []
    for index in range(first, first + count):
        article = generator.article(index)
        chunk.extend(quads(article))
        written.articles += 1
        written.events += len(article.events)
        written.relations += len(article.relations)
        written.articles_by_qid.update({e.wikidata for e in article.entities if e.wikidata})
        if with_facts:
            lines.append(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
    written.quads = len(chunk)
    return Batch(ox.serialize(chunk, None, ox.RdfFormat.N_QUADS), lines, written)


_worker: FactsGenerator | None = None


def _start_worker(seed: int) -> None:
    global _worker
    _worker = FactsGenerator(load_gazetteer(), load_profile(), seed=seed)


def _worker_batch(job: tuple[int, int, bool]) -> Batch:
    assert _worker is not None
    return write_batch(_worker, *job[:2], with_facts=job[2])


def generate(
    articles: int,
    out: Path,
    *,
    seed: int = 0,
    first: int = 0,
    facts_out: Path | None = None,
    jobs: int = 1,
) -> Written:
    """Write `articles` synthetic articles' quads to `out` (N-Quads), and their facts JSON lines to `facts_out`.

    Articles are numbered from `first`: a store grows from N to M articles by adding `generate(M - N,
    first=N)`, the same articles a run of M from 0 writes.

    A batch of articles at a time, so memory stays flat; with `jobs` > 1 worker processes write the batches
    and they are put out in order (each article has its own random stream, so the output is the same).
    """
    end = first + articles
    batches = [(start, min(BATCH, end - start), facts_out is not None) for start in range(first, end, BATCH)]
    written = Written()
    with (
        out.open("wb") as nquads,
        facts_out.open("w", encoding="utf-8") if facts_out else nullcontext() as js,
        multiprocessing.get_context("spawn").Pool(jobs, _start_worker, (seed,))
        if jobs > 1
        else nullcontext() as pool,
    ):
        if pool is None:
            generator = FactsGenerator(load_gazetteer(), load_profile(), seed=seed)
            results: Iterator[Batch] = (
                write_batch(generator, *job[:2], with_facts=job[2]) for job in batches
            )
        else:
            results = pool.imap(_worker_batch, batches)
        for batch in results:
            nquads.write(batch.nquads)
            if js is not None:
                js.writelines(batch.facts)
            written.add(batch.written)
    return written


def describe(written: Written) -> str:
    """One line on the popularity: the top entities' and the median entity's share of articles."""
    counts = sorted(written.articles_by_qid.values(), reverse=True)
    if not counts:
        return "no linked entities"
    top = written.articles_by_qid.most_common(3)
    shares = ", ".join(f"{qid} {n / written.articles:.0%}" for qid, n in top)
    return (
        f"{len(counts)} distinct QIDs; top: {shares}; median entity in {counts[len(counts) // 2]} "
        f"article(s), {sum(1 for c in counts if c == 1)} in exactly one"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="N-Quads file to write (default: a temporary file)")
    parser.add_argument("--facts", type=Path, help="also write each article's facts JSON, one a line")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (the output is the same)")
    args = parser.parse_args()
    if args.articles < 1:
        sys.exit("error: --articles must be at least 1")
    with tempfile.TemporaryDirectory() as folder:
        out = args.out or Path(folder) / "generated.nq"
        started = time.perf_counter()
        written = generate(args.articles, out, seed=args.seed, facts_out=args.facts, jobs=args.jobs)
        took = time.perf_counter() - started
        size = out.stat().st_size
    print(
        f"generated {written.articles} articles (seed {args.seed}): {written.events} events, "
        f"{written.relations} relations, {written.quads} quads ({written.quads / written.articles:.0f} per "
        f"article), {size / 1e6:.1f} MB"
    )
    print(describe(written))
    print(
        f"speed: {written.articles / took:.0f} articles/s, {written.quads / took:.0f} quads/s "
        f"({took:.1f} s; 40k articles would take about {40_000 / (written.articles / took) / 60:.0f} min)"
    )


if __name__ == "__main__":
    main()
