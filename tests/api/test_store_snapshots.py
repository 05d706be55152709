"""Snapshot folders of a server that was killed (-9 runs no clean-up) are removed when a store is next opened."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from api import create_app
from api.store_snapshots import remove_stale_snapshots, snapshot_root


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
