"""Service routes: health check and graph statistics."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from api.graph import EVENT_CLASSES, base_iri, select, string_literal
from api.store import get_store

bp = Blueprint("meta", __name__, description="Health and statistics.")

# Names of the store classes of kg.store, as /health reports them.
_BACKENDS = {"EmbeddedStore": "embedded", "SparqlStore": "remote"}


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "Always 'ok' when the store answers."})
    store = fields.String(metadata={"description": "'embedded' (Oxigraph in process) or 'remote' (SPARQL)."})
    triples = fields.Integer(metadata={"description": "Number of quads over all article graphs."})


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
        return {"status": "ok", "store": _BACKENDS.get(name, name), "triples": store.count()}


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
