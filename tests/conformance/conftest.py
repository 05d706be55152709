"""The app behind a real HTTP server (werkzeug, threaded) on each backend, for protocol conformance tests.

The W3C manifest is vendored in tests/conformance/w3c/ with its licence notice.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from api import create_app
from api.store import close_store, get_store
from kg.facts import DEFAULT_BASE_IRI
from kg.graph.store import Store

# Outcomes of the W3C tests, by backend then test id, for the summary line.
_OUTCOMES: dict[str, dict[str, bool]] = {}


@dataclass(frozen=True)
class LiveServer:
    """The app served over HTTP: its base URL, the app and its store."""

    url: str
    app: Flask
    backend: str

    @property
    def sparql_url(self) -> str:
        return f"{self.url}/sparql"

    def store(self) -> Store:
        with self.app.app_context():
            return get_store()


@pytest.fixture(scope="session", params=["embedded", pytest.param("remote", marks=pytest.mark.remote)])
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The app on a threaded werkzeug server, on an embedded store, then on `oxigraph serve`."""
    # Not throttled: a conformance run is one client sending many requests at once.
    config = {
        "TESTING": True,
        "GEOKG_BASE_IRI": DEFAULT_BASE_IRI,
        "GEOKG_API_TOKEN": None,
        "GEOKG_RATE_LIMIT_PER_MINUTE": 0,
    }
    if request.param == "embedded":
        config["GEOKG_STORE"] = str(tmp_path_factory.mktemp("conformance") / "store")
    else:
        oxigraph = request.getfixturevalue("oxigraph_server")
        config.update(
            GEOKG_STORE=oxigraph.query_url,
            GEOKG_STORE_UPDATE=oxigraph.update_url,
            GEOKG_STORE_GSP=oxigraph.gsp_url,
        )
    app = create_app(config)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, request.param)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        close_store(app)


@pytest.fixture
def empty_server(live_server: LiveServer) -> LiveServer:
    """The live server with its store emptied first."""
    live_server.store().clear()
    return live_server


@pytest.fixture
def w3c_outcomes(live_server: LiveServer) -> dict[str, bool]:
    """Where a W3C test notes whether it passed on this backend (printed at the end of the run)."""
    return _OUTCOMES.setdefault(live_server.backend, {})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for backend, outcomes in sorted(_OUTCOMES.items()):
        passed = sum(outcomes.values())
        terminalreporter.write_line(
            f"W3C SPARQL 1.1 Protocol tests on the {backend} store: {passed}/{len(outcomes)} passed"
        )
