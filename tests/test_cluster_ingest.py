"""Scale-out: `geokg ingest --cluster` on a Dask LocalCluster of 2 worker processes feeding `oxigraph serve`,
and two plain `geokg ingest` processes at once feeding one server, each ending with a single run's export."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.article_texts import generate_articles, write_articles
from kg.graph.store import SparqlStore
from tests.conftest import OxigraphServer

pytestmark = pytest.mark.remote

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def overlapping(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Two batches that share 8 of their articles, and the union of both."""
    folder = tmp_path_factory.mktemp("overlap")
    records = list(generate_articles(28, seed=31, days=20))
    first, second, union = folder / "first.jsonl", folder / "second.jsonl", folder / "union.jsonl"
    write_articles(iter(records[:18]), first)
    write_articles(iter(records[10:]), second)
    write_articles(iter(records), union)
    return first, second, union


@pytest.fixture(scope="module")
def single_run(overlapping: tuple[Path, Path, Path], start_oxigraph_server) -> list[str]:  # type: ignore[no-untyped-def]
    """The sorted export of one plain single-process run of the union, on its own server."""
    server = start_oxigraph_server()
    _ingest(server, str(overlapping[2]))
    return _export(server)


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[str]:
    from distributed import LocalCluster  # the dev extra pins it

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "GEOKG_STORE": ""}


def _command(server: OxigraphServer, *args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", "--store", server.query_url, "ingest", *args]


def _ingest(server: OxigraphServer, *args: str) -> str:
    done = subprocess.run(_command(server, *args), capture_output=True, text=True, env=_env(), timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _export(server: OxigraphServer) -> list[str]:
    with SparqlStore(server.query_url, server.update_url, server.gsp_url) as store:
        return sorted(store.export("nquads").decode("utf-8").splitlines())


def test_a_dask_cluster_ingests_overlapping_batches_as_one_run_does(
    overlapping: tuple[Path, Path, Path],
    single_run: list[str],
    dask_cluster: str,
    oxigraph_server: OxigraphServer,
    clean_remote_store: SparqlStore,
) -> None:
    first, second, _ = overlapping
    output = _ingest(oxigraph_server, str(first), "--cluster", dask_cluster)
    assert "18 stored" in output
    output = _ingest(oxigraph_server, str(second), str(first), "--cluster", dask_cluster)
    assert "10 stored" in output and "18 unchanged and skipped" in output
    assert _export(oxigraph_server) == single_run


def test_two_plain_processes_at_once_end_as_one_run(
    overlapping: tuple[Path, Path, Path],
    single_run: list[str],
    oxigraph_server: OxigraphServer,
    clean_remote_store: SparqlStore,
) -> None:
    first, second, _ = overlapping
    runs = [
        subprocess.Popen(
            _command(oxigraph_server, str(path)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()
        )
        for path in (first, second)
    ]
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err.decode()[-2000:]
    assert _export(oxigraph_server) == single_run
