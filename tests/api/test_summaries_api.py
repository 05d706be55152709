"""Cards, timelines, event and relation lists read from the summaries (kg/graph/summaries.py) equal those computed
from every event and statement, after writes, a delete and a re-ingest, on both store backends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from summary_articles import extract_articles

from api import create_app
from api.store import close_store, get_store
from api.summaries import summary_days
from kg.facts import Facts
from kg.graph.article_writes import remove_article, write_article
from kg.graph.summaries import ANY_ROLE, refresh_summaries, summaries_graph_iri


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """The test app without rate limits: a check asks a few hundred questions."""
    app = create_app({**app_config, "GEOKG_RATE_LIMIT_PER_MINUTE": 0})
    yield app
    close_store(app)


@pytest.fixture(scope="module")
def facts() -> list[Facts]:
    return extract_articles()


def _routes(facts: list[Facts]) -> list[str]:
    entities = sorted({e.iri.rsplit("/", 1)[1] for one in facts for e in one.entities})
    routes = ["/api/relations?limit=100"]
    for entity in entities:
        routes += [f"/api/entities/{entity}", f"/api/events?actor={entity}", f"/api/events?place={entity}"]
        routes += [f"/api/relations?object={entity}", f"/api/relations?subject={entity}"]
        # Pages of one and two events, so that pages start and end on every day (undated last).
        routes += [f"/api/entities/{entity}/events?limit={n}&offset={k}" for n in (1, 2) for k in range(5)]
        routes += [f"/api/events?actor={entity}&limit=1&offset={k}" for k in range(4)]
        # Date ranges that cut into months and days (the summaries count events by their day).
        ranges = ("from=2023-05", "to=2023-05-29", "from=2023-04-20&to=2023-06", "from=2024")
        routes += [f"/api/events?actor={entity}&{dates}&limit=2" for dates in ranges]
        routes += [f"/api/events?place={entity}&from=2023-05-30"]
    return routes


def _answers(client: FlaskClient, routes: list[str]) -> dict[str, Any]:
    answers = {}
    for route in routes:
        response = client.get(route)
        answers[route] = (response.status_code, response.get_json())
    return answers


def _check(app: Flask, client: FlaskClient, facts: list[Facts]) -> None:
    """The answers with the summaries, then without them (the queries of a store that keeps none)."""
    routes = _routes(facts)
    with app.app_context():
        assert summary_days(facts[0].entities[0].iri, ANY_ROLE)  # the summaries are read
    summarised = _answers(client, routes)
    with app.app_context():
        get_store().delete_graph(summaries_graph_iri())
        assert summary_days(facts[0].entities[0].iri, ANY_ROLE) is None
    computed = _answers(client, routes)
    with app.app_context():
        refresh_summaries(get_store())
    assert {status for status, _ in summarised.values()} <= {200, 404}
    assert sum(body["events_total"] for status, body in computed.values() if "events_total" in body) > 20
    assert summarised == computed


def test_answers_from_summaries_equal_the_full_computation(
    app: Flask, client: FlaskClient, facts: list[Facts]
) -> None:
    with app.app_context():
        for one in facts:
            write_article(get_store(), one)
    _check(app, client, facts)
    with app.app_context():
        remove_article(get_store(), facts[0].article.iri)
    _check(app, client, facts)
    with app.app_context():
        write_article(get_store(), facts[0])
    _check(app, client, facts)
