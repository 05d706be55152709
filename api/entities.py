"""Entities: label search and entity cards (posts, memberships, relations, event timeline)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.as_of import AsOfArgs, AsOfSchema, as_of
from api.events import counted_by, event_page, event_pattern, event_slice
from api.graph import (
    WIKIDATA_PAGE,
    base_iri,
    entity_refs,
    resource_iri,
    select_all,
    string_literal,
)
from api.problems import documents_errors
from api.relations import find_relations
from api.rest_cache import cached_answer
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
from kg.names import fold_name, name_score, name_words

bp = Blueprint("entities", __name__, url_prefix="/api/entities", description="Entities and their cards.")


# Ranks of a match, best first; `fuzzy` needs a score of at least FUZZY_CUTOFF (0..100) and a 3-letter query.
MATCHES = ("exact", "prefix", "word", "substring", "fuzzy")
FUZZY_CUTOFF = 80.0


class EntitySearchArgs(PageArgs):
    q = fields.String(
        metadata={
            "description": "Name or part of one, any case or accents: exact, prefix, word-prefix and substring "
            "matches rank first, then near spellings (rapidfuzz)."
        }
    )
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES))


class EntityHitSchema(EntityRefSchema):
    match = fields.String(
        allow_none=True,
        metadata={"description": f"How the label matched: {', '.join(MATCHES)}; null without q."},
    )
    score = fields.Float(allow_none=True, metadata={"description": "Similarity of the best label, 0..100."})


class EntityPageSchema(PageSchema):
    items = fields.List(fields.Nested(EntityHitSchema))


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
    events = fields.List(
        fields.Nested(EventSchema),
        metadata={"description": "The first page of the timeline, by date (see events_total, events_next)."},
    )
    events_total = fields.Integer(metadata={"description": "How many events the entity takes part in."})
    events_next = fields.String(
        allow_none=True,
        metadata={
            "description": "URL of the rest of the timeline (/api/entities/{id}/events), null when none."
        },
    )
    as_of = fields.Nested(AsOfSchema, metadata={"description": "With ?as_of=: how things stood that day."})


class EntityEventsSchema(EventPageSchema):
    entity = fields.Nested(EntityRefSchema)


@bp.route("")
class Entities(MethodView):
    @cached_answer
    @bp.arguments(EntitySearchArgs, location="query")
    @bp.response(200, EntityPageSchema)
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Search entities by name: exact, prefix, word and substring matches, then near spellings."""
        hits = search_entities(args.get("q") or "", args.get("type"))
        window = hits[args["offset"] : args["offset"] + args["limit"]]
        refs = entity_refs(hit.iri for hit in window)
        items = [
            {**refs[hit.iri], "match": hit.match, "score": hit.score} for hit in window if hit.iri in refs
        ]
        body, headers = page(items, total=len(hits), limit=args["limit"], offset=args["offset"])
        return body, 200, headers


@bp.route("/<entity_id>")
class EntityById(MethodView):
    @cached_answer
    @bp.arguments(AsOfArgs, location="query")
    @bp.response(200, EntityCardSchema)
    @documents_errors(bp, 404)
    def get(self, args: dict[str, Any], entity_id: str) -> dict[str, Any]:
        """The entity card: label, type, QID, posts, memberships, relations and event timeline; with
        `?as_of=YYYY-MM-DD`, also the posts, memberships and recognition as they stood that day."""
        card = entity_card(resource_iri("entity", entity_id))
        return {**card, "as_of": as_of(card, args["as_of"])} if args.get("as_of") else card


@bp.route("/<entity_id>/events")
class EntityEvents(MethodView):
    @cached_answer
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


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    match: str | None
    score: float | None

    def key(self) -> tuple[int, float, int, str, str]:
        """Best match first, then closest, then shortest name; without a query, by name."""
        name = fold_name(self.label, keep_punctuation=True)
        if self.match is None:
            return (0, 0.0, 0, name, self.iri)
        return (MATCHES.index(self.match), -(self.score or 0.0), len(self.label), name, self.iri)


def search_entities(q: str, type_: str | None) -> list[Hit]:
    """Entities whose labels match `q` (all of them for an empty `q`), best first."""
    type_filter = f"?e a gk:{type_} ." if type_ else ""
    rows = select_all(
        f"""SELECT DISTINCT ?e ?l WHERE {{ ?e rdfs:label ?l . {type_filter}
          FILTER(STRSTARTS(STR(?e), {string_literal(base_iri() + "entity/")})) }} ORDER BY ?e ?l"""
    )
    # Punctuation kept: users type "sana'a" or "al-balah", and their prefixes, as the labels write them.
    needle = fold_name(q, keep_punctuation=True)
    best: dict[str, Hit] = {}
    for row in rows:
        hit = _hit(row["e"], str(row["l"]), needle) if needle else Hit(row["e"], str(row["l"]), None, None)
        if hit is not None and (row["e"] not in best or hit.key() < best[row["e"]].key()):
            best[row["e"]] = hit
    return sorted(best.values(), key=Hit.key)


def _hit(iri: str, label: str, needle: str) -> Hit | None:
    name = fold_name(label, keep_punctuation=True)
    words = name_words(name)
    if name == needle:
        return Hit(iri, label, "exact", 100.0)
    if name.startswith(needle):
        return Hit(iri, label, "prefix", _similarity(needle, name))
    if any(word.startswith(needle) for word in words):
        return Hit(iri, label, "word", _similarity(needle, name))
    if needle in name:
        return Hit(iri, label, "substring", _similarity(needle, name))
    score = _similarity(needle, name) if len(needle) >= 3 else 0.0
    return Hit(iri, label, "fuzzy", score) if score >= FUZZY_CUTOFF else None


def _similarity(needle: str, name: str) -> float:
    """How close the query is to the whole name or to its closest word (a surname, say), 0..100."""
    return round(name_score(needle, name, by_word=True), 1)


def _ref_or_404(iri: str) -> dict[str, Any]:
    ref = entity_refs([iri]).get(iri)
    if ref is None or not iri.startswith(base_iri() + "entity/"):
        abort(404, f"No entity {iri}")
    return ref


# The card shows the first page of the timeline; /api/entities/{id}/events pages through the rest.
EVENTS_ON_CARD = 20


def entity_card(iri: str) -> dict[str, Any]:
    """What the graph says about one entity, with the evidence for each fact: every relation (with a sample of
    its statements) and the first EVENTS_ON_CARD events of its timeline."""
    card = _ref_or_404(iri)
    relations, _ = find_relations(involving=iri)
    own = [r for r in relations if r["subject"]["iri"] == iri]
    criteria: dict[str, Any] = {"involving": iri}
    events, total = event_slice(
        event_pattern(**criteria), limit=EVENTS_ON_CARD, offset=0, roles_of=iri, counted=counted_by(criteria)
    )
    return {
        **card,
        "wikidata_url": f"{WIKIDATA_PAGE}{card['wikidata']}" if card["wikidata"] else None,
        "posts": [_post(r) for r in own if r["type"] == "holdsPosition"],
        "memberships": [_post(r) for r in own if r["type"] == "memberOf"],
        "members": _members(relations, iri),
        "relations": relations,
        "events": events,
        "events_total": total,
        "events_next": _events_next(card["id"], total),
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


def _events_next(entity_id: str, total: int) -> str | None:
    if total <= EVENTS_ON_CARD:
        return None
    return f"{url_for('entities.EntityEvents', entity_id=entity_id)}?limit={EVENTS_ON_CARD}&offset={EVENTS_ON_CARD}"
