"""Service routes (health, statistics, the API docs page) and what every response gets: CORS on reads,
validators and cache headers (ETag, 304), gzip for large bodies."""

from __future__ import annotations

import gzip
import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, cast

from flask import Response, current_app, request
from flask.blueprints import BlueprintSetupState
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from api.graph import EVENT_CLASSES, base_iri, select, string_literal
from api.query_limits import QueryLimitExceeded
from api.store import get_store
from kg.graph.store import EmbeddedStore, Store, StoreError

log = logging.getLogger(__name__)

bp = Blueprint("meta", __name__, description="Health, statistics and the API docs.")

# Names of the store classes of kg.graph.store, as /health reports them.
_BACKENDS = {"EmbeddedStore": "embedded", "SparqlStore": "remote"}

# Counting is a full scan, too slow for a probe that must answer at once: the embedded store is recounted after
# a write only, a remote store (written by others too) at most this often.
REMOTE_COUNT_TTL_S = 10.0
_COUNTS: weakref.WeakKeyDictionary[Store, tuple[object, int]] = weakref.WeakKeyDictionary()
_COUNTS_LOCK = threading.Lock()
_REFRESHING = threading.Lock()  # held while a background recount runs


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "Always 'ok' when the store answers."})
    store = fields.String(metadata={"description": "'embedded' (Oxigraph in process) or 'remote' (SPARQL)."})
    triples = fields.Integer(
        metadata={
            "description": "Number of quads over all graphs (on a remote store, counted at most every 10 s)."
        }
    )


class StatsSchema(Schema):
    articles = fields.Integer()
    entities = fields.Integer()
    events = fields.Integer()
    relations = fields.Integer()
    triples = fields.Integer()


@bp.route("/health")
class Health(MethodView):
    @bp.response(200, HealthSchema)
    def get(self) -> dict[str, Any]:
        """Whether the service and its store answer."""
        store = get_store()
        name = type(store).__name__
        return {"status": "ok", "store": _BACKENDS.get(name, name), "triples": _triples(store)}


@bp.route("/api/stats")
class Stats(MethodView):
    @bp.response(200, StatsSchema)
    def get(self) -> dict[str, Any]:
        """How many articles, entities, events, relations and triples the graph holds."""
        entity_prefix = string_literal(base_iri() + "entity/")
        rows = select(
            f"""SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {{
              {{ GRAPH ?x {{ ?x a gk:Article }} BIND("articles" AS ?kind) }}
              UNION {{ ?x rdfs:label ?l FILTER(STRSTARTS(STR(?x), {entity_prefix}))
                      BIND("entities" AS ?kind) }}
              UNION {{ ?x a ?cls VALUES ?cls {{ {EVENT_CLASSES} }} BIND("events" AS ?kind) }}
              UNION {{ ?x a gk:Statement BIND("relations" AS ?kind) }}
            }} GROUP BY ?kind"""
        )
        counts = {row["kind"]: row["n"] for row in rows}
        kinds = ("articles", "entities", "events", "relations")
        return {**{kind: counts.get(kind, 0) for kind in kinds}, "triples": _triples(get_store())}


def _triples(store: Store) -> int:
    """The store's quad count, without a full scan on the probe's path.

    The count is taken once, then recounted in the background (one recount at a time) when stale: the embedded
    store after a write (by a query worker, over the new snapshot: a full scan in this process would take the
    CPU and the GIL from every request, 0.2 s a write at 24k quads), a remote store (written by others too) when
    older than REMOTE_COUNT_TTL_S, so /health and /api/stats answer with the last count meanwhile. A remote
    store is pinged every time.
    """
    if isinstance(store, EmbeddedStore):
        version: object = store.generation
    else:
        store.ask("ASK {}")  # liveness: a store that does not answer makes this a 503
        version = None
    with _COUNTS_LOCK:
        cached = _COUNTS.get(store)
    if cached is None:
        count = store.count()
        with _COUNTS_LOCK:
            _COUNTS[store] = (version if version is not None else time.monotonic(), count)
        return count
    counted_at, count = cached
    stale = (
        counted_at != version
        if version is not None
        else time.monotonic() - cast(float, counted_at) > REMOTE_COUNT_TTL_S
    )
    if stale and _REFRESHING.acquire(blocking=False):
        threading.Thread(target=_refresh, args=(store, _recount(store)), daemon=True).start()
    return count


def _recount(store: Store) -> Callable[[], tuple[object, int]]:
    """How to count `store` again from a background thread (made here, in the request: the app's settings):
    the count and the version of the store it is of."""
    if not isinstance(store, EmbeddedStore):
        return lambda: (time.monotonic(), store.count())
    from api.query_limits import current_limits
    from api.query_workers import count_in_worker

    limits, location = current_limits(), str(current_app.config["GEOKG_STORE"])
    return lambda: count_in_worker(store, limits, location=location)


def _refresh(store: Store, recount: Callable[[], tuple[object, int]]) -> None:
    try:
        version, count = recount()
        with _COUNTS_LOCK:
            _COUNTS[store] = (version, count)
    except (StoreError, QueryLimitExceeded):
        log.warning("Could not recount the store", exc_info=True)
    finally:
        _REFRESHING.release()


# ---------------------------------------------------------------------------------------------------------
# /docs: flask-smorest's Swagger UI loads its scripts from a CDN; this page needs nothing but /openapi.json
# ---------------------------------------------------------------------------------------------------------

DOCS_ENDPOINT = "api-docs.openapi_swagger_ui"

DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GeoKG API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
details { border: 1px solid #ddd; border-radius: 4px; margin: .4rem 0; padding: .3rem .6rem; }
summary { cursor: pointer; } .method { display: inline-block; width: 4.2rem; font-weight: bold; }
.get { color: #1a6b2f; } .post { color: #8a5a00; } .delete { color: #a11; }
table { border-collapse: collapse; margin: .4rem 0; } td, th { text-align: left; padding: .15rem .6rem .15rem 0; }
</style></head>
<body><h1 id="title">GeoKG API</h1>
<p>The <a href="openapi.json">OpenAPI document</a>, rendered. Errors are <code>application/problem+json</code>.</p>
<div id="paths">Loading openapi.json&hellip;</div>
<script>
"use strict";
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}
function table(rows, head) {
  const t = el("table", {}, el("tr", {}, ...head.map(h => el("th", {}, h))));
  for (const row of rows) t.append(el("tr", {}, ...row.map(cell => el("td", {}, String(cell ?? "")))));
  return t;
}
function operation(path, method, op) {
  const box = el("details", {}, el("summary", {},
    el("span", {class: "method " + method}, method.toUpperCase()), el("code", {}, path), " ", op.summary || ""));
  if (op.description) box.append(el("p", {}, op.description));
  const params = (op.parameters || []).map(p =>
    [p.name, p.in, p.required ? "yes" : "", (p.schema && (p.schema.type || p.schema.$ref)) || "", p.description]);
  if (params.length) box.append(table(params, ["parameter", "in", "required", "type", "description"]));
  if (op.requestBody) box.append(el("p", {}, "Body: ", Object.keys(op.requestBody.content || {}).join(", ")));
  const responses = Object.entries(op.responses || {}).map(([status, r]) =>
    [status, r.description || (r.$ref || "").split("/").pop(), Object.keys(r.content || {}).join(", ")]);
  box.append(table(responses, ["status", "meaning", "content"]));
  return box;
}
fetch("openapi.json").then(r => r.json()).then(spec => {
  document.getElementById("title").textContent = spec.info.title + " " + spec.info.version;
  const root = document.getElementById("paths");
  root.textContent = "";
  for (const [path, methods] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(methods))
      if (typeof op === "object" && op.responses) root.append(operation(path, method, op));
}).catch(error => { document.getElementById("paths").textContent = "Could not load openapi.json: " + error; });
</script></body></html>
"""


def docs_page() -> Response:
    """A page that renders /openapi.json in the browser, with no script from elsewhere."""
    return Response(DOCS_PAGE, mimetype="text/html")


@bp.record_once
def _serve_docs_offline(state: BlueprintSetupState) -> None:
    # The endpoint keeps its name (the reconcile manifest links to it); only what it serves changes.
    if DOCS_ENDPOINT in state.app.view_functions:
        state.app.view_functions[DOCS_ENDPOINT] = docs_page
    else:
        state.app.add_url_rule("/docs", "docs", docs_page)


# ---------------------------------------------------------------------------------------------------------
# Every response: CORS on reads, cache validators, compression
# ---------------------------------------------------------------------------------------------------------

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# POST routes that only read (a SPARQL query, a reconciliation batch): any origin may call them.
READ_POSTS = ("/sparql", "/reconcile")
EXPOSED_HEADERS = "ETag, Link, Location, Retry-After, Content-Location"
# Browsers may send these on cross-origin reads; not Authorization, so no other site can write with a token.
ALLOWED_HEADERS = "Accept, Content-Type, If-None-Match"
GZIP_MIN_BYTES = 1024
_COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/n-triples",
    "application/javascript",
)
_COMPRESSIBLE_SUFFIXES = ("+json", "+xml")


@bp.after_app_request
def _http_policies(response: Response) -> Response:
    _cors(response)
    response = _cache_validators(response)
    _compress(response)
    return response


def _is_read() -> bool:
    if request.method in READ_METHODS:
        return True
    return request.method == "POST" and request.path.rstrip("/") in READ_POSTS


def _cors(response: Response) -> None:
    """Any origin may read; a preflight learns the methods and headers a read may use."""
    if not _is_read():
        return
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    response.headers.setdefault("Access-Control-Expose-Headers", EXPOSED_HEADERS)
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        reads_by_post = request.path.rstrip("/") in READ_POSTS
        methods = "GET, HEAD, POST, OPTIONS" if reads_by_post else "GET, HEAD, OPTIONS"
        response.headers.setdefault("Access-Control-Allow-Methods", methods)
        response.headers.setdefault("Access-Control-Allow-Headers", ALLOWED_HEADERS)
        response.headers.setdefault("Access-Control-Max-Age", "86400")


def _cache_validators(response: Response) -> Response:
    """A weak ETag and 'revalidate before reuse' on reads; 304 when the client's copy is current."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.direct_passthrough:
        return response
    if request.path == "/health":
        response.headers.setdefault("Cache-Control", "no-store")
        return response
    response.headers.setdefault("Cache-Control", "public, no-cache")
    # Weak: the same data gzipped or not is the same representation for revalidation.
    response.add_etag(weak=True)
    return cast(Response, response.make_conditional(request))


def _compress(response: Response) -> None:
    if response.direct_passthrough or response.status_code in (204, 304) or not _compressible(response):
        return
    response.vary.add("Accept-Encoding")
    if "Content-Encoding" in response.headers or request.accept_encodings["gzip"] <= 0:
        return
    data = response.get_data()
    if len(data) < GZIP_MIN_BYTES:
        return
    response.set_data(_gzipped(data))
    response.headers["Content-Encoding"] = "gzip"


# Bodies compressed lately, by body, within _GZIPPED_BYTES (bodies and their gzip): a REST answer kept by
# api.rest_cache is the same bytes for every client until the next write, and compressing a 40 KB card each time
# took 8% of the server's time under 16 clients. The least recently used go first.
_GZIPPED: OrderedDict[bytes, bytes] = OrderedDict()
_GZIPPED_LOCK = threading.Lock()
_GZIPPED_BYTES = 32 * 1024 * 1024
_gzipped_used = 0


def _gzipped(data: bytes) -> bytes:
    global _gzipped_used
    with _GZIPPED_LOCK:
        done = _GZIPPED.get(data)
        if done is not None:
            _GZIPPED.move_to_end(data)
            return done
    done = gzip.compress(data, compresslevel=6)
    with _GZIPPED_LOCK:
        if data not in _GZIPPED and len(data) + len(done) <= _GZIPPED_BYTES:
            _GZIPPED[data] = done
            _gzipped_used += len(data) + len(done)
            while _gzipped_used > _GZIPPED_BYTES:
                old, dropped = _GZIPPED.popitem(last=False)
                _gzipped_used -= len(old) + len(dropped)
    return done


def _compressible(response: Response) -> bool:
    mimetype = response.mimetype or ""
    return mimetype.startswith(_COMPRESSIBLE) or mimetype.endswith(_COMPRESSIBLE_SUFFIXES)
