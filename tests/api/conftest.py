"""App and client fixtures (Flask tutorial style), on the embedded store and on a real `oxigraph serve`."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# pytest puts tests/ on sys.path (for tests/conftest.py), where this folder, tests/api/, would pass for the
# `api` package as a namespace package; with the project root on the path the real package wins.
# (pytest's `pythonpath = ["."]` in pyproject.toml would settle it for every test module.)
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.append(_ROOT)

import pyoxigraph as ox  # noqa: E402
import pytest  # noqa: E402
from backends import REMOTE_BACKENDS  # noqa: E402
from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from rdflib import Graph  # noqa: E402
from virtuoso_server import virtuoso_settings  # noqa: E402
from werkzeug.serving import BaseWSGIServer, make_server  # noqa: E402

from api import create_app  # noqa: E402
from api.store import close_store, get_store  # noqa: E402
from kg.facts import DEFAULT_BASE_IRI  # noqa: E402

TOKEN = "s3cret-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SAMPLE = Path(__file__).parent / "data" / "graphs.trig"
ARTICLE_A = f"{DEFAULT_BASE_IRI}article/a1a1a1a1a1a1a1a1"
ARTICLE_B = f"{DEFAULT_BASE_IRI}article/b2b2b2b2b2b2b2b2"


@pytest.fixture(params=["embedded", *REMOTE_BACKENDS])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def app_config(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    """Settings for a test app on `backend`; the remote server is emptied first."""
    config: dict[str, Any] = {
        "TESTING": True,
        "GEOKG_API_TOKEN": TOKEN,
        "GEOKG_BASE_IRI": DEFAULT_BASE_IRI,
        "GEOKG_STORE_UPDATE": None,
        "GEOKG_STORE_GSP": None,
        "GEOKG_STORE_DIALECT": None,
        "GEOKG_STORE_USER": None,
        "GEOKG_STORE_PASSWORD": None,
        # Whatever the developer's environment says: no fetches from loopback, no calls to Wikidata.
        "GEOKG_ALLOW_PRIVATE_URLS": None,
        "GEOKG_WIKIDATA_ONLINE": None,
    }
    if backend == "embedded":
        return {**config, "GEOKG_STORE": str(tmp_path / "store")}
    if backend == "virtuoso":
        request.getfixturevalue("clean_virtuoso_store")
        return {**config, **virtuoso_settings(request.getfixturevalue("virtuoso_server"))}
    request.getfixturevalue("clean_remote_store")
    server = request.getfixturevalue("oxigraph_server")
    return {
        **config,
        "GEOKG_STORE": server.query_url,
        "GEOKG_STORE_UPDATE": server.update_url,
        "GEOKG_STORE_GSP": server.gsp_url,
    }


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(app_config)
    yield app
    close_store(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def sample_graphs() -> dict[str, Graph]:
    """The hand-written article graphs of data/graphs.trig, by article IRI."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(SAMPLE.read_bytes(), ox.RdfFormat.TRIG):
        by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
    return {
        iri: Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        for iri, triples in by_graph.items()
    }


@pytest.fixture
def loaded(app: Flask, client: FlaskClient, sample_graphs: dict[str, Graph]) -> FlaskClient:
    """A client whose store holds the two sample articles, written in the shape before the entities graph and
    migrated, as `geokg migrate` does."""
    from kg.graph.migrate import migrate

    with app.app_context():
        store = get_store()
        for iri, graph in sample_graphs.items():
            store.put_graph(iri, graph)
        migrate(store)
    return client


@pytest.fixture
def auth() -> dict[str, str]:
    """Headers that carry the test app's API token."""
    return dict(AUTH)


@pytest.fixture
def problem() -> Callable[[Any], dict[str, Any]]:
    """A checker: the problem+json body of an error response, with RFC 9457's members and no traceback."""
    return _problem_of


def _problem_of(response: Any) -> dict[str, Any]:
    assert response.mimetype == "application/problem+json", response.get_data(as_text=True)
    body = response.get_json(force=True)
    assert set(body) >= {"type", "title", "status", "detail"}, body
    assert body["status"] == response.status_code
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    return body


@pytest.fixture
def serve_app() -> Iterator[Callable[[Flask], str]]:
    """A factory: serve an app on a real threaded HTTP server (werkzeug) on a free port; yields its base URL."""
    servers: list[tuple[BaseWSGIServer, threading.Thread]] = []

    def serve(app: Flask) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
