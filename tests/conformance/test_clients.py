"""Common SPARQL clients against the live /sparql: SPARQLWrapper and rdflib's SPARQLStore, round trips."""

from __future__ import annotations

import gc
from typing import Any
from urllib.error import HTTPError

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, JSON, POST, TURTLE, XML, SPARQLWrapper

GRAPH = "https://w3id.org/geokg/id/article/c0c0c0c0c0c0c0c0"
SERBIA = URIRef("https://w3id.org/geokg/id/entity/Q403")
KOSOVO = URIRef("https://w3id.org/geokg/id/entity/Q1246")
WD_SERBIA = URIRef("http://www.wikidata.org/entity/Q403")
DATA = f"""
<{SERBIA}> <{RDFS.label}> "Serbia"@en ; <{OWL.sameAs}> <{WD_SERBIA}> .
<{KOSOVO}> <{RDFS.label}> "Kosovo"@en ; <{RDFS.label}> "Kosova"@sq .
"""
LABELS = f"SELECT ?e ?l WHERE {{ ?e <{RDFS.label}> ?l }} ORDER BY ?e ?l"
CONSTRUCT = f"CONSTRUCT {{ ?e <{OWL.sameAs}> ?wd }} WHERE {{ ?e <{OWL.sameAs}> ?wd }}"
# In IRI order: .../Q1246 sorts before .../Q403.
EXPECTED_LABELS = [
    (KOSOVO, Literal("Kosova", lang="sq")),
    (KOSOVO, Literal("Kosovo", lang="en")),
    (SERBIA, Literal("Serbia", lang="en")),
]


@pytest.fixture
def served(empty_server: Any) -> Any:
    """The live server holding one small graph."""
    empty_server.store().load(DATA.encode(), format="turtle", graph_iri=GRAPH)
    gc.collect()  # this thread frees the store's leftovers, not a server thread (see test_w3c_protocol)
    return empty_server


def _wrapper(served: Any, method: str, return_format: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(served.sparql_url)
    wrapper.setMethod(method)
    wrapper.setReturnFormat(return_format)
    return wrapper


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("return_format", [JSON, XML])
def test_sparqlwrapper_select(served: Any, method: str, return_format: str) -> None:
    wrapper = _wrapper(served, method, return_format)
    wrapper.setQuery(LABELS)
    result = wrapper.query().convert()
    if return_format == JSON:
        rows = [(b["e"]["value"], b["l"]["value"], b["l"]["xml:lang"]) for b in result["results"]["bindings"]]
    else:
        rows = [
            (
                r.getElementsByTagName("uri")[0].firstChild.data,
                r.getElementsByTagName("literal")[0].firstChild.data,
                r.getElementsByTagName("literal")[0].getAttribute("xml:lang"),
            )
            for r in result.getElementsByTagName("result")
        ]
    assert rows == [(str(e), str(label), label.language) for e, label in EXPECTED_LABELS]


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize(
    "question, answer", [(f"ASK {{ <{SERBIA}> ?p ?o }}", True), ("ASK { <x:y> ?p ?o }", False)]
)
def test_sparqlwrapper_ask(served: Any, method: str, question: str, answer: bool) -> None:
    wrapper = _wrapper(served, method, JSON)
    wrapper.setQuery(question)
    assert wrapper.query().convert()["boolean"] is answer


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_construct(served: Any, method: str) -> None:
    wrapper = _wrapper(served, method, TURTLE)
    wrapper.setQuery(CONSTRUCT)
    graph = Graph().parse(data=wrapper.query().convert(), format="turtle")
    assert set(graph) == {(SERBIA, OWL.sameAs, WD_SERBIA)}


def test_sparqlwrapper_update_is_refused(served: Any) -> None:
    wrapper = _wrapper(served, POST, JSON)
    wrapper.setQuery(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{SERBIA}> <{RDFS.label}> 'Srbija' }} }}")
    assert wrapper.isSparqlUpdateRequest()
    # SPARQLWrapper passes a 403 on as urllib's HTTPError.
    with pytest.raises(HTTPError) as refused:
        wrapper.query()
    assert refused.value.code == 403
    assert b"read-only" in refused.value.read()


@pytest.fixture
def remote_graph(served: Any) -> Graph:
    """An rdflib Graph whose store is the live endpoint, read-only."""
    return Graph(store=SPARQLStore(served.sparql_url, returnFormat="xml"))


def test_rdflib_sparqlstore_select(remote_graph: Graph) -> None:
    rows = [(row.e, row.l) for row in remote_graph.query(LABELS)]  # type: ignore[union-attr]
    assert rows == EXPECTED_LABELS


def test_rdflib_sparqlstore_ask(remote_graph: Graph) -> None:
    assert remote_graph.query(f"ASK {{ <{KOSOVO}> ?p ?o }}").askAnswer is True
    assert remote_graph.query(f"ASK {{ <{KOSOVO}> <{OWL.sameAs}> ?o }}").askAnswer is False


def test_rdflib_sparqlstore_construct(remote_graph: Graph) -> None:
    result = remote_graph.query(CONSTRUCT)
    assert set(result.graph) == {(SERBIA, OWL.sameAs, WD_SERBIA)}  # type: ignore[arg-type]


def test_rdflib_sparqlstore_triples(remote_graph: Graph) -> None:
    # Graph.triples() makes its own SELECT: the store is usable as a read-only rdflib graph.
    assert set(remote_graph.objects(SERBIA, OWL.sameAs)) == {WD_SERBIA}
    assert len(remote_graph) == 4
