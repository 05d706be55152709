"""Read helpers for the REST views: ids to IRIs, safe SPARQL terms, and queries over the union graph."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from flask import abort, current_app
from rdflib import Literal
from rdflib.term import Node

from api.query_limits import current_limits
from api.rest_cache import cached_rows
from api.rest_queries import select_rows
from api.store import get_store
from kg.facts import ENTITY_TYPES, EVENT_TYPES
from kg.graph.rdf import event_class, event_type

GK = "https://w3id.org/geokg/ontology#"
WD = "http://www.wikidata.org/entity/"
WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"

PREFIXES = f"""PREFIX gk: <{GK}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# \Z, not $: "$" also matches before a final newline, and "Q403\n" is no QID.
QID_RE = re.compile(r"^Q[1-9][0-9]*\Z")
# Slugs of entity IRIs, event and article hashes: no characters that would need escaping in an IRI.
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
# Characters RDF 1.1 forbids in an IRI reference (besides control characters).
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')

# When an entity carries several of our classes, report the most specific one.
_SPECIFIC_FIRST = (
    "PartiallyRecognizedState",
    "Alliance",
    "InternationalOrganization",
    "City",
    "Region",
    *ENTITY_TYPES,
)

# Event types are not always their class's local name (Statement -> gk:PublicStatement): kg.graph.rdf decides.
EVENT_CLASSES = " ".join(f"<{event_class(name)}>" for name in EVENT_TYPES)


def event_class_ref(type_: str) -> str:
    return f"<{event_class(type_)}>"


def event_type_of(class_iri: str) -> str:
    return event_type(class_iri)


def base_iri() -> str:
    return str(current_app.config["GEOKG_BASE_IRI"])


def resource_iri(kind: str, id_: str) -> str:
    """`…/id/<kind>/<id>`; 404 for ids that cannot be part of one of our IRIs."""
    if not ID_RE.match(id_):
        abort(404, f"No {kind} with id {id_!r}")
    return f"{base_iri()}{kind}/{id_}"


def resource_id(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def entity_iri_from_arg(value: str) -> str:
    """An entity named by QID ("Q403"), by our IRI, or by the slug part of it."""
    if QID_RE.match(value) or ID_RE.match(value):
        return f"{base_iri()}entity/{value}"
    return value


def iri_ref(iri: str) -> str:
    """`<iri>` for a SPARQL query; refuses anything that could break out of the brackets, and anything the
    store's parser would refuse (RFC 3987: no control characters, a scheme, …)."""
    if not iri or _BAD_IRI_CHARS.search(iri) or ":" not in iri:
        raise ValueError(f"Not an absolute IRI: {iri!r}")
    try:
        ox.NamedNode(iri)
    except ValueError as e:
        raise ValueError(f"Not an absolute IRI: {iri!r} ({e})") from e
    return f"<{iri}>"


def string_literal(value: str) -> str:
    """A quoted, escaped SPARQL string literal."""
    return Literal(value).n3()


def to_python(node: Node | None) -> Any:
    """JSON-ready value of an RDF term: IRIs and dates as strings, numbers as numbers."""
    if node is None:
        return None
    if isinstance(node, Literal):
        value = node.toPython()
        if isinstance(value, bool | int | float):
            return value
        if isinstance(value, Decimal):
            return float(value)
        return str(node)
    return str(node)


def select(query: str) -> list[dict[str, Any]]:
    """Rows of a SELECT over the union of all article graphs, as plain Python values, within the query limits
    (a query over them raises QueryLimitExceeded: a 503); answers are kept until the next write
    (`api.rest_cache`)."""

    def read() -> list[dict[str, Any]]:
        rows = select_rows(PREFIXES + query)
        return [{name: to_python(value) for name, value in row.items()} for row in rows]

    return cached_rows(get_store(), query, read)


def select_all(query: str) -> list[dict[str, Any]]:
    """Every row of an ordered SELECT (one ending in ORDER BY), read a row cap's worth at a time: for our own
    queries whose rows grow with the graph, such as every entity label that search ranks (10,364 entities at
    8,000 synthetic articles, over the default cap of 10,000, answered 503)."""
    chunk = current_limits().max_rows
    rows: list[dict[str, Any]] = []
    while True:
        part = select(f"{query} LIMIT {chunk} OFFSET {len(rows)}")
        rows.extend(part)
        if len(part) < chunk:
            return rows


def values(iris: Iterable[str]) -> str:
    return " ".join(iri_ref(iri) for iri in iris)


def pick_type(types: Iterable[str]) -> str | None:
    names = {iri.removeprefix(GK) for iri in types if iri.startswith(GK)}
    return next((name for name in _SPECIFIC_FIRST if name in names), None)


def qid_of(iri: str | None) -> str | None:
    return iri.removeprefix(WD) if iri and iri.startswith(WD) else None


def entity_refs(iris: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Label, type and QID of each entity that has a label, a type or a sameAs, keyed by IRI.

    One UNION branch per fact, each read DISTINCT: an entity described in many graphs costs a row per graph and
    fact, never the product of its labels, types and sameAs links (nor a join over everything it touches).
    """
    iris = sorted(set(iris))
    if not iris:
        return {}
    rows = select(
        f"""SELECT DISTINCT ?e ?l ?wd ?t WHERE {{
          VALUES ?e {{ {values(iris)} }}
          {{ ?e rdfs:label ?label BIND(STR(?label) AS ?l) }}
          UNION {{ ?e owl:sameAs ?wd FILTER(STRSTARTS(STR(?wd), "{WD}")) }}
          UNION {{ ?e a ?t }}
        }}"""
    )
    facts: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        found = facts.setdefault(row["e"], {"l": [], "wd": [], "t": []})
        for key in ("l", "wd", "t"):
            if row.get(key) is not None:
                found[key].append(str(row[key]))
    return {
        iri: _ref(
            {
                "e": iri,
                "label": min(found["l"], default=None),
                "wikidata": min(found["wd"], default=None),
                "types": " ".join(found["t"]),
            }
        )
        for iri, found in facts.items()
    }


def _ref(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "iri": row["e"],
        "id": resource_id(row["e"]),
        "label": row.get("label"),
        "type": pick_type((row.get("types") or "").split()),
        "wikidata": qid_of(row.get("wikidata")),
    }


def ref_or_bare(iri: str, refs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The entity reference, or a bare one for an IRI the graph says nothing about."""
    return refs.get(iri) or {
        "iri": iri,
        "id": resource_id(iri),
        "label": None,
        "type": None,
        "wikidata": None,
    }
