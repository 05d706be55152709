"""Cross-article merging: two differently worded reports of one incident become one merged event with two
sources, on both store backends; deleting one article leaves one source."""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.graph.merging import EventSummary, agreement, cluster_events
from kg.graph.store import Store
from kg.sources.ingest import delete_article, ingest_text, merged_graph_iri

FIRST = (
    "PRISTINA -- Ethnic Serb protesters clashed with Kosovo police in the northern town of Zvecan on Monday. "
    "Forty police officers were injured, the interior ministry said."
)
SECOND = (
    "Kosovo police and Serb demonstrators clashed in Zvecan on Monday, leaving dozens of officers hurt, "
    "officials in Pristina said on Tuesday."
)
OTHER = "Kosovo police and Serb demonstrators clashed in Zvecan in March, officials said."

SOURCES_QUERY = """
PREFIX gk: <https://w3id.org/geokg/ontology#>
SELECT ?merged ?source WHERE { ?merged a gk:MergedEvent ; gk:source ?source }
"""


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _sources(store: Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in store.select(SOURCES_QUERY):
        found.setdefault(str(row["merged"]), set()).add(str(row["source"]))
    return found


def test_two_reports_merge_and_unmerge(store: Store, extractor: Extractor) -> None:
    first = ingest_text(store, FIRST, published="2023-05-30", extractor=extractor)
    second = ingest_text(store, SECOND, published="2023-05-31", extractor=extractor)
    ingest_text(store, OTHER, published="2023-05-31", extractor=extractor)
    merged = _sources(store)
    assert list(merged.values()) == [{first.article.iri, second.article.iri}]
    reasons = {
        str(r["why"])
        for r in store.select(
            "PREFIX gk: <https://w3id.org/geokg/ontology#> SELECT ?why WHERE { ?m gk:mergeReason ?why }"
        )
    }
    assert {"type", "date", "place"} <= reasons
    assert delete_article(store, second.article.iri)
    assert _sources(store) == {}


def test_the_merged_events_graph_stays_when_nothing_merges(store: Store, extractor: Extractor) -> None:
    ingest_text(store, FIRST, published="2023-05-30", extractor=extractor)
    assert _sources(store) == {}
    assert store.has_graph(merged_graph_iri())


def _summary(
    iri: str,
    article: str,
    *,
    type_: str = "Clash",
    date: str | None = "2023-05-29",
    places: tuple[str, ...] = ("p",),
    actors: tuple[str, ...] = (),
) -> EventSummary:
    return EventSummary(iri, article, type_, date, frozenset(places), frozenset(actors))


@pytest.mark.parametrize(
    "other, merges",
    [
        (_summary("b", "B"), True),
        (_summary("b", "B", date="2023-05-31"), True),
        (_summary("b", "B", date="2023-06-05"), False),
        (_summary("b", "B", date="2023-05"), True),
        (_summary("b", "B", type_="Attack"), False),
        (_summary("b", "B", places=("q",)), False),
        (_summary("b", "A"), False),  # one article never merges with itself
        (_summary("b", "B", date=None), False),  # undated: place alone is not enough
        (_summary("b", "B", date=None, actors=("x",)), True),  # undated: place and actors together
    ],
)
def test_agreement_rules(other: EventSummary, merges: bool) -> None:
    assert (agreement(_summary("a", "A", actors=("x",)), other) is not None) is merges


def test_cluster_lists_only_multi_article_groups() -> None:
    events = [_summary("a", "A"), _summary("b", "B"), _summary("c", "C", type_="Visit")]
    clusters = cluster_events(events)
    assert [c.articles for c in clusters] == [("A", "B")]
