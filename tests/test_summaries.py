"""The summaries graph (kg/graph/summaries.py), on both store backends: what writes, deletes and re-ingests keep
equals what is computed from every article graph; a store written before summaries gets none until
`geokg migrate`."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from summary_articles import extract_articles

from kg.cli import main
from kg.facts import DEFAULT_BASE_IRI, Facts
from kg.graph import summaries
from kg.graph._converter import to_ox
from kg.graph.article_writes import remove_article, write_article
from kg.graph.migrate import migrate
from kg.graph.rdf import GK
from kg.graph.store import EmbeddedStore, Store
from kg.graph.summaries import (
    ANY_ROLE,
    UNDATED,
    Group,
    has_summaries,
    refresh_summaries,
    summaries_graph,
    summaries_graph_iri,
)

KOSOVO = f"{DEFAULT_BASE_IRI}entity/Q1246"
NATO = f"{DEFAULT_BASE_IRI}entity/Q7184"
FINLAND = f"{DEFAULT_BASE_IRI}entity/Q33"


@pytest.fixture(scope="module")
def facts() -> list[Facts]:
    return extract_articles()


def _kept(store: Store) -> set[str]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{summaries_graph_iri()}> {{ ?s ?p ?o }} }}")
    return {str(to_ox((row["s"], row["p"], row["o"]))) for row in rows}


def _computed(store: Store) -> set[str]:
    return {str(to_ox(triple)) for triple in summaries_graph(store)}


def _count(store: Store, entity: str, day: str, role: str = ANY_ROLE) -> int:
    rows = store.select(
        f"""SELECT ?n WHERE {{ GRAPH <{summaries_graph_iri()}> {{ ?c <{GK.countOf}> <{entity}> ;
          <{GK.countRole}> <{role}> ; <{GK.day}> "{day}" ; <{GK.eventCount}> ?n }} }}"""
    )
    return sum(int(row["n"]) for row in rows)


def _statements(store: Store, subject: str, object_: str) -> int:
    rows = store.select(
        f"""SELECT ?n WHERE {{ GRAPH <{summaries_graph_iri()}> {{ ?g <{GK.groupSubject}> <{subject}> ;
          <{GK.groupObject}> <{object_}> ; <{GK.statementCount}> ?n }} }}"""
    )
    return sum(int(row["n"]) for row in rows)


def test_summaries_kept_on_writes_equal_those_computed_whole(store: Store, facts: list[Facts]) -> None:
    for one in facts:
        write_article(store, one)
        assert _kept(store) == _computed(store)
    # Kosovo: two events of the first article and the clash of the second on 2023-05-29, two undated events.
    assert (_count(store, KOSOVO, "2023-05-29"), _count(store, KOSOVO, UNDATED)) == (3, 2)
    assert _count(store, KOSOVO, "2023-05-29", str(GK.actor)) == 3
    assert _statements(store, FINLAND, NATO) == 2  # two articles say Finland joined NATO
    remove_article(store, facts[3].article.iri)
    assert _kept(store) == _computed(store)
    assert _statements(store, FINLAND, NATO) == 1
    write_article(store, facts[3])
    write_article(store, facts[3])  # written again: the same summaries
    assert _kept(store) == _computed(store)
    assert _statements(store, FINLAND, NATO) == 2


def test_summaries_built_a_graph_at_a_time_equal_those_kept_on_writes(
    store: Store, facts: list[Facts], monkeypatch: pytest.MonkeyPatch
) -> None:
    # One listed statement, so groups that several articles state are trimmed when batches merge.
    monkeypatch.setattr(summaries, "LISTED_STATEMENTS", 1)
    for one in facts:
        write_article(store, one)
    kept = _kept(store)
    whole = {str(to_ox(triple)) for triple in summaries_graph(store, batch=10_000)}
    one_by_one = {str(to_ox(triple)) for triple in summaries_graph(store, batch=1)}
    assert one_by_one == whole
    assert whole == kept
    assert _statements(store, FINLAND, NATO) == 2  # a group of two articles' statements, one of them listed
    store.delete_graph(summaries_graph_iri())
    assert refresh_summaries(store, batch=2) == len(kept)
    assert _kept(store) == kept and has_summaries(store)


def test_a_group_merged_from_batches_lists_the_first_statements_and_counts_all() -> None:
    first, second = Group(), Group()
    first.statements, first.since, first.until = {f"s{n:02}" for n in range(0, 30, 2)}, "2020", "2021"
    second.statements, second.since, second.until = {f"s{n:02}" for n in range(1, 30, 2)}, "2019", "2020"
    first.trim()
    first.merge(second)
    assert first.count == 30
    assert sorted(first.statements) == [f"s{n:02}" for n in range(summaries.LISTED_STATEMENTS)]
    assert (first.since, first.until) == ("2019", "2021")


def test_deleting_every_article_leaves_no_counts(store: Store, facts: list[Facts]) -> None:
    for one in facts[:3]:
        write_article(store, one)
    for one in facts[:3]:
        remove_article(store, one.article.iri)
    assert _kept(store) == _computed(store)
    assert all("/id/summary/" not in line for line in _kept(store))
    assert has_summaries(store)


def test_a_store_without_summaries_gets_them_from_migrate(store: Store, facts: list[Facts]) -> None:
    write_article(store, facts[0])
    store.delete_graph(summaries_graph_iri())  # as a store written before summaries
    write_article(store, facts[1])
    remove_article(store, facts[0].article.iri)
    assert not has_summaries(store) and not _kept(store)
    migrate(store)
    assert has_summaries(store)
    assert _kept(store) == _computed(store)
    assert _count(store, KOSOVO, "2023-05-29") == 1


def test_cli_load_into_a_store_with_summaries_drops_them(tmp_path: Path, facts: list[Facts]) -> None:
    location, more = tmp_path / "store", tmp_path / "more.nq"
    with EmbeddedStore(ox.Store(str(location))) as store:
        write_article(store, facts[0])
        assert has_summaries(store)
    with EmbeddedStore(ox.Store(str(tmp_path / "other"))) as other:
        write_article(other, facts[1])
        more.write_bytes(other.export("nquads"))
    result = CliRunner().invoke(main, ["--store", str(location), "load", str(more)])
    assert result.exit_code == 0, result.output
    assert "dropped" in result.output
    with EmbeddedStore(ox.Store(str(location))) as store:
        assert not has_summaries(store)


def test_cli_load_of_a_dump_into_an_empty_store_keeps_its_summaries(
    tmp_path: Path, facts: list[Facts]
) -> None:
    dump = tmp_path / "dump.nq"
    with EmbeddedStore(ox.Store(str(tmp_path / "first"))) as store:
        for one in facts[:2]:
            write_article(store, one)
        dump.write_bytes(store.export("nquads"))
        kept = _kept(store)
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "second"), "load", str(dump)])
    assert result.exit_code == 0, result.output
    assert "dropped" not in result.output
    with EmbeddedStore(ox.Store(str(tmp_path / "second"))) as store:
        assert has_summaries(store) and _kept(store) == kept
