"""Property-based tests of every route (hypothesis): arbitrary query strings, path parts and bodies never get a
5xx. Unlike tests/api/test_schemathesis.py, which follows the OpenAPI document, these send what no document
describes: any parameter name, any Unicode, raw bytes, JSON of any shape, and the web routes outside the API.

Writes carry the token only with a text body (never a URL: a generated URL must not make the server fetch), so
generated text reaches the real extractor too. FUZZ_EXAMPLES sets the examples per test (default 30).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from api import create_app
from api.store import close_store, get_store
from kg.facts import DEFAULT_BASE_IRI

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
TOKEN = "property-test-token"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Any Unicode but lone surrogates, which no HTTP client can send in a URL (JSON bodies carry them, below).
_TEXT = st.text(max_size=40)
_JSON: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
# Article text: any Unicode, lone surrogates included now and then (a JSON "\ud800").
_ARTICLE_TEXT = st.text(
    st.one_of(st.characters(), st.characters(categories=["Cs"])), min_size=1, max_size=300
)
_ARTICLE_FIELDS = st.fixed_dictionaries(
    {"text": _ARTICLE_TEXT},
    optional={
        "title": st.one_of(st.none(), _TEXT),
        "published": st.one_of(st.none(), st.dates().map(str), _TEXT),
        "source": st.one_of(st.none(), _TEXT, st.just("https://news.example.org/a")),
    },
)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory, sample_graphs: dict[str, Graph]) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "GEOKG_STORE": str(Path(tmp_path_factory.mktemp("properties")) / "store"),
            "GEOKG_BASE_IRI": DEFAULT_BASE_IRI,
            "GEOKG_API_TOKEN": TOKEN,
            "GEOKG_QUERY_TIMEOUT_S": 2,
            "GEOKG_RATE_LIMIT_PER_MINUTE": 0,
            "GEOKG_ALLOW_PRIVATE_URLS": None,
            "GEOKG_WIKIDATA_ONLINE": None,
        }
    )
    with app.app_context():
        for iri, graph in sample_graphs.items():
            get_store().put_graph(iri, graph)
    yield app
    close_store(app)


def _rules() -> list[tuple[str, str]]:
    """(rule, method) of every route, read from the app itself so that a new route is fuzzed too."""
    app = create_app({"TESTING": True, "GEOKG_STORE": "http://127.0.0.1:9/query"})
    return sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    )


_PLACEHOLDER = re.compile(r"<(?:[a-z]+:)?[a-z_]+>")


def _path(rule: str, parts: list[str]) -> str:
    values = iter(parts)
    return _PLACEHOLDER.sub(lambda _: quote(next(values, "x"), safe="") or "x", rule)


def _assert_no_server_error(response: Any, what: str) -> None:
    assert response.status_code < 500, (
        f"{what} -> {response.status_code}: {response.get_data(as_text=True)[:300]}"
    )
    if response.status_code >= 400 and response.mimetype.endswith("json"):
        body = json.loads(response.get_data(as_text=True))
        assert "Traceback" not in json.dumps(body)


@pytest.mark.parametrize("rule, method", _rules(), ids=lambda value: str(value))
def test_any_query_string_and_path_part_is_never_a_5xx(fuzzed: Flask, rule: str, method: str) -> None:
    @FUZZ
    @given(
        parts=st.lists(_TEXT, min_size=2, max_size=2),
        params=st.lists(st.tuples(st.one_of(_TEXT, st.sampled_from(_KNOWN_PARAMS)), _TEXT), max_size=5),
    )
    def check(parts: list[str], params: list[tuple[str, str]]) -> None:
        url = _path(rule, parts) + ("?" + urlencode(params) if params else "")
        response = fuzzed.test_client().open(url, method=method)
        _assert_no_server_error(response, f"{method} {url}")

    check()


# Parameter names the routes read, so that generated values reach their parsers, not only the 'unknown' path.
_KNOWN_PARAMS = [
    "q",
    "type",
    "limit",
    "offset",
    "since",
    "until",
    "as_of",
    "actor",
    "country",
    "query",
    "default-graph-uri",
    "named-graph-uri",
    "format",
    "queries",
    "id",
    "article",
]


@pytest.mark.parametrize("rule", sorted({rule for rule, method in _rules() if method == "POST"}))
def test_any_body_is_never_a_5xx(fuzzed: Flask, rule: str) -> None:
    @FUZZ
    @given(
        body=st.one_of(
            _JSON.map(lambda value: ("application/json", json.dumps(value).encode())),
            st.binary(max_size=200).map(lambda raw: ("application/json", raw)),
            st.binary(max_size=200).map(lambda raw: ("application/sparql-query", raw)),
            st.dictionaries(_TEXT, _TEXT, max_size=3).map(
                lambda form: ("application/x-www-form-urlencoded", urlencode(form).encode())
            ),
        ),
        with_token=st.booleans(),
    )
    def check(body: tuple[str, bytes], with_token: bool) -> None:
        content_type, data = body
        # The token only with a body that cannot name a URL: nothing generated may make the server fetch.
        headers = {"Authorization": f"Bearer {TOKEN}"} if with_token and b"url" not in data else {}
        response = fuzzed.test_client().post(rule, data=data, content_type=content_type, headers=headers)
        _assert_no_server_error(response, f"POST {rule} {data[:80]!r}")

    check()


@pytest.mark.parametrize("rule", ["/api/articles", "/api/preview"])
def test_any_article_reaches_the_extractor_without_a_5xx(fuzzed: Flask, rule: str) -> None:
    @settings(FUZZ, max_examples=max(5, EXAMPLES // 3))
    @given(article=_ARTICLE_FIELDS)
    def check(article: dict[str, Any]) -> None:
        # json.dumps keeps a lone surrogate as "\ud800", as a careless client would send it.
        response = fuzzed.test_client().post(
            rule,
            data=json.dumps(article),
            content_type="application/json",
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        _assert_no_server_error(response, f"POST {rule} {article!r:.200}")
        assert response.status_code in (200, 201, 400, 413, 422, 503), response.status_code

    check()
