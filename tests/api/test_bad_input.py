"""Bad input is a 4xx problem+json, never a 500, and writes nothing (issue 12's matrix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

DEEP_GROUPS = "SELECT * WHERE " + "{" * 40 + " ?s ?p ?o " + "}" * 40
DEEP_SUBQUERIES = "SELECT * WHERE { " + "{ SELECT * WHERE " * 200 + "{ ?s ?p ?o }" + " }" * 200 + " }"
HUGE = "SELECT * WHERE { ?s ?p ?o " + "FILTER(?o != 1) " * 10_000 + "}"


@pytest.mark.parametrize(
    "body, field",
    [
        ('{"text": "Serbia \\ud800 condemned the attack."}', "text"),
        ('{"text": "Serbia condemned the attack.", "title": "Belgrade \\udfff"}', "title"),
    ],
    ids=["surrogate in text", "surrogate in title"],
)
def test_a_lone_surrogate_is_refused_and_nothing_is_stored(
    client: FlaskClient, auth: dict[str, str], problem: Callable[[Any], dict[str, Any]], body: str, field: str
) -> None:
    response = client.post("/api/articles", data=body, content_type="application/json", headers=auth)
    assert response.status_code == 422
    assert field in problem(response)["detail"] and "surrogate" in problem(response)["detail"]
    assert client.get("/api/articles").get_json()["total"] == 0


@pytest.mark.parametrize("published", ["9999-12-31", "9999-12-25", "0001-01-01"])
def test_dates_at_the_ends_of_the_calendar_are_no_500(
    client: FlaskClient, auth: dict[str, str], published: str
) -> None:
    text = "Serbia condemned the attack on Monday. Talks with Kosovo are due tomorrow and next week."
    response = client.post("/api/articles", json={"text": text, "published": published}, headers=auth)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["published"] == published


@pytest.mark.parametrize(
    "query, status, words",
    [
        (DEEP_GROUPS, 400, "nests groups 40 deep"),
        (DEEP_SUBQUERIES, 400, "GEOKG_MAX_QUERY_NESTING"),
        ("", 400, "Empty SPARQL query"),
        ("   ", 400, "Empty SPARQL query"),
    ],
    ids=["40 nested groups", "200 nested subqueries", "empty", "blank"],
)
def test_query_shapes_that_used_to_fail_get_a_4xx(
    client: FlaskClient,
    problem: Callable[[Any], dict[str, Any]],
    query: str,
    status: int,
    words: str,
) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == status
    assert words in problem(response)["detail"]


def test_a_query_over_the_size_limit_is_413_before_it_is_parsed(
    client: FlaskClient, problem: Callable[[Any], dict[str, Any]]
) -> None:
    response = client.post("/sparql", data=HUGE, content_type="application/sparql-query")
    assert response.status_code == 413
    assert "GEOKG_MAX_QUERY_BYTES" in problem(response)["detail"]


def test_brackets_in_literals_iris_and_comments_do_not_count_as_nesting(client: FlaskClient) -> None:
    query = (
        'SELECT ?s WHERE { ?s ?p "' + "{" * 50 + '" . # ' + "(" * 50 + "\n"
        " FILTER(?s != <http://example.org/a>) }"
    )
    assert client.get("/sparql", query_string={"query": query}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/events",
        "/api/entities/Q999999999",
        "/sparql?query=ASK%7B%7D",
        "/docs",
        "/health",
        "/openapi.json",
    ],
)
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    if response.mimetype == "text/html":
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    else:
        assert policy.startswith("default-src 'none'")
