"""The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, sparql11/protocol), run against /sparql over HTTP.

Every query test runs as the manifest writes it: its data files loaded as named graphs, its requests sent in
order, each answer checked for its status class, its format and, for ASK, its boolean. GeoKG's endpoint is
read-only, so the update tests are turned around: each request that carries an update must be refused with a
4xx, must leave the store as it was, and the follow-up queries that would see its effect must not.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import requests
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

# Vendored unchanged from w3c/rdf-tests, with the licence notice (w3c/README.md).
W3C_DIR = Path(__file__).resolve().parent / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

BOOLEAN_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
TABULAR_TYPES = {
    **BOOLEAN_TYPES,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
# The manifest also allows RDFa, which GeoKG does not write.
RDF_TYPES = {
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


@dataclass(frozen=True)
class HttpRequest:
    """One ht:Request of the manifest with the ht:Response it expects."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # status classes: 2 for 2xx, ...
    boolean: bool | None
    format: str | None

    @property
    def is_follow_up(self) -> bool:
        """In an update test: the query that checks the update's effect (every other request is an update)."""
        return self.format == "boolean"


@dataclass(frozen=True)
class ProtocolTest:
    id: str
    name: str
    graphs: tuple[tuple[Path, str], ...]  # (data file, graph IRI)
    requests: tuple[HttpRequest, ...]

    @property
    def is_update(self) -> bool:
        # The manifest names them so: update_* and bad_update_*, bad_multiple_updates.
        return "update" in self.id


def load_manifest(folder: Path) -> list[ProtocolTest]:
    """The tests of manifest.ttl, in manifest order."""
    manifest = folder / "manifest.ttl"
    if not manifest.is_file():
        raise FileNotFoundError(
            f"The W3C SPARQL 1.1 Protocol manifest is missing: expected {manifest} (vendored in tests/)"
        )
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    root = graph.value(predicate=RDF.type, object=MF.Manifest)
    entries = Collection(graph, graph.value(root, MF.entries))
    return [_test(graph, entry, folder) for entry in entries]


def _test(graph: Graph, entry: Node, folder: Path) -> ProtocolTest:
    action = graph.value(entry, MF.action)
    data = [
        (
            folder / Path(urlsplit(str(graph.value(item, UT.graph))).path).name,
            str(graph.value(item, RDFS.label)),
        )
        for item in graph.objects(entry, UT.graphData)
    ]
    requests_ = Collection(graph, graph.value(action, HT.requests))
    return ProtocolTest(
        id=str(entry).rsplit("#", 1)[-1],
        name=str(graph.value(entry, MF.name)),
        graphs=tuple(sorted(data)),
        requests=tuple(_request(graph, node) for node in requests_),
    )


def _request(graph: Graph, node: Node) -> HttpRequest:
    headers_node = graph.value(node, HT.headers)
    headers = {
        str(graph.value(header, HT.fieldName)).lower(): str(graph.value(header, HT.fieldValue))
        for header in (Collection(graph, headers_node) if headers_node is not None else [])
    }
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    boolean = graph.value(response, MF.expectedBoolean)
    expected_format = graph.value(response, MF.expectedFormat)
    return HttpRequest(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        statuses=frozenset(_status_class(code) for code in graph.objects(response, MF.expectedStatus)),
        boolean=None if boolean is None else bool(boolean.toPython()),
        format=None if expected_format is None else str(expected_format),
    )


def _status_class(node: Node) -> int:
    # hts:StatusCode2xx -> 2
    return int(str(node).removeprefix(str(HTS)).removeprefix("StatusCode")[0])


def _manifest_or_failure() -> list[ProtocolTest] | str:
    try:
        return load_manifest(W3C_DIR)
    except FileNotFoundError as e:
        return str(e)


TESTS = _manifest_or_failure()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "protocol_test" in metafunc.fixturenames:
        # A missing manifest becomes one failing test that says where it looked, not a silent empty run.
        cases = TESTS if isinstance(TESTS, list) else [TESTS]
        ids = [case.id if isinstance(case, ProtocolTest) else "manifest-missing" for case in cases]
        metafunc.parametrize("protocol_test", cases, ids=ids)


def test_the_manifest_has_the_34_tests() -> None:
    assert isinstance(TESTS, list), TESTS
    assert len(TESTS) == 34
    assert sum(test.is_update for test in TESTS) == 14


def test_w3c_protocol(
    empty_server: Any, w3c_outcomes: dict[str, bool], protocol_test: ProtocolTest | str
) -> None:
    if isinstance(protocol_test, str):
        pytest.fail(protocol_test, pytrace=False)
    w3c_outcomes[protocol_test.id] = False
    store = empty_server.store()
    for path, graph_iri in protocol_test.graphs:
        store.load(path.read_bytes(), format="ntriples", graph_iri=graph_iri)
    before = _settled(store.export())
    if protocol_test.is_update:
        _check_refused_update(empty_server, protocol_test)
        assert _settled(store.export()) == before, "a refused update changed the store"
    else:
        for request in protocol_test.requests:
            _check(_send(empty_server, request), request)
    w3c_outcomes[protocol_test.id] = True


def _settled(value: bytes) -> bytes:
    """`value`, once this thread has collected what the store calls left in reference cycles.

    Oxigraph results must be freed by the thread that made them; left to the collector, they could be freed
    by a server thread, with an "unsendable" error.
    """
    gc.collect()
    return value


def _check_refused_update(server: Any, test: ProtocolTest) -> None:
    for request in test.requests:
        response = _send(server, request)
        if request.is_follow_up:
            # It looks for what the update would have written: that must not be there.
            assert response.status_code // 100 == 2, response.text
            assert request.boolean is True
            assert _boolean(response) is False
        else:
            assert 400 <= response.status_code < 500, (
                f"update answered {response.status_code}: {response.text}"
            )
            assert response.headers["Content-Type"] == "application/problem+json"


def _send(server: Any, request: HttpRequest) -> requests.Response:
    # The manifest's paths start with /sparql/, which the endpoint answers as it is.
    return requests.request(
        request.method, server.url + request.path, headers=request.headers, data=request.body, timeout=30
    )


def _check(response: requests.Response, request: HttpRequest) -> None:
    assert response.status_code // 100 in request.statuses, f"{response.status_code}: {response.text}"
    if request.format == "boolean":
        value = _boolean(response)
        if request.boolean is not None:
            assert value is request.boolean
    elif request.format == "tabular":
        format_ = TABULAR_TYPES.get(_mimetype(response))
        assert format_ is not None, response.headers["Content-Type"]
        assert list(ox.parse_query_results(response.content, format_).variables)
    elif request.format == "RDF":
        format_ = RDF_TYPES.get(_mimetype(response))
        assert format_ is not None, response.headers["Content-Type"]
        list(ox.parse(response.content, format_))


def _boolean(response: requests.Response) -> bool:
    format_ = BOOLEAN_TYPES.get(_mimetype(response))
    assert format_ is not None, response.headers["Content-Type"]
    result = ox.parse_query_results(response.content, format_)
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


def _mimetype(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()
