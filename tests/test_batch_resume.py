"""A batch killed with SIGKILL half-way and run again ends with the store of one uninterrupted run, on the
embedded store and on `oxigraph serve`: every article whole or absent, merged events consistent meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.article_texts import generate_articles, write_articles
from bench.ingest_resume import kill_after_stored
from kg.graph.merged_events import merged_graph_iri, refresh_merged_events
from kg.graph.store import Store, open_store

ARTICLES = 36
ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("resume") / "articles.jsonl"
    write_articles(generate_articles(ARTICLES, seed=23, days=20), path)  # 20 days: reports merge
    return path


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.remote)])
def locations(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two store locations: one for the uninterrupted run, one for the killed run (remote: the same server,
    emptied between the runs)."""
    if request.param == "embedded":
        yield str(tmp_path / "whole"), str(tmp_path / "killed")
        return
    server = request.getfixturevalue("oxigraph_server")
    request.getfixturevalue("clean_remote_store")
    yield server.query_url, server.query_url


def _command(location: str, batch: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", "-v", "--store", location, "ingest", str(batch), *extra]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _run(location: str, batch: Path, *extra: str) -> str:
    done = subprocess.run(
        _command(location, batch, *extra), capture_output=True, text=True, env=_env(), timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _run_and_kill(location: str, batch: Path, *, after: int) -> int:
    """Start the batch, SIGKILL it (and its worker processes) once `after` articles are stored; how many were."""
    return kill_after_stored(_command(location, batch, "--jobs", "2"), after=after, env=_env())


def _quads(store: Store) -> list[str]:
    return sorted(store.export("nquads").decode("utf-8").splitlines())


def _by_graph(quads: list[str]) -> dict[str, set[str]]:
    graphs: dict[str, set[str]] = {}
    for line in quads:
        graphs.setdefault(line.rsplit(" ", 2)[-2], set()).add(line)
    return graphs


def _merged_events_are_consistent(store: Store) -> None:
    merged = merged_graph_iri()
    before = _by_graph(_quads(store)).get(f"<{merged}>", set())
    refresh_merged_events(store)
    assert _by_graph(_quads(store)).get(f"<{merged}>", set()) == before


def test_a_killed_batch_run_again_ends_as_one_uninterrupted_run(
    batch: Path, locations: tuple[str, str]
) -> None:
    whole_location, killed_location = locations
    _run(whole_location, batch)
    with open_store(whole_location) as store:
        whole = _quads(store)
        if whole_location == killed_location:
            store.clear()
    whole_graphs = _by_graph(whole)
    articles = {g for g in whole_graphs if "/id/article/" in g}
    assert len(articles) == ARTICLES
    assert whole_graphs.get(f"<{merged_graph_iri()}>"), (
        "no merged events: the consistency check would be idle"
    )

    _run_and_kill(killed_location, batch, after=ARTICLES // 2)
    with open_store(killed_location) as store:
        partial = _by_graph(_quads(store))
        stored = {g for g in partial if "/id/article/" in g}
        assert ARTICLES // 2 <= len(stored) < ARTICLES
        for graph in stored:  # each article whole: exactly what the uninterrupted run wrote for it
            assert partial[graph] == whole_graphs[graph]
        _merged_events_are_consistent(store)

    output = _run(killed_location, batch)
    assert f"{len(stored)} unchanged and skipped" in output
    with open_store(killed_location) as store:
        assert _quads(store) == whole
