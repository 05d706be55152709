"""Articles: ingest (token), list, read with their facts, delete (token)."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from flask import Response, abort, current_app, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest import abort as api_abort
from marshmallow import Schema, ValidationError, fields, validates_schema

from api.events import load_events, ordered_events
from api.extraction_pool import extraction_problems, pooled_extractor
from api.graph import (
    EVENT_CLASSES,
    base_iri,
    entity_refs,
    iri_ref,
    resource_id,
    resource_iri,
    select,
    values,
)
from api.problems import documents_errors
from api.relations import find_relations
from api.rest_cache import cached_answer
from api.schemas import EntityRefSchema, EventSchema, PageArgs, PageSchema, RelationSchema, page
from api.store import get_store

log = logging.getLogger(__name__)
bp = Blueprint("articles", __name__, url_prefix="/api/articles", description="Articles and their facts.")

BEARER: dict[str, list[str]] = {"bearerAuth": []}


def _not_blank(text: str) -> None:
    if not text.strip():
        raise ValidationError("The article text is empty.")
    _valid_unicode(text)


def _valid_unicode(text: str) -> None:
    """JSON may carry a lone surrogate ("\\ud800"): no store can keep it, so it is bad input."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValidationError(f"Not valid Unicode: a lone surrogate at character {e.start}.") from e


class ArticleInSchema(Schema):
    text = fields.String(
        load_default=None, validate=_not_blank, metadata={"description": "The article, plain text."}
    )
    url = fields.Url(
        load_default=None,
        schemes={"http", "https"},
        metadata={
            "description": "Instead of text: an article page or an RSS/Atom feed to fetch (every item is "
            "ingested). Loopback and private addresses are refused unless GEOKG_ALLOW_PRIVATE_URLS=1."
        },
    )
    title = fields.String(load_default=None, allow_none=True, validate=_valid_unicode)
    published = fields.Date(
        load_default=None,
        allow_none=True,
        error_messages={"invalid": "Not an ISO date (YYYY-MM-DD)."},
        metadata={"description": "YYYY-MM-DD."},
    )
    source = fields.Url(load_default=None, allow_none=True, metadata={"description": "URL of the original."})

    @validates_schema
    def _text_or_url(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("text") is None and data.get("url") is None:
            raise ValidationError("Give the article as 'text', or a 'url' to fetch it from.", "text")
        if data.get("text") is not None and data.get("url") is not None:
            raise ValidationError("Give 'text' or 'url', not both.", "url")


class CountsSchema(Schema):
    entities = fields.Integer()
    events = fields.Integer()
    relations = fields.Integer()


class ArticleSchema(Schema):
    iri = fields.String()
    id = fields.String()
    title = fields.String(allow_none=True)
    published = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    counts = fields.Nested(CountsSchema)


class IngestedSchema(ArticleSchema):
    url = fields.String(metadata={"description": "Where to read the article and its facts."})
    articles = fields.List(
        fields.Nested(ArticleSchema),
        metadata={
            "description": "Every article ingested (several for a feed); the body describes the first."
        },
    )


class ArticlePageSchema(PageSchema):
    items = fields.List(fields.Nested(ArticleSchema))


class MentionSchema(Schema):
    text = fields.String(allow_none=True)
    start = fields.Integer(allow_none=True)
    end = fields.Integer(allow_none=True)


class ArticleEntitySchema(EntityRefSchema):
    mentions = fields.List(fields.Nested(MentionSchema))


class ArticleFactsSchema(Schema):
    entities = fields.List(fields.Nested(ArticleEntitySchema))
    events = fields.List(fields.Nested(EventSchema))
    relations = fields.List(fields.Nested(RelationSchema))


class ArticleDetailSchema(ArticleSchema):
    text = fields.String(allow_none=True)
    facts = fields.Nested(ArticleFactsSchema)


@bp.before_request
def _require_token_for_writes() -> None:
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        require_token()


def require_token() -> None:
    """Let a write through only with `Authorization: Bearer <GEOKG_API_TOKEN>`."""
    token = current_app.config.get("GEOKG_API_TOKEN")
    if not token:
        abort(403, "Writes are disabled: the server has no GEOKG_API_TOKEN")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="geokg"'}
    if scheme.lower() != "bearer" or not given.strip():
        api_abort(401, message="Writes need an 'Authorization: Bearer <token>' header", headers=challenge)
    if not hmac.compare_digest(given.strip().encode(), str(token).encode()):
        api_abort(401, message="The API token is wrong", headers=challenge)


@bp.route("")
class Articles(MethodView):
    @cached_answer
    @bp.arguments(PageArgs, location="query")
    @bp.response(200, ArticlePageSchema)
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Articles, newest first, with how many entities, events and relations each gave."""
        total = select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?a { ?a a gk:Article } }")[0]["n"]
        articles = _articles(limit=args["limit"], offset=args["offset"])
        body, headers = page(articles, total=total, limit=args["limit"], offset=args["offset"])
        return body, 200, headers

    @bp.arguments(ArticleInSchema)
    @bp.response(201, IngestedSchema)
    @bp.doc(security=[BEARER])
    @documents_errors(bp, 400, 401, 403, 413, 422, 503)
    def post(self, data: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Extract facts from an article, given or fetched from a URL, and store them.

        The same text always lands in the same graph, replacing what it gave before. Extraction runs in worker
        processes: when they and their backlog are full, 503 with Retry-After.
        """
        from kg.sources.ingest import IngestError

        try:
            with extraction_problems():
                ingested = _ingest(data)
        except IngestError as e:
            abort(422, str(e))
        first = ingested[0]
        # Ids and counts only: the article text stays out of the logs.
        for article in ingested:
            counts = article["counts"]
            log.info(
                "Stored article %s (%d entities, %d events, %d relations)",
                article["id"],
                counts["entities"],
                counts["events"],
                counts["relations"],
            )
        url = url_for("articles.ArticleById", article_id=first["id"])
        return {**first, "url": url, "articles": ingested}, 201, {"Location": url}


def _ingest(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Ingest the text, or every article the URL gives (each written with its entities and merged events)."""
    from kg.settings import is_on
    from kg.sources.ingest import ArticleInput, IngestError, ingest_text, read_inputs

    config = current_app.config
    published = data["published"].isoformat() if data["published"] else None
    given = ArticleInput(data["text"], data["title"], published, data["source"])
    allow_private_urls = is_on(config["GEOKG_ALLOW_PRIVATE_URLS"])
    inputs = (
        [given]
        if data["url"] is None
        else list(read_inputs(data["url"], allow_private_urls=allow_private_urls))
    )
    if not inputs:
        raise IngestError(f"No article found at {data['url']}")
    extractor = pooled_extractor()
    store = get_store()
    ingested = []
    for item in inputs:
        facts = ingest_text(
            store,
            item.text,
            title=item.title or data["title"],
            published=item.published or published,
            source=item.source or data["source"],
            extractor=extractor,  # type: ignore[arg-type]
            wikidata_online=config["GEOKG_WIKIDATA_ONLINE"],
        )
        ingested.append(_ingested(facts))
    return ingested


def _ingested(facts: Any) -> dict[str, Any]:
    article = facts.article
    counts = {"entities": len(facts.entities), "events": len(facts.events), "relations": len(facts.relations)}
    body = {"iri": article.iri, "id": article.id, "title": article.title, "published": article.published}
    return {**body, "source": article.source, "counts": counts}


@bp.route("/<article_id>")
class ArticleById(MethodView):
    @bp.response(200, ArticleDetailSchema)
    @documents_errors(bp, 404)
    def get(self, article_id: str) -> dict[str, Any]:
        """One article: its metadata, text and facts (entities with mentions, events, relations)."""
        iri = resource_iri("article", article_id)
        found = _articles(only=iri, with_text=True)
        if not found:
            abort(404, f"No article with id {article_id!r}")
        return {**found[0], "facts": _facts(iri)}

    @bp.response(204)
    @bp.doc(security=[BEARER])
    @documents_errors(bp, 401, 403, 404)
    def delete(self, article_id: str) -> Response:
        """Delete an article's graph, and with it every fact it gave."""
        from kg.sources.ingest import delete_article

        if not delete_article(get_store(), resource_iri("article", article_id), base_iri=base_iri()):
            abort(404, f"No article with id {article_id!r}")
        return Response(status=204)


def _articles(
    *, limit: int | None = None, offset: int = 0, only: str | None = None, with_text: bool = False
) -> list[dict[str, Any]]:
    """Article metadata and fact counts, newest first (or the one article `only` names)."""
    where = f"VALUES ?a {{ {iri_ref(only)} }}" if only else ""
    window = f"LIMIT {limit} OFFSET {offset}" if limit is not None else ""
    text = "OPTIONAL { ?a gk:text ?text }" if with_text else ""
    rows = select(
        f"""SELECT ?a ?title ?issued ?source ?text WHERE {{
          {where}
          GRAPH ?a {{ ?a a gk:Article .
            OPTIONAL {{ ?a dcterms:title ?title }} OPTIONAL {{ ?a dcterms:issued ?issued }}
            OPTIONAL {{ ?a dcterms:source ?source }} {text} }}
        }} ORDER BY DESC(STR(?issued)) ?a {window}"""
    )
    counts = _counts([row["a"] for row in rows])
    return [_article(row, counts.get(row["a"], {})) for row in rows]


def _article(row: dict[str, Any], counts: dict[str, int]) -> dict[str, Any]:
    article = {
        "iri": row["a"],
        "id": resource_id(row["a"]),
        "title": row.get("title"),
        "published": row.get("issued"),
        "source": row.get("source"),
        "counts": {kind: counts.get(kind, 0) for kind in ("entities", "events", "relations")},
    }
    if "text" in row:
        article["text"] = row["text"]
    return article


def _counts(iris: list[str]) -> dict[str, dict[str, int]]:
    if not iris:
        return {}
    rows = select(
        f"""SELECT ?a ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {{
          VALUES ?a {{ {values(iris)} }}
          GRAPH ?a {{
            {{ ?a dcterms:references ?x BIND("entities" AS ?kind) }}
            UNION {{ ?x a ?cls VALUES ?cls {{ {EVENT_CLASSES} }} BIND("events" AS ?kind) }}
            UNION {{ ?x a gk:Statement BIND("relations" AS ?kind) }}
          }}
        }} GROUP BY ?a ?kind"""
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["a"], {})[row["kind"]] = row["n"]
    return counts


def _facts(iri: str) -> dict[str, Any]:
    graph = iri_ref(iri)
    events = ordered_events(f"GRAPH {graph} {{ ?event a ?cls VALUES ?cls {{ {EVENT_CLASSES} }} }}")
    return {
        "entities": _entities_with_mentions(iri),
        "events": load_events(events),
        "relations": find_relations(article=iri)[0],
    }


def _entities_with_mentions(iri: str) -> list[dict[str, Any]]:
    rows = select(
        f"""SELECT DISTINCT ?e ?m ?text ?start ?end WHERE {{
          GRAPH {iri_ref(iri)} {{
            {iri_ref(iri)} dcterms:references ?e
            OPTIONAL {{ ?e gk:mention ?m . OPTIONAL {{ ?m gk:text ?text }}
                       OPTIONAL {{ ?m gk:start ?start }} OPTIONAL {{ ?m gk:end ?end }} }}
          }}
        }}"""
    )
    refs = entity_refs(row["e"] for row in rows)
    entities = {e: {**ref, "mentions": []} for e, ref in refs.items()}
    for row in rows:
        if row.get("m") and row["e"] in entities:
            entities[row["e"]]["mentions"].append({k: row.get(k) for k in ("text", "start", "end")})
    for entity in entities.values():
        entity["mentions"].sort(key=lambda m: m["start"] or 0)
    return sorted(entities.values(), key=lambda e: (e["label"] or "", e["iri"]))
