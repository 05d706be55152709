"""The web page for people, at `GET /`: entity search and cards, event timelines and filters, SPARQL editor.

The page is `api/static/index.html`, rendered here with the entity and event types the REST API accepts
(so its filters never drift from `kg.facts`); its script and style load from the app's `/static/` route
and talk to the REST resources and `/sparql` like any other client. Nothing comes from other hosts.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Response, render_template_string

from kg.facts import ENTITY_TYPES, EVENT_TYPES

bp = Blueprint("web", __name__)

PAGE = Path(__file__).parent / "static" / "index.html"

# The page runs only its own script and styles, and fetches only from this server: a strict policy costs
# nothing and stops injected markup from running even if some text ever escaped unescaped.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

_WORD_START = re.compile(r"(?<=[a-z])(?=[A-Z])")


@bp.get("/")
def index() -> Response:
    """The web page (HTML; the data comes from the REST API and /sparql)."""
    html = render_template_string(
        PAGE.read_text(encoding="utf-8"),
        entity_types=[(name, type_label(name)) for name in ENTITY_TYPES],
        event_types=[(name, type_label(name)) for name in EVENT_TYPES],
    )
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def type_label(name: str) -> str:
    """A class name as words for people: "CallForDialogue" -> "Call for dialogue"."""
    words = _WORD_START.sub(" ", name).split()
    return " ".join([words[0], *(word.lower() for word in words[1:])])
