"""The size of a request: a URL over GEOKG_MAX_URL_LENGTH bytes is refused with 414, a body over
GEOKG_MAX_BODY_BYTES with 413 (by Flask's MAX_CONTENT_LENGTH, before a view reads it; a chunked body, which has
no Content-Length, is read here up to the limit and counted)."""

from __future__ import annotations

import io

from flask import Flask, Response, current_app, request

from api.problems import problem
from kg.settings import positive_int

_EXTENSION = "geokg.max_url_length"


def init_app(app: Flask) -> None:
    """Cap the URL and the body of every request to `app`, by its settings."""
    app.config["MAX_CONTENT_LENGTH"] = positive_int(
        "GEOKG_MAX_BODY_BYTES", app.config["GEOKG_MAX_BODY_BYTES"]
    )
    # Long queries belong in a POST body; gunicorn refuses request lines over 4094 bytes before this.
    app.extensions[_EXTENSION] = positive_int("GEOKG_MAX_URL_LENGTH", app.config["GEOKG_MAX_URL_LENGTH"])
    app.before_request(_refuse_long_urls)
    app.before_request(_count_chunked_bodies)


def _refuse_long_urls() -> Response | None:
    max_url: int = current_app.extensions[_EXTENSION]
    url_length = len(request.full_path.encode())
    if url_length > max_url:
        return problem(
            414, f"The URL is {url_length} bytes, over the limit of {max_url}: send long queries by POST"
        )
    return None


def _count_chunked_bodies() -> Response | None:
    """A chunked body over the limit is 413, as the same body with a Content-Length is: read as it comes, the
    server's stream would be cut at the limit and the cut body parsed (and stored, were it still valid)."""
    environ = request.environ
    if environ.get("CONTENT_LENGTH") or "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return None
    limit = int(current_app.config["MAX_CONTENT_LENGTH"])
    body = environ["wsgi.input"].read(limit + 1)
    if len(body) > limit:
        return problem(413, f"The body is over the limit of {limit} bytes (GEOKG_MAX_BODY_BYTES)")
    # The body, counted, is handed on as though it had come with a Content-Length.
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return None
