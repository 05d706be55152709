"""The per-client cap on running /sparql queries (GEOKG_SPARQL_QUERIES_PER_CLIENT): a client over it gets 429
problem+json with Retry-After, other clients and other routes are not held back, and a finished query frees its
slot."""

from __future__ import annotations

from typing import Any

import pytest

from api import create_app
from api.query_slots import ClientSlots

ASK = {"query": "ASK { ?s ?p ?o }"}
ONE, OTHER = {"REMOTE_ADDR": "192.0.2.1"}, {"REMOTE_ADDR": "192.0.2.2"}


def test_slots_are_counted_per_client() -> None:
    slots = ClientSlots(per_client=2)
    assert slots.take("a") and slots.take("a") and not slots.take("a")
    assert slots.take("b")
    slots.give_back("a")
    assert slots.take("a") and not slots.take("a")


@pytest.fixture
def capped_app(app_config: dict[str, Any]) -> Any:
    return create_app({**app_config, "GEOKG_SPARQL_QUERIES_PER_CLIENT": 1, "GEOKG_QUERY_TIMEOUT_S": 20})


def test_a_client_with_its_queries_running_gets_429_and_others_do_not(capped_app, problem) -> None:
    client = capped_app.test_client()
    slots: ClientSlots = capped_app.extensions["geokg.query_slots"]
    assert slots.take("192.0.2.1")  # a query of this client still running
    refused = client.get("/sparql", query_string=ASK, environ_base=ONE)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "20"  # by the time limit, its running query has ended
    assert "GEOKG_SPARQL_QUERIES_PER_CLIENT" in problem(refused)["detail"]
    assert client.get("/sparql", query_string=ASK, environ_base=OTHER).status_code == 200
    assert client.get("/api/articles", environ_base=ONE).status_code == 200  # REST routes are not capped
    slots.give_back("192.0.2.1")
    assert client.get("/sparql", query_string=ASK, environ_base=ONE).status_code == 200
    # Every answered query gave its slot back.
    assert slots.take("192.0.2.1") and slots.take("192.0.2.2")


@pytest.mark.parametrize("value", ["-1", "two"])
def test_a_bad_cap_names_the_setting(tmp_path, value: str) -> None:
    with pytest.raises(ValueError, match="GEOKG_SPARQL_QUERIES_PER_CLIENT"):
        create_app({"GEOKG_STORE": str(tmp_path / "store"), "GEOKG_SPARQL_QUERIES_PER_CLIENT": value})


def test_zero_turns_the_cap_off(tmp_path) -> None:
    app = create_app({"GEOKG_STORE": str(tmp_path / "store"), "GEOKG_SPARQL_QUERIES_PER_CLIENT": "0"})
    assert "geokg.query_slots" not in app.extensions
