"""The Store interface: named graphs in, SPARQL out; an embedded Oxigraph or a remote SPARQL 1.1 server.

Each article is one named graph. The default graph of queries is the union of all named graphs. Both backends
share one behaviour, and the same test suite runs on both:

- `EmbeddedStore(pyoxigraph.Store(path))` wraps an injected pyoxigraph store.
- `SparqlStore(query_url, update_url, gsp_url)` speaks SPARQL 1.1 Protocol, Update and Graph Store Protocol.
  The union default graph is the server's job: start `oxigraph serve` with `--union-default-graph`.

Oxigraph keeps typed literals by value, so a non-canonical lexical form (`"01"^^xsd:integer`) comes back in
its canonical form (`"1"`), and language tags come back lower-cased (rdflib compares them without case).
"""

from __future__ import annotations

import functools
import gc
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Literal, TypeAlias, cast
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from pyparsing import ParseBaseException
from rdflib import Graph, URIRef
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Node

from kg.graph._converter import from_ox, to_ox
from kg.graph.dialects import STANDARD, Dialect, dialect_named
from kg.graph.steps import Step

logger = logging.getLogger(__name__)

QueryKind: TypeAlias = Literal["select", "ask", "construct", "describe"]
Row: TypeAlias = dict[str, Node]
QueryResult: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple]
OxQueryResult: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
# A term a SELECT binds (GeoKG stores no RDF-star triples).
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal

# Result formats of `Store.sparql()`, with the media types the SPARQL 1.1 Protocol answers with.
RESULTS_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "nquads": "application/n-quads",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
EXPORT_FORMATS: tuple[str, ...] = ("nquads", "trig")
LOAD_FORMATS: tuple[str, ...] = ("nquads", "trig", "turtle", "ntriples")

OX_RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
OX_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}
_QUERY_KINDS: dict[str, QueryKind] = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}
# pyparsing keeps parse state on the shared grammar objects, so parses from several threads must take turns.
_PARSE_LOCK = threading.Lock()


class StoreError(Exception):
    """A store failure; `status` is the HTTP status when a remote server answered with an error."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class QuerySyntaxError(StoreError, ValueError):
    """A SPARQL query that does not parse; the message is the parser's."""


@functools.lru_cache(maxsize=512)
def query_kind(query: str) -> QueryKind:
    """The form of a SPARQL query: "select", "ask", "construct" or "describe".

    :raises QuerySyntaxError: when the query does not parse (updates are not queries, so they do not either).
    """
    try:
        with _PARSE_LOCK:
            parsed = parseQuery(query)
    except ParseBaseException as e:
        raise QuerySyntaxError(f"Invalid SPARQL query: {e}") from e
    except RecursionError as e:
        raise QuerySyntaxError("Invalid SPARQL query: it nests too deeply to parse") from e
    return _QUERY_KINDS[parsed[1].name]


def _check_kind(query: str, expected: tuple[QueryKind, ...]) -> None:
    """Refuse a query of another form than `expected`."""
    kind = query_kind(query)
    if kind not in expected:
        raise ValueError(
            f"Expected a query of form {' or '.join(k.upper() for k in expected)}, got {kind.upper()}"
        )


def _check_result_format(kind: QueryKind, result_format: str) -> None:
    """Refuse a result format that does not fit the query form."""
    allowed = RESULTS_FORMATS if kind in ("select", "ask") else GRAPH_FORMATS
    if result_format not in allowed:
        choices = sorted(allowed)
        raise ValueError(
            f"Unsupported result format {result_format!r} for a {kind.upper()} query; use {choices}"
        )


def _named_node(iri: str) -> ox.NamedNode:
    """The Oxigraph IRI for a graph name, refusing anything that is not an absolute IRI."""
    try:
        return ox.NamedNode(iri)
    except ValueError as e:
        raise ValueError(f"Invalid graph IRI {iri!r}: {e}") from e


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """A SPARQL `INSERT DATA` for quads, grouped by graph; its blank nodes become fresh ones in the store."""
    by_graph: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[str]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    blocks = [_graph_block(name, lines) for name, lines in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


def _graph_block(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph, lines: list[str]) -> str:
    """Triples of one graph inside INSERT DATA."""
    body = "\n".join(lines)
    return body if isinstance(name, ox.DefaultGraph) else f"GRAPH {name} {{\n{body}\n}}"


def _parse_quads(data: bytes, format: str, graph_iri: str | None) -> list[ox.Quad]:
    """Quads of an RDF document; triples outside named graphs go to `graph_iri`."""
    if format not in LOAD_FORMATS:
        raise ValueError(f"Unsupported load format {format!r}; use one of {list(LOAD_FORMATS)}")
    if format in ("turtle", "ntriples") and graph_iri is None:
        raise ValueError(f"Loading {format} needs a graph IRI: its triples belong to no named graph")
    target = _named_node(graph_iri) if graph_iri is not None else None
    try:
        # Renamed blank nodes keep the document's _:b0 apart from any _:b0 already in the store.
        quads = list(ox.parse(data, OX_RDF_FORMATS[format], rename_blank_nodes=True))
    except SyntaxError as e:
        raise ValueError(f"Invalid {format} data: {e}") from e
    return [_into_graph(quad, target) for quad in quads]


def _into_graph(quad: ox.Quad, target: ox.NamedNode | None) -> ox.Quad:
    """The quad itself, or, when it sits in the default graph, its triple in `target`."""
    if isinstance(quad.graph_name, ox.BlankNode):
        # SPARQL Update cannot name a blank-node graph, so a remote store could not hold it.
        raise ValueError(f"Graph named by a blank node: {quad}; GeoKG graphs are named by IRIs")
    if isinstance(quad.graph_name, ox.NamedNode):
        return quad
    if target is None:
        raise ValueError(f"Triple outside any named graph: {quad.triple}; pass a graph IRI to load it")
    return ox.Quad(quad.subject, quad.predicate, quad.object, target)


class Store(ABC):
    """Named graphs of RDF, queried with SPARQL; the default graph is the union of the named graphs."""

    dialect: Dialect = STANDARD  # how the store wants updates spoken (a remote store's server may differ)

    @abstractmethod
    def put_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace the named graph `graph_iri` with `graph`, atomically: readers never see half of it."""

    @abstractmethod
    def delete_graph(self, graph_iri: str) -> bool:
        """Remove a named graph; False when there was none."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (several operations joined by `;`) atomically: embedded, one transaction;
        remote, one request, which `oxigraph serve` applies in one transaction."""

    def apply(self, steps: Sequence[Step]) -> None:
        """Run the steps of one change atomically: as one update, or as one operation where the store's
        operations are not atomic together (kg/graph/steps.py)."""
        update = self.dialect.update_of(steps)
        if update is not None:
            self.update(update)

    @abstractmethod
    def has_graph(self, graph_iri: str) -> bool:
        """Whether the named graph exists."""

    @abstractmethod
    def graphs(self) -> list[str]:
        """The IRIs of all named graphs, sorted."""

    @abstractmethod
    def sparql(
        self,
        query: str,
        *,
        result_format: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> bytes:
        """The answer to a query serialized in `result_format`, as a SPARQL 1.1 Protocol endpoint gives it.

        SELECT and ASK take a key of `RESULTS_FORMATS`, CONSTRUCT and DESCRIBE one of `GRAPH_FORMATS`. Dataset
        IRIs, when given, replace the union default graph and the available named graphs, as the protocol's
        `default-graph-uri` and `named-graph-uri` do.

        :raises QuerySyntaxError: when the query does not parse.
        :raises ValueError: when the format does not fit the query form.
        """

    @abstractmethod
    def export(self, format: str = "nquads") -> bytes:
        """Every quad of the store, in N-Quads or TriG."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every graph."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (files, connections); the object is unusable afterwards."""

    @abstractmethod
    def _run(self, query: str, kind: QueryKind | None = None) -> QueryResult:
        """Evaluate a query (of form `kind`, when the caller knows it) over the union default graph, with
        Oxigraph results."""

    @abstractmethod
    def _insert(self, quads: list[ox.Quad]) -> None:
        """Add quads to their graphs in one transaction."""

    def select(self, sparql: str) -> list[Row]:
        """The rows of a SELECT query, by variable name; unbound variables are absent from a row."""
        _check_kind(sparql, ("select",))
        return self.select_built(sparql)

    def select_built(self, sparql: str) -> list[Row]:
        """The rows of a SELECT query that GeoKG's own code built, so known to be one: `select` without its
        check of the form, whose parse (rdflib's, in Python) costs 0.1-1 s on a long query, far more than
        the store takes to answer it."""
        solutions = cast(ox.QuerySolutions, self._run(sparql, "select"))
        try:
            names = [variable.value for variable in solutions.variables]
            return [_row(names, solution) for solution in solutions]
        finally:
            # Oxigraph results must be freed by the thread that made them; a frame kept alive by some
            # exception cycle would otherwise hand them to the collector on another thread.
            del solutions

    def select_terms(self, sparql: str) -> list[tuple[Term | None, ...]]:
        """The rows of a SELECT query GeoKG built (as `select_built`) as Oxigraph terms, in the order of the
        query's variables, None where unbound: no rdflib term is made, which is most of the cost of reading
        many rows (the summaries of a whole store)."""
        solutions = cast(ox.QuerySolutions, self._run(sparql, "select"))
        try:
            return [cast(tuple[Term | None, ...], tuple(solution)) for solution in solutions]
        finally:
            del solutions  # freed here, by this thread (see select_built)

    def insert_ntriples(self, graph_iri: str, data: bytes) -> None:
        """Add N-Triples without blank nodes (lines GeoKG wrote) to the named graph `graph_iri` in one
        transaction (or, remote, as `load` sends them): `load` without its counts of the whole store before and
        after, which cost more than a small chunk."""
        self._insert(_parse_quads(data, "ntriples", graph_iri))

    def ask(self, sparql: str) -> bool:
        """The answer to an ASK query."""
        _check_kind(sparql, ("ask",))
        return bool(self._run(sparql))

    def construct(self, sparql: str) -> Graph:
        """The graph a CONSTRUCT or DESCRIBE query builds."""
        _check_kind(sparql, ("construct", "describe"))
        graph = Graph()
        triples = cast(Iterable[ox.Triple], self._run(sparql))
        try:
            for triple in triples:
                graph.add(cast(tuple[Node, Node, Node], from_ox(triple)))
        finally:
            del triples  # freed here, by this thread (see select)
        return graph

    def count(self, graph_iri: str | None = None) -> int:
        """The number of quads in one named graph, or in all of them."""
        graph = "?g" if graph_iri is None else str(_named_node(graph_iri))
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        return int(str(self.select(query)[0]["n"]))

    def load(self, data: bytes, *, format: str, graph_iri: str | None = None) -> int:
        """Add an RDF document (a key of `LOAD_FORMATS`) to the store as is; the number of quads it added.

        Triples outside named graphs (all of them in Turtle and N-Triples) go to `graph_iri`.
        """
        quads = _parse_quads(data, format, graph_iri)
        before = self.count()
        self._insert(quads)
        return self.count() - before

    def load_file(self, path: str | Path, *, format: str, graph_iri: str | None = None) -> int:
        """`load` of a file; the embedded store streams it through Oxigraph's bulk loader instead."""
        return self.load(Path(path).read_bytes(), format=format, graph_iri=graph_iri)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _row(names: list[str], solution: ox.QuerySolution) -> Row:
    """One result row as rdflib terms."""
    return {name: from_ox(term) for name in names if (term := solution[name]) is not None}


class EmbeddedStore(Store):
    """The store in this process: an injected `pyoxigraph.Store` (thread-safe, one writer process)."""

    def __init__(self, store: ox.Store) -> None:
        self._store: ox.Store | None = store
        self._generation = 0
        self._generation_lock = threading.Lock()

    @property
    def _ox(self) -> ox.Store:
        if self._store is None:
            raise StoreError("The store is closed")
        return self._store

    @property
    def generation(self) -> int:
        """A number that every write through this object changes: a snapshot of one generation is stale
        at the next."""
        return self._generation

    def snapshot(self, path: str | Path) -> None:
        """Copy the store as it is now into the new folder `path`, which `pyoxigraph.Store.read_only` opens.

        A RocksDB checkpoint: hard links to the store's files where the file system allows, so it is quick,
        and no later write reaches it (other processes can query it while this one writes).
        """
        self._ox.backup(str(path))

    def _wrote(self) -> None:
        with self._generation_lock:
            self._generation += 1

    def put_graph(self, graph_iri: str, graph: Graph) -> None:
        name = _named_node(graph_iri)
        graph_ref = URIRef(name.value)
        quads = [to_ox((s, p, o, graph_ref)) for s, p, o in graph]
        # One update is one transaction, so the drop and the insert commit together.
        self._ox.update(f"DROP SILENT GRAPH {name} ;\nCREATE SILENT GRAPH {name} ;\n{insert_data(quads)}")
        self._wrote()

    def delete_graph(self, graph_iri: str) -> bool:
        name = _named_node(graph_iri)
        if not self._ox.contains_named_graph(name):
            return False
        self._ox.remove_graph(name)
        self._wrote()
        return True

    def update(self, sparql: str) -> None:
        self._ox.update(sparql)
        self._wrote()

    def has_graph(self, graph_iri: str) -> bool:
        return self._ox.contains_named_graph(_named_node(graph_iri))

    def graphs(self) -> list[str]:
        return sorted(name.value for name in self._ox.named_graphs() if isinstance(name, ox.NamedNode))

    def sparql(
        self,
        query: str,
        *,
        result_format: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> bytes:
        kind = query_kind(query)
        _check_result_format(kind, result_format)
        result = self._query(query, default_graph_uris, named_graph_uris)
        try:
            if isinstance(result, ox.QueryTriples):
                return cast(bytes, result.serialize(format=OX_RDF_FORMATS[result_format]))
            return cast(bytes, result.serialize(format=OX_RESULTS_FORMATS[result_format]))
        finally:
            del result  # freed here, by this thread (see select)

    def export(self, format: str = "nquads") -> bytes:
        if format not in EXPORT_FORMATS:
            raise ValueError(f"Unsupported export format {format!r}; use one of {list(EXPORT_FORMATS)}")
        return cast(bytes, self._ox.dump(format=OX_RDF_FORMATS[format]))

    def clear(self) -> None:
        self._ox.clear()
        self._wrote()

    def close(self) -> None:
        if self._store is not None:
            self._store.flush()
        # Dropping the last reference releases the database lock, so the folder can be opened again. Query
        # results keep the store alive until the collector frees their frames: collect now, not later.
        self._store = None
        gc.collect()

    def _run(self, query: str, kind: QueryKind | None = None) -> QueryResult:
        return self._query(query, (), ())

    def _query(
        self, query: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]
    ) -> OxQueryResult:
        """Evaluate a query over the union default graph, or over the dataset the IRIs describe."""
        try:
            if default_graph_uris or named_graph_uris:
                return self._ox.query(
                    query,
                    default_graph=[_named_node(iri) for iri in default_graph_uris],
                    named_graphs=[_named_node(iri) for iri in named_graph_uris],
                )
            return self._ox.query(query, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QuerySyntaxError(f"Invalid SPARQL query: {e}") from e

    def _insert(self, quads: list[ox.Quad]) -> None:
        self._ox.extend(quads)
        self._wrote()

    def insert_ntriples(self, graph_iri: str, data: bytes) -> None:
        # Oxigraph parses and adds in one transaction, without a Python object per quad.
        try:
            self._ox.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=_named_node(graph_iri))
        except SyntaxError as e:
            raise ValueError(f"Invalid ntriples data: {e}") from e
        finally:
            self._wrote()

    def load_file(self, path: str | Path, *, format: str, graph_iri: str | None = None) -> int:
        """Stream a file into the store with Oxigraph's bulk loader: as fast as `oxigraph load`, in bounded
        memory, and atomic (a syntax error loads nothing). The checks of `load` hold: a quad file's triples
        outside named graphs go to `graph_iri` or are refused, as are graphs named by blank nodes; since
        GeoKG keeps the default graph empty, those are found after the load and taken out again."""
        if format not in LOAD_FORMATS:
            raise ValueError(f"Unsupported load format {format!r}; use one of {list(LOAD_FORMATS)}")
        if format in ("turtle", "ntriples") and graph_iri is None:
            raise ValueError(f"Loading {format} needs a graph IRI: its triples belong to no named graph")
        target = _named_node(graph_iri) if graph_iri is not None else None
        before = len(self._ox)
        try:
            self._ox.bulk_load(path=str(path), format=OX_RDF_FORMATS[format], to_graph=target)
        except SyntaxError as e:
            raise ValueError(f"Invalid {format} data: {e}") from e
        finally:
            self._wrote()
        self._settle_loaded(target)
        return len(self._ox) - before

    def _settle_loaded(self, target: ox.NamedNode | None) -> None:
        """Move default-graph triples a quad file brought into `target`; refuse (and remove) them without
        one, and remove graphs named by blank nodes."""
        blank_graphs = [g for g in self._ox.named_graphs() if isinstance(g, ox.BlankNode)]
        for graph in blank_graphs:
            self._ox.remove_graph(graph)
        stray = list(self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        if stray and target is not None:
            self._ox.extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in stray)
        if stray:
            # Only then: clearing an empty default graph still writes range deletions into its three indexes,
            # and every later read checks them (the queries of a freshly loaded store ran 10-30% slower).
            self._ox.clear_graph(ox.DefaultGraph())
        if blank_graphs:
            raise ValueError(
                f"{len(blank_graphs)} graphs named by blank nodes were not loaded; GeoKG graphs "
                "are named by IRIs"
            )
        if stray and target is None:
            raise ValueError(
                f"{len(stray)} triples outside any named graph were not loaded; pass a graph IRI"
            )


class SparqlStore(Store):
    """A remote store: SPARQL 1.1 Protocol for queries, Update and Graph Store Protocol for writes.

    The server must make the union of named graphs its default graph (`oxigraph serve --union-default-graph`).
    """

    def __init__(
        self,
        query_url: str,
        update_url: str,
        gsp_url: str,
        session: requests.Session | None = None,
        *,
        timeout: float = 60.0,
        dialect: Dialect = STANDARD,
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.dialect = dialect  # what this server does its own way (kg/graph/dialects.py)
        self.auth = dialect.auth(user, password)
        self._own_session = session is None
        self._session = session if session is not None else requests.Session()
        self._timeout = timeout

    def put_graph(self, graph_iri: str, graph: Graph) -> None:
        name = _named_node(graph_iri)
        if self.dialect.replace_by_update:
            quads = [to_ox((s, p, o, URIRef(name.value))) for s, p, o in graph]
            first, *rest = self.dialect.batches(quads)
            self._update(self.dialect.replace_graph(str(name), insert_data(first)))
            for batch in rest:
                self._update(self.dialect.insert(insert_data(batch)))
            return
        body = ox.serialize([to_ox(triple) for triple in graph], format=ox.RdfFormat.N_TRIPLES)
        headers = {"Content-Type": "application/n-triples"}
        self._request("PUT", self.gsp_url, params={"graph": name.value}, data=body, headers=headers)

    def delete_graph(self, graph_iri: str) -> bool:
        name = _named_node(graph_iri)
        response = self._request("DELETE", self.gsp_url, params={"graph": name.value}, allow=(404,))
        return response.status_code != 404

    def update(self, sparql: str) -> None:
        self._update(sparql)

    def has_graph(self, graph_iri: str) -> bool:
        return self.ask(self.dialect.has_graph_query(str(_named_node(graph_iri))))

    def graphs(self) -> list[str]:
        rows = self.select(self.dialect.graphs_query())
        return sorted(str(row["g"]) for row in rows if "g" in row)

    def sparql(
        self,
        query: str,
        *,
        result_format: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> bytes:
        kind = query_kind(query)
        _check_result_format(kind, result_format)
        if self.dialect.relay_formats:
            graph_kind = kind in ("construct", "describe")
            accept = GRAPH_FORMATS["ntriples"] if graph_kind else RESULTS_FORMATS["json"]
            body = self._post_query(query, accept, default_graph_uris, named_graph_uris)
            format = OX_RDF_FORMATS[result_format] if graph_kind else OX_RESULTS_FORMATS[result_format]
            return self.dialect.results_as(kind, body, format)
        accept = RESULTS_FORMATS[result_format] if kind in ("select", "ask") else GRAPH_FORMATS[result_format]
        return self._post_query(query, accept, default_graph_uris, named_graph_uris)

    def export(self, format: str = "nquads") -> bytes:
        if format not in EXPORT_FORMATS:
            raise ValueError(f"Unsupported export format {format!r}; use one of {list(EXPORT_FORMATS)}")
        # A SELECT works on any SPARQL server, where CONSTRUCT cannot name graphs.
        solutions = cast(ox.QuerySolutions, self._run("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
        quads = [ox.Quad(*row) for row in solutions]
        return cast(bytes, ox.serialize(quads, format=OX_RDF_FORMATS[format]))

    def clear(self) -> None:
        if not self.dialect.clear_graph_by_graph:
            self._update("DROP ALL")
        elif graphs := self.graphs():
            self._update(" ;\n".join(f"DROP SILENT GRAPH {_named_node(iri)}" for iri in graphs))

    def close(self) -> None:
        if self._own_session:
            self._session.close()

    def _run(self, query: str, kind: QueryKind | None = None) -> QueryResult:
        kind = kind or query_kind(query)
        if kind in ("select", "ask"):
            body = self._post_query(query, RESULTS_FORMATS["json"], (), ())
            return self.dialect.ask_answer(body) if kind == "ask" else self.dialect.solutions(body)
        body = self._post_query(query, GRAPH_FORMATS["ntriples"], (), ())
        return [quad.triple for quad in ox.parse(body, ox.RdfFormat.N_TRIPLES)]

    def _insert(self, quads: list[ox.Quad]) -> None:
        for batch in self.dialect.batches(quads):
            self._update(self.dialect.insert(insert_data(batch)))

    def _post_query(
        self, query: str, accept: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]
    ) -> bytes:
        """POST a query (SPARQL 1.1 Protocol, "query via POST directly") and return the answer's body."""
        params, data, headers = self.dialect.query_request(query, default_graph_uris, named_graph_uris)
        response = self._request(
            "POST", self.query_url, params=params, data=data, headers={**headers, "Accept": accept}
        )
        return response.content

    def _update(self, update: str) -> None:
        """POST a SPARQL 1.1 Update."""
        headers = {"Content-Type": "application/sparql-update; charset=utf-8"}
        self._request("POST", self.update_url, data=update.encode(), headers=headers)

    def _request(
        self, method: str, url: str, *, allow: tuple[int, ...] = (), **kwargs: object
    ) -> requests.Response:
        """Send a request; an HTTP error (other than the `allow`ed statuses) raises StoreError."""
        try:
            response = self._session.request(method, url, timeout=self._timeout, auth=self.auth, **kwargs)  # type: ignore[arg-type]
        except requests.RequestException as e:
            raise StoreError(f"{method} {url} failed: {e}") from e
        if response.ok or response.status_code in allow:
            return response
        message = f"{method} {url} answered {response.status_code}: {response.text[:500]}"
        # The protocol answers a malformed query with 400; its body is the server parser's message.
        if url == self.query_url and response.status_code == 400:
            raise QuerySyntaxError(message, status=400)
        raise StoreError(message, status=response.status_code)


def open_store(
    location: str,
    *,
    update_url: str | None = None,
    gsp_url: str | None = None,
    dialect: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> Store:
    """The store at `location` (the setting GEOKG_STORE): a folder, created if missing, or a query URL.

    A remote store takes its update and graph store URLs (GEOKG_STORE_UPDATE, GEOKG_STORE_GSP) from the
    arguments or, for a URL ending in /query, from its /update and /store siblings (as `oxigraph serve` lays
    them out); its dialect and credentials from GEOKG_STORE_DIALECT, GEOKG_STORE_USER and GEOKG_STORE_PASSWORD.
    """
    if not location:
        raise ValueError("No store location: set GEOKG_STORE to a folder or a SPARQL query URL")
    scheme = urlsplit(location).scheme.lower()
    if scheme in ("http", "https"):
        update_url = update_url or _sibling_url(location, "update")
        gsp_url = gsp_url or _sibling_url(location, "store")
        logger.info("Opening remote store %s", location)
        remote_dialect = dialect_named(dialect)
        return SparqlStore(
            location, update_url, gsp_url, dialect=remote_dialect, user=user, password=password
        )
    if "://" in location:
        raise ValueError(f"Unsupported store location {location!r}: use a folder or an http(s):// URL")
    Path(location).mkdir(parents=True, exist_ok=True)
    logger.info("Opening embedded store in %s", location)
    return EmbeddedStore(ox.Store(location))


def _sibling_url(query_url: str, name: str) -> str:
    """The URL next to an oxigraph-style `…/query` URL, e.g. `…/update`."""
    parts = urlsplit(query_url)
    if not parts.path.endswith("/query"):
        setting = "GEOKG_STORE_UPDATE" if name == "update" else "GEOKG_STORE_GSP"
        raise ValueError(f"Cannot guess the {name} URL of {query_url!r}: set {setting}")
    path = parts.path[: -len("query")] + name
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
