"""Incremental merging: writing and deleting articles in any order leaves the merged-events graph that
recomputing it from scratch gives (sorted N-Triples compared), on both store backends."""

from __future__ import annotations

import random

import pytest

from kg.facts import Article, Event, Evidence, Facts, article_iri
from kg.graph.article_writes import remove_article, write_article
from kg.graph.merged_events import merged_graph_iri, refresh_merged_events
from kg.graph.store import Store

PLACES = [f"https://w3id.org/geokg/id/entity/place-{name}" for name in ("zvecan", "pristina", "banjska")]
ACTORS = [f"https://w3id.org/geokg/id/entity/group-{name}" for name in ("police", "protesters", "troops")]
# Days near a month's end, months, years alone and no date: the buckets and the links between them.
DATES = ["2023-05-29", "2023-05-30", "2023-05-31", "2023-06-01", "2023-05", "2023-06", "2023", None]


def _article(rng: random.Random, number: int) -> Facts:
    text = f"Synthetic article {number}."
    iri = article_iri(text)
    events = []
    for i in range(rng.randint(1, 4)):
        events.append(
            Event(
                iri=f"{iri.replace('article/', 'event/')}-{i}",
                type=rng.choice(["Clash", "Protest"]),
                plover=None,
                mode=None,
                actors=rng.sample(ACTORS, rng.randint(0, 2)),
                targets=[],
                places=rng.sample(PLACES, rng.randint(0, 1)),
                date=rng.choice(DATES),
                killed=None,
                injured=None,
                status="asserted",
                evidence=Evidence(text, 0, len(text)),
                confidence=0.8,
            )
        )
    return Facts(Article(iri, text, published="2023-06-02"), events=events)


def _merged(store: Store) -> list[str]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{merged_graph_iri()}> {{ ?s ?p ?o }} }}")
    return sorted(f"{row['s'].n3()} {row['p'].n3()} {row['o'].n3()}" for row in rows)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_any_order_of_writes_and_deletes_gives_the_recomputed_graph(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    articles = [_article(rng, seed * 100 + n) for n in range(12)]
    merged_at_some_point = False
    stored: list[Facts] = []
    for step in range(30):
        if stored and rng.random() < 0.3:
            gone = stored.pop(rng.randrange(len(stored)))
            assert remove_article(store, gone.article.iri)
        else:
            facts = rng.choice(articles)
            write_article(store, facts)
            stored = [f for f in stored if f.article.iri != facts.article.iri] + [facts]
        incremental = _merged(store)
        merged_at_some_point |= bool(incremental)
        refresh_merged_events(store)
        assert _merged(store) == incremental, f"step {step}"
    assert merged_at_some_point, "some reports should have merged (the test's premise)"


def test_written_in_reverse_order_gives_the_same_graph(store: Store) -> None:
    rng = random.Random(7)
    articles = [_article(rng, n) for n in range(10)]
    for facts in articles:
        write_article(store, facts)
    forward = _merged(store)
    store.clear()
    for facts in reversed(articles):
        write_article(store, facts)
    assert _merged(store) == forward and forward
