"""The read-only SPARQL 1.1 Protocol endpoint: GET and POST /sparql, with content negotiation.

Every query is parsed (by a query worker, `api.query_parse`) before the store sees it, so that updates and
SERVICE calls are refused without running anything. Dataset graphs (protocol parameters or FROM clauses) that
the store does not hold are empty graphs: they are left out of the dataset the store sees, so no store is ever
asked to fetch them from the web.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, current_app, request
from flask_smorest import Blueprint

from api.graph import iri_ref
from api.problems import documents_errors
from api.query_limits import QueryJob, QueryLimits, current_limits
from api.query_parse import UPDATE_REFUSED, ParsedQuery, Refusal
from api.query_runner import run_query
from api.query_shape import check_query_shape
from api.query_workers import parse_in_worker, start_query_clock
from api.store import get_store
from kg.graph.store import QuerySyntaxError

bp = Blueprint("sparql", __name__, description="SPARQL 1.1 Protocol endpoint (read-only).")

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

# (store result format, media type): the first of each list answers `*/*` and requests without Accept.
SOLUTION_FORMATS = (
    ("json", "application/sparql-results+json"),
    ("json", "application/json"),
    ("xml", "application/sparql-results+xml"),
    ("xml", "application/xml"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
)
GRAPH_FORMATS = (
    ("turtle", "text/turtle"),
    ("turtle", "application/x-turtle"),
    ("ntriples", "application/n-triples"),
    ("jsonld", "application/ld+json"),
    ("rdfxml", "application/rdf+xml"),
)
# Parameters that only SPARQL Update uses.
_UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")

# Queries up to this long keep their parse in a cache of 512 (about 2 MB at most).
_CACHED_QUERY_CHARS = 4096


# Stands for requested graphs the store lacks when leaving them out would widen the dataset: no default
# graphs at all means "the union of all graphs" to the stores. A URN, which no server would try to fetch.
EMPTY_GRAPH = "urn:x-geokg:empty-graph"


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of a query: the graphs merged into its default graph, and its named graphs."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default or self.named)


@dataclass(frozen=True)
class ProtocolRequest:
    """One query operation as the SPARQL 1.1 Protocol carries it."""

    query: str
    dataset: Dataset


@dataclass(frozen=True)
class CheckedQuery:
    kind: str
    dataset: Dataset


_PARAMETERS = [
    {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "The SPARQL query (GET)."},
    {
        "name": "default-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "Graphs whose merge is the default graph; graphs the store lacks are empty.",
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "Graphs available to GRAPH patterns; graphs the store lacks are left out.",
    },
]
_RESPONSES = {
    "200": {
        "description": "Results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE), in the negotiated format.",
        "content": {mimetype: {} for _, mimetype in SOLUTION_FORMATS + GRAPH_FORMATS},
    },
}


# The W3C protocol tests call /sparql/: answer both spellings without a redirect.
@bp.route("/sparql", methods=["GET", "POST"], strict_slashes=False)
@bp.doc(
    parameters=_PARAMETERS,
    requestBody={
        "content": {
            FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
            SPARQL_QUERY: {"schema": {"type": "string"}},
        }
    },
    responses=_RESPONSES,
)
@documents_errors(bp, 400, 403, 406, 413, 415, 503)
def sparql() -> Response:
    """Run a read-only SPARQL query (SPARQL 1.1 Protocol); updates, SERVICE and LOAD are refused."""
    operation = read_protocol_request()
    checked = check_query(operation.query)
    result_format, mimetype = negotiate(checked.kind)
    # The protocol's dataset replaces the query's FROM clauses (SPARQL 1.1 Protocol, 2.1.4).
    dataset = stored_dataset(operation.dataset or checked.dataset)
    body = _run(with_base(operation.query), dataset, checked.kind, result_format)
    response = Response(body, mimetype=mimetype)
    response.vary.add("Accept")
    return response


def read_protocol_request() -> ProtocolRequest:
    """The query and dataset of a GET, a form POST or a direct POST; anything else is a 4xx."""
    if request.method == "POST" and request.mimetype == SPARQL_UPDATE:
        _refuse_update()
    params = _params()
    if any(name in params for name in _UPDATE_PARAMS):
        _refuse_update()
    queries = params.getlist("query")
    if request.method == "POST" and request.mimetype == SPARQL_QUERY:
        queries.append(_direct_body())
    if not queries:
        abort(
            400,
            "Missing SPARQL query: give it as the 'query' parameter or as an application/sparql-query body",
        )
    if len(queries) > 1:
        abort(400, f"Expected one query, got {len(queries)}")
    if not queries[0].strip():
        abort(400, "Empty SPARQL query")
    dataset = Dataset(tuple(params.getlist("default-graph-uri")), tuple(params.getlist("named-graph-uri")))
    return ProtocolRequest(query=queries[0], dataset=dataset)


def _params() -> Any:
    """Protocol parameters: the URL's, plus the form's on a form POST."""
    if request.method == "GET":
        return request.args
    if request.mimetype == FORM:
        merged = request.args.copy()
        for name, value in request.form.items(multi=True):
            merged.add(name, value)
        return merged
    if request.mimetype == SPARQL_QUERY:
        return request.args
    abort(
        415,
        f"POST /sparql takes {FORM} or {SPARQL_QUERY}, not {request.mimetype or 'an untyped body'}",
    )


def _direct_body() -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        abort(415, f"A {SPARQL_QUERY} body must be UTF-8, not {charset}")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as e:
        abort(400, f"The query body is not valid UTF-8: {e}")


def _refuse_update() -> None:
    abort(403, UPDATE_REFUSED)


def check_query(query: str) -> CheckedQuery:
    """Refuse oversized or deeply nested queries here, then have a query worker parse the query (within the time
    limit, no lock held here) and refuse updates, syntax errors and SERVICE before anything runs."""
    check_query_shape(query)
    parsed = _parsed(query, current_limits())
    if isinstance(parsed, Refusal):
        abort(parsed.status, parsed.detail)
    return CheckedQuery(kind=parsed.kind, dataset=Dataset(parsed.default, parsed.named))


def _parsed(query: str, limits: QueryLimits) -> ParsedQuery | Refusal:
    start_query_clock(limits)
    # A query asked again (a dashboard, a client polling) skips the parse: the reading depends on the text only.
    if len(query) <= _CACHED_QUERY_CHARS:
        return _parsed_cached(query, limits)
    return parse_in_worker(query, limits)


@functools.lru_cache(maxsize=512)
def _parsed_cached(query: str, limits: QueryLimits) -> ParsedQuery | Refusal:
    return parse_in_worker(query, limits)


def stored_dataset(requested: Dataset) -> Dataset:
    """`requested` without the graphs the store lacks (they are empty, and never fetched from elsewhere)."""
    if not requested:
        return requested
    store = get_store()
    for iri in (*requested.default, *requested.named):
        try:
            iri_ref(iri)
        except ValueError:
            abort(400, f"Not an absolute IRI in the dataset: {iri!r}")
    default = tuple(iri for iri in dict.fromkeys(requested.default) if store.has_graph(iri))
    named = tuple(iri for iri in dict.fromkeys(requested.named) if store.has_graph(iri))
    if not default and (requested.default or not named):
        default = (EMPTY_GRAPH,)
    return Dataset(default, named)


def negotiate(kind: str) -> tuple[str, str]:
    """The (store result format, media type) that best fits the Accept header; 406 when none does."""
    offers = SOLUTION_FORMATS if kind in ("select", "ask") else GRAPH_FORMATS
    mimetype = best_mimetype([mimetype for _, mimetype in offers], what=f"{kind.upper()} results")
    return next(offer for offer in offers if offer[1] == mimetype)


def best_mimetype(offered: list[str], *, what: str) -> str:
    """The offered media type that best fits the Accept header (the first one without a header); 406 when
    none fits."""
    accept = request.accept_mimetypes
    if not accept:
        return offered[0]
    best = accept.best_match(offered)
    if best is None:
        abort(406, f"Cannot give {what} as {accept}; available: {', '.join(offered)}")
    return best


def with_base(query: str) -> str:
    """The query with this endpoint's URL as its base IRI, which relative IRIs resolve against.

    A BASE the query declares comes later in the prologue, so it still wins (and resolves against this one).
    Both backends resolve alike, and a remote store's own URL never shows in the answers.
    """
    return f"BASE <{request.url_root}sparql> {query}"


def _run(query: str, dataset: Dataset, kind: str, result_format: str) -> bytes:
    """The answer within the time limit and the row cap; QueryLimitExceeded (a 503) when it goes over either."""
    job = QueryJob(query, kind, result_format, default_graphs=dataset.default, named_graphs=dataset.named)
    location = str(current_app.config["GEOKG_STORE"])
    try:
        return run_query(get_store(), job, current_limits(), location=location)
    except QuerySyntaxError as e:
        # rdflib's grammar and the store's can disagree at the edges; the store has the last word.
        abort(400, f"SPARQL syntax error: {e}")
