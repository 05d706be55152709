"""What a remote store does differently from the SPARQL 1.1 standard, in one place (the setting
GEOKG_STORE_DIALECT): `SparqlStore` asks its dialect how to send a query, an update or credentials, and how to
read an ASK answer; the rest of the store is plain SPARQL 1.1.

- "standard": Oxigraph, Fuseki, GraphDB, QLever, Neptune: the protocols as written.
- "virtuoso": Virtuoso Open Source 7.2 (measured on Debian's 7.2.5 in tests/conftest.py's fixture):
  - a query POSTed directly (`application/sparql-query`) gets no answer, the connection hangs: queries go as
    an HTML form (`application/x-www-form-urlencoded`), which the protocol allows as well;
  - ASK answers come back as a one-column table (`__ASK_RETVAL`, one row when true, none when false) in
    every result format, never as a boolean;
  - `INSERT DATA` refuses blank nodes ("Blank node '_:b1' is not allowed in a constant clause"): inserts
    go as `INSERT { … } WHERE { }`, whose template makes fresh blank nodes as `INSERT DATA` does;
  - a graph exists only while it holds triples, and `GRAPH <g> { }` matches any IRI, known or not: existence
    is asked with a triple pattern, and an empty graph cannot be kept;
  - `DROP ALL` run by a DBA drops the server's own graphs (`virtrdf:`, which Virtuoso needs to run): clearing
    drops the listed graphs one by one;
  - the Graph Store Protocol's PUT clears the graph and loads the new triples in two steps, and readers see
    the empty graph in between: a graph is replaced by one update, `DELETE WHERE` then `INSERT`, in which
    readers saw no step between (measured by tests/test_store.py's test_readers_never_see_half_a_graph);
    an update whose second operation fails keeps the first one's work, so an insert that fails leaves the
    graph empty, never half written;
  - its TSV is not SPARQL 1.1's (names without `?`, terms quoted as in CSV, language tags and datatypes lost),
    it has no N-Quads for CONSTRUCT (406), its JSON-LD loses terms, and its JSON names blank nodes
    `nodeID://b10000`, which is no blank node label: answers are asked as JSON results or N-Triples and
    serialized here, blank nodes renamed;
  - an update of a few thousand triples fails to compile ("memory exhausted" near 5,000 triples in one
    INSERT; "generated SQL text has exceeded 10000 lines" for 3 INSERTs of 3,000 in one request): inserts go
    in requests of at most 1,000 triples, so a graph of more than 1,000 triples is written in several
    transactions (an article's graph holds a few hundred);
  - not handled (tests/backends.py lists the tests that show them): a protocol dataset is merged with the
    query's FROM clauses instead of replacing them, a `named-graph-uri` the store does not hold is ignored
    (the query sees every graph), even with Virtuoso's `define input:…` pragmas; DESCRIBE answers nothing
    to the anonymous reader;
  - the operations of one update request are applied one by one, and one that fails keeps the work of those
    before it; an `INSERT { GRAPH ?g { … } } WHERE { … }` with solutions writes, then answers 500 ("SR002:
    Function string_output_string needs a string output", migrate's `dcterms:references`); a VALUES block
    that is a branch of a UNION, or that an OPTIONAL follows, finds no solutions and says nothing: the steps
    of an atomic change (an article's write, `geokg migrate`'s moves) go as one DELETE/INSERT operation whose
    branches are sub-selects (kg/graph/steps.py), which Virtuoso computes whole before it writes; one of some
    thousands of VALUES rows is refused whole ("SQ199: Maximum size (32767) of a code vector exceeded");
  - the authenticated endpoints (`/sparql-auth`, `/sparql-graph-crud-auth`) use HTTP Digest authentication.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg.graph.steps import Step, as_one_operation, as_operations

# The variable Virtuoso names its ASK answer with.
_VIRTUOSO_ASK_VARIABLE = "__ASK_RETVAL"


@dataclass(frozen=True)
class Dialect:
    """How one kind of server wants the SPARQL 1.1 protocols spoken."""

    name: str
    form_queries: bool = (
        False  # queries as `application/x-www-form-urlencoded`, not `application/sparql-query`
    )
    ask_as_table: bool = False  # ASK answered with the `__ASK_RETVAL` table instead of a boolean
    insert_with_template: bool = False  # `INSERT { } WHERE { }` instead of `INSERT DATA` (blank nodes)
    graph_needs_triples: bool = False  # `GRAPH <g> { }` proves nothing: ask for a triple
    clear_graph_by_graph: bool = False  # never `DROP ALL` (it would reach the server's own graphs)
    digest_auth: bool = False  # HTTP Digest rather than Basic for the user and password
    replace_by_update: bool = False  # replace a graph by one SPARQL update, not by a Graph Store PUT
    relay_formats: bool = False  # ask JSON results or N-Triples only, and serialize the asked format here
    insert_batch: int | None = None  # most quads in one update request; None: all at once
    one_operation: bool = False  # the steps of an atomic update as one operation, not one request of several
    # an aggregate inside a function (COALESCE(MIN(…)) AS ?day) in a grouped query, counted again outside:
    # Virtuoso 7.2.5 answers the REST timelines' day counts "SQ156 Internal Optimized compiler error"
    nested_aggregates: bool = True

    def update_of(self, steps: Sequence[Step]) -> str | None:
        """The update that runs `steps` atomically (kg/graph/steps.py); None when there is nothing to do."""
        return as_one_operation(steps) if self.one_operation else as_operations(steps)

    def query_request(
        self, query: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]
    ) -> tuple[list[tuple[str, str]], bytes | list[tuple[str, str]], dict[str, str]]:
        """The URL parameters, body and headers that POST `query` with its dataset (SPARQL 1.1 Protocol 2.1)."""
        dataset = [("default-graph-uri", iri) for iri in default_graph_uris]
        dataset += [("named-graph-uri", iri) for iri in named_graph_uris]
        if self.form_queries:
            # requests encodes a list of pairs as a form; the dataset travels in the same form.
            return [], [("query", query), *dataset], {}
        return dataset, query.encode(), {"Content-Type": "application/sparql-query; charset=utf-8"}

    def insert(self, insert_data: str) -> str:
        """The update that adds the quads of an `INSERT DATA { … }` operation."""
        if not self.insert_with_template:
            return insert_data
        return "INSERT " + insert_data.removeprefix("INSERT DATA ") + " WHERE { }"

    def batches(self, quads: list[ox.Quad]) -> list[list[ox.Quad]]:
        """The quads in the groups that one update request each can take (one group, at least)."""
        size = self.insert_batch or max(len(quads), 1)
        return [quads[start : start + size] for start in range(0, max(len(quads), 1), size)]

    def replace_graph(self, graph_iri: str, insert_data: str) -> str:
        """The update that replaces the named graph `graph_iri` (in angle brackets) by an `INSERT DATA`'s quads."""
        return f"DELETE WHERE {{ GRAPH {graph_iri} {{ ?s ?p ?o }} }} ;\n{self.insert(insert_data)}"

    def solutions(self, body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
        """A SELECT or ASK answer asked as SPARQL JSON results."""
        if self.relay_formats:
            body = _blank_nodes_renamed(body)
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)

    def has_graph_query(self, graph_iri: str) -> str:
        """An ASK query for whether the named graph `graph_iri` (in angle brackets) exists."""
        if self.graph_needs_triples:
            return f"ASK WHERE {{ GRAPH {graph_iri} {{ ?s ?p ?o }} }}"
        return f"ASK WHERE {{ GRAPH {graph_iri} {{ }} }}"

    def graphs_query(self) -> str:
        """A SELECT query whose ?g are the named graphs, each once."""
        if self.graph_needs_triples:
            # Virtuoso answers `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }` from a shortcut that
            # ignores graph-level security (it lists the private virtrdf: graph); grouping takes the long way.
            return "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        return "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"

    def auth(self, user: str | None, password: str | None) -> AuthBase | None:
        """The requests authentication for the store's user, or None without one."""
        if not user:
            return None
        return (HTTPDigestAuth if self.digest_auth else HTTPBasicAuth)(user, password or "")

    def ask_answer(self, body: bytes) -> ox.QueryBoolean:
        """The parsed answer to an ASK query, asked as SPARQL JSON results."""
        answer = self.solutions(body)
        if not self.ask_as_table or isinstance(answer, ox.QueryBoolean):
            return cast(ox.QueryBoolean, answer)
        return _boolean(_table_says_true(answer))

    def results_as(self, kind: str, body: bytes, format: ox.QueryResultsFormat | ox.RdfFormat) -> bytes:
        """An answer asked as JSON results (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE), in `format`."""
        if kind in ("construct", "describe"):
            triples = [quad.triple for quad in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
            return cast(bytes, ox.serialize(triples, format=cast(ox.RdfFormat, format)))
        answer = self.ask_answer(body) if kind == "ask" else self.solutions(body)
        try:
            return cast(bytes, answer.serialize(format=cast(ox.QueryResultsFormat, format)))
        finally:
            del answer  # freed by the thread that made it (pyoxigraph results are not sendable)


def _blank_nodes_renamed(body: bytes) -> bytes:
    """Virtuoso's JSON results with its blank node names (`nodeID://b10000`) made labels (`b10000`)."""
    document = json.loads(body)
    for binding in document.get("results", {}).get("bindings", []):
        for term in binding.values():
            if term.get("type") == "bnode":
                term["value"] = term["value"].removeprefix("nodeID://")
    return json.dumps(document).encode()


def _boolean(value: bool) -> ox.QueryBoolean:
    """A pyoxigraph boolean result (it has no constructor: parsed from its JSON)."""
    document = b'{"head": {}, "boolean": ' + (b"true" if value else b"false") + b"}"
    return cast(ox.QueryBoolean, ox.parse_query_results(document, ox.QueryResultsFormat.JSON))


def _table_says_true(solutions: ox.QuerySolutions) -> bool:
    """Virtuoso's ASK table: true when it has a row whose `__ASK_RETVAL` is 1."""
    names = [variable.value for variable in solutions.variables]
    if names != [_VIRTUOSO_ASK_VARIABLE]:
        raise ValueError(f"Expected Virtuoso's ASK table ({_VIRTUOSO_ASK_VARIABLE}), got columns {names}")
    return any(str(getattr(row[0], "value", "")) == "1" for row in solutions)


STANDARD = Dialect("standard")
VIRTUOSO = Dialect(
    "virtuoso",
    form_queries=True,
    ask_as_table=True,
    insert_with_template=True,
    graph_needs_triples=True,
    clear_graph_by_graph=True,
    digest_auth=True,
    replace_by_update=True,
    relay_formats=True,
    insert_batch=1000,
    one_operation=True,
    nested_aggregates=False,
)
DIALECTS: dict[str, Dialect] = {dialect.name: dialect for dialect in (STANDARD, VIRTUOSO)}


def dialect_named(name: str | None) -> Dialect:
    """The dialect of the setting GEOKG_STORE_DIALECT; "standard" when unset.

    :raises ValueError: naming the choices, for an unknown name.
    """
    key = (name or "standard").strip().lower()
    if key not in DIALECTS:
        raise ValueError(
            f"Unknown store dialect {name!r}: use one of {sorted(DIALECTS)} (GEOKG_STORE_DIALECT)"
        )
    return DIALECTS[key]
