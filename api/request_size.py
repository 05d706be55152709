"""The size of a request: a URL over GEOKG_MAX_URL_LENGTH bytes is refused with 414, a body over
GEOKG_MAX_BODY_BYTES with 413 (by Flask's MAX_CONTENT_LENGTH, before a view reads it)."""

from __future__ import annotations

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


def _refuse_long_urls() -> Response | None:
    max_url: int = current_app.extensions[_EXTENSION]
    url_length = len(request.full_path.encode())
    if url_length > max_url:
        return problem(
            414, f"The URL is {url_length} bytes, over the limit of {max_url}: send long queries by POST"
        )
    return None
