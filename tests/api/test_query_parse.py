"""SPARQL parsing happens in the killable query workers, under the time limit, with no lock in the server: a
giant query never stalls the others."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from api import create_app
from api.query_parse import ParsedQuery, Refusal, parse_query
from api.store import close_store, get_store

LIMIT_S = 5
# About 200 KB of filters: rdflib's parser takes tens of seconds over it.
GIANT = "SELECT * WHERE { ?s ?p ?o " + "FILTER(?o != 1) " * 13_000 + "}"
SIMPLE = "ASK { <http://example.org/s> ?p ?o }"


@pytest.fixture
def giant_ready(app_config: dict[str, Any], serve_app) -> Iterator[str]:
    """A served app that takes queries up to 300 KB, with a 5 s time limit."""
    config = {
        **app_config,
        "GEOKG_MAX_QUERY_BYTES": 300_000,
        "GEOKG_QUERY_TIMEOUT_S": LIMIT_S,
        "GEOKG_RATE_LIMIT_PER_MINUTE": 0,
    }
    app = create_app(config)
    with app.app_context():
        get_store().load(
            b'<http://example.org/s> <http://example.org/p> "1" .',
            format="ntriples",
            graph_iri="http://example.org/g",
        )
    yield serve_app(app)
    close_store(app)


def test_a_simple_ask_answers_while_a_giant_query_is_parsed(giant_ready: str) -> None:
    assert len(GIANT.encode()) > 200_000
    with ThreadPoolExecutor(max_workers=1) as pool:
        giant = pool.submit(requests.post, f"{giant_ready}/sparql", data={"query": GIANT}, timeout=120)
        time.sleep(0.5)  # the giant query is in a worker by now
        start = time.monotonic()
        simple = requests.get(
            f"{giant_ready}/sparql",
            params={"query": SIMPLE},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        took = time.monotonic() - start
        giant_busy = not giant.done()
        giant_answer = giant.result()
    assert simple.status_code == 200, simple.text
    assert simple.json()["boolean"] is True
    assert giant_busy, "the giant query should still be in its worker when the ASK answered"
    assert took < LIMIT_S, f"the ASK took {took:.1f} s"
    # Parsed within the limit or stopped at it: never a 500, never a stall.
    assert giant_answer.status_code in (200, 503), giant_answer.text[:300]
    assert giant_answer.headers["Content-Type"].startswith(
        ("application/problem+json", "application/sparql-results+json")
    )


def test_parse_reads_form_dataset_and_refusals() -> None:
    parsed = parse_query(
        "PREFIX ex: <http://example.org/> CONSTRUCT { ?s ?p ?o } FROM ex:g WHERE { ?s ?p ?o }"
    )
    assert parsed == ParsedQuery(kind="construct", default=("http://example.org/g",), named=())
    update = parse_query("INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }")
    assert isinstance(update, Refusal) and update.status == 403
    service = parse_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert isinstance(service, Refusal) and service.status == 400 and "SERVICE" in service.detail
    broken = parse_query("SELECT * WHERE { ?s ?p }")
    assert isinstance(broken, Refusal) and broken.detail.startswith("SPARQL syntax error")
