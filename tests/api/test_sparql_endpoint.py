"""GET|POST /sparql: the SPARQL 1.1 Protocol, read-only, with content negotiation."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from kg.facts import DEFAULT_BASE_IRI

SERBIA = f"{DEFAULT_BASE_IRI}entity/Q403"
WD_SERBIA = "http://www.wikidata.org/entity/Q403"
ARTICLE_A = f"{DEFAULT_BASE_IRI}article/a1a1a1a1a1a1a1a1"
ARTICLE_B = f"{DEFAULT_BASE_IRI}article/b2b2b2b2b2b2b2b2"
# The example of DESIGN.md and the Makefile.
SAME_AS_Q403 = f"SELECT ?s WHERE {{ ?s <{OWL.sameAs}> <{WD_SERBIA}> }}"
CONSTRUCT_SERBIA = (
    f"CONSTRUCT {{ ?s <{OWL.sameAs}> ?o }} WHERE {{ ?s <{OWL.sameAs}> ?o FILTER(?o = <{WD_SERBIA}>) }}"
)
SPARQL_QUERY = "application/sparql-query"
TITLES = "SELECT ?title WHERE { ?a <http://purl.org/dc/terms/title> ?title }"


def _get(client, query: str, accept: str | None = None, **params: str):
    headers = {"Accept": accept} if accept else {}
    return client.get("/sparql?" + urlencode({"query": query, **params}), headers=headers)


def test_design_example_finds_serbia(loaded) -> None:
    response = _get(loaded, SAME_AS_Q403, "application/sparql-results+json")
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    bindings = response.get_json()["results"]["bindings"]
    assert {b["s"]["value"] for b in bindings} == {SERBIA}


@pytest.mark.parametrize(
    "accept, mimetype",
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/html, application/xml;q=0.9, */*;q=0.8", "application/xml"),
    ],
)
def test_select_formats_parse_back(loaded, accept: str | None, mimetype: str) -> None:
    response = _get(loaded, SAME_AS_Q403, accept)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    result_format = ox.QueryResultsFormat.from_media_type(mimetype)
    solutions = ox.parse_query_results(response.data, result_format)
    assert {solution["s"].value for solution in solutions} == {SERBIA}


def test_select_as_csv(loaded) -> None:
    response = _get(loaded, SAME_AS_Q403, "text/csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {row["s"] for row in rows} == {SERBIA}


@pytest.mark.parametrize(
    "accept, mimetype",
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        (None, "text/turtle"),
        ("*/*", "text/turtle"),
    ],
)
def test_construct_formats_parse_back(loaded, accept: str | None, mimetype: str) -> None:
    response = _get(loaded, CONSTRUCT_SERBIA, accept)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    triples = {quad.triple for quad in ox.parse(response.data, ox.RdfFormat.from_media_type(mimetype))}
    same_as = ox.Triple(ox.NamedNode(SERBIA), ox.NamedNode(str(OWL.sameAs)), ox.NamedNode(WD_SERBIA))
    assert triples == {same_as}


def test_describe_answers_a_graph(loaded) -> None:
    response = _get(loaded, f"DESCRIBE <{SERBIA}>", "application/n-triples")
    assert response.status_code == 200
    graph = Graph().parse(data=response.data, format="nt")
    assert (URIRef(SERBIA), OWL.sameAs, URIRef(WD_SERBIA)) in graph


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask(loaded, accept: str) -> None:
    yes = _get(loaded, f"ASK {{ <{SERBIA}> ?p ?o }}", accept)
    no = _get(loaded, f"ASK {{ <{SERBIA}x> ?p ?o }}", accept)
    result_format = ox.QueryResultsFormat.from_media_type(accept)
    assert bool(ox.parse_query_results(yes.data, result_format)) is True
    assert bool(ox.parse_query_results(no.data, result_format)) is False


@pytest.mark.parametrize(
    "query, accept",
    [
        (SAME_AS_Q403, "text/turtle"),
        (SAME_AS_Q403, "image/png"),
        (CONSTRUCT_SERBIA, "application/sparql-results+json"),
        (CONSTRUCT_SERBIA, "text/csv"),
        ("ASK {}", "application/sparql-results+json;q=0, text/html"),
    ],
)
def test_unsatisfiable_accept_is_406(loaded, problem, query: str, accept: str) -> None:
    response = _get(loaded, query, accept)
    assert response.status_code == 406
    assert "available" in problem(response)["detail"]


def test_post_form(loaded) -> None:
    response = loaded.post("/sparql", data={"query": SAME_AS_Q403}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert {b["s"]["value"] for b in response.get_json()["results"]["bindings"]} == {SERBIA}


def test_post_direct_with_trailing_slash(loaded) -> None:
    response = loaded.post(
        "/sparql/", data=SAME_AS_Q403.encode(), content_type="application/sparql-query; charset=utf-8"
    )
    assert response.status_code == 200
    assert {b["s"]["value"] for b in response.get_json()["results"]["bindings"]} == {SERBIA}


def test_default_graph_uri_narrows_the_dataset(loaded) -> None:
    everything = _get(loaded, TITLES)
    only_b = _get(loaded, TITLES, **{"default-graph-uri": ARTICLE_B})
    titles = {b["title"]["value"] for b in everything.get_json()["results"]["bindings"]}
    assert titles == {"Finland joins NATO", "NATO chief condemns violence in Kosovo"}
    assert [b["title"]["value"] for b in only_b.get_json()["results"]["bindings"]] == ["Finland joins NATO"]


def test_named_graph_uri_limits_graph_patterns(loaded) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = _get(loaded, query, **{"named-graph-uri": ARTICLE_B})
    assert [b["g"]["value"] for b in response.get_json()["results"]["bindings"]] == [ARTICLE_B]


ABSENT_GRAPH_QUERIES = [
    ("SELECT ?s WHERE {{ ?s ?p ?o }}", {"default-graph-uri": "{url}"}),
    ("SELECT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {"named-graph-uri": "{url}"}),
    (
        "SELECT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        {"default-graph-uri": "{url}", "named-graph-uri": "{url}"},
    ),
    ("SELECT ?s FROM <{url}> WHERE {{ ?s ?p ?o }}", {}),
    ("PREFIX ex: <{url}#> SELECT ?s FROM NAMED ex:gone WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
]


@pytest.mark.parametrize("template, params", ABSENT_GRAPH_QUERIES)
def test_graphs_outside_the_store_are_empty_and_never_fetched(
    loaded, trap_endpoint, template: str, params: dict[str, str]
) -> None:
    url, calls = trap_endpoint
    query = template.format(url=url)
    response = _get(loaded, query, **{name: value.format(url=url) for name, value in params.items()})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["results"]["bindings"] == []
    assert calls == []


def test_absent_graphs_leave_the_present_ones(loaded) -> None:
    absent = "http://example.org/not-here.rdf"
    response = loaded.get(
        "/sparql?"
        + urlencode([("query", TITLES), ("default-graph-uri", absent), ("default-graph-uri", ARTICLE_B)])
    )
    assert [b["title"]["value"] for b in response.get_json()["results"]["bindings"]] == ["Finland joins NATO"]


def test_protocol_dataset_overrides_from_clauses(loaded) -> None:
    query = f"SELECT ?title FROM <{ARTICLE_A}> WHERE {{ ?a <http://purl.org/dc/terms/title> ?title }}"
    from_only = _get(loaded, query)
    overridden = _get(loaded, query, **{"default-graph-uri": ARTICLE_B})
    assert [b["title"]["value"] for b in from_only.get_json()["results"]["bindings"]] == [
        "NATO chief condemns violence in Kosovo"
    ]
    assert [b["title"]["value"] for b in overridden.get_json()["results"]["bindings"]] == [
        "Finland joins NATO"
    ]


def test_dataset_iri_must_be_absolute(loaded, problem) -> None:
    response = _get(loaded, TITLES, **{"default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "not an iri" in problem(response)["detail"]


UPDATES = [
    "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/geokg/id/article/b2b2b2b2b2b2b2b2>",
    "CREATE GRAPH <http://example.org/new>",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
@pytest.mark.parametrize("how", ["update param", "form update", "sparql-update body", "as query"])
def test_updates_are_refused(app, loaded, problem, update: str, how: str) -> None:
    before = _count(loaded)
    if how == "update param":
        response = loaded.get("/sparql?" + urlencode({"update": update}))
    elif how == "form update":
        response = loaded.post("/sparql", data={"update": update})
    elif how == "sparql-update body":
        response = loaded.post("/sparql", data=update.encode(), content_type="application/sparql-update")
    else:
        response = loaded.post("/sparql", data={"query": update})
    assert response.status_code == 403
    assert "read-only" in problem(response)["detail"]
    assert _count(loaded) == before


def _count(client) -> int:
    response = _get(client, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(response.get_json()["results"]["bindings"][0]["n"]["value"])


class _Recorder(BaseHTTPRequestHandler):
    """A SPARQL 'endpoint' that only notes that somebody called it."""

    calls: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        type(self).calls.append(self.path)
        body = json.dumps({"head": {"vars": []}, "results": {"bindings": [{}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def trap_endpoint() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP endpoint that records every request a SERVICE call would send it."""
    _Recorder.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql", _Recorder.calls
    server.shutdown()
    server.server_close()
    thread.join()


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ ?s ?p ?o . service <{url}> {{ ?s ?p ?x }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?x }} }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "ASK {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX x: <{url}#> SELECT * WHERE {{ SERVICE x:endpoint {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_before_it_runs(loaded, problem, trap_endpoint, template: str) -> None:
    url, calls = trap_endpoint
    response = loaded.post("/sparql", data={"query": template.format(url=url)})
    assert response.status_code == 400
    assert "SERVICE" in problem(response)["detail"]
    assert calls == []


def test_syntax_error_is_400_with_the_parser_message(loaded, problem) -> None:
    response = _get(loaded, "SELECT ?s WHERE { ?s ?p }")
    assert response.status_code == 400
    detail = problem(response)["detail"]
    assert detail.startswith("SPARQL syntax error") and "col" in detail


@pytest.mark.parametrize(
    "request_kwargs, status",
    [
        ({"method": "GET", "path": "/sparql"}, 400),
        ({"method": "POST", "path": "/sparql", "data": {"named-graph-uri": "http://example.org/g"}}, 400),
        ({"method": "GET", "path": "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"}, 400),
        ({"method": "POST", "path": "/sparql", "data": b"ASK {}", "content_type": "text/plain"}, 415),
        ({"method": "POST", "path": "/sparql", "data": b"ASK {}"}, 415),
        (
            {
                "method": "POST",
                "path": "/sparql",
                "data": "ASK {}".encode("utf-16"),
                "content_type": "application/sparql-query; charset=UTF-16",
            },
            415,
        ),
        ({"method": "POST", "path": "/sparql", "data": b"\xff\xfe", "content_type": SPARQL_QUERY}, 400),
        ({"method": "PUT", "path": "/sparql?query=ASK%20%7B%7D"}, 405),
    ],
)
def test_malformed_protocol_requests(client, problem, request_kwargs: dict, status: int) -> None:
    response = client.open(**request_kwargs)
    assert response.status_code == status
    problem(response)


def test_literal_results_keep_their_language(loaded) -> None:
    query = f"SELECT ?l WHERE {{ <{SERBIA}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    response = _get(loaded, query, "application/sparql-results+json")
    labels = {(b["l"]["value"], b["l"].get("xml:lang")) for b in response.get_json()["results"]["bindings"]}
    assert labels == {(str(Literal("Serbia")), "en")}
