"""Property-based tests of every operation of /openapi.json (schemathesis, in process over WSGI).

Generated requests must never get a 5xx, and every answer must match the schema the document gives for it.
The app holds the sample articles, so reads find data; writes go without the token (401: a generated URL
must never make the server fetch from the network, nor generated text reach the extractor).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api import create_app
from api.store import close_store, get_store
from kg.facts import DEFAULT_BASE_IRI

# Examples per operation (FUZZ_EXAMPLES to try more): about 20 operations in well under 3 minutes.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))


@pytest.fixture(scope="module", params=["embedded", pytest.param("remote", marks=pytest.mark.remote)])
def fuzzed_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, sample_graphs: dict[str, Graph]
) -> Iterator[Flask]:
    """An app holding the sample articles, on each backend (the remote store emptied first)."""
    config = {
        "TESTING": True,
        "GEOKG_STORE": str(Path(tmp_path_factory.mktemp("schemathesis")) / "store"),
        "GEOKG_BASE_IRI": DEFAULT_BASE_IRI,
        "GEOKG_API_TOKEN": "not-sent-by-the-generated-requests",
        "GEOKG_QUERY_TIMEOUT_S": 2,
        "GEOKG_RATE_LIMIT_PER_MINUTE": 0,
    }
    if request.param == "remote":
        server = request.getfixturevalue("oxigraph_server")
        config.update(
            GEOKG_STORE=server.query_url, GEOKG_STORE_UPDATE=server.update_url, GEOKG_STORE_GSP=server.gsp_url
        )
    app = create_app(config)
    with app.app_context():
        get_store().clear()
        for iri, graph in sample_graphs.items():
            get_store().put_graph(iri, graph)
    yield app
    close_store(app)


def _operations() -> list[schemathesis.APIOperation]:
    """The operations of the OpenAPI document (built by an app that never opens its store)."""
    app = create_app({"TESTING": True, "GEOKG_STORE": "http://127.0.0.1:9/query"})
    spec = app.test_client().get("/openapi.json").get_json()
    return [result.ok() for result in schemathesis.openapi.from_dict(spec).get_all_operations()]


@pytest.mark.parametrize("operation", _operations(), ids=lambda operation: operation.label)
def test_no_server_errors_and_answers_match_the_schema(
    fuzzed_app: Flask, operation: schemathesis.APIOperation
) -> None:
    # Valid requests and invalid ones: neither may get a 5xx.
    cases = st.one_of(operation.as_strategy(mode) for mode in schemathesis.GenerationMode)

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: schemathesis.Case) -> None:
        # The WSGI transport asks for gzip (requests' default headers) but does not unpack it.
        case.call_and_validate(
            app=fuzzed_app,
            headers={"Accept-Encoding": "identity"},
            checks=[not_a_server_error, response_schema_conformance],
        )

    check()
