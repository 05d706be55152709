"""/id/… IRIs dereference (HTML, Turtle, JSON-LD, N-Triples, RDF/XML), and REST reads answer JSON-LD."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from api.linked_data import CONTEXT_FILE
from api.store import get_store
from kg.facts import DEFAULT_BASE_IRI

GK = "https://w3id.org/geokg/ontology#"
SERBIA = URIRef(f"{DEFAULT_BASE_IRI}entity/Q403")
CLASH = URIRef(f"{DEFAULT_BASE_IRI}event/c1a5c1a5c1a5c1a5")
EVIDENCE = URIRef(f"{DEFAULT_BASE_IRI}article/a1a1a1a1a1a1a1a1/evidence/200-290")
WD_SERBIA = URIRef("http://www.wikidata.org/entity/Q403")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def _graph(data: bytes, mimetype: str) -> Graph:
    """An rdflib graph of an RDF document, read by pyoxigraph (rdflib's JSON-LD reader warns of deprecations)."""
    triples = [quad.triple for quad in ox.parse(data, ox.RdfFormat.from_media_type(mimetype))]
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


@pytest.mark.parametrize(
    "accept, mimetype",
    [
        ("text/turtle", "text/turtle"),
        (None, "text/turtle"),
        ("*/*", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/n-triples;q=0.5, text/turtle;q=0.9", "text/turtle"),
    ],
)
def test_an_entity_iri_answers_rdf_by_accept(loaded, accept: str | None, mimetype: str) -> None:
    response = loaded.get("/id/entity/Q403", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert "Accept" in response.headers["Vary"]
    graph = _graph(response.data, mimetype)
    assert (SERBIA, OWL.sameAs, WD_SERBIA) in graph
    assert (SERBIA, RDFS.label, Literal("Serbia", lang="en")) in graph


def test_the_description_is_what_the_store_holds_about_it(app, loaded) -> None:
    with app.app_context():
        stored = get_store().construct(f"CONSTRUCT {{ <{SERBIA}> ?p ?o }} WHERE {{ <{SERBIA}> ?p ?o }}")
    described = _graph(loaded.get("/id/entity/Q403").data, "text/turtle")
    assert set(stored) <= set(described)
    # Besides Serbia, only what it owns: its mentions.
    mentions = set(described.objects(SERBIA, URIRef(GK + "mention")))
    assert mentions and set(described.subjects()) == {SERBIA, *mentions}


def test_an_event_comes_with_its_evidence(loaded) -> None:
    graph = _graph(loaded.get("/id/event/c1a5c1a5c1a5c1a5").data, "text/turtle")
    assert (CLASH, RDF.type, URIRef(GK + "Clash")) in graph
    assert (CLASH, URIRef(GK + "evidence"), EVIDENCE) in graph
    sentence = graph.value(EVIDENCE, URIRef(GK + "sentence"))
    assert str(sentence).startswith("In May, clashes between Serb demonstrators")


def test_json_ld_uses_the_ontology_context(loaded) -> None:
    body = loaded.get("/id/entity/Q403", headers={"Accept": "application/ld+json"}).get_json()
    context = json.loads(CONTEXT_FILE.read_text())["@context"]
    assert body["@context"] == context
    nodes = body.get("@graph", [body])
    serbia = next(node for node in nodes if node.get("id") == str(SERBIA))
    assert serbia["label"] == "Serbia" and serbia["type"] == "State" and serbia["sameAs"] == "wd:Q403"


def test_a_browser_gets_a_page(loaded) -> None:
    response = loaded.get("/id/entity/Q403", headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>Serbia</h1>" in page
    assert 'href="/api/entities/Q403"' in page
    assert 'href="https://www.wikidata.org/wiki/Q403"' in page
    # Our IRIs link to their own pages.
    assert 'href="/id/entity/Q1246"' in page


def test_the_page_shows_markup_in_the_data_as_text(app, loaded) -> None:
    iri = f"{DEFAULT_BASE_IRI}entity/person-mallory"
    graph = Graph()
    graph.add((URIRef(iri), RDFS.label, Literal("<script>alert(1)</script>", lang="en")))
    with app.app_context():
        get_store().put_graph(f"{DEFAULT_BASE_IRI}article/c3c3c3c3c3c3c3c3", graph)
    page = loaded.get("/id/entity/person-mallory", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "path", ["/id/entity/Q999999", "/id/event/nope", "/id/graph/merged-events", "/id/a%20b"]
)
def test_unknown_iris_are_404(loaded, problem, path: str) -> None:
    response = loaded.get(path)
    assert response.status_code == 404
    problem(response)


def test_an_unsatisfiable_accept_is_406(loaded, problem) -> None:
    response = loaded.get("/id/entity/Q403", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in problem(response)["detail"]


def _ld(client, path: str) -> Graph:
    response = client.get(path, headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert "Accept" in response.headers["Vary"]
    return _graph(response.data, "application/ld+json")


def test_an_entity_card_as_json_ld(loaded) -> None:
    graph = _ld(loaded, "/api/entities/Q403")
    assert (SERBIA, OWL.sameAs, WD_SERBIA) in graph


def test_a_search_page_as_json_ld_describes_its_items(loaded) -> None:
    items = loaded.get("/api/entities?q=kosovo").get_json()["items"]
    graph = _ld(loaded, "/api/entities?q=kosovo")
    assert {str(s) for s in graph.subjects(RDFS.label)} == {item["iri"] for item in items}


def test_relations_as_json_ld_are_their_statements(loaded) -> None:
    graph = _ld(loaded, "/api/relations?type=doesNotRecognize")
    statements = set(graph.subjects(RDF.type, URIRef(GK + "Statement")))
    assert statements and all((s, URIRef(GK + "subject"), SERBIA) in graph for s in statements)


def test_an_event_as_json_ld_carries_its_evidence(loaded) -> None:
    graph = _ld(loaded, "/api/events/c1a5c1a5c1a5c1a5")
    assert graph.value(EVIDENCE, URIRef(GK + "sentence")) is not None


@pytest.mark.parametrize(
    "accept", [None, "*/*", "application/json", "application/json, application/ld+json;q=0.5"]
)
def test_json_stays_the_default(loaded, accept: str | None) -> None:
    response = loaded.get("/api/entities/Q403", headers={"Accept": accept} if accept else {})
    assert response.mimetype == "application/json"
    assert response.get_json()["label"] == "Serbia"


def test_errors_stay_problem_json(loaded, problem) -> None:
    response = loaded.get("/api/entities/Q999999", headers={"Accept": "application/ld+json"})
    assert response.status_code == 404
    problem(response)
