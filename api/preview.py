"""Preview: the facts an article would give, extracted and shown without storing anything (needs the token).

`POST /api/preview` takes the body of `POST /api/articles` (`{"text", …}` or `{"url"}`) and answers the facts
JSON of `geokg extract` plus the text they point into, so that the ingest form can show what would be saved.
A URL gives its first article (a feed's first item).
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from api.articles import BEARER, ArticleInSchema, require_token
from api.extraction_pool import extraction_problems, pooled_extractor
from api.problems import documents_errors

bp = Blueprint("preview", __name__, url_prefix="/api/preview", description="Facts of an article, not stored.")


class PreviewSchema(Schema):
    text = fields.String(metadata={"description": "The article text the offsets point into."})
    facts = fields.Dict(metadata={"description": "Facts JSON, as `geokg extract --format json` gives it."})


@bp.route("", methods=["POST"])
@bp.arguments(ArticleInSchema)
@bp.response(200, PreviewSchema)
@bp.doc(security=[BEARER])
@documents_errors(bp, 401, 403, 413, 422, 503)
def preview(data: dict[str, Any]) -> dict[str, Any]:
    """Extract the facts of an article, given or fetched from a URL, without storing them."""
    require_token()
    from kg.settings import is_on
    from kg.sources.ingest import IngestError, parse_published, read_inputs

    config = current_app.config
    text, title, published, source = data["text"], data["title"], data["published"], data["source"]
    if data["url"] is not None:
        try:
            item = next(
                read_inputs(data["url"], allow_private_urls=is_on(config["GEOKG_ALLOW_PRIVATE_URLS"])), None
            )
        except IngestError as e:
            abort(422, str(e))
        if item is None:
            abort(422, f"No article found at {data['url']}")
        text, title = item.text, item.title or title
        published, source = parse_published(item.published) or published, item.source or source or data["url"]
    with extraction_problems():
        facts = pooled_extractor().extract(text, title=title, published=published, source=source)
    return {"text": text, "facts": facts.to_json()}
