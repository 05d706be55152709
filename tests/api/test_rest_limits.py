"""REST routes under the /sparql limits (503 problem+json, the thread freed), and /health never waiting for a
request thread of `geokg serve`."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import requests

from api import create_app
from api.store import close_store, get_store

BASE = "https://w3id.org/geokg/id/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
# A triple cross product under COUNT: never finishes, so it holds its thread until the time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _labelled_entities(count: int) -> bytes:
    lines = (f'<{BASE}entity/e{i}> {LABEL} "Entity {i}"@en .' for i in range(count))
    return "\n".join(lines).encode()


@pytest.fixture
def slow_reads(app_config: dict[str, Any], serve_app) -> Iterator[str]:
    """A served app whose time limit (10 ms) is far below what a search over 50,000 labels takes."""
    config = {
        **app_config,
        "GEOKG_QUERY_TIMEOUT_S": 0.01,
        "GEOKG_MAX_ROWS": 10**7,  # the time limit, not the row cap, is what stops the search
        "GEOKG_RATE_LIMIT_PER_MINUTE": 0,
    }
    app = create_app(config)
    with app.app_context():
        get_store().load(_labelled_entities(50_000), format="ntriples", graph_iri=f"{BASE}article/big")
    yield serve_app(app)
    close_store(app)


def test_a_slow_rest_read_is_503_while_health_answers(slow_reads: str) -> None:
    with ThreadPoolExecutor(max_workers=5) as pool:
        searches = [
            pool.submit(requests.get, f"{slow_reads}/api/entities", params={"q": "entity 4"}, timeout=60)
            for _ in range(4)
        ]
        health = pool.submit(requests.get, f"{slow_reads}/health", timeout=60)
        responses = [search.result() for search in searches]
    assert health.result().status_code == 200
    assert health.result().json()["triples"] == 50_000
    for response in responses:
        assert response.status_code == 503, response.text[:300]
        assert response.headers["Content-Type"] == "application/problem+json"
        assert int(response.headers["Retry-After"]) > 0
        assert "time limit" in response.json()["detail"]


# ---------------------------------------------------------------------------------------------------------
# /health under `geokg serve` (gunicorn) while every request thread is busy
# ---------------------------------------------------------------------------------------------------------

THREADS = 2
LIMIT_S = 8


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def busy_server(tmp_path: Path) -> Iterator[str]:
    """`serve()` with 2 request threads and an 8 s time limit, over 3,000 triples; yields its base URL."""
    port = _free_port()
    script = textwrap.dedent(
        f"""
        from api import create_app
        from api.server import serve
        from api.store import close_store, get_store
        lines = (f'<{BASE}entity/e{{i}}> {LABEL} "Entity {{i}}"@en .' for i in range(3000))
        app = create_app({{"GEOKG_STORE": {str(tmp_path / "store")!r}, "GEOKG_API_TOKEN": None,
                           "GEOKG_QUERY_TIMEOUT_S": {LIMIT_S}, "GEOKG_RATE_LIMIT_PER_MINUTE": 0}})
        with app.app_context():
            get_store().load("\\n".join(lines).encode(), format="ntriples", graph_iri="{BASE}article/a")
        close_store(app)  # the server's worker process opens it again (a store never crosses a fork)
        serve(app, host="127.0.0.1", port={port}, threads={THREADS}, options={{"accesslog": None}})
        """
    )
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log_path.read_text()
                try:
                    requests.get(f"{base}/health", timeout=1)
                    break
                except requests.ConnectionError:
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.1)
            yield base
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=LIMIT_S + 40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def test_health_answers_while_every_request_thread_is_busy(busy_server: str) -> None:
    url = f"{busy_server}/sparql?{urlencode({'query': RUNAWAY})}"
    with ThreadPoolExecutor(max_workers=THREADS * 3) as pool:
        runaways = [pool.submit(requests.get, url, timeout=120) for _ in range(THREADS * 3)]
        time.sleep(1.0)  # the runaways reach the server and take every request thread
        start = time.monotonic()
        health = requests.get(f"{busy_server}/health", timeout=LIMIT_S * 4)
        took = time.monotonic() - start
        busy = sum(not runaway.done() for runaway in runaways)
        statuses = [runaway.result().status_code for runaway in runaways]
    assert health.status_code == 200
    assert health.json()["triples"] == 3000
    assert busy == THREADS * 3, "the runaways should all still be running when /health answered"
    # Loose: far below the time limit the runaways hold their threads for (figures live in bench/).
    assert took < LIMIT_S / 2, f"/health took {took:.1f} s"
    assert set(statuses) == {503}
