"""Standing relations (memberOf, doesNotRecognize, holdsPosition, …) with their time, role and evidence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from api.graph import GK, entity_iri_from_arg, entity_refs, iri_ref, ref_or_bare, resource_id, select
from api.schemas import EntityArg, PageArgs, PageSchema, RelationSchema, page
from kg.facts import RELATION_TYPES

bp = Blueprint("relations", __name__, url_prefix="/api/relations", description="Standing relations.")


class RelationArgs(PageArgs):
    subject = EntityArg(metadata={"description": "QID, slug or IRI of the entity that holds the relation."})
    object = EntityArg(metadata={"description": "QID, slug or IRI of the entity it points to."})
    type = fields.String(validate=validate.OneOf(RELATION_TYPES))


class RelationPageSchema(PageSchema):
    items = fields.List(fields.Nested(RelationSchema))


@bp.route("")
class Relations(MethodView):
    @bp.arguments(RelationArgs, location="query")
    @bp.response(200, RelationPageSchema)
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Relations by subject, object and type, grouped over the articles that state them."""
        relations = find_relations(
            subject=_entity(args.get("subject")),
            object_=_entity(args.get("object")),
            type_=args.get("type"),
        )
        limit, offset = args["limit"], args["offset"]
        body, headers = page(
            relations[offset : offset + limit], total=len(relations), limit=limit, offset=offset
        )
        return body, 200, headers


def _entity(value: str | None) -> str | None:
    return entity_iri_from_arg(value) if value else None


def find_relations(
    *,
    subject: str | None = None,
    object_: str | None = None,
    involving: str | None = None,
    type_: str | None = None,
    article: str | None = None,
) -> list[dict[str, Any]]:
    """Relations matching every given filter; `involving` matches either end, `article` one graph."""
    pattern = "?st a gk:Statement ; gk:subject ?s ; gk:predicate ?p ; gk:object ?o ."
    if article:
        pattern = f"GRAPH {iri_ref(article)} {{ {pattern} }}"
    filters = [
        f"FILTER(?s = {iri_ref(subject)})" if subject else "",
        f"FILTER(?o = {iri_ref(object_)})" if object_ else "",
        f"FILTER(?s = {iri_ref(involving)} || ?o = {iri_ref(involving)})" if involving else "",
        f"FILTER(?p = gk:{type_})" if type_ else "",
    ]
    rows = select(
        f"""SELECT DISTINCT ?st ?s ?p ?o ?role ?since ?until ?conf ?ev ?article ?text ?start ?end WHERE {{
          {pattern}
          {" ".join(filters)}
          OPTIONAL {{ ?st gk:role ?role }}
          OPTIONAL {{ ?st gk:since ?since }}
          OPTIONAL {{ ?st gk:until ?until }}
          OPTIONAL {{ ?st gk:confidence ?conf }}
          OPTIONAL {{ ?st gk:evidence ?ev . {EVIDENCE_FIELDS} }}
        }}"""
    )
    return group_relations(rows)


EVIDENCE_FIELDS = """OPTIONAL { ?ev gk:article ?article } OPTIONAL { ?ev gk:sentence ?text }
          OPTIONAL { ?ev gk:start ?start } OPTIONAL { ?ev gk:end ?end }"""


def evidence_of(row: dict[str, Any]) -> dict[str, Any]:
    """The evidence item of a row that selected ?ev ?article ?text ?start ?end."""
    article = row.get("article")
    return {
        "iri": row["ev"],
        "article": article,
        "article_id": resource_id(article) if article else None,
        "text": row.get("text"),
        "start": row.get("start"),
        "end": row.get("end"),
    }


def group_relations(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One relation per (type, subject, object, role), keeping every statement and piece of evidence."""
    rows = list(rows)
    refs = entity_refs({row["s"] for row in rows} | {row["o"] for row in rows})
    grouped: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (row["p"], row["s"], row["o"], row.get("role"))
        relation = grouped.setdefault(key, _new_relation(row, refs))
        _merge(relation, row)
    relations = [_finish(relation) for relation in grouped.values()]
    return sorted(
        relations, key=lambda r: (r["type"], r["subject"]["label"] or "", r["object"]["label"] or "")
    )


def _new_relation(row: dict[str, Any], refs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": row["p"].removeprefix(GK),
        "subject": ref_or_bare(row["s"], refs),
        "object": ref_or_bare(row["o"], refs),
        "role": row.get("role"),
        "since": None,
        "until": None,
        "confidence": None,
        "statements": set(),
        "evidence": {},
    }


def _merge(relation: dict[str, Any], row: dict[str, Any]) -> None:
    relation["statements"].add(row["st"])
    # Sources may disagree on dates: keep the earliest start and the latest end any of them gives.
    if row.get("since") is not None:
        relation["since"] = min(filter(None, (relation["since"], str(row["since"]))))
    if row.get("until") is not None:
        relation["until"] = max(filter(None, (relation["until"], str(row["until"]))))
    if row.get("conf") is not None:
        relation["confidence"] = max(relation["confidence"] or 0.0, row["conf"])
    if row.get("ev"):
        relation["evidence"][row["ev"]] = evidence_of(row)


def _finish(relation: dict[str, Any]) -> dict[str, Any]:
    evidence = sorted(relation["evidence"].values(), key=lambda e: (e["article"] or "", e["start"] or 0))
    return {**relation, "statements": sorted(relation["statements"]), "evidence": evidence}
