"""Time limit and row cap of /sparql: over either, 503 problem+json, never a truncated 200; others keep going."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from statistics import median
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
import requests
from flask import Flask
from rdflib import Graph

from api import create_app
from api.query_limits import QueryLimits
from api.store import close_store, get_store
from kg.graph.store import EmbeddedStore

BIG_GRAPH = "http://example.org/big"
# A triple cross product: 10^15 solutions under COUNT, so no row ever comes out before the end.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# The same product without COUNT streams rows at once.
FLOOD = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
# A product whose filter nothing passes: no row ever, and no aggregate either.
SEARCH = 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STR(?c) = CONCAT(STR(?f), "x")) }'
SIMPLE = f"ASK {{ GRAPH <{BIG_GRAPH}> {{ <http://example.org/s/7> ?p ?o }} }}"
LIMIT_S = 2.0
FAST_S = 0.1


def _triples(count: int) -> bytes:
    lines = (f'<http://example.org/s/{i}> <http://example.org/p/{i % 7}> "{i}" .' for i in range(count))
    return "\n".join(lines).encode()


def _sparql(base: str, query: str, accept: str = "application/sparql-results+json") -> requests.Response:
    return requests.get(
        f"{base}/sparql?{urlencode({'query': query})}", headers={"Accept": accept}, timeout=60
    )


def _app_with(app_config: dict[str, Any], **settings: Any) -> Flask:
    return create_app({**app_config, **settings})


@pytest.fixture
def capped(app_config: dict[str, Any]) -> Iterator[Any]:
    """A client of an app with a row cap of 3, whose store holds 4 subjects of one triple each."""
    app = _app_with(app_config, GEOKG_MAX_ROWS=3)
    with app.app_context():
        get_store().load(_triples(4), format="ntriples", graph_iri=BIG_GRAPH)
    yield app.test_client()
    close_store(app)


@pytest.mark.parametrize(
    "query, accept",
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", "application/sparql-results+json"),
        ("SELECT ?s WHERE { ?s ?p ?o }", "text/csv"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle"),
        ("DESCRIBE ?s WHERE { ?s ?p ?o }", "application/n-triples"),
    ],
)
def test_over_the_row_cap_is_503(capped, problem, query: str, accept: str) -> None:
    response = capped.get(f"/sparql?{urlencode({'query': query})}", headers={"Accept": accept})
    assert response.status_code == 503, response.get_data(as_text=True)
    assert "more than 3 rows" in problem(response)["detail"]


@pytest.mark.parametrize(
    "query, accept, rows",
    [
        ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "application/sparql-results+json", 3),
        ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "application/sparql-results+xml", 3),
        ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "text/tab-separated-values", 3),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", "application/ld+json", 3),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json", 1),
    ],
)
def test_at_the_row_cap_answers_everything(capped, query: str, accept: str, rows: int) -> None:
    response = capped.get(f"/sparql?{urlencode({'query': query})}", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    if query.startswith("CONSTRUCT"):
        assert len(list(ox.parse(response.data, ox.RdfFormat.from_media_type(accept)))) == rows
    else:
        format_ = ox.QueryResultsFormat.from_media_type(accept)
        assert len(list(ox.parse_query_results(response.data, format_))) == rows


def test_ask_has_no_rows_to_cap(capped) -> None:
    response = capped.get(f"/sparql?{urlencode({'query': 'ASK { ?s ?p ?o }'})}")
    assert response.status_code == 200 and response.get_json()["boolean"] is True


def test_a_write_shows_in_the_next_query(client, app) -> None:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BIG_GRAPH}> {{ ?s ?p ?o }} }}"

    def count() -> int:
        response = client.get(f"/sparql?{urlencode({'query': query})}")
        return int(response.get_json()["results"]["bindings"][0]["n"]["value"])

    assert count() == 0
    with app.app_context():
        get_store().load(_triples(5), format="ntriples", graph_iri=BIG_GRAPH)
    assert count() == 5
    with app.app_context():
        get_store().put_graph(BIG_GRAPH, Graph().parse(data=_triples(2).decode(), format="nt"))
    assert count() == 2
    with app.app_context():
        get_store().delete_graph(BIG_GRAPH)
    assert count() == 0


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"GEOKG_QUERY_TIMEOUT_S": "soon"}, "GEOKG_QUERY_TIMEOUT_S must be a positive number, not 'soon'"),
        ({"GEOKG_QUERY_TIMEOUT_S": 0}, "GEOKG_QUERY_TIMEOUT_S must be a positive number, not 0"),
        ({"GEOKG_MAX_ROWS": "-5"}, "GEOKG_MAX_ROWS must be a positive number, not '-5'"),
    ],
)
def test_bad_limits_name_the_setting(settings: dict[str, Any], message: str) -> None:
    config = {"GEOKG_QUERY_TIMEOUT_S": "10", "GEOKG_MAX_ROWS": "10000", **settings}
    with pytest.raises(ValueError) as error:
        QueryLimits.from_config(config)
    assert str(error.value) == message


def test_limits_from_the_settings_defaults(app) -> None:
    assert QueryLimits.from_config(app.config) == QueryLimits(timeout_s=10.0, max_rows=10000)


def test_every_write_moves_the_generation_and_snapshots_stay_put(tmp_path: Path) -> None:
    store = EmbeddedStore(ox.Store(str(tmp_path / "store")))
    seen = [store.generation]
    store.load(_triples(3), format="ntriples", graph_iri=BIG_GRAPH)
    seen.append(store.generation)
    store.snapshot(tmp_path / "snapshot")
    store.put_graph(BIG_GRAPH, Graph())
    seen.append(store.generation)
    assert not store.delete_graph("http://example.org/none")
    seen.append(store.generation)
    store.clear()
    seen.append(store.generation)
    assert seen[0] < seen[1] < seen[2] == seen[3] < seen[4]
    copy = ox.Store.read_only(str(tmp_path / "snapshot"))
    assert len(list(copy.quads_for_pattern(None, None, None, ox.NamedNode(BIG_GRAPH)))) == 3
    store.close()


# ---------------------------------------------------------------------------------------------------------
# A runaway query against a real server, with probes in parallel
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def timeout_oxigraph(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A dedicated `oxigraph serve` with its own time limit, so that the runaway stops there too."""
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.is_file():
        binary = Path(shutil.which("oxigraph") or "oxigraph-missing")
    if not binary.is_file():
        pytest.fail(
            "The oxigraph CLI is missing: install the dev extras (PyPI package 'oxigraph')", pytrace=False
        )
    with requests.Session() as probe_session:
        port = _free_port()
        command = [
            str(binary),
            "serve",
            "--location",
            str(tmp_path / "oxigraph"),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        command += ["--union-default-graph", "--timeout-s", str(int(LIMIT_S) + 2)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(
                lambda: probe_session.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1).ok, process
            )
            yield {
                "GEOKG_STORE": f"{base}/query",
                "GEOKG_STORE_UPDATE": f"{base}/update",
                "GEOKG_STORE_GSP": f"{base}/store",
            }
        finally:
            process.terminate()
            process.wait(timeout=10)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(check: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, f"oxigraph serve exited with {process.returncode}"
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    pytest.fail("oxigraph serve did not answer within 30 s", pytrace=False)


@pytest.fixture
def runaway_server(
    backend: str, app_config: dict[str, Any], request: pytest.FixtureRequest, serve_app
) -> Iterator[tuple[str, Flask]]:
    """A real server with a 2 s query limit over ~100k triples (a dedicated oxigraph for the remote store)."""
    # The probes are one client asking fast: not throttled here (tests/api/test_http_policies.py covers that).
    config = {**app_config, "GEOKG_QUERY_TIMEOUT_S": LIMIT_S, "GEOKG_RATE_LIMIT_PER_MINUTE": 0}
    if backend == "remote":
        config.update(request.getfixturevalue("timeout_oxigraph"))
    app = create_app(config)
    with app.app_context():
        get_store().load(_triples(100_000), format="ntriples", graph_iri=BIG_GRAPH)
    yield serve_app(app), app
    close_store(app)


def _probe(
    url_of: Callable[[], str], stop: threading.Event, latencies: list[float], statuses: list[int]
) -> None:
    with requests.Session() as session:
        while not stop.is_set():
            start = time.perf_counter()
            response = session.get(url_of(), timeout=30)
            latencies.append(time.perf_counter() - start)
            statuses.append(response.status_code)
            time.sleep(0.02)


def test_a_runaway_query_is_stopped_while_others_keep_answering(
    runaway_server, backend: str, problem
) -> None:
    base, app = runaway_server
    simple_url = f"{base}/sparql?{urlencode({'query': SIMPLE})}"
    # Warm up: both workers open the store's snapshot, the store answers once.
    warm = [threading.Thread(target=_sparql, args=(base, SIMPLE)) for _ in range(2)]
    for thread in warm:
        thread.start()
    for thread in warm:
        thread.join()
    assert requests.get(f"{base}/health", timeout=10).json()["triples"] == 100_000
    workers_before = _worker_pids()

    stop = threading.Event()
    probes = {"health": ([], []), "query": ([], [])}
    threads = [
        threading.Thread(target=_probe, args=(lambda: f"{base}/health", stop, *probes["health"])),
        threading.Thread(target=_probe, args=(lambda: simple_url, stop, *probes["query"])),
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    response = _sparql(base, RUNAWAY)
    took = time.perf_counter() - start
    stop.set()
    for thread in threads:
        thread.join()

    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "time limit of 2 s" in response.json()["detail"]
    assert LIMIT_S <= took < LIMIT_S + 1
    for name, (latencies, statuses) in probes.items():
        assert set(statuses) == {200}, name
        assert len(latencies) >= 10, name
        assert max(latencies) < FAST_S, (
            f"{name}: max {max(latencies) * 1000:.0f} ms, median {median(latencies) * 1000:.0f} ms"
        )
    # The service is whole again: a query answers, and (embedded) the worker that ran the runaway is gone.
    assert _sparql(base, SIMPLE).json()["boolean"] is True
    if backend == "embedded":
        gone = workers_before - _worker_pids()
        assert len(gone) == 1 and not Path(f"/proc/{gone.pop()}").exists()


def _worker_pids() -> set[int]:
    from api.query_workers import _pool

    return {worker.process.pid for worker in _pool(1)._idle}  # the pool the queries started


def test_a_flood_of_rows_is_stopped_at_the_cap(runaway_server, problem) -> None:
    base, _ = runaway_server
    start = time.perf_counter()
    response = _sparql(base, FLOOD, "text/csv")
    took = time.perf_counter() - start
    assert response.status_code == 503
    assert "more than 10000 rows" in response.json()["detail"]
    assert took < LIMIT_S


def test_a_search_that_finds_nothing_for_long_is_stopped_at_the_limit(runaway_server) -> None:
    base, _ = runaway_server
    start = time.perf_counter()
    response = _sparql(base, SEARCH, "text/csv")
    took = time.perf_counter() - start
    assert response.status_code == 503
    assert "time limit" in response.json()["detail"]
    assert LIMIT_S <= took < LIMIT_S + 1


class _CancellingEndpoint(BaseHTTPRequestHandler):
    """A SPARQL endpoint that hits its own time limit mid-answer, as `oxigraph serve --timeout-s` does: a 200
    whose body stops with an error message."""

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers["Content-Length"]))
        accept = self.headers["Accept"]
        rows = (
            "?s\n<http://example.org/a>\n"
            if "tab-separated" in accept
            else "<http://a> <http://b> <http://c> .\n"
        )
        if "json" in accept:
            rows = '{"head":{},"boolean":'
        body = (rows + "The SPARQL operation has been cancelled").encode()
        self.send_response(200)
        self.send_header("Content-Type", accept)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def cancelling_store() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CancellingEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/query"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.mark.parametrize(
    "query, accept",
    [
        ("SELECT * WHERE { ?s ?p ?o }", "text/tab-separated-values"),
        ("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle"),
        ("ASK { ?s ?p ?o }", "application/sparql-results+xml"),
    ],
)
def test_a_remote_answer_cut_short_is_503_not_200(
    cancelling_store: str, problem, query: str, accept: str
) -> None:
    app = create_app(
        {
            "TESTING": True,
            "GEOKG_STORE": cancelling_store,
            "GEOKG_STORE_UPDATE": cancelling_store,
            "GEOKG_STORE_GSP": cancelling_store,
        }
    )
    response = app.test_client().get(f"/sparql?{urlencode({'query': query})}", headers={"Accept": accept})
    assert response.status_code == 503, response.get_data(as_text=True)
    problem(response)
    close_store(app)
