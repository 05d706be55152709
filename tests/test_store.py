"""The Store interface: the same suite on the embedded and the remote backend, plus the term converter."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDFS, XSD
from rdflib.term import Variable
from virtuoso_server import virtuoso_settings

from kg.graph._converter import from_ox, to_ox
from kg.graph.store import (
    GRAPH_FORMATS,
    EmbeddedStore,
    QuerySyntaxError,
    SparqlStore,
    Store,
    StoreError,
    open_store,
    query_kind,
)

EX = Namespace("https://example.org/")
G1 = "https://example.org/graph/1"
G2 = "https://example.org/graph/2"
SRESULTS = "{http://www.w3.org/2005/sparql-results#}"


def _graph(tag: str, size: int) -> Graph:
    """A graph of `size` subjects, each with a label, a number and a date."""
    graph = Graph()
    for i in range(size):
        subject = EX[f"{tag}/{i}"]
        graph.add((subject, RDFS.label, Literal(f"{tag} {i}", lang="en")))
        graph.add((subject, EX.rank, Literal(i)))
        graph.add((subject, EX.seen, Literal(f"2023-05-{i % 28 + 1:02d}", datatype=XSD.date)))
    return graph


def _serbia() -> Graph:
    """A small graph with a blank node, language tags, datatypes and non-ASCII labels."""
    graph = Graph()
    casualties = BNode()
    graph.add((EX.Q403, RDFS.label, Literal("Serbia", lang="en")))
    graph.add((EX.Q403, RDFS.label, Literal("Србија", lang="sr")))
    graph.add((EX.vucic, RDFS.label, Literal("Aleksandar Vučić", lang="sr-Latn")))
    graph.add((EX.vucic, EX.note, Literal('He said "no"\nand left.')))
    graph.add((EX.clash, EX.date, Literal("2023-05", datatype=XSD.gYearMonth)))
    graph.add((EX.clash, EX.casualties, casualties))
    graph.add((casualties, EX.killed, Literal(4)))
    graph.add((casualties, EX.confidence, Literal("0.8", datatype=XSD.decimal)))
    return graph


def _as_stored(graph: Graph) -> Graph:
    """The graph as the store gives it back: Oxigraph lower-cases language tags (they are case-insensitive).

    rdflib's `==` ignores the case of tags, but `isomorphic` hashes them as written.
    """
    stored = Graph()
    for s, p, o in graph:
        lowered = Literal(o, lang=o.language.lower()) if isinstance(o, Literal) and o.language else o
        stored.add((s, p, lowered))
    return stored


def _subjects(store: Store, query: str) -> set[str]:
    return {str(row["s"]) for row in store.select(query)}


def test_put_graph_twice_keeps_one_copy(store: Store) -> None:
    graph = _serbia()
    store.put_graph(G1, graph)
    store.put_graph(G1, graph)
    assert store.count(G1) == len(graph)
    assert store.count() == len(graph)


def test_put_graph_replaces_the_old_content(store: Store) -> None:
    store.put_graph(G1, _graph("old", 3))
    store.put_graph(G1, _graph("new", 2))
    assert store.count(G1) == 6
    assert _subjects(store, f"SELECT DISTINCT ?s WHERE {{ ?s <{RDFS.label}> ?o }}") == {
        str(EX["new/0"]),
        str(EX["new/1"]),
    }


def test_put_empty_graph_creates_it(store: Store) -> None:
    store.put_graph(G1, Graph())
    assert store.has_graph(G1)
    assert store.count(G1) == 0


def test_put_graph_refuses_a_relative_iri(store: Store) -> None:
    with pytest.raises(ValueError, match="not an iri"):
        store.put_graph("not an iri", _serbia())


def test_graphs_lists_named_graphs(store: Store) -> None:
    assert store.graphs() == []
    store.put_graph(G2, _graph("b", 1))
    store.put_graph(G1, _graph("a", 1))
    assert store.graphs() == [G1, G2]


def test_delete_graph_says_whether_it_existed(store: Store) -> None:
    store.put_graph(G1, _graph("a", 2))
    store.put_graph(G2, _graph("b", 2))
    assert store.delete_graph(G1) is True
    assert store.delete_graph(G1) is False
    assert store.graphs() == [G2]
    assert store.count() == 6


def test_has_graph(store: Store) -> None:
    store.put_graph(G1, _graph("a", 1))
    assert store.has_graph(G1)
    assert not store.has_graph(G2)


def test_select_reads_the_union_of_graphs(store: Store) -> None:
    store.put_graph(G1, _graph("a", 2))
    store.put_graph(G2, _graph("b", 1))
    query = f"SELECT ?s WHERE {{ ?s <{EX.rank}> ?rank }}"
    assert _subjects(store, query) == {str(EX["a/0"]), str(EX["a/1"]), str(EX["b/0"])}


def test_select_returns_rdflib_terms_and_omits_unbound(store: Store) -> None:
    store.put_graph(G1, _graph("a", 1))
    rows = store.select(
        f"SELECT ?s ?rank ?missing WHERE {{ ?s <{EX.rank}> ?rank OPTIONAL {{ ?s <{EX.no}> ?missing }} }}"
    )
    assert rows == [{"s": EX["a/0"], "rank": Literal(0)}]


def test_select_terms_returns_oxigraph_terms_in_variable_order(store: Store) -> None:
    store.put_graph(G1, _graph("a", 1))
    rows = store.select_terms(
        f"SELECT ?rank ?missing ?s WHERE {{ ?s <{EX.rank}> ?rank OPTIONAL {{ ?s <{EX.no}> ?missing }} }}"
    )
    assert rows == [(to_ox(Literal(0)), None, pyoxigraph.NamedNode(str(EX["a/0"])))]


def test_insert_ntriples_adds_to_the_graph(store: Store) -> None:
    store.put_graph(G1, _graph("a", 1))
    first = _graph("b", 2).serialize(format="nt", encoding="utf-8")
    store.insert_ntriples(G1, first)
    store.insert_ntriples(G1, first)  # the same triples again: nothing new
    assert store.count(G1) == 9 and store.graphs() == [G1]
    with pytest.raises(ValueError):
        store.insert_ntriples(G1, b"<https://example.org/x> <https://example.org/y> .\n")
    assert store.count(G1) == 9


def test_ask(store: Store) -> None:
    store.put_graph(G1, _serbia())
    assert store.ask(f'ASK {{ ?s <{RDFS.label}> "Aleksandar Vučić"@sr-Latn }}') is True
    assert store.ask(f'ASK {{ ?s <{RDFS.label}> "Aleksandar Vucic"@sr-Latn }}') is False


def test_construct_round_trips_the_graph(store: Store) -> None:
    graph = _serbia()
    store.put_graph(G1, graph)
    assert isomorphic(store.construct("CONSTRUCT WHERE { ?s ?p ?o }"), _as_stored(graph))


def test_query_methods_refuse_other_query_forms(store: Store) -> None:
    with pytest.raises(ValueError, match="Expected a query of form SELECT, got ASK"):
        store.select("ASK {}")
    with pytest.raises(ValueError, match="Expected a query of form ASK, got SELECT"):
        store.ask("SELECT * {}")


@pytest.mark.parametrize(
    "method, query",
    [
        ("select", "SELECT * WHERE { ?s ?p }"),
        ("ask", "ASK { ?s }"),
        ("construct", "CONSTRUCT { ?s ?p ?o } WHERE"),
        ("select", "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }"),
    ],
)
def test_syntax_errors_raise_query_syntax_error(store: Store, method: str, query: str) -> None:
    with pytest.raises(QuerySyntaxError, match="Invalid SPARQL query"):
        getattr(store, method)(query)


@pytest.mark.parametrize("result_format", ["json", "xml", "csv"])
def test_sparql_syntax_error(store: Store, result_format: str) -> None:
    with pytest.raises(QuerySyntaxError):
        store.sparql("SELECT ?s WHERE { ?s ?p }", result_format=result_format)


def test_sparql_json(store: Store) -> None:
    store.put_graph(G1, _serbia())
    body = store.sparql(f"SELECT ?label WHERE {{ <{EX.vucic}> <{RDFS.label}> ?label }}", result_format="json")
    answer = json.loads(body)
    assert answer["head"]["vars"] == ["label"]
    [binding] = answer["results"]["bindings"]
    assert binding["label"]["value"] == "Aleksandar Vučić"
    assert binding["label"]["xml:lang"].lower() == "sr-latn"


def test_sparql_xml(store: Store) -> None:
    store.put_graph(G1, _graph("a", 2))
    body = store.sparql(f"SELECT ?s ?rank WHERE {{ ?s <{EX.rank}> ?rank }}", result_format="xml")
    root = ElementTree.fromstring(body)
    assert root.tag == f"{SRESULTS}sparql"
    assert [v.get("name") for v in root.iter(f"{SRESULTS}variable")] == ["s", "rank"]
    assert len(list(root.iter(f"{SRESULTS}result"))) == 2


@pytest.mark.parametrize("result_format, delimiter", [("csv", ","), ("tsv", "\t")])
def test_sparql_csv_and_tsv(store: Store, result_format: str, delimiter: str) -> None:
    store.put_graph(G1, _graph("a", 3))
    body = store.sparql(f"SELECT ?s ?rank WHERE {{ ?s <{EX.rank}> ?rank }}", result_format=result_format)
    rows = list(csv.reader(io.StringIO(body.decode()), delimiter=delimiter))
    header = ["s", "rank"] if result_format == "csv" else ["?s", "?rank"]
    assert rows[0] == header
    assert len(rows) == 4


@pytest.mark.parametrize("result_format, expected", [("json", True), ("xml", True)])
def test_sparql_ask(store: Store, result_format: str, expected: bool) -> None:
    store.put_graph(G1, _serbia())
    body = store.sparql(f"ASK {{ <{EX.Q403}> ?p ?o }}", result_format=result_format)
    if result_format == "json":
        assert json.loads(body)["boolean"] is expected
    else:
        assert ElementTree.fromstring(body).find(f"{SRESULTS}boolean").text == str(expected).lower()


def _parse_graph(body: bytes, result_format: str) -> Graph:
    """A CONSTRUCT answer as an rdflib graph."""
    if result_format in ("nquads", "jsonld"):
        # rdflib 7.6 parses these through its deprecated ConjunctiveGraph, which warnings-as-errors refuse.
        graph = Graph()
        for quad in pyoxigraph.parse(
            body, pyoxigraph.RdfFormat.from_media_type(GRAPH_FORMATS[result_format])
        ):
            assert quad.graph_name == pyoxigraph.DefaultGraph()
            graph.add(from_ox(quad.triple))
        return graph
    rdflib_format = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml"}[result_format]
    return Graph().parse(data=body, format=rdflib_format)


@pytest.mark.parametrize("result_format", ["turtle", "ntriples", "nquads", "rdfxml", "jsonld"])
def test_sparql_graph_formats(store: Store, result_format: str) -> None:
    graph = _serbia()
    store.put_graph(G1, graph)
    body = store.sparql("CONSTRUCT WHERE { ?s ?p ?o }", result_format=result_format)
    assert isomorphic(_parse_graph(body, result_format), _as_stored(graph))


@pytest.mark.parametrize(
    "query, result_format",
    [("SELECT * {}", "turtle"), ("CONSTRUCT WHERE { ?s ?p ?o }", "json"), ("ASK {}", "yaml")],
)
def test_sparql_refuses_formats_that_do_not_fit(store: Store, query: str, result_format: str) -> None:
    with pytest.raises(ValueError, match=f"Unsupported result format '{result_format}'"):
        store.sparql(query, result_format=result_format)


def test_sparql_default_graph_uri_restricts_the_default_graph(store: Store) -> None:
    store.put_graph(G1, _graph("a", 1))
    store.put_graph(G2, _graph("b", 1))
    query = f"SELECT ?s WHERE {{ ?s <{EX.rank}> ?rank }}"
    body = store.sparql(query, result_format="json", default_graph_uris=[G2])
    assert [b["s"]["value"] for b in json.loads(body)["results"]["bindings"]] == [str(EX["b/0"])]


def test_sparql_named_graph_uri_restricts_named_graphs(store: Store) -> None:
    store.put_graph(G1, _graph("a", 1))
    store.put_graph(G2, _graph("b", 1))
    query = f"SELECT ?g ?s WHERE {{ {{ GRAPH ?g {{ ?s <{EX.rank}> ?r }} }} UNION {{ ?s <{EX.rank}> ?r }} }}"
    body = store.sparql(query, result_format="json", named_graph_uris=[G1])
    bindings = json.loads(body)["results"]["bindings"]
    # Only G1 is a named graph now, and the default graph is empty, as the protocol says.
    assert [(b["g"]["value"], b["s"]["value"]) for b in bindings] == [(G1, str(EX["a/0"]))]


@pytest.mark.parametrize("format", ["nquads", "trig"])
def test_export_then_load_gives_the_same_store(store: Store, format: str) -> None:
    store.put_graph(G1, _serbia())
    store.put_graph(G2, _graph("b", 4))
    before = store.count()
    exported = store.export(format)
    store.clear()
    assert store.count() == 0
    assert store.load(exported, format=format) == before
    assert store.count() == before
    assert store.graphs() == [G1, G2]
    assert isomorphic(
        store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"),
        _as_stored(_serbia()),
    )


@pytest.mark.parametrize("format", ["nquads", "trig"])
def test_export_loads_into_a_fresh_embedded_store(store: Store, format: str, tmp_path: Path) -> None:
    store.put_graph(G1, _serbia())
    with EmbeddedStore(pyoxigraph.Store(str(tmp_path / "fresh"))) as fresh:
        assert fresh.load(store.export(format), format=format) == len(_serbia())
        assert fresh.count(G1) == store.count(G1)


@pytest.mark.parametrize("format", ["turtle", "ntriples"])
def test_load_triples_into_a_graph(store: Store, format: str) -> None:
    graph = _serbia()
    data = graph.serialize(format="nt" if format == "ntriples" else "turtle", encoding="utf-8")
    assert store.load(data, format=format, graph_iri=G2) == len(graph)
    assert store.graphs() == [G2]
    # Each load makes its blank nodes new nodes, so only the triples that touch one are added again.
    with_blank_nodes = [t for t in graph if any(isinstance(term, BNode) for term in t)]
    assert with_blank_nodes
    assert store.load(data, format=format, graph_iri=G2) == len(with_blank_nodes)


def test_load_counts_only_new_quads(store: Store) -> None:
    data = _graph("a", 2).serialize(format="nt", encoding="utf-8")
    assert store.load(data, format="ntriples", graph_iri=G1) == 6
    assert store.load(data, format="ntriples", graph_iri=G1) == 0
    assert store.count(G1) == 6


@pytest.mark.parametrize(
    "data, format, graph_iri, message",
    [
        (b"<https://example.org/a> <https://example.org/b> 1 .", "turtle", None, "needs a graph IRI"),
        (b"<https://example.org/a> <https://example.org/b> 1 .", "trig", None, "outside any named graph"),
        (b"<https://example.org/a> <https://example.org/b> .", "ntriples", G1, "Invalid ntriples data"),
        (b"", "rdfxml", G1, "Unsupported load format 'rdfxml'"),
        (b"_:g { <https://example.org/a> <https://example.org/b> 1 . }", "trig", G1, "named by a blank node"),
    ],
)
def test_load_refuses_bad_input(
    store: Store, data: bytes, format: str, graph_iri: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        store.load(data, format=format, graph_iri=graph_iri)
    assert store.count() == 0


def test_export_refuses_unknown_formats(store: Store) -> None:
    with pytest.raises(ValueError, match="Unsupported export format 'turtle'"):
        store.export("turtle")


def test_count_per_graph(store: Store) -> None:
    store.put_graph(G1, _graph("a", 2))
    store.put_graph(G2, _graph("b", 5))
    assert (store.count(G1), store.count(G2), store.count()) == (6, 15, 21)
    assert store.count("https://example.org/graph/none") == 0


@pytest.mark.parametrize(
    "literal",
    [
        Literal("Vučić", lang="sr-Latn"),
        Literal("Вучић", lang="sr-Cyrl"),
        Literal("Prishtinë"),
        Literal('quote " backslash \\ tab \t newline \n'),
        Literal("2023-11-21", datatype=XSD.date),
        Literal("2023-05", datatype=XSD.gYearMonth),
        Literal("2008", datatype=XSD.gYear),
        Literal(93),
        Literal(0.98),
        Literal("0.8", datatype=XSD.decimal),
        Literal(True),
        Literal("2023-11-21T10:00:00Z", datatype=XSD.dateTime),
        Literal("x", datatype=EX.customType),
    ],
)
def test_literals_survive_the_round_trip(store: Store, literal: Literal) -> None:
    store.put_graph(G1, Graph().add((EX.s, EX.p, literal)))
    [row] = store.select(f"SELECT ?o WHERE {{ <{EX.s}> <{EX.p}> ?o }}")
    assert row["o"] == literal
    assert row["o"].datatype == literal.datatype
    assert store.ask(f"ASK {{ <{EX.s}> <{EX.p}> {literal.n3()} }}")
    exported = store.export("nquads")
    store.clear()
    store.load(exported, format="nquads")
    assert store.select(f"SELECT ?o WHERE {{ <{EX.s}> <{EX.p}> ?o }}") == [row]


def test_unicode_labels_can_be_searched(store: Store) -> None:
    store.put_graph(G1, _serbia())
    rows = store.select(f'SELECT ?s WHERE {{ ?s <{RDFS.label}> ?l FILTER(CONTAINS(?l, "Vučić")) }}')
    assert rows == [{"s": EX.vucic}]


def test_readers_never_see_half_a_graph(store: Store) -> None:
    small, large = _graph("s", 100), _graph("l", 300)
    store.put_graph(G1, small)
    seen: set[int] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(store.count(G1))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(20):
            store.put_graph(G1, large if i % 2 == 0 else small)
    finally:
        done.set()
        reader.join()
    assert seen <= {len(small), len(large)}
    assert seen


def test_embedded_store_closes_and_reopens(tmp_path: Path) -> None:
    location = tmp_path / "store"
    first = open_store(str(location))
    first.put_graph(G1, _serbia())
    first.close()
    with pytest.raises(StoreError, match="closed"):
        first.count()
    with open_store(str(location)) as again:
        assert again.count(G1) == len(_serbia())


def test_open_store_creates_the_folder(tmp_path: Path) -> None:
    location = tmp_path / "a" / "b"
    with open_store(str(location)) as store:
        assert isinstance(store, EmbeddedStore)
    assert location.is_dir()


def test_open_store_derives_oxigraph_urls() -> None:
    with open_store("http://127.0.0.1:7878/query") as store:
        assert isinstance(store, SparqlStore)
        assert (store.update_url, store.gsp_url) == (
            "http://127.0.0.1:7878/update",
            "http://127.0.0.1:7878/store",
        )


def test_open_store_takes_update_and_gsp_urls() -> None:
    with open_store(
        "https://sparql.example.org/ds/sparql",
        update_url="https://sparql.example.org/ds/update",
        gsp_url="https://sparql.example.org/ds/data",
    ) as store:
        assert isinstance(store, SparqlStore)
        assert store.query_url == "https://sparql.example.org/ds/sparql"
        assert (store.update_url, store.gsp_url) == (
            "https://sparql.example.org/ds/update",
            "https://sparql.example.org/ds/data",
        )


@pytest.mark.virtuoso
def test_open_store_speaks_virtuoso_with_the_settings(
    virtuoso_server: Any, clean_virtuoso_store: Any
) -> None:
    with open_store(**_open_store_arguments(virtuoso_settings(virtuoso_server))) as store:
        store.put_graph(G1, _serbia())
        assert store.graphs() == [G1]
        assert store.ask(f"ASK {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")


@pytest.mark.virtuoso
def test_virtuoso_refuses_writes_without_the_user(virtuoso_server: Any, clean_virtuoso_store: Any) -> None:
    settings = {**virtuoso_settings(virtuoso_server), "GEOKG_STORE_PASSWORD": "wrong"}
    with open_store(**_open_store_arguments(settings)) as store, pytest.raises(StoreError) as raised:
        store.put_graph(G1, _serbia())
    assert raised.value.status == 401
    assert clean_virtuoso_store.graphs() == []


def _open_store_arguments(settings: dict[str, str]) -> dict[str, Any]:
    names = {
        "GEOKG_STORE_UPDATE": "update_url",
        "GEOKG_STORE_GSP": "gsp_url",
        "GEOKG_STORE_DIALECT": "dialect",
    }
    names |= {"GEOKG_STORE_USER": "user", "GEOKG_STORE_PASSWORD": "password", "GEOKG_STORE": "location"}
    return {names[name]: value for name, value in settings.items()}


def test_open_store_refuses_an_unknown_dialect() -> None:
    with pytest.raises(ValueError, match="Unknown store dialect 'fuseki'.*GEOKG_STORE_DIALECT"):
        open_store("http://127.0.0.1:9/query", dialect="fuseki")


@pytest.mark.parametrize(
    "location, message",
    [
        ("https://sparql.example.org/sparql", "Cannot guess the update URL"),
        ("ftp://x/y", "Unsupported store"),
        ("", "No store location"),
    ],
)
def test_open_store_refuses_locations_it_cannot_use(location: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        open_store(location)


@pytest.mark.remote
def test_remote_http_errors_raise_store_error_with_status(oxigraph_server: Any) -> None:
    base = oxigraph_server.base_url
    with SparqlStore(f"{base}/nope", f"{base}/nope", f"{base}/nope") as broken:
        with pytest.raises(StoreError, match="answered 404") as excinfo:
            broken.count()
    assert excinfo.value.status == 404


def test_remote_connection_failure_raises_store_error() -> None:
    # A bound socket that does not listen holds the port and refuses connections at once.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        with SparqlStore(f"{base}/query", f"{base}/update", f"{base}/store") as down:
            with pytest.raises(StoreError, match="failed"):
                down.graphs()


@pytest.mark.parametrize(
    "query, kind",
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select"),
        ("prefix ex: <https://example.org/> select ?s { ?s ex:p 1 }", "select"),
        ("ASK { ?s ?p ?o }", "ask"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("DESCRIBE <https://example.org/a>", "describe"),
    ],
)
def test_query_kind(query: str, kind: str) -> None:
    assert query_kind(query) == kind


@pytest.mark.parametrize(
    "query", ["SELECT ?s WHERE { ?s ?p }", "DROP ALL", "", "SELECT * WHERE { ?s ?p ?o } }"]
)
def test_query_kind_raises_on_non_queries(query: str) -> None:
    with pytest.raises(QuerySyntaxError, match="Invalid SPARQL query"):
        query_kind(query)


@pytest.mark.parametrize(
    "term",
    [
        URIRef("https://w3id.org/geokg/id/entity/Q403"),
        BNode("b0"),
        Literal("plain"),
        Literal("Vučić", lang="sr-latn"),
        Literal("4", datatype=XSD.integer),
        Literal("2023-05", datatype=XSD.gYearMonth),
        Literal("x", datatype=EX.custom),
        DATASET_DEFAULT_GRAPH_ID,
        (EX.s, EX.p, Literal("o", lang="en")),
        (EX.s, EX.p, BNode("b1"), URIRef(G1)),
        (BNode("b2"), EX.p, EX.o, DATASET_DEFAULT_GRAPH_ID),
    ],
)
def test_converter_round_trip(term: object) -> None:
    assert from_ox(to_ox(term)) == term  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "term, expected",
    [
        (Literal("Vučić", lang="sr-Latn"), pyoxigraph.Literal("Vučić", language="sr-latn")),
        (Literal("plain"), pyoxigraph.Literal("plain", datatype=pyoxigraph.NamedNode(str(XSD.string)))),
        (Literal(4), pyoxigraph.Literal("4", datatype=pyoxigraph.NamedNode(str(XSD.integer)))),
        (Graph(identifier=URIRef(G1)), pyoxigraph.NamedNode(G1)),
        (
            (EX.s, EX.p, EX.o, None),
            pyoxigraph.Quad(*(pyoxigraph.NamedNode(str(t)) for t in (EX.s, EX.p, EX.o))),
        ),
    ],
)
def test_to_ox(term: object, expected: object) -> None:
    assert to_ox(term) == expected  # type: ignore[call-overload]


def test_from_ox_makes_xsd_string_a_plain_literal() -> None:
    assert from_ox(pyoxigraph.Literal("x", datatype=pyoxigraph.NamedNode(str(XSD.string)))).datatype is None


@pytest.mark.parametrize(
    "term", [Variable("x"), "a string", None, (EX.s, EX.p), (Literal("subject"), EX.p, EX.o)]
)
def test_to_ox_refuses_other_terms(term: object) -> None:
    with pytest.raises(ValueError, match="Unexpected rdflib term"):
        to_ox(term)  # type: ignore[call-overload]


def test_from_ox_refuses_other_terms() -> None:
    with pytest.raises(ValueError, match="Unexpected Oxigraph term"):
        from_ox(pyoxigraph.Variable("x"))  # type: ignore[call-overload]


def test_results_are_freed_by_the_thread_that_made_them(tmp_path: Path) -> None:
    """Oxigraph refuses to free query results on another thread; a frame kept alive by an exception cycle
    used to hand them to the collector running elsewhere (seen under gunicorn's threads)."""
    import gc
    import sys
    import threading

    store = EmbeddedStore(pyoxigraph.Store(str(tmp_path / "store")))
    graph = Graph(identifier=URIRef("http://example.org/g"))
    graph.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("o")))
    store.put_graph("http://example.org/g", graph)
    problems: list[str] = []
    previous_hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: problems.append(str(unraisable.exc_value))

    def work() -> None:
        for _ in range(100):
            store.select("SELECT ?s WHERE { ?s ?p ?o }")
            store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            with pytest.raises(ValueError):
                store.select("SELECT WHERE {")

    gc.disable()
    try:
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        gc.collect()
    finally:
        gc.enable()
        sys.unraisablehook = previous_hook
        store.close()
    assert problems == []
