"""Standing relations (memberOf, doesNotRecognize, holdsPosition, …) with their time, role and evidence."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from api.graph import (
    GK,
    entity_iri_from_arg,
    entity_refs,
    iri_ref,
    ref_or_bare,
    resource_id,
    select,
    string_literal,
)
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
        limit, offset = args["limit"], args["offset"]
        relations, total = find_relations(
            subject=_entity(args.get("subject")),
            object_=_entity(args.get("object")),
            type_=args.get("type"),
            limit=limit,
            offset=offset,
        )
        body, headers = page(relations, total=total, limit=limit, offset=offset)
        return body, 200, headers


def _entity(value: str | None) -> str | None:
    return entity_iri_from_arg(value) if value else None


# At most this many statements (with their evidence) are listed per relation; `statements_total` counts all.
STATEMENTS_PER_RELATION = 10


def find_relations(
    *,
    subject: str | None = None,
    object_: str | None = None,
    involving: str | None = None,
    type_: str | None = None,
    article: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """A page of the relations matching every given filter, and how many match in all; `involving` matches
    either end, `article` one graph.

    Bounded reads: one grouped query gives each relation's dates, confidence and statement count (one row per
    relation, however many articles state it); statements and evidence are then read for the page's relations
    only, at most STATEMENTS_PER_RELATION each.
    """
    pattern = _statement_pattern(subject=subject, object_=object_, involving=involving, type_=type_)
    if article:
        pattern = f"GRAPH {iri_ref(article)} {{ {pattern} }}"
    groups = select(
        f"""SELECT ?p ?s ?o ?role (MIN(STR(?since0)) AS ?since) (MAX(STR(?until0)) AS ?until)
                  (MAX(?conf0) AS ?conf) (COUNT(DISTINCT ?st) AS ?n) WHERE {{
          {pattern}
          OPTIONAL {{ ?st gk:role ?role }}
          OPTIONAL {{ ?st gk:since ?since0 }}
          OPTIONAL {{ ?st gk:until ?until0 }}
          OPTIONAL {{ ?st gk:confidence ?conf0 }}
        }} GROUP BY ?p ?s ?o ?role"""
    )
    refs = entity_refs({row["s"] for row in groups} | {row["o"] for row in groups})
    relations = sorted(
        (_relation(row, refs) for row in groups),
        key=lambda r: (r["type"], r["subject"]["label"] or "", r["object"]["label"] or "", r["role"] or ""),
    )
    window = relations[offset : None if limit is None else offset + limit]
    _add_statements(window, article)
    return window, len(relations)


def _statement_pattern(
    *, subject: str | None, object_: str | None, involving: str | None, type_: str | None
) -> str:
    """Statements binding ?st ?s ?p ?o, reached from the given ends first (the store's indexes do the rest)."""
    parts = []
    if involving:
        parts.append(
            f"VALUES ?end {{ {iri_ref(involving)} }} {{ ?st gk:subject ?end }} UNION {{ ?st gk:object ?end }}"
        )
    if subject:
        parts.append(f"?st gk:subject {iri_ref(subject)} .")
    if object_:
        parts.append(f"?st gk:object {iri_ref(object_)} .")
    if type_:
        parts.append(f"?st gk:predicate gk:{type_} .")
    parts.append("?st a gk:Statement ; gk:subject ?s ; gk:predicate ?p ; gk:object ?o .")
    return "\n".join(parts)


def _relation(row: dict[str, Any], refs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": row["p"].removeprefix(GK),
        "subject": ref_or_bare(row["s"], refs),
        "object": ref_or_bare(row["o"], refs),
        "role": row.get("role"),
        "since": row.get("since"),
        "until": row.get("until"),
        "confidence": row.get("conf"),
        "statements": [],
        "statements_total": row["n"],
        "evidence": [],
    }


def _add_statements(relations: list[dict[str, Any]], article: str | None) -> None:
    """The first STATEMENTS_PER_RELATION statements of each relation (by IRI), with their evidence."""
    if not relations:
        return
    branches = []
    for number, relation in enumerate(relations):
        role = relation["role"]
        role_test = (
            f"?st gk:role ?r FILTER(STR(?r) = {string_literal(role)})"
            if role is not None
            else "FILTER NOT EXISTS { ?st gk:role ?r }"
        )
        statement = f"""?st a gk:Statement ; gk:subject {iri_ref(relation["subject"]["iri"])} ;
              gk:predicate gk:{relation["type"]} ; gk:object {iri_ref(relation["object"]["iri"])} . {role_test}"""
        if article:
            statement = f"GRAPH {iri_ref(article)} {{ {statement} }}"
        branches.append(
            f"""{{ SELECT DISTINCT ?st ({number} AS ?group) WHERE {{ {statement} }}
              ORDER BY ?st LIMIT {STATEMENTS_PER_RELATION} }}"""
        )
    rows = select(
        f"""SELECT ?group ?st ?ev ?article ?text ?start ?end WHERE {{
          {{ {" UNION ".join(branches)} }}
          OPTIONAL {{ ?st gk:evidence ?ev . {EVIDENCE_FIELDS} }}
        }}"""
    )
    statements: dict[int, set[str]] = {}
    evidence: dict[int, dict[str, dict[str, Any]]] = {}
    for row in rows:
        statements.setdefault(row["group"], set()).add(row["st"])
        if row.get("ev"):
            evidence.setdefault(row["group"], {})[row["ev"]] = evidence_of(row)
    for number, relation in enumerate(relations):
        relation["statements"] = sorted(statements.get(number, ()))
        relation["evidence"] = sorted(
            evidence.get(number, {}).values(), key=lambda e: (e["article"] or "", e["start"] or 0)
        )


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
