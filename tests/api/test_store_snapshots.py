"""Snapshots for the query workers: folders of a server that was killed (-9 runs no clean-up) are removed when a
store is next opened; a write request makes the next snapshot itself, and queries never wait for a copy."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pyoxigraph as ox

from api import create_app
from api.store_snapshots import Snapshots, remove_stale_snapshots, snapshot_root
from kg.graph.store import EmbeddedStore

GRAPH = "http://example.org/g"


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_folders_of_dead_processes_go_and_live_ones_stay(tmp_path: Path) -> None:
    dead = tmp_path / f"snapshots-{_dead_pid()}-abcd1234"
    mine = tmp_path / f"snapshots-{os.getpid()}-abcd1234"
    legacy = tmp_path / "snapshots-k3j2h1g0"  # named before folders carried their owner's pid
    other = tmp_path / "not-a-snapshot"
    for folder in (dead, mine, legacy, other):
        (folder / "g1-00000000").mkdir(parents=True)
    removed = remove_stale_snapshots(tmp_path)
    assert sorted(removed) == sorted([dead, legacy])
    assert mine.is_dir() and other.is_dir() and not dead.exists() and not legacy.exists()


def test_the_first_query_clears_what_a_killed_server_left(tmp_path: Path) -> None:
    location = str(tmp_path / "store")  # embedded: a remote store has no snapshots
    app = create_app({"TESTING": True, "GEOKG_STORE": location, "GEOKG_RATE_LIMIT_PER_MINUTE": 0})
    leftover = snapshot_root(location) / f"snapshots-{_dead_pid()}-deadbeef" / "g3-12345678"
    leftover.mkdir(parents=True)
    response = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert response.status_code == 200
    assert not leftover.parent.exists()


def test_queries_under_a_write_use_the_snapshot_before_it_and_the_write_makes_the_next(
    tmp_path: Path,
) -> None:
    store = EmbeddedStore(ox.Store(str(tmp_path / "store")))
    snapshots = Snapshots(tmp_path)
    with snapshots.lease(store) as before:
        pass
    with snapshots.writing(store):
        store.load(b'<http://example.org/s> <http://example.org/p> "1" .', format="ntriples", graph_iri=GRAPH)
        with snapshots.lease(store) as during:
            assert during == before  # not acknowledged yet: no copy in a query's time
    with snapshots.lease(store) as after:
        assert after != before
        copy = ox.Store.read_only(after)
        assert len(list(copy.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH)))) == 1
        del copy
    assert not Path(before).exists()  # nobody uses it any more
    store.close()


def test_a_write_outside_any_request_is_seen_by_the_next_query(tmp_path: Path) -> None:
    store = EmbeddedStore(ox.Store(str(tmp_path / "store")))
    snapshots = Snapshots(tmp_path)
    with snapshots.lease(store) as before:
        pass
    store.load(b'<http://example.org/s> <http://example.org/p> "1" .', format="ntriples", graph_iri=GRAPH)
    with snapshots.lease(store) as after:
        assert after != before
    store.close()
