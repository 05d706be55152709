"""`geokg migrate`: a store in the shape before the entities graph (each article graph describing its own
entities) ends up as ingest writes it now, answers the same over the union graph, and a second run changes
nothing; on both store backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.namespace import DCTERMS

from kg.cli import main
from kg.extract import Extractor
from kg.facts import Facts
from kg.graph._converter import to_ox
from kg.graph.article_writes import write_article
from kg.graph.migrate import migrate
from kg.graph.rdf import to_graph
from kg.graph.store import EmbeddedStore, Store

ARTICLES = (
    ("Serbia and Kosovo agreed on Monday to resume talks in Brussels, officials said.", "2023-05-29"),
    ("Serbia recalled its ambassador from Montenegro on Friday after a row over a church law.", "2023-06-02"),
    ("Kosovo police and Serb demonstrators clashed in Zvecan on Monday, officials said.", "2023-05-30"),
    ("Ethnic Serb protesters clashed with Kosovo police in Zvecan on Monday.", "2023-05-30"),
)
SAME_AS = (
    "SELECT ?s WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q403> }"
)
UNION = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def facts() -> list[Facts]:
    extractor = Extractor()
    return [extractor.extract(text, published=_day(day)) for text, day in ARTICLES]


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _old_shape(facts: list[Facts]) -> bytes:
    """N-Quads of the article graphs as GeoKG wrote them before the entities graph."""
    quads = []
    for one in facts:
        graph = to_graph(one)
        graph.remove((None, DCTERMS.references, None))  # the older shape had no references
        quads += [to_ox((s, p, o, graph.identifier)) for s, p, o in graph]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def _lines(store: Store, query: str) -> list[str]:
    return sorted(" ".join(row[k].n3() for k in sorted(row)) for row in store.select(query))


def test_migrate_moves_descriptions_and_keeps_the_answers(store: Store, facts: list[Facts]) -> None:
    store.load(_old_shape(facts), format="nquads")
    naming_serbia = sum(any(e.wikidata == "Q403" for e in one.entities) for one in facts)
    assert naming_serbia >= 2, "two articles should name Serbia (the test's premise)"
    assert len(store.select(SAME_AS)) == naming_serbia  # the old shape: one row per article naming Serbia
    before = _lines(store, UNION)
    done = migrate(store)
    assert (done.articles, len(store.select(SAME_AS))) == (len(facts), 1)
    after = [line for line in _lines(store, UNION) if str(DCTERMS.references) not in line]
    # The same triples as before, besides the references, the merged events and the summaries (none were stored
    # before; test_summaries.py checks the summaries).
    derived = ("/id/merged-event/", "/id/summary/", "/id/graph/summaries")
    assert [line for line in after if not any(part in line for part in derived)] == before
    migrated = store.export("nquads")
    assert migrate(store).entities == 0
    assert store.export("nquads") == migrated


def test_migrated_store_equals_a_fresh_ingest(store: Store, facts: list[Facts]) -> None:
    store.load(_old_shape(facts), format="nquads")
    migrate(store)
    migrated = sorted(store.export("nquads").decode().splitlines())
    store.clear()
    for one in facts:
        write_article(store, one)
    assert sorted(store.export("nquads").decode().splitlines()) == migrated


def test_migrate_an_article_at_a_time_equals_migrate_at_once(store: Store, facts: list[Facts]) -> None:
    store.load(_old_shape(facts), format="nquads")
    one_by_one = migrate(store, batch=1)  # Serbia's descriptions in two batches: the second meets the first's
    migrated = sorted(store.export("nquads").decode().splitlines())
    store.clear()
    store.load(_old_shape(facts), format="nquads")
    assert migrate(store) == one_by_one
    assert sorted(store.export("nquads").decode().splitlines()) == migrated
    assert (one_by_one.articles, len(store.select(SAME_AS))) == (len(facts), 1)


def test_cli_migrate(tmp_path: Path, facts: list[Facts]) -> None:
    location = tmp_path / "store"
    with EmbeddedStore(ox.Store(str(location))) as store:
        store.load(_old_shape(facts), format="nquads")
    runner = CliRunner()
    first = runner.invoke(main, ["--store", str(location), "migrate"])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("moved ") and f"of {len(facts)} article graphs" in first.output
    again = runner.invoke(main, ["--store", str(location), "migrate"])
    assert again.output.startswith("moved 0 entity descriptions out of 0 article graphs")
    with EmbeddedStore(ox.Store(str(location))) as store:
        assert len(store.select(SAME_AS)) == 1
