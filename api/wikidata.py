"""Wikidata look-up: our entity card for a QID."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask.views import MethodView
from flask_smorest import Blueprint

from api.entities import EntityCardSchema, entity_card
from api.graph import QID_RE, WD, iri_ref, select
from api.problems import documents_errors

bp = Blueprint("wikidata", __name__, url_prefix="/api/wikidata", description="Entities by Wikidata QID.")


@bp.route("/<qid>")
class EntityByQid(MethodView):
    @bp.response(200, EntityCardSchema)
    @documents_errors(bp, 400, 404)
    def get(self, qid: str) -> dict[str, Any]:
        """The card of the entity that is owl:sameAs the Wikidata item `qid`."""
        if not QID_RE.match(qid):
            abort(400, f"Not a Wikidata QID: {qid!r} (expected Q followed by digits, like Q403)")
        rows = select(f"SELECT ?e WHERE {{ ?e owl:sameAs {iri_ref(WD + qid)} }} ORDER BY ?e LIMIT 1")
        if not rows:
            abort(404, f"No entity with QID {qid}")
        return entity_card(rows[0]["e"])
