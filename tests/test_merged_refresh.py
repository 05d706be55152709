"""The whole merged-events graph built a batch of buckets at a time (issue #10): the same N-Triples lines as
the graph the per-article writes keep and as the old one-query build (kept here as the reference), on both
store backends, with batches and chunks small enough that every bucket and every few lines is its own."""

from __future__ import annotations

import random

import pytest

import kg.graph.merged_events as merged_events
from kg.facts import Article, Event, Evidence, Facts, article_iri
from kg.graph._converter import to_ox
from kg.graph.article_writes import write_article
from kg.graph.merged_events import merged_graph_iri, refresh_merged_events
from kg.graph.merging import cluster_events
from kg.graph.rdf import GK
from kg.graph.store import Store

PLACES = [f"https://w3id.org/geokg/id/entity/place-{name}" for name in ("zvecan", "pristina", "banjska")]
ACTORS = [f"https://w3id.org/geokg/id/entity/group-{name}" for name in ("police", "protesters", "troops")]
# Days across a month's end and a year's, months, years alone and no date: every kind of bucket and link.
DATES = [
    "2023-05-30",
    "2023-05-31",
    "2023-06-01",
    "2023-05",
    "2023-06",
    "2023",
    "2022-12-31",
    "2023-01-01",
    "2022-12",
    "2024-02-29",
    None,
]


def _article(rng: random.Random, number: int) -> Facts:
    text = f"Synthetic article {number}."
    iri = article_iri(text)
    events = [
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
        for i in range(rng.randint(1, 5))
    ]
    return Facts(Article(iri, text, published="2023-06-02"), events=events)


def _lines(store: Store) -> set[str]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{merged_graph_iri()}> {{ ?s ?p ?o }} }}")
    return {str(to_ox((row["s"], row["p"], row["o"]))) for row in rows}


def _reference_lines(store: Store) -> set[str]:
    """The graph of the old `refresh_merged_events`: every report in one query, clustered at once."""
    query = merged_events._EVENT_ROWS.format(
        outside="", graph="?g", inside=merged_events._ANY_EVENT, after=f"FILTER(?g != <{merged_graph_iri()}>)"
    )
    clusters = cluster_events(merged_events._summaries(store.select_built(query)))
    return {str(to_ox(triple)) for triple in merged_events.merged_graph(clusters)}


@pytest.mark.parametrize("seed", [1, 2])
def test_built_by_buckets_equals_the_graph_kept_on_writes(
    store: Store, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    for number in range(25):
        write_article(store, _article(rng, seed * 1000 + number))
    kept = _lines(store)
    assert kept == _reference_lines(store)
    members = [line for line in kept if f"<{GK.mergedEvent}>" in line]
    assert len(kept) > 50 and len(members) > 20, "reports should merge across articles (the test's premise)"
    monkeypatch.setattr(merged_events, "WRITE_LINES", 7)
    for batch in (1, 5, merged_events.BATCH_EVENTS):
        merged = refresh_merged_events(store, batch=batch)
        assert _lines(store) == kept, f"batch {batch}"
        assert merged == sum(1 for line in kept if f"<{GK.MergedEvent}>" in line)


def test_an_empty_store_keeps_an_empty_graph(store: Store) -> None:
    assert refresh_merged_events(store) == 0
    assert _lines(store) == set()


def test_a_year_alone_joins_its_months_and_nothing_else() -> None:
    clash, protest = f"{GK}Clash", f"{GK}Protest"
    sizes = [(clash, "2023"), (clash, "2023-05"), (clash, "2023-06"), (clash, "2024-01"), (clash, "")]
    sizes += [(protest, "2023-05"), (protest, "2023-06")]
    assert merged_events._units(sizes) == [
        [(clash, "")],
        [(clash, "2023"), (clash, "2023-05"), (clash, "2023-06")],
        [(clash, "2024-01")],
        [(protest, "2023-05")],
        [(protest, "2023-06")],
    ]


def test_batches_hold_whole_units() -> None:
    units = [[("c", "2023"), ("c", "2023-05")], [("c", "2024-01")], [("c", "")]]
    sizes = {("c", "2023"): 3, ("c", "2023-05"): 4, ("c", "2024-01"): 2, ("c", ""): 9}
    assert list(merged_events._batches(units, sizes, 9)) == [
        [("c", "2023"), ("c", "2023-05"), ("c", "2024-01")],
        [("c", "")],
    ]
    assert len(list(merged_events._batches(units, sizes, 1))) == 3
