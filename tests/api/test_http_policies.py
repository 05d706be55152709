"""What every response gets: CORS on reads, ETag and 304, gzip, size limits, a rate per client."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
import requests

from api import create_app
from api.graph import select
from api.store import close_store
from api.throttle import RateLimiter


def test_reads_allow_any_origin(loaded) -> None:
    response = loaded.get("/api/entities/Q403", headers={"Origin": "https://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("path", ["/sparql", "/reconcile"])
def test_reads_by_post_allow_any_origin(loaded, path: str) -> None:
    preflight = loaded.options(
        path,
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    answer = loaded.post("/sparql", data={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_no_other_site_may_write(loaded, auth) -> None:
    preflight = loaded.options(
        "/api/articles",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert "POST" not in preflight.headers["Access-Control-Allow-Methods"]
    assert "authorization" not in preflight.headers["Access-Control-Allow-Headers"].lower()
    write = loaded.delete(
        "/api/articles/ffffffffffffffff", headers={**auth, "Origin": "https://elsewhere.example"}
    )
    assert write.status_code == 404
    assert "Access-Control-Allow-Origin" not in write.headers


@pytest.mark.parametrize(
    "path",
    [
        "/api/entities/Q403",
        "/api/events?limit=2",
        "/sparql?query=ASK%20%7B%7D",
        "/id/entity/Q403",
        "/openapi.json",
    ],
)
def test_reads_carry_an_etag_and_answer_304_when_unchanged(loaded, path: str) -> None:
    first = loaded.get(path)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = loaded.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    stale = loaded.get(path, headers={"If-None-Match": 'W/"something-else"'})
    assert stale.status_code == 200 and stale.data == first.data


def test_the_etag_follows_the_data(app, loaded, sample_graphs) -> None:
    from api.store import get_store

    before = loaded.get("/api/articles").headers["ETag"]
    with app.app_context():
        get_store().delete_graph("https://w3id.org/geokg/id/article/b2b2b2b2b2b2b2b2")
    after = loaded.get("/api/articles", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_health_is_never_cached(loaded) -> None:
    response = loaded.get("/health")
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_errors_and_writes_carry_no_etag(loaded, auth) -> None:
    assert "ETag" not in loaded.get("/api/entities/Q999999").headers
    assert "ETag" not in loaded.post("/sparql", data={"query": "ASK {}"}).headers


def test_large_responses_are_gzipped_for_clients_that_accept_it(loaded) -> None:
    plain = loaded.get("/openapi.json")
    zipped = loaded.get("/openapi.json", headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert int(zipped.headers["Content-Length"]) == len(zipped.data) < len(plain.data) / 3
    assert gzip.decompress(zipped.data) == plain.data
    assert "Accept-Encoding" in zipped.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    # One representation, one weak validator, whatever the encoding.
    assert zipped.headers["ETag"] == plain.headers["ETag"]


def test_small_responses_stay_as_they_are(loaded) -> None:
    response = loaded.get("/health", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers


def test_gzip_over_a_real_server(app, loaded, serve_app) -> None:
    base = serve_app(app)
    response = requests.get(f"{base}/openapi.json", timeout=10)  # requests asks for gzip and unpacks it
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.json()["openapi"] == "3.1.0"


def test_a_url_over_the_limit_is_414(client, problem) -> None:
    response = client.get("/sparql?query=" + "x" * 20_000)
    assert response.status_code == 414
    assert "POST" in problem(response)["detail"]


def test_a_body_over_the_limit_is_413(client, auth, problem) -> None:
    response = client.post("/api/articles", json={"text": "x" * (4 * 1024 * 1024)}, headers=auth)
    assert response.status_code == 413
    problem(response)


@pytest.fixture
def limited(app_config: dict[str, Any]) -> Any:
    # One token every 10 s: under a loaded full run (the remote store, 2 cores) four requests have taken over a
    # second, long enough for a bucket of one token a second to refill mid-test.
    app = create_app({**app_config, "GEOKG_RATE_LIMIT_PER_MINUTE": 6, "GEOKG_RATE_LIMIT_BURST": 3})
    client = app.test_client()
    # Warm up outside the buckets (/health is never limited; a query starts the query workers), so the
    # requests under test take milliseconds, not the seconds a cold start takes on a busy machine.
    client.get("/health")
    with app.app_context():
        select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    # and keeps the answer of the route under test, from an address of its own (its bucket is not the tests'):
    # a first, uncached /api/stats on a server store can take over a second, time enough for a token to refill
    client.get("/api/stats", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    yield client
    close_store(app)


def test_a_client_over_its_rate_gets_429_with_retry_after(limited, problem) -> None:
    statuses = [limited.get("/api/stats").status_code for _ in range(3)]
    refused = limited.get("/api/stats")
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 10  # the next token comes within 10 s
    assert "at most 6 a minute" in problem(refused)["detail"]


def test_each_client_has_its_own_bucket(limited) -> None:
    for _ in range(3):
        limited.get("/api/stats", environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert limited.get("/api/stats", environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 429
    assert limited.get("/api/stats", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200


def test_route_classes_have_buckets_and_rates_of_their_own(app_config: dict[str, Any]) -> None:
    app = create_app(
        {**app_config, "GEOKG_RATE_LIMIT_PER_MINUTE": 60, "GEOKG_RATE_LIMIT_BURST": 2}
        | {"GEOKG_RATE_LIMIT_SPARQL_PER_MINUTE": 0}
    )
    client = app.test_client()
    assert [client.get("/api/stats").status_code for _ in range(3)] == [200, 200, 429]
    # /sparql is unthrottled here, and its requests never spent the reads' tokens
    ask = {"query": "ASK { ?s ?p ?o }"}
    assert {client.get("/sparql", query_string=ask).status_code for _ in range(5)} == {200}
    close_store(app)


@pytest.mark.parametrize("proxies, separate", [(0, False), (1, True)])
def test_x_forwarded_for_names_the_client_only_behind_trusted_proxies(
    app_config: dict[str, Any], proxies: int, separate: bool
) -> None:
    app = create_app(
        {**app_config, "GEOKG_RATE_LIMIT_PER_MINUTE": 60, "GEOKG_RATE_LIMIT_BURST": 1}
        | {"GEOKG_TRUSTED_PROXIES": proxies}
    )
    client = app.test_client()
    proxy = {"REMOTE_ADDR": "10.9.9.9"}
    first = client.get("/api/stats", environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.1"})
    second = client.get("/api/stats", environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.2"})
    assert first.status_code == 200
    assert second.status_code == (200 if separate else 429)
    # A client cannot pick a fresh bucket by writing its own X-Forwarded-For before the proxy's entry.
    forged = client.get(
        "/api/stats", environ_base=proxy, headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.1"}
    )
    assert forged.status_code == 429
    close_store(app)


def test_health_and_preflights_are_not_throttled(limited) -> None:
    for _ in range(10):
        assert limited.get("/health").status_code == 200
        assert limited.options("/api/stats").status_code == 200


@pytest.mark.parametrize("off", [0, None])
def test_rate_limiting_can_be_turned_off(app_config: dict[str, Any], off: int | None) -> None:
    app = create_app({**app_config, "GEOKG_RATE_LIMIT_PER_MINUTE": off, "GEOKG_RATE_LIMIT_BURST": 1})
    client = app.test_client()
    assert {client.get("/api/stats").status_code for _ in range(20)} == {200}
    close_store(app)


def test_the_bucket_refills_at_the_rate() -> None:
    limiter = RateLimiter()
    waits = [limiter.wait("c", per_minute=120, burst=2, now=100.0) for _ in range(3)]
    assert waits == [0.0, 0.0, 0.5]
    assert limiter.wait("c", per_minute=120, burst=2, now=100.5) == 0.0
    assert limiter.wait("c", per_minute=120, burst=2, now=100.5) == pytest.approx(0.5)
    # Full again after a long pause, never more than the burst.
    assert [limiter.wait("c", per_minute=120, burst=2, now=1000.0) for _ in range(3)] == [0.0, 0.0, 0.5]
