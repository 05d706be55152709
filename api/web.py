"""The web page for people, at `GET /`: entity search and cards, event timelines and filters, SPARQL editor;
and the SPARQL workbench (YASGUI) that a browser gets at `GET /sparql`.

The page is `api/static/index.html`, rendered here with the entity and event types the REST API accepts
(so its filters never drift from `kg.facts`); its script and style load from the app's `/static/` route
and talk to the REST resources and `/sparql` like any other client. Nothing comes from other hosts.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask import Blueprint, Response, render_template_string, request
from rdflib import OWL, RDF, Graph, URIRef

from api.sparql import GRAPH_FORMATS, SOLUTION_FORMATS
from kg.facts import ENTITY_TYPES, EVENT_TYPES
from kg.resources import ontology_file

bp = Blueprint("web", __name__)

PAGE = Path(__file__).parent / "static" / "index.html"
WORKBENCH = Path(__file__).parent / "static" / "sparql.html"
GK = "https://w3id.org/geokg/ontology#"

# sha256 of the one <style> element cytoscape.js 3.35.0 inserts (re-check after `make vendor` updates it: the
# browser tests fail on any CSP violation, and Chromium's message names the hash to allow).
CYTOSCAPE_STYLE_HASH = "sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8="

# The page runs only its own script and styles, and fetches only from this server: a strict policy costs
# nothing and stops injected markup from running even if some text ever escaped unescaped.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # cytoscape.js adds one fixed <style> element (its container's position): that one, by its hash.
        f"style-src 'self' '{CYTOSCAPE_STYLE_HASH}'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# YASGUI (CodeMirror, DataTables) writes style attributes into markup it builds: the workbench page allows
# inline styles, never inline scripts.
WORKBENCH_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    f"style-src 'self' '{CYTOSCAPE_STYLE_HASH}'", "style-src 'self' 'unsafe-inline'"
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
    return _page(html)


def _page(html: str, policy: str = CONTENT_SECURITY_POLICY) -> Response:
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.vary.add("Accept")
    return response


@bp.before_app_request
def _workbench_for_browsers() -> Response | None:
    """`GET /sparql` without a query, from a browser (HTML preferred to every result format), opens the
    workbench (`/sparql#query=…` opens it on a query). A request with a query is always the SPARQL 1.1
    Protocol, and so is any request that does not prefer HTML (`*/*` or no Accept)."""
    if request.method != "GET" or request.path.rstrip("/") != "/sparql" or request.args:
        return None
    accept = request.accept_mimetypes
    offered = [mimetype for _, mimetype in SOLUTION_FORMATS + GRAPH_FORMATS] + ["text/html"]
    if accept.quality("text/html") <= 0 or accept.best_match(offered) != "text/html":
        return None
    return workbench()


def workbench() -> Response:
    """The SPARQL workbench: YASGUI on this endpoint, with our prefixes, terms and example queries."""
    html = render_template_string(
        WORKBENCH.read_text(encoding="utf-8"),
        root=request.script_root + "/",
        endpoint=request.url_root + "sparql",
        terms=ontology_terms(),
    )
    return _page(html, WORKBENCH_SECURITY_POLICY)


@functools.cache
def ontology_terms() -> dict[str, list[str]]:
    """IRIs of the ontology's classes and properties, for completion in the workbench."""
    graph = Graph().parse(data=ontology_file("geokg.ttl").read_text(encoding="utf-8"), format="turtle")

    def ours(kinds: tuple[URIRef, ...]) -> list[str]:
        found = {str(s) for kind in kinds for s in graph.subjects(RDF.type, kind)}
        return sorted(iri for iri in found if iri.startswith(GK))

    return {
        "classes": ours((OWL.Class,)),
        "properties": ours((OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)),
    }


def type_label(name: str) -> str:
    """A class name as words for people: "CallForDialogue" -> "Call for dialogue"."""
    words = _WORD_START.sub(" ", name).split()
    return " ".join([words[0], *(word.lower() for word in words[1:])])
