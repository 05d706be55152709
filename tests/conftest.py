"""Shared fixtures: real `oxigraph serve` and Virtuoso processes on free ports, and the store on each backend.

Sub-folder conftests add their own fixtures; this file owns the servers and the `store` fixtures.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
import requests
from backends import REMOTE_BACKENDS, mark_virtuoso_known_failures
from virtuoso_server import VirtuosoServer, launch_virtuoso, set_up_virtuoso

from kg.graph.dialects import VIRTUOSO
from kg.graph.store import EmbeddedStore, SparqlStore, Store


@dataclass(frozen=True)
class OxigraphServer:
    """A running `oxigraph serve`: its URLs, folder and process."""

    base_url: str
    location: Path
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def gsp_url(self) -> str:
        return f"{self.base_url}/store"


def _oxigraph_binary() -> str:
    """The `oxigraph` CLI of this venv, else the one on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        pytest.fail(
            f"The oxigraph CLI is missing: not in {beside.parent} nor on PATH. "
            "Install the dev extras (pip install -e '.[dev]', PyPI package 'oxigraph').",
            pytrace=False,
        )
    return found


def _free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(
    server: OxigraphServer | VirtuosoServer,
    log: Path,
    *,
    name: str = "oxigraph serve",
    within_s: float = 30.0,
) -> None:
    """Poll the server until it answers a query; fail with its log when it dies or stays silent."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"{name} exited with {server.process.returncode}:\n{log.read_text()}", pytrace=False)
        try:
            requests.get(server.query_url, params={"query": "ASK {}"}, timeout=1).raise_for_status()
            return
        except requests.RequestException:
            time.sleep(0.05)
    pytest.fail(f"{name} did not answer within {within_s} s:\n{log.read_text()}", pytrace=False)


def _stop(server: OxigraphServer | VirtuosoServer) -> None:
    stop_process(server.process)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate a server process, killing it when it does not stop in time."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def start_oxigraph_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., OxigraphServer]]:
    """A factory of `oxigraph serve` processes (stopped at the end of the session).

    `start(union_default_graph=True)`; pass False for a server whose default graph is its own.
    """
    binary = _oxigraph_binary()
    servers: list[OxigraphServer] = []

    def start(*, union_default_graph: bool = True) -> OxigraphServer:
        location = tmp_path_factory.mktemp("oxigraph")
        port = _free_port()
        command = [binary, "serve", "--location", str(location / "db"), "--bind", f"127.0.0.1:{port}"]
        if union_default_graph:
            command.append("--union-default-graph")
        log = location / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        server = OxigraphServer(f"http://127.0.0.1:{port}", location, process)
        servers.append(server)
        _wait_until_up(server, log)
        return server

    yield start
    for server in servers:
        _stop(server)


@pytest.fixture(scope="session")
def oxigraph_server(start_oxigraph_server: Callable[..., OxigraphServer]) -> OxigraphServer:
    """One `oxigraph serve --union-default-graph` for the whole session."""
    return start_oxigraph_server()


@pytest.fixture
def clean_remote_store(oxigraph_server: OxigraphServer) -> Iterator[SparqlStore]:
    """A SparqlStore on the session server, emptied first so that tests do not see each other's graphs."""
    store = SparqlStore(oxigraph_server.query_url, oxigraph_server.update_url, oxigraph_server.gsp_url)
    store.clear()
    yield store
    store.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_virtuoso_known_failures(items)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso Open Source (`virtuoso-t`) for the whole session, set up as tests/virtuoso_server.py says."""
    folder = tmp_path_factory.mktemp("virtuoso")
    server = launch_virtuoso(folder, sql_port=_free_port(), http_port=_free_port())
    try:
        # A new database takes about 5 s to create before the HTTP server comes up.
        _wait_until_up(server, folder / "server.out", name="virtuoso-t", within_s=60.0)
        set_up_virtuoso(server)
        yield server
    finally:
        _stop(server)


@pytest.fixture
def clean_virtuoso_store(virtuoso_server: VirtuosoServer) -> Iterator[SparqlStore]:
    """A SparqlStore on the session's Virtuoso, emptied first, writing as its SPARQL_UPDATE user."""
    store = SparqlStore(
        virtuoso_server.query_url,
        virtuoso_server.update_url,
        virtuoso_server.gsp_url,
        dialect=VIRTUOSO,
        user=virtuoso_server.user,
        password=virtuoso_server.password,
    )
    store.clear()
    yield store
    store.close()


@pytest.fixture(params=["embedded", *REMOTE_BACKENDS])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The store on each backend: an embedded Oxigraph in tmp_path, then the clean remote stores."""
    if request.param == "remote":
        yield request.getfixturevalue("clean_remote_store")
        return
    if request.param == "virtuoso":
        yield request.getfixturevalue("clean_virtuoso_store")
        return
    embedded = EmbeddedStore(pyoxigraph.Store(str(tmp_path / "store")))
    yield embedded
    embedded.close()
