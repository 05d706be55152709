"""Every error, on every route, is RFC 9457 application/problem+json with no traceback in it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.routing import Rule

from api import create_app
from api.store import close_store
from kg.settings import DEFAULTS

TOO_BIG = int(DEFAULTS["GEOKG_MAX_BODY_BYTES"] or 0) + 1
JSON = "application/json"
AUTH = "auth"  # marker: the case sends the test app's token

# (method, path, request options, expected status). Together they reach every route of the app.
CASES: list[tuple[str, str, dict[str, Any], int]] = [
    ("GET", "/no/such/route", {}, 404),
    ("GET", "/api/nope", {}, 404),
    ("POST", "/health", {}, 405),
    ("DELETE", "/api/stats", {}, 405),
    ("GET", "/sparql", {}, 400),
    ("GET", "/sparql?query=SELECT", {}, 400),
    ("GET", "/sparql?query=ASK%20%7B%7D", {"headers": {"Accept": "image/png"}}, 406),
    ("POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 403),
    ("POST", "/sparql", {"data": "ASK {}", "content_type": "text/plain"}, 415),
    (
        "POST",
        "/sparql",
        {"data": "ASK {} #" + "x" * TOO_BIG, "content_type": "application/sparql-query"},
        413,
    ),
    ("PUT", "/sparql", {}, 405),
    ("GET", "/api/entities?limit=-1", {}, 422),
    ("GET", "/api/entities?type=Unicorn", {}, 422),
    ("POST", "/api/entities", {}, 405),
    ("GET", "/api/entities/Q999999", {}, 404),
    ("GET", "/api/entities/no%20such", {}, 404),
    ("DELETE", "/api/entities/Q403", {}, 405),
    ("GET", "/api/entities/Q999999/events", {}, 404),
    ("GET", "/api/entities/Q403/events?offset=soon", {}, 422),
    ("GET", "/api/events?from=yesterday", {}, 422),
    ("GET", "/api/events?actor=%3Cnope%3E", {}, 422),
    ("DELETE", "/api/events", {}, 405),
    ("GET", "/api/events/0123456789abcdef", {}, 404),
    ("GET", "/api/relations?type=loves", {}, 422),
    ("POST", "/api/relations", {}, 405),
    ("GET", "/api/articles?limit=100000", {}, 422),
    ("POST", "/api/articles", {"json": {"text": "Serbia."}}, 401),
    (
        "POST",
        "/api/articles",
        {"json": {"text": "Serbia."}, "headers": {"Authorization": "Bearer nope"}},
        401,
    ),
    ("POST", "/api/articles", {"data": "{not json", "content_type": JSON, AUTH: True}, 400),
    ("POST", "/api/articles", {"json": {"text": ""}, AUTH: True}, 422),
    ("POST", "/api/articles", {"data": "text=Serbia", "content_type": "text/plain", AUTH: True}, 422),
    ("POST", "/api/articles", {"json": {"text": "x" * TOO_BIG}, AUTH: True}, 413),
    ("PUT", "/api/articles", {}, 405),
    ("GET", "/api/articles/ffffffffffffffff", {}, 404),
    ("DELETE", "/api/articles/ffffffffffffffff", {}, 401),
    ("DELETE", "/api/articles/ffffffffffffffff", {AUTH: True}, 404),
    ("POST", "/api/articles/ffffffffffffffff", {}, 405),
    ("GET", "/api/wikidata/403", {}, 400),
    ("GET", "/api/wikidata/Q999999", {}, 404),
    ("POST", "/api/wikidata/Q403", {}, 405),
    ("POST", "/openapi.json", {}, 405),
    ("DELETE", "/docs", {}, 405),
    ("PUT", "/reconcile", {}, 405),
    ("GET", "/reconcile/preview?id=nope", {}, 400),
    ("GET", "/id/entity/Q999999", {}, 404),
    ("GET", "/id/entity/Q403", {"headers": {"Accept": "image/png"}}, 406),
    ("POST", "/id/entity/Q403", {}, 405),
    ("GET", "/api/entities?q=" + "x" * 20_000, {}, 414),
    ("POST", "/api/articles", {"json": {"url": "ftp://example.org/a"}, AUTH: True}, 422),
    # Found by schemathesis: a final newline, a control character in an IRI, an offset past 64 bits.
    ("GET", "/api/events/2%0A", {}, 404),
    ("GET", "/api/wikidata/Q403%0A", {}, 400),
    ("GET", "/id/entity/N%C2%81", {}, 404),
    ("GET", "/api/articles?offset=100000000000000000000", {}, 422),
    ("POST", "/", {}, 405),
    ("GET", "/api/events.atom?from=yesterday", {}, 422),
    ("POST", "/api/events.atom", {}, 405),
    ("GET", "/api/overview/countries?type=Unicorn", {}, 422),
    ("POST", "/api/overview/countries", {}, 405),
    ("GET", "/api/overview/months?from=soon", {}, 422),
    ("GET", "/api/entities/Q403?as_of=someday", {}, 422),
    ("POST", "/api/preview", {"json": {"text": "Serbia."}}, 401),
    ("POST", "/api/preview", {"json": {"text": " "}, AUTH: True}, 422),
    ("GET", "/api/preview", {}, 405),
    ("GET", "/api/entities/Q403?as_of=2019-13-01", {}, 422),
    ("GET", "/api/overview/countries?involving=%3Cnope%3E", {}, 422),
    ("POST", "/api/preview", {"json": {"text": ""}, AUTH: True}, 422),
]


def _ids(case: tuple[str, str, dict[str, Any], int]) -> str:
    method, path, options, status = case
    return f"{status}-{method}-{path[:40]}-{'+'.join(sorted(options))}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_bad_requests_answer_problem_json(loaded, auth, problem, case) -> None:
    method, path, options, status = case
    options = dict(options)
    if options.pop(AUTH, False):
        options["headers"] = {**options.get("headers", {}), **auth}
    response = loaded.open(path, method=method, **options)
    assert response.status_code == status, response.get_data(as_text=True)
    problem(response)


def _rule_of(adapter: Any, method: str, path: str) -> Any:
    """The rule a case reaches: by its own method (a POST-only route by its POST cases), or, for a 405
    case, by any method."""
    try:
        rule, _ = adapter.match(path, method=method, return_rule=True)
    except MethodNotAllowed:
        rule, _ = adapter.match(path, return_rule=True)
    return rule


def test_cases_reach_every_route(app) -> None:
    """New routes must join CASES: every URL rule of the app is hit by at least one case."""
    adapter = app.url_map.bind("localhost")
    reached = set()
    for method, path, _, _ in CASES:
        try:
            rule = _rule_of(adapter, method, path.split("?")[0])
        except Exception:  # noqa: BLE001 (unknown routes reach no rule, which is their point)
            continue
        reached.add(rule.rule)
    assert {rule.rule for rule in _api_rules(app)} <= reached


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_wrong_method_on_every_route_is_405(app, client, problem, method: str) -> None:
    for rule in _api_rules(app):
        if method in rule.methods:
            continue
        path = (
            rule.rule.replace("<entity_id>", "Q403").replace("<event_id>", "e").replace("<article_id>", "a")
        )
        response = client.open(path.replace("<qid>", "Q403"), method=method)
        assert response.status_code == 405, path
        body = problem(response)
        assert set(response.headers["Allow"].split(", ")) == set(rule.methods), path
        assert method in body["detail"]


def _api_rules(app) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_a_crash_is_500_without_internals(tmp_path: Path, problem, caplog) -> None:
    app = create_app({"TESTING": True, "GEOKG_STORE": str(tmp_path / "store")})

    def explode() -> str:
        raise RuntimeError("secret detail /srv/geokg/credentials")

    app.add_url_rule("/explode", view_func=explode)
    with caplog.at_level(logging.ERROR, logger="api.problems"):
        response = app.test_client().get("/explode")
    assert response.status_code == 500
    body = problem(response)
    assert "secret" not in response.get_data(as_text=True)
    assert body["title"] == "Internal Server Error"
    # The details go to the log instead.
    assert "secret detail" in caplog.text


@pytest.mark.parametrize("path", ["/health", "/api/stats", "/api/entities?q=x", "/sparql?query=ASK%20%7B%7D"])
def test_an_unreachable_store_is_503(tmp_path: Path, problem, path: str) -> None:
    # Nothing listens on port 9 (discard) of loopback on a test machine: the connection is refused.
    app = create_app({"TESTING": True, "GEOKG_STORE": "http://127.0.0.1:9/query"})
    response = app.test_client().get(path)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "127.0.0.1" not in problem(response)["detail"]
    close_store(app)
