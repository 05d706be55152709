"""Linked data: `/id/…` IRIs dereference, and REST routes answer JSON-LD on `Accept: application/ld+json`.

`GET /id/<path>` describes `<GEOKG_BASE_IRI><path>` directly with 200 (no 303 to a document URL): an HTML page
for browsers, Turtle, JSON-LD, N-Triples or RDF/XML by `Accept` (Turtle for `*/*`), with `Vary: Accept`. The
description is the resource's own triples over all graphs, plus those of the nodes it owns (its evidence,
casualty counts and mentions), so that each fact comes with the sentence that says it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from flask import Response, abort, render_template_string, request
from flask_smorest import Blueprint
from markupsafe import Markup, escape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from api.graph import GK, WD, WIKIDATA_PAGE, base_iri, iri_ref, values
from api.problems import documents_errors
from api.rest_queries import construct_graph
from api.sparql import best_mimetype
from kg.resources import ontology_file

bp = Blueprint(
    "linked_data",
    __name__,
    url_prefix="/id",
    description="Linked-data IRIs: every GeoKG IRI answers with its description (HTML, Turtle, JSON-LD, …).",
)

CONTEXT_FILE = ontology_file("context.jsonld")
JSON_LD = "application/ld+json"
# (media type, rdflib format); the first answers */* and requests without Accept.
RDF_OFFERS = (
    ("text/turtle", "turtle"),
    ("text/html", "html"),
    (JSON_LD, "json-ld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"),
)
# Kinds of resource (the first step of their path) with a REST view.
_REST_ROUTES = {"entity": "entities", "event": "events", "article": "articles"}
# Nodes a resource owns: described along with it.
_OWNED = ("evidence", "supportingEvidence", "casualtyCount", "mention")
_PREFIXES = {
    "gk": GK,
    "wd": WD,
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "xsd": str(XSD),
}


@cache
def context() -> dict[str, Any]:
    """The JSON-LD context of the ontology (ontology/context.jsonld)."""
    with CONTEXT_FILE.open(encoding="utf-8") as file:
        return dict(json.load(file)["@context"])


def describe(iris: Iterable[str]) -> Graph:
    """The triples of `iris` and of the nodes they own, over all graphs."""
    iris = list(dict.fromkeys(iris))
    graph = Graph()
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("id", base_iri())
    if not iris:
        return graph
    owned = ", ".join(f"<{GK}{name}>" for name in _OWNED)
    query = f"""CONSTRUCT {{ ?r ?p ?o . ?o ?q ?v }} WHERE {{
      VALUES ?r {{ {values(iris)} }}
      ?r ?p ?o .
      OPTIONAL {{ ?o ?q ?v FILTER(?p IN ({owned})) }}
    }}"""
    graph += construct_graph(query)
    return graph


def json_ld(graph: Graph) -> str:
    """`graph` as JSON-LD compacted with the ontology's context."""
    return graph.serialize(format="json-ld", context=context(), auto_compact=True)


@bp.route("/<path:path>")
@bp.doc(
    parameters=[{"name": "path", "in": "path", "required": True, "schema": {"type": "string"}}],
    responses={
        "200": {
            "description": "The resource's description, negotiated (no 303: the IRI answers directly).",
            "content": {mimetype: {} for mimetype, _ in RDF_OFFERS},
        }
    },
)
@documents_errors(bp, 404, 406)
def resource(path: str) -> Response:
    """Describe the resource `<GEOKG_BASE_IRI><path>`: HTML for browsers, RDF by Accept."""
    iri = base_iri() + path
    try:
        iri_ref(iri)
    except ValueError:
        abort(404, f"No resource {iri!r}")
    mimetype, format_ = _negotiate()
    graph = describe([iri])
    if (URIRef(iri), None, None) not in graph:
        abort(404, f"Nothing is known about <{iri}>")
    if format_ == "html":
        body = _html(iri, graph)
    elif format_ == "json-ld":
        body = json_ld(graph)
    else:
        body = graph.serialize(format=format_)
    response = Response(body, mimetype=mimetype)
    response.vary.add("Accept")
    return response


def _negotiate() -> tuple[str, str]:
    mimetype = best_mimetype([mimetype for mimetype, _ in RDF_OFFERS], what="a resource's description")
    return next(offer for offer in RDF_OFFERS if offer[0] == mimetype)


# ---------------------------------------------------------------------------------------------------------
# The HTML page
# ---------------------------------------------------------------------------------------------------------

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} · GeoKG</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
code { font-family: ui-monospace, monospace; font-size: 13px; } h2 { font-size: 1.05rem; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; } td { vertical-align: top; padding: .2rem .8rem .2rem 0; }
td:first-child { white-space: nowrap; color: #555; } nav a { margin-right: 1rem; }
</style></head>
<body>
<h1>{{ title }}</h1>
<p><code>{{ iri }}</code></p>
<nav>{% for label, href in links %}<a href="{{ href }}">{{ label }}</a>{% endfor %}</nav>
{% for subject in subjects %}
<h2>{% if subject.iri != iri %}<a href="{{ subject.href }}">{{ subject.name }}</a>{% else %}About{% endif %}</h2>
<table>{% for name, value in subject.rows %}<tr><td>{{ name }}</td><td>{{ value }}</td></tr>{% endfor %}</table>
{% endfor %}
</body></html>
"""


def _html(iri: str, graph: Graph) -> str:
    subject = URIRef(iri)
    title = str(graph.value(subject, RDFS.label) or iri.removeprefix(base_iri()))
    others = sorted({s for s in graph.subjects() if s != subject}, key=str)
    subjects = [_section(node, graph) for node in [subject, *others]]
    return render_template_string(_PAGE, title=title, iri=iri, links=_links(iri, graph), subjects=subjects)


def _section(node: Any, graph: Graph) -> dict[str, Any]:
    rows = sorted(
        ((_name(predicate), _value(obj)) for predicate, obj in graph.predicate_objects(node)),
        key=lambda row: (row[0] != "type", row[0], str(row[1])),
    )
    return {"iri": str(node), "href": _href(str(node)), "name": _name(node), "rows": rows}


def _links(iri: str, graph: Graph) -> list[tuple[str, str]]:
    """The REST views and Wikidata page of the resource, when it has them."""
    links = []
    kind, _, id_ = iri.removeprefix(base_iri()).partition("/")
    if kind in _REST_ROUTES and "/" not in id_:
        links.append(("JSON", f"{request.script_root}/api/{_REST_ROUTES[kind]}/{id_}"))
    for same in graph.objects(URIRef(iri), OWL.sameAs):
        if str(same).startswith(WD):
            links.append(
                (f"Wikidata {str(same).removeprefix(WD)}", WIKIDATA_PAGE + str(same).removeprefix(WD))
            )
    return links


def _name(node: Any) -> str:
    text = str(node)
    if node == RDF.type:
        return "type"
    for prefix, namespace in _PREFIXES.items():
        if text.startswith(namespace):
            return (
                text.removeprefix(namespace) if prefix == "gk" else f"{prefix}:{text.removeprefix(namespace)}"
            )
    return text


def _href(iri: str) -> str:
    if iri.startswith(base_iri()):
        return f"{request.script_root}/id/{iri.removeprefix(base_iri())}"
    return iri


def _value(node: Any) -> Any:
    """A cell: a link for an IRI, the text of a literal (with its language or datatype)."""
    if isinstance(node, URIRef):
        text = str(node)
        label = text.removeprefix(base_iri()) if text.startswith(base_iri()) else _name(node)
        return Markup('<a href="{}">{}</a>').format(_href(text), label)
    if isinstance(node, Literal):
        suffix = f" @{node.language}" if node.language else ""
        if node.datatype and node.datatype != XSD.string:
            suffix = f" ({_name(node.datatype)})"
        return escape(str(node)) + suffix
    return escape(str(node))


# ---------------------------------------------------------------------------------------------------------
# JSON-LD for the REST routes
# ---------------------------------------------------------------------------------------------------------


@bp.after_app_request
def _rest_as_json_ld(response: Response) -> Response:
    """A REST read whose client prefers JSON-LD gets the RDF description of the resources it returned."""
    if request.method not in ("GET", "HEAD") or not request.path.startswith("/api/"):
        return response
    response.vary.add("Accept")
    if response.status_code != 200 or response.mimetype != "application/json" or not _prefers_json_ld():
        return response
    iris = described_iris(response.get_json())
    if not iris:
        return response
    response.set_data(json_ld(describe(iris)))
    response.mimetype = JSON_LD
    return response


def _prefers_json_ld() -> bool:
    accept = request.accept_mimetypes
    return accept.quality(JSON_LD) > 0 and accept.best_match(["application/json", JSON_LD]) == JSON_LD


def described_iris(body: Any) -> list[str]:
    """The IRIs a REST body is about: its own `iri`, its items', and the statements behind its relations."""
    if not isinstance(body, dict):
        return []
    iris = [body["iri"]] if isinstance(body.get("iri"), str) else []
    iris += body.get("statements") or []
    for item in body.get("items") or []:
        iris += described_iris(item)
    return iris
