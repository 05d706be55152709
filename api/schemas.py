"""Marshmallow schemas shared by the REST blueprints: arguments, pages and the pieces of cards."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

import marshmallow as ma
from flask import request
from marshmallow import fields, validate

from api.graph import ID_RE, QID_RE, iri_ref

MAX_LIMIT = 500
# Far beyond any page, and within the store's 64-bit OFFSET.
MAX_OFFSET = 10**12

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?\Z")


class PartialDate(fields.String):
    """An ISO date of any precision: 2023, 2023-05 or 2023-05-30 (compared with gk:date by prefix)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not _PARTIAL_DATE.match(text) or not _is_real_date(text):
            raise ma.ValidationError(f"Not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
        return text


def _is_real_date(text: str) -> bool:
    year, month, day = ([*map(int, text.split("-")), 1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


class EntityArg(fields.String):
    """An entity named by QID (Q403), by the slug of its IRI, or by its full IRI."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if QID_RE.match(text) or ID_RE.match(text):
            return text
        try:
            iri_ref(text)
        except ValueError as e:
            raise ma.ValidationError(f"Not a QID or an entity IRI: {text!r}") from e
        return text


class PageArgs(ma.Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_LIMIT))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_OFFSET))


class PageSchema(ma.Schema):
    total = fields.Integer(metadata={"description": "Number of matches over all pages."})
    limit = fields.Integer()
    offset = fields.Integer()
    next = fields.String(allow_none=True, metadata={"description": "URL of the next page, null on the last."})


def page(items: list[dict[str, Any]], *, total: int, limit: int, offset: int) -> tuple[dict[str, Any], dict]:
    """A page body plus its `Link: rel="next"` header."""
    next_url = None
    if offset + limit < total:
        args = {**request.args.to_dict(), "limit": limit, "offset": offset + limit}
        next_url = f"{request.path}?{urlencode(args)}"
    body = {"items": items, "total": total, "limit": limit, "offset": offset, "next": next_url}
    return body, ({"Link": f'<{next_url}>; rel="next"'} if next_url else {})


class EntityRefSchema(ma.Schema):
    iri = fields.String()
    id = fields.String()
    label = fields.String(allow_none=True)
    type = fields.String(allow_none=True)
    wikidata = fields.String(allow_none=True, metadata={"description": "Wikidata QID, null when unknown."})


class EvidenceSchema(ma.Schema):
    iri = fields.String()
    article = fields.String(allow_none=True, metadata={"description": "IRI of the article that says it."})
    article_id = fields.String(allow_none=True)
    text = fields.String(allow_none=True, metadata={"description": "The sentence."})
    start = fields.Integer(allow_none=True)
    end = fields.Integer(allow_none=True)


class RelationSchema(ma.Schema):
    type = fields.String()
    subject = fields.Nested(EntityRefSchema)
    object = fields.Nested(EntityRefSchema)
    role = fields.String(allow_none=True)
    since = fields.String(allow_none=True)
    until = fields.String(allow_none=True)
    confidence = fields.Float(allow_none=True)
    statements = fields.List(
        fields.String(),
        metadata={
            "description": "IRIs of the qualified statements: the first 10 by IRI (see statements_total)."
        },
    )
    statements_total = fields.Integer(
        metadata={"description": "How many statements (one per article that states it) the relation has."}
    )
    evidence = fields.List(
        fields.Nested(EvidenceSchema), metadata={"description": "The evidence of the listed statements."}
    )


class CasualtySchema(ma.Schema):
    kind = fields.String()
    group = fields.String(allow_none=True)
    count = fields.Integer()


class ArticleRefSchema(ma.Schema):
    iri = fields.String()
    id = fields.String()
    title = fields.String(allow_none=True)
    published = fields.String(allow_none=True)


class EventRefSchema(ma.Schema):
    iri = fields.String()
    id = fields.String()


class EventSchema(ma.Schema):
    iri = fields.String()
    id = fields.String()
    type = fields.String()
    plover = fields.String(allow_none=True)
    mode = fields.String(allow_none=True)
    date = fields.String(allow_none=True, metadata={"description": "YYYY, YYYY-MM or YYYY-MM-DD."})
    actors = fields.List(fields.Nested(EntityRefSchema))
    targets = fields.List(fields.Nested(EntityRefSchema))
    places = fields.List(fields.Nested(EntityRefSchema))
    mediators = fields.List(fields.Nested(EntityRefSchema))
    killed = fields.Integer(allow_none=True)
    injured = fields.Integer(allow_none=True)
    casualties = fields.List(fields.Nested(CasualtySchema))
    status = fields.String(allow_none=True)
    confidence = fields.Float(allow_none=True)
    evidence = fields.List(fields.Nested(EvidenceSchema))
    roles = fields.List(
        fields.String(), metadata={"description": "In an entity's timeline: the entity's roles in the event."}
    )
    merged_event = fields.String(
        allow_none=True,
        metadata={"description": "IRI of the gk:MergedEvent when other articles report the same incident."},
    )
    merged_with = fields.List(
        fields.Nested(EventRefSchema),
        metadata={"description": "The other articles' reports of the incident."},
    )
    merge_reasons = fields.List(
        fields.String(), metadata={"description": "What the reports agree on: type, date, place, actors."}
    )
    sources = fields.List(
        fields.Nested(ArticleRefSchema), metadata={"description": "Every article that reports the incident."}
    )


class EventPageSchema(PageSchema):
    items = fields.List(fields.Nested(EventSchema))
