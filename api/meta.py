"""Service routes: health check and graph statistics."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from api.graph import EVENT_CLASSES, base_iri, select, string_literal
from api.store import get_store
from kg.store import EmbeddedStore, Store, StoreError

log = logging.getLogger(__name__)

bp = Blueprint("meta", __name__, description="Health and statistics.")

# Names of the store classes of kg.store, as /health reports them.
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
        return {**{kind: counts.get(kind, 0) for kind in kinds}, "triples": get_store().count()}


def _triples(store: Store) -> int:
    """The store's quad count, without a full scan on every call.

    The embedded store is recounted after a write only. A remote store, which others may write too, is pinged
    every time; its count is refreshed in the background when older than REMOTE_COUNT_TTL_S.
    """
    if isinstance(store, EmbeddedStore):
        return _count_of(store, store.generation)
    store.ask("ASK {}")  # liveness: a store that does not answer makes this a 503
    with _COUNTS_LOCK:
        cached = _COUNTS.get(store)
    if cached is None:
        return _count_of(store, time.monotonic())
    counted_at, count = cached
    if time.monotonic() - float(counted_at) > REMOTE_COUNT_TTL_S and _REFRESHING.acquire(blocking=False):
        threading.Thread(target=_refresh, args=(store,), daemon=True).start()
    return count


def _count_of(store: Store, version: object) -> int:
    """The count cached for `version` of the store, or a fresh one, cached under it."""
    with _COUNTS_LOCK:
        cached = _COUNTS.get(store)
    if cached is not None and cached[0] == version:
        return cached[1]
    count = store.count()
    with _COUNTS_LOCK:
        _COUNTS[store] = (version, count)
    return count


def _refresh(store: Store) -> None:
    try:
        _count_of(store, time.monotonic())
    except StoreError:
        log.warning("Could not recount the remote store", exc_info=True)
    finally:
        _REFRESHING.release()
