"""Entities: label search and entity cards (posts, memberships, relations, event timeline)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.events import event_page, event_pattern, load_events, ordered_events
from api.graph import (
    WIKIDATA_PAGE,
    base_iri,
    entity_refs,
    resource_iri,
    select,
    string_literal,
)
from api.problems import documents_errors
from api.relations import find_relations
from api.schemas import (
    EntityRefSchema,
    EventPageSchema,
    EventSchema,
    EvidenceSchema,
    PageArgs,
    PageSchema,
    RelationSchema,
    page,
)
from kg.facts import ENTITY_TYPES

bp = Blueprint("entities", __name__, url_prefix="/api/entities", description="Entities and their cards.")


class EntitySearchArgs(PageArgs):
    q = fields.String(
        metadata={"description": "Case-insensitive part of a label; prefix matches rank first."}
    )
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES))


class EntityPageSchema(PageSchema):
    items = fields.List(fields.Nested(EntityRefSchema))


class PostSchema(Schema):
    organization = fields.Nested(EntityRefSchema, metadata={"description": "The organisation or state."})
    role = fields.String(allow_none=True)
    since = fields.String(allow_none=True)
    until = fields.String(allow_none=True)
    evidence = fields.List(fields.Nested(EvidenceSchema))


class EntityCardSchema(EntityRefSchema):
    wikidata_url = fields.String(allow_none=True)
    posts = fields.List(fields.Nested(PostSchema), metadata={"description": "holdsPosition statements."})
    memberships = fields.List(fields.Nested(PostSchema), metadata={"description": "memberOf statements."})
    members = fields.List(fields.Nested(EntityRefSchema), metadata={"description": "Who is memberOf it."})
    relations = fields.List(fields.Nested(RelationSchema), metadata={"description": "Both directions."})
    events = fields.List(fields.Nested(EventSchema), metadata={"description": "Timeline, by date."})


class EntityEventsSchema(EventPageSchema):
    entity = fields.Nested(EntityRefSchema)


@bp.route("")
class Entities(MethodView):
    @bp.arguments(EntitySearchArgs, location="query")
    @bp.response(200, EntityPageSchema)
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Search entities by label, prefix matches first, then alphabetically."""
        pattern = _search_pattern(args.get("q") or "", args.get("type"))
        total = select(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {pattern} }}")[0]["n"]
        rows = select(
            f"""SELECT ?e (MIN(?rank) AS ?r) (MIN(LCASE(STR(?l))) AS ?key) WHERE {{ {pattern} }}
            GROUP BY ?e ORDER BY ?r ?key ?e LIMIT {args["limit"]} OFFSET {args["offset"]}"""
        )
        refs = entity_refs(row["e"] for row in rows)
        items = [refs[row["e"]] for row in rows if row["e"] in refs]
        body, headers = page(items, total=total, limit=args["limit"], offset=args["offset"])
        return body, 200, headers


@bp.route("/<entity_id>")
class EntityById(MethodView):
    @bp.response(200, EntityCardSchema)
    @documents_errors(bp, 404)
    def get(self, entity_id: str) -> dict[str, Any]:
        """The entity card: label, type, QID, posts, memberships, relations and event timeline."""
        return entity_card(resource_iri("entity", entity_id))


@bp.route("/<entity_id>/events")
class EntityEvents(MethodView):
    @bp.arguments(PageArgs, location="query")
    @bp.response(200, EntityEventsSchema)
    @documents_errors(bp, 404)
    def get(self, args: dict[str, Any], entity_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
        """The events an entity takes part in (any role), in date order."""
        iri = resource_iri("entity", entity_id)
        ref = _ref_or_404(iri)
        body, status, headers = event_page(
            {"involving": iri}, limit=args["limit"], offset=args["offset"], roles_of=iri
        )
        return {**body, "entity": ref}, status, headers


def _search_pattern(q: str, type_: str | None) -> str:
    needle = string_literal(q.lower())
    type_filter = f"?e a gk:{type_} ." if type_ else ""
    return f"""?e rdfs:label ?l . {type_filter}
        FILTER(STRSTARTS(STR(?e), {string_literal(base_iri() + "entity/")}))
        FILTER(CONTAINS(LCASE(STR(?l)), {needle}))
        BIND(IF(STRSTARTS(LCASE(STR(?l)), {needle}), 0, 1) AS ?rank)"""


def _ref_or_404(iri: str) -> dict[str, Any]:
    ref = entity_refs([iri]).get(iri)
    if ref is None or not iri.startswith(base_iri() + "entity/"):
        abort(404, f"No entity {iri}")
    return ref


def entity_card(iri: str) -> dict[str, Any]:
    """Everything the graph says about one entity, with the evidence for each fact."""
    card = _ref_or_404(iri)
    relations = find_relations(involving=iri)
    own = [r for r in relations if r["subject"]["iri"] == iri]
    return {
        **card,
        "wikidata_url": f"{WIKIDATA_PAGE}{card['wikidata']}" if card["wikidata"] else None,
        "posts": [_post(r) for r in own if r["type"] == "holdsPosition"],
        "memberships": [_post(r) for r in own if r["type"] == "memberOf"],
        "members": _members(relations, iri),
        "relations": relations,
        "events": _timeline(iri),
    }


def _post(relation: dict[str, Any]) -> dict[str, Any]:
    keys = ("role", "since", "until", "evidence")
    return {"organization": relation["object"], **{key: relation[key] for key in keys}}


def _members(relations: list[dict[str, Any]], iri: str) -> list[dict[str, Any]]:
    members = {
        r["subject"]["iri"]: r["subject"]
        for r in relations
        if r["type"] == "memberOf" and r["object"]["iri"] == iri
    }
    return sorted(members.values(), key=lambda ref: ref["label"] or "")


def _timeline(iri: str) -> list[dict[str, Any]]:
    return load_events(ordered_events(event_pattern(involving=iri)), roles_of=iri)
